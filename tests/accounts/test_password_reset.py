"""Forgotten passwords: one e-mail with a working link for known addresses, silence (but the
same answer) for unknown ones, and links that work once, expire and cannot be forged."""

from __future__ import annotations

import pytest

from park.accounts import services
from tests.conftest import post_form
from tests.factories import PASSWORD, UserFactory
from tests.helpers import (
    audit_actions,
    field_errors,
    flash_texts,
    link_in,
    path_of,
    redirect_path,
)

SENT = "If an account uses that address, a reset link is on its way. It works for one hour."
INVALID = "This password reset link is invalid or has already been used."
EXPIRED = "This password reset link has expired. Please ask for a new one."
NEW_PASSWORD = "a brand new secret 7"


def request_reset(client, email):
    return post_form(client, "/password/forgot", {"email": email})


def set_password(client, reset_path, password=NEW_PASSWORD, confirm=None, page=None):
    """POST the reset form; `page` gives the CSRF token when the link no longer shows a form."""
    return post_form(client, reset_path,
                     {"password": password, "confirm": password if confirm is None else confirm},
                     page=page)


def password_works(app, email, password) -> bool:
    """Log in on a fresh client (the test's own client may be signed in)."""
    response = post_form(app.test_client(), "/login", {"email": email, "password": password})
    return response.status_code == 302


def test_reset_request_for_known_address_sends_one_email_with_a_link(client, outbox):
    user = UserFactory(email="wang.fang@example.com", name="Wang Fang")

    response = request_reset(client, "Wang.Fang@Example.com")

    assert redirect_path(response) == "/login"
    assert SENT in flash_texts(client.get("/login"))
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Reset your Park password"
    assert "Hello Wang Fang," in message.body
    assert path_of(link_in(message)).startswith("/password/reset/")


def test_reset_link_from_the_email_sets_a_new_password(app, client, outbox, db):
    user = UserFactory()
    request_reset(client, user.email)
    reset_path = path_of(link_in(outbox[0]))

    page = client.get(reset_path)
    assert "Choose a new password" in page.get_data(as_text=True)
    response = set_password(client, reset_path)

    assert redirect_path(response) == "/login"
    assert "Your password has been changed. Please log in." in flash_texts(client.get("/login"))
    assert not password_works(app, user.email, PASSWORD)
    assert password_works(app, user.email, NEW_PASSWORD)
    assert "user.password_reset" in audit_actions()


def test_reset_request_for_unknown_address_sends_nothing_but_says_the_same(client, outbox):
    UserFactory(email="known@example.com")

    response = request_reset(client, "unknown@example.com")

    assert redirect_path(response) == "/login"
    assert SENT in flash_texts(client.get("/login"))
    assert outbox == []


def test_reset_request_for_deactivated_account_sends_nothing_but_says_the_same(client, outbox):
    user = UserFactory(active=False)

    response = request_reset(client, user.email)

    assert redirect_path(response) == "/login"
    assert SENT in flash_texts(client.get("/login"))
    assert outbox == []


def test_reset_request_with_malformed_address_shows_error_at_field(client, outbox):
    response = request_reset(client, "not-an-address")

    assert response.status_code == 200
    assert field_errors(response, "email") == ["Please enter a valid e-mail address."]
    assert outbox == []


def test_reset_link_works_only_once(app, client, outbox):
    user = UserFactory()
    request_reset(client, user.email)
    reset_path = path_of(link_in(outbox[0]))
    set_password(client, reset_path)

    reopened = client.get(reset_path)
    assert redirect_path(reopened) == "/password/forgot"
    assert INVALID in flash_texts(client.get("/password/forgot"))
    second = set_password(client, reset_path, password="a third secret 99",
                          page="/password/forgot")
    assert redirect_path(second) == "/password/forgot"
    assert not password_works(app, user.email, "a third secret 99")
    assert password_works(app, user.email, NEW_PASSWORD)


def test_reset_link_stops_working_when_the_password_changes_otherwise(app, client, db):
    user = UserFactory()
    token = services.password_reset_token(user)
    user.set_password("changed meanwhile 1")
    db.session.commit()

    response = set_password(client, f"/password/reset/{token}", page="/password/forgot")

    assert redirect_path(response) == "/password/forgot"
    assert password_works(app, user.email, "changed meanwhile 1")


def test_expired_reset_link_is_refused_and_changes_nothing(app, client):
    user = UserFactory()
    token = services.password_reset_token(user)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1

    opened = client.get(f"/password/reset/{token}")
    assert redirect_path(opened) == "/password/forgot"
    assert EXPIRED in flash_texts(client.get("/password/forgot"))
    posted = post_form(client, f"/password/reset/{token}",
                       {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                       page="/password/forgot")
    assert redirect_path(posted) == "/password/forgot"
    assert password_works(app, user.email, PASSWORD)
    assert not password_works(app, user.email, NEW_PASSWORD)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "not-a-token",
    ],
    ids=["changed-signature", "changed-payload", "garbage"],
)
def test_tampered_reset_link_is_refused(app, client, tamper):
    user = UserFactory()
    token = tamper(services.password_reset_token(user))

    opened = client.get(f"/password/reset/{token}")
    assert redirect_path(opened) == "/password/forgot"
    assert INVALID in flash_texts(client.get("/password/forgot"))
    assert password_works(app, user.email, PASSWORD)


def test_reset_link_signed_with_another_key_is_refused(app, client):
    user = UserFactory()
    token = services.password_reset_token(user)
    app.config["SECRET_KEY"] = "some other key entirely"

    response = client.get(f"/password/reset/{token}")

    assert redirect_path(response) == "/password/forgot"


def test_reset_link_of_a_deactivated_user_is_refused(app, client, db):
    user = UserFactory()
    token = services.password_reset_token(user)
    user.active = False
    db.session.commit()

    response = client.get(f"/password/reset/{token}")

    assert redirect_path(response) == "/password/forgot"
    assert INVALID in flash_texts(client.get("/password/forgot"))


def test_mismatched_passwords_on_reset_form_show_field_error_and_change_nothing(app, client):
    user = UserFactory()
    reset_path = f"/password/reset/{services.password_reset_token(user)}"

    response = set_password(client, reset_path, confirm="something else entirely")

    assert response.status_code == 200
    assert field_errors(response, "confirm") == ["The two passwords do not match."]
    assert password_works(app, user.email, PASSWORD)
    assert not password_works(app, user.email, NEW_PASSWORD)
    # The link was not used up by the failed attempt.
    assert client.get(reset_path).status_code == 200


def test_short_password_on_reset_form_shows_field_error(app, client):
    user = UserFactory()
    reset_path = f"/password/reset/{services.password_reset_token(user)}"

    response = set_password(client, reset_path, password="short")

    assert field_errors(response, "password") == [
        "A password needs between 10 and 128 characters."
    ]
    assert password_works(app, user.email, PASSWORD)
