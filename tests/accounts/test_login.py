"""Logging in and out: the welcome, one message for every wrong guess, deactivated accounts,
safe `next` targets, and the rate limits on guessing."""

from __future__ import annotations

import hashlib

import pytest

from park import create_app
from park.accounts.models import User
from park.extensions import db as _db
from tests.conftest import post_form
from tests.factories import PASSWORD, UserFactory
from tests.helpers import field_errors, flash_texts, page_text, redirect_path

WRONG = "Wrong e-mail address or password."
DEACTIVATED = "This account has been deactivated. Please contact the park office."


def test_good_login_redirects_home_and_shows_welcome(client, auth):
    user = UserFactory(name="Zhang Min")

    response = auth.login(user.email)

    assert redirect_path(response) == "/"
    home = client.get("/")
    assert "Welcome back, Zhang Min." in flash_texts(home)
    assert "Welcome, Zhang Min" in page_text(home)


def test_login_ignores_the_case_of_the_email(client, auth):
    user = UserFactory(email="zhang.min@example.com")

    response = auth.login("Zhang.Min@Example.COM", follow_redirects=True)

    assert response.status_code == 200
    assert f"Welcome back, {user.name}." in flash_texts(response)


def test_login_records_the_time_of_the_last_login(auth, db):
    user = UserFactory()
    assert user.last_login_at is None

    auth.login(user.email)

    db.session.refresh(user)
    assert user.last_login_at is not None


def test_wrong_password_shows_message_at_password_field(client, auth):
    user = UserFactory()

    response = auth.login(user.email, "not the password")

    assert response.status_code == 200
    assert field_errors(response, "password") == [WRONG]
    assert field_errors(response, "email") == []
    assert redirect_path(client.get("/profile")).startswith("/login")


def test_unknown_email_shows_the_same_message_as_a_wrong_password(client, auth):
    UserFactory(email="known@example.com")

    unknown = auth.login("nobody@example.com", PASSWORD)
    wrong = auth.login("known@example.com", "not the password")

    assert field_errors(unknown, "password") == [WRONG]
    assert field_errors(unknown, "password") == field_errors(wrong, "password")
    assert field_errors(unknown, "email") == field_errors(wrong, "email") == []


@pytest.fixture
def password_hashings(monkeypatch):
    """Counts key-derivation runs (scrypt, PBKDF2): the slow part of checking a password."""
    calls = []
    for name in ("scrypt", "pbkdf2_hmac"):
        original = getattr(hashlib, name)

        def spy(*args, _original=original, **kwargs):
            calls.append(1)
            return _original(*args, **kwargs)

        monkeypatch.setattr(hashlib, name, spy)
    return calls


def test_unknown_email_costs_the_same_password_check_as_a_wrong_password(
    auth, password_hashings
):
    UserFactory(email="known@example.com")

    auth.login("known@example.com", "not the password")
    for_known = len(password_hashings)
    auth.login("nobody@example.com", "not the password")
    for_unknown = len(password_hashings) - for_known

    assert for_known >= 1
    assert for_unknown == for_known


def test_empty_login_form_asks_for_email_and_password(auth):
    response = auth.login("", "")

    assert field_errors(response, "email") == ["Please enter your e-mail address."]
    assert field_errors(response, "password") == ["Please enter your password."]


def test_deactivated_user_cannot_log_in_and_is_told_why(client, auth):
    user = UserFactory(active=False)

    response = auth.login(user.email)

    assert response.status_code == 200
    assert DEACTIVATED in page_text(response)
    assert redirect_path(client.get("/profile")).startswith("/login")


def test_deactivated_user_with_wrong_password_learns_nothing_about_the_account(auth):
    user = UserFactory(active=False)

    response = auth.login(user.email, "not the password")

    assert field_errors(response, "password") == [WRONG]
    assert DEACTIVATED not in page_text(response)


def test_signed_in_user_who_gets_deactivated_is_logged_out_at_next_request(
    client, login, db
):
    user = login(UserFactory())
    assert client.get("/profile").status_code == 200

    user.active = False
    db.session.commit()

    response = client.get("/profile")
    assert redirect_path(response).startswith("/login")
    home = client.get("/")
    assert "Log in" in page_text(home)
    assert user.name not in page_text(home)


@pytest.mark.parametrize("target", ["/profile", "/profile?tab=password"])
def test_login_follows_a_relative_next(client, auth, target):
    user = UserFactory()

    response = post_form(client, f"/login?next={target}",
                         {"email": user.email, "password": PASSWORD, "next": target})

    assert redirect_path(response) == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "//evil.example/profile",
        "/\\evil.example",
        "http:evil.example",
        "javascript:alert(1)",
        "profile",
    ],
)
def test_login_ignores_a_next_that_leaves_the_site(client, target):
    user = UserFactory()

    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD,
                                            "next": target})

    assert redirect_path(response) == "/"
    assert "evil" not in response.location


def test_page_that_needs_login_sends_there_and_back(client):
    user = UserFactory()

    response = client.get("/profile")
    assert redirect_path(response) == "/login?next=/profile"

    page = client.get(response.location)
    assert "Please log in to see this page." in flash_texts(page)
    assert 'name="next" type="hidden" value="/profile"' in page.get_data(as_text=True)
    logged_in = post_form(client, "/login?next=%2Fprofile",
                          {"email": user.email, "password": PASSWORD, "next": "/profile"})
    assert redirect_path(logged_in) == "/profile"


def test_signed_in_user_opening_login_is_sent_home(client, login):
    login(UserFactory())

    assert redirect_path(client.get("/login")) == "/"


def test_logout_via_post_ends_the_session(client, auth, login):
    user = login(UserFactory())

    response = auth.logout()

    assert redirect_path(response) == "/"
    home = client.get("/")
    assert "You have logged out." in flash_texts(home)
    assert user.name not in page_text(home)
    assert redirect_path(client.get("/profile")).startswith("/login")


def test_logout_via_get_is_not_allowed(client, login):
    login(UserFactory())

    response = client.get("/logout")

    assert response.status_code == 405
    assert client.get("/profile").status_code == 200


def test_logout_without_csrf_token_is_refused_and_keeps_the_session(client, login):
    login(UserFactory())

    response = client.post("/logout")

    assert response.status_code == 400
    assert "Your form expired or was sent from elsewhere." in page_text(response)
    assert client.get("/profile").status_code == 200


# Rate limits --------------------------------------------------------------------------------
# Flask-Limiter reads RATELIMIT_ENABLED when the app is built, so these tests build their own
# app with tight limits (and CSRF off to keep the requests short).


@pytest.fixture
def limited_app(app, _schema, database_url):
    limited = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_LOGIN": "3 per minute",
            "RATELIMIT_PASSWORD_RESET": "2 per minute",
            "WTF_CSRF_ENABLED": False,
            "MAIL_BACKEND": "locmem",
        }
    )
    yield limited
    with limited.app_context():
        _db.session.remove()
        _db.engine.dispose()


def _assert_too_many_requests(response):
    assert response.status_code == 429
    text = page_text(response)
    assert "Too many requests" in text
    assert "You have tried that too often. Please wait a moment and try again." in text


def test_login_rate_limit_answers_the_fourth_post_with_a_friendly_429(limited_app):
    client = limited_app.test_client()
    form = {"email": "nobody@example.com", "password": "guess guess guess"}

    for _ in range(3):
        response = client.post("/login", data=form)
        assert response.status_code == 200
        assert field_errors(response, "password") == [WRONG]

    _assert_too_many_requests(client.post("/login", data=form))


def test_login_rate_limit_also_stops_the_right_password(limited_app):
    with limited_app.app_context():
        user = User(email="right@example.com", name="Right", locale="en")
        user.set_password(PASSWORD)
        _db.session.add(user)
        _db.session.commit()
    client = limited_app.test_client()

    for _ in range(3):
        client.post("/login", data={"email": "right@example.com", "password": "wrong guess"})
    response = client.post("/login", data={"email": "right@example.com", "password": PASSWORD})

    _assert_too_many_requests(response)


def test_login_rate_limit_counts_posts_only(limited_app):
    client = limited_app.test_client()

    for _ in range(5):
        assert client.get("/login").status_code == 200


def test_password_reset_request_rate_limit_answers_with_a_friendly_429(limited_app):
    client = limited_app.test_client()

    for _ in range(2):
        response = client.post("/password/forgot", data={"email": "nobody@example.com"})
        assert redirect_path(response) == "/login"

    _assert_too_many_requests(client.post("/password/forgot",
                                          data={"email": "nobody@example.com"}))
