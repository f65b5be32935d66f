"""Uploaded files: kept outside the static folder under random names, checked for size and
for type by their content (never by the name or the browser's claim), and sent back only
through views that have checked permission first.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from flask import abort, current_app, send_file
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from park.core.errors import DomainError

# Pillow's format name -> the type we store and send. SVG is deliberately absent: it can carry
# script, and Pillow cannot read it anyway.
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}
DEFAULT_MAX_PIXELS = 4096

# What `store` hands out: 32 hex digits and an optional short extension. Anything else given
# to `path_of` is refused, so a stored name can never climb out of the upload folder.
STORED_NAME = re.compile(r"^[0-9a-f]{32}(\.[a-z0-9]{1,8})?$")


@dataclass(frozen=True)
class StoredFile:
    name: str
    content_type: str
    size: int


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def read_limited(upload: BinaryIO, max_bytes: int, field: str | None = None) -> bytes:
    """Read at most `max_bytes`; refuse the file when there is more (or nothing at all)."""
    stream = getattr(upload, "stream", upload)
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError(
            _l("The file is too large: at most %(size)s MB is allowed.",
               size=_megabytes(max_bytes)),
            field,
        )
    if not data:
        raise DomainError(_l("The file is empty."), field)
    return data


def image_type(data: bytes, field: str | None = None,
               max_pixels: int = DEFAULT_MAX_PIXELS) -> str:
    """The content type of a PNG, JPEG or WebP image in `data`; refuse anything else."""
    refused = DomainError(_l("Please upload a PNG, JPEG or WebP image."), field)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                kind = image.format
                width, height = image.size
                image.verify()  # reads the whole file: a truncated or forged one fails here
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, OSError, SyntaxError, ValueError):
        raise refused from None
    if kind not in IMAGE_TYPES:
        raise refused
    if width > max_pixels or height > max_pixels:
        raise DomainError(
            _l("The image is too large: at most %(pixels)d × %(pixels)d pixels.",
               pixels=max_pixels),
            field,
        )
    return IMAGE_TYPES[kind]


def store(data: bytes, content_type: str) -> StoredFile:
    """Write `data` under a new random name; the write is atomic (temp file, then rename)."""
    name = secrets.token_hex(16) + EXTENSIONS.get(content_type, "")
    folder = upload_folder()
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return StoredFile(name=name, content_type=content_type, size=len(data))


def store_image(upload: BinaryIO, *, max_bytes: int, field: str | None = None,
                max_pixels: int = DEFAULT_MAX_PIXELS) -> StoredFile:
    """Check an uploaded image (size, then type by content) and store it."""
    data = read_limited(upload, max_bytes, field)
    return store(data, image_type(data, field, max_pixels))


def path_of(name: str) -> Path:
    if not STORED_NAME.match(name or ""):
        raise ValueError(f"not a stored file name: {name!r}")
    return upload_folder() / name


def send_stored(name: str, content_type: str, *, public: bool = False, max_age: int = 3600,
                download_name: str | None = None):
    """Send a stored file as `content_type`; 404 when it has gone missing.

    Public files may sit in shared caches; the others only in the reader's own browser.
    """
    try:
        path = path_of(name)
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=content_type,
        as_attachment=download_name is not None,
        download_name=download_name,
        conditional=True,
        etag=True,
        max_age=max_age,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.public = public
    response.cache_control.private = not public
    return response


def delete(name: str | None) -> None:
    """Remove a stored file; a missing one is not an error (it may already be gone)."""
    if not name:
        return
    try:
        path_of(name).unlink(missing_ok=True)
    except ValueError:
        current_app.logger.warning("Refused to delete %r: not a stored file name", name)
