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

# Documents a project may carry, by the family their content belongs to, with the file-name
# endings each family may have. The content decides; the name only has to agree with it.
DOCUMENT_FAMILIES = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/webp": (".webp",),
    "application/zip": (".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"),
    "model/step": (".step", ".stp"),
    "model/stl": (".stl",),
    "image/vnd.dxf": (".dxf",),
}
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


def _is_binary_stl(data: bytes) -> bool:
    # 80-byte header, a little-endian triangle count, then 50 bytes per triangle.
    if len(data) < 84:
        return False
    triangles = int.from_bytes(data[80:84], "little")
    return len(data) == 84 + 50 * triangles


def _content_family(data: bytes) -> str | None:
    head = data[:512]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    if head.lstrip().startswith(b"ISO-10303-21;"):
        return "model/step"
    if head.lstrip().lower().startswith(b"solid") and b"facet" in data[:4096].lower():
        return "model/stl"
    if _is_binary_stl(data):
        return "model/stl"
    if head.lstrip().startswith(b"0") and b"SECTION" in head:
        return "image/vnd.dxf"
    return None


def document_type(data: bytes, filename: str, field: str | None = None) -> str:
    """The content type of a project document (PDF, image, office or ZIP archive, STEP, STL,
    DXF), read from its content; refuse anything else, or a name that claims another type."""
    family = _content_family(data)
    suffix = Path(filename or "").suffix.lower()
    if family is None or suffix not in DOCUMENT_FAMILIES[family]:
        raise DomainError(
            _l("Please upload a PDF, PNG, JPEG or WebP image, an office document or ZIP "
               "archive, or a STEP, STL or DXF file, with its usual file name ending."),
            field,
        )
    return family


def clean_file_name(filename: str | None, default: str = "file") -> str:
    """A name safe to offer back in a download: no folders, no control characters, not long."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    if len(name) > 200:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: 190] + dot + suffix[:9]) if dot else name[:200]
    return name or default


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
