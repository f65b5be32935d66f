"""Shared pieces of the event page tests: browsers logged in as someone, CSRF tokens, and the
requests a person makes on an event's pages."""

from __future__ import annotations

from park.extensions import db
from tests.conftest import csrf_token, post_form
from tests.factories import PASSWORD


def client_as(app, user=None):
    """A separate browser, logged in as `user` (or anonymous)."""
    browser = app.test_client()
    if user is not None:
        response = post_form(browser, "/login", {"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
    return browser


def token(browser) -> str:
    """A CSRF token of this browser's session (from the home page's language form)."""
    return csrf_token(browser, "/")


def post(browser, path: str, data: dict | None = None, **kwargs):
    return browser.post(path, data={"csrf_token": token(browser), **(data or {})}, **kwargs)


def register(browser, event, organisation=None, **kwargs):
    data = {"organisation": organisation.id if organisation else 0}
    return post(browser, f"/events/{event.id}/register", data, **kwargs)


def cancel_registration(browser, event, **kwargs):
    return post(browser, f"/events/{event.id}/registration/cancel", **kwargs)


def fresh(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)
