"""Fixtures for the account tests, on top of tests/conftest.py."""

from __future__ import annotations

import pytest


@pytest.fixture
def outbox(outbox, app):
    """The shared `outbox`, made to actually fill.

    tests/conftest.py builds the app on the settings class PARK_ENV names, which is
    `development` unless the environment says otherwise; its MAIL_BACKEND is "console", so
    mail is printed instead of landing in Flask-Mailman's memory outbox. Send this test's mail
    to the memory backend (a no-op when the suite already runs with the testing settings).
    """
    app.extensions["mailman"].backend = "locmem"
    return outbox
