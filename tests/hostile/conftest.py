"""Fixtures of the hostile-input tests: an app with small upload limits, a park with one of
everything, and a client signed in as its park admin."""

from __future__ import annotations

import logging
import traceback

import pytest

from park import create_app
from tests.conftest import FreshRequestClient, _empty_tables
from tests.hostile.support import LIMITS, build_world, csrf_header_token, sign_in


@pytest.fixture
def hostile_app(_schema, database_url, tmp_path):
    """The test app with small upload limits."""
    app = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": "park.test",
        "MAIL_FILE_PATH": str(tmp_path / "mail"),
        "UPLOAD_FOLDER": str(tmp_path / "uploads"), **LIMITS,
    })
    app.test_client_class = FreshRequestClient
    with app.app_context():
        yield app
        _empty_tables()


@pytest.fixture
def world(hostile_app):
    return build_world()


class LastError(logging.Handler):
    """The exception the app logged last: where a 5xx came from, for the failure message."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.text = ""

    def emit(self, record):
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            ours = [frame for frame in traceback.extract_tb(error.__traceback__)
                    if "/park/" in frame.filename]
            where = (f"{ours[-1].filename.rsplit('/park/', 1)[1]}:{ours[-1].lineno}"
                     if ours else "?")
            self.text = f"{type(error).__name__}: {str(error)[:200]} at park/{where}"


@pytest.fixture
def browser(hostile_app, world):
    """A client signed in as the world's park admin before every request, sending a valid
    CSRF token with each (CSRF stays on: the sweep is about what comes after it). A response
    carries `park_error`, the exception behind a 5xx."""
    client = hostile_app.test_client()
    token = csrf_header_token(hostile_app)
    last_error = LastError()
    hostile_app.logger.addHandler(last_error)

    class SignedIn:
        def open(self, *args, headers=None, **kwargs):
            sign_in(client, world.admin)
            last_error.text = ""
            response = client.open(*args, headers={"X-CSRFToken": token, **(headers or {})},
                                   **kwargs)
            response.park_error = last_error.text
            return response

        def get(self, *args, **kwargs):
            return self.open(*args, method="GET", **kwargs)

        def post(self, *args, **kwargs):
            return self.open(*args, method="POST", **kwargs)

    yield SignedIn()
    hostile_app.logger.removeHandler(last_error)
