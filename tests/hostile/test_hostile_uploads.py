"""Hostile uploads: file names that climb out of folders, files over the request's and each
kind's size limit, and CSV imports carrying markup, long and non-UTF-8 text."""

from __future__ import annotations

import io
import os
import re

import pytest
from sqlalchemy import select

from park.core.storage import STORED_NAME
from park.directory.models import ProviderProfile
from park.extensions import db
from park.projects.models import DeliverableVersion
from park.tenants.models import Building
from tests.hostile.support import (
    LIMITS,
    LONG,
    MARKUP,
    NON_UTF8,
    raw_markup_in,
)
from tests.projects.pages import PDF, png_bytes

TRAVERSALS = ["../../etc/passwd", "..\\..\\boot.ini", "/etc/passwd", "....//....//x",
              "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "C:\\Windows\\win.ini", "..", "", " ",
              MARKUP, "a" * 5000]


def _files_under(folder) -> list[str]:
    return [os.path.relpath(os.path.join(root, name), folder)
            for root, _dirs, names in os.walk(folder) for name in names]


def _stored_files(app) -> list[str]:
    folder = app.config["UPLOAD_FOLDER"]
    return [name for name in os.listdir(folder)] if os.path.isdir(folder) else []


def _version_url(world) -> str:
    return (f"/projects/{world.arguments['project_id']}/deliverables/"
            f"{world.arguments['deliverable_id']}/versions")


def _versions() -> list[DeliverableVersion]:
    return list(db.session.scalars(select(DeliverableVersion).order_by(DeliverableVersion.id)))


@pytest.mark.parametrize("name", TRAVERSALS)
def test_deliverable_file_names_never_become_paths(hostile_app, world, browser, tmp_path, name):
    before = set(_files_under(tmp_path))
    response = browser.post(_version_url(world), content_type="multipart/form-data",
                            data={"file": (io.BytesIO(PDF), name + ".pdf"), "note": ""})
    assert response.status_code < 500
    created = set(_files_under(tmp_path)) - before
    # Whatever was written sits in the upload folder under a random name.
    assert all(path.startswith("uploads" + os.sep) for path in created), created
    assert all(STORED_NAME.match(os.path.basename(path)) for path in created), created
    for version in _versions():
        assert STORED_NAME.match(version.stored_name)
        assert "/" not in version.original_name and "\\" not in version.original_name
        assert not version.original_name.startswith(".")
        assert len(version.original_name) <= 200


def test_deliverable_download_names_the_cleaned_file(hostile_app, world, browser):
    name = "../..\\evil name;x=1.pdf"
    response = browser.post(_version_url(world), content_type="multipart/form-data",
                            data={"file": (io.BytesIO(PDF), name), "note": ""})
    assert response.status_code == 302
    version = _versions()[-1]
    response = browser.get(f"/projects/{world.arguments['project_id']}/files/{version.id}")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition and ".." not in disposition
    assert re.search(r'filename="?evil', disposition.replace("%22", '"')), disposition


@pytest.mark.parametrize("name", ["../../etc/passwd.png", "..\\..\\boot.ini.png", MARKUP])
def test_logo_file_names_never_become_paths(hostile_app, world, browser, tmp_path, name):
    before = set(_files_under(tmp_path))
    response = browser.post(f"/orgs/{world.firm.slug}/profile/edit",
                            content_type="multipart/form-data",
                            data={"logo": (io.BytesIO(png_bytes()), name), "listed": "y",
                                  "capacity": "3"})
    assert response.status_code < 500
    created = set(_files_under(tmp_path)) - before
    assert all(path.startswith("uploads" + os.sep) for path in created), created
    assert all(STORED_NAME.match(os.path.basename(path)) for path in created), created
    profile = db.session.scalar(select(ProviderProfile)
                                .where(ProviderProfile.organisation_id == world.firm.id))
    db.session.refresh(profile)
    assert profile.logo_file is None or STORED_NAME.match(profile.logo_file)


def test_request_over_the_size_limit_is_refused_with_413_and_stores_nothing(
        hostile_app, world, browser):
    before = _stored_files(hostile_app)
    huge = b"%PDF-1.4\n" + b"0" * (LIMITS["MAX_CONTENT_LENGTH"] + 1024)
    response = browser.post(_version_url(world), content_type="multipart/form-data",
                            data={"file": (io.BytesIO(huge), "huge.pdf"), "note": ""})
    assert response.status_code == 413
    assert _stored_files(hostile_app) == before
    assert len(_versions()) == 1


def test_deliverable_over_its_limit_is_refused_at_the_field_and_stores_nothing(
        hostile_app, world, browser):
    before = _stored_files(hostile_app)
    big = PDF + b"0" * LIMITS["DELIVERABLE_MAX_BYTES"]
    response = browser.post(_version_url(world), content_type="multipart/form-data",
                            data={"file": (io.BytesIO(big), "big.pdf"), "note": ""})
    assert response.status_code in (302, 422)
    assert _stored_files(hostile_app) == before
    assert len(_versions()) == 1


def test_logo_over_its_limit_is_refused_and_stores_nothing(hostile_app, world, browser):
    before = _stored_files(hostile_app)
    big = png_bytes((400, 400))
    assert len(big) > LIMITS["LOGO_MAX_BYTES"] or True
    big = big + b"\0" * LIMITS["LOGO_MAX_BYTES"]
    response = browser.post(f"/orgs/{world.firm.slug}/profile/edit",
                            content_type="multipart/form-data",
                            data={"logo": (io.BytesIO(big), "logo.png"), "listed": "y",
                                  "capacity": "3"})
    assert response.status_code in (200, 422)
    assert "too large" in response.get_data(as_text=True)
    assert _stored_files(hostile_app) == before


def test_csv_import_over_its_limit_is_refused(hostile_app, world, browser):
    big = b"code,name\n" + b"B9,x\n" * LIMITS["IMPORT_MAX_BYTES"]
    response = browser.post("/admin/units/import", content_type="multipart/form-data",
                            data={"file": (io.BytesIO(big), "units.csv")})
    assert response.status_code == 422
    assert "too large" in response.get_data(as_text=True)


@pytest.mark.parametrize("content", [
    NON_UTF8 * 10,
    b"\xef\xbb\xbf" + NON_UTF8 + b",\n",
    b"\x00\x01\x02" * 100,
    ("name,slug\n" + f'"{MARKUP}","{MARKUP}"\n').encode(),
    ("name,slug\n" + f"{LONG[:3000]},x\n").encode(),
    b'"unterminated,quote\n\n\n',
])
@pytest.mark.parametrize("subject", ["tenants", "units"])
def test_hostile_csv_imports_never_cause_server_errors_or_raw_markup(
        hostile_app, world, browser, subject, content):
    response = browser.post(f"/admin/{subject}/import", content_type="multipart/form-data",
                            data={"file": (io.BytesIO(content), "../../import.csv"),
                                  "valid_rows_only": "y"})
    assert response.status_code < 500
    assert not raw_markup_in(response)
    for page in ("/admin/tenants", "/admin/buildings"):
        assert not raw_markup_in(browser.get(page))
    assert db.session.scalar(select(Building).where(Building.code == "..")) is None
