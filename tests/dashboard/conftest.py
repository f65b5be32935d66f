"""Every dashboard test runs inside the app (the factories and services need its context)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _in_app(app):
    return app
