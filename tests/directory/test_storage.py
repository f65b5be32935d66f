"""Stored files: random names outside static, type by content, names that cannot escape."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from park.core import storage
from park.core.errors import DomainError
from tests.directory.conftest import image_bytes


def test_stored_image_gets_a_random_name_in_the_upload_folder(app):
    stored = storage.store_image(BytesIO(image_bytes("PNG")), max_bytes=10_000)

    assert stored.content_type == "image/png"
    assert storage.STORED_NAME.match(stored.name)
    path = Path(app.config["UPLOAD_FOLDER"]) / stored.name
    assert path.read_bytes() == image_bytes("PNG")
    assert "static" not in path.parts


def test_two_uploads_of_the_same_file_get_different_names(app):
    first = storage.store_image(BytesIO(image_bytes()), max_bytes=10_000)
    second = storage.store_image(BytesIO(image_bytes()), max_bytes=10_000)

    assert first.name != second.name


def test_image_wider_than_the_limit_is_refused(app):
    with pytest.raises(DomainError) as refused:
        storage.store_image(BytesIO(image_bytes("PNG", (300, 20))), max_bytes=100_000,
                            max_pixels=200, field="logo")

    assert refused.value.field == "logo"
    assert "at most 200 × 200 pixels" in str(refused.value.message)


def test_gif_is_refused(app):
    with pytest.raises(DomainError):
        storage.store_image(BytesIO(image_bytes("GIF")), max_bytes=10_000)


def test_empty_file_is_refused(app):
    with pytest.raises(DomainError) as refused:
        storage.store_image(BytesIO(b""), max_bytes=10_000)

    assert str(refused.value.message) == "The file is empty."


@pytest.mark.parametrize("name", ["../secret.png", "/etc/passwd", "abc.png", ""])
def test_names_that_were_not_handed_out_are_refused(app, name):
    with pytest.raises(ValueError):
        storage.path_of(name)


def test_deleting_a_missing_file_is_quiet(app):
    storage.delete("0" * 32 + ".png")
    storage.delete(None)
