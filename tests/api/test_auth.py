"""Who an API request acts as: the user of a usable bearer token, nobody without one; an
unusable token is refused with 401; the browser's login never reaches the API."""

from __future__ import annotations

from datetime import timedelta

import pytest

from park.api.tokens import LAST_USED_RESOLUTION, create_token, revoke_token
from park.core.time import now_utc, park_today
from tests.api.support import error_of
from tests.factories import EventFactory, ProviderProfileFactory, UserFactory, member_of


@pytest.fixture
def unlisted():
    """A provider only its members see: a request that sees it acts as a member."""
    return ProviderProfileFactory(listed=False).organisation


def test_a_usable_token_acts_as_its_user(api, unlisted):
    member = member_of(unlisted)

    response = api.get(f"/organisations/{unlisted.slug}", as_=member)

    assert response.status_code == 200
    assert response.get_json()["slug"] == unlisted.slug


def test_a_request_without_a_token_is_anonymous(api, unlisted):
    assert api.get(f"/organisations/{unlisted.slug}").status_code == 404
    assert api.get("/organisations").status_code == 200


def test_a_revoked_token_gets_401(api, client, unlisted):
    member = member_of(unlisted)
    token, plaintext = create_token(member, name="script", expires_on=None)
    revoke_token(member, token)

    response = client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {plaintext}"})

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_gets_401(api, client, db):
    user = UserFactory()
    token, plaintext = create_token(user, name="short", expires_on=park_today())
    token.expires_at = now_utc() - timedelta(seconds=1)
    db.session.commit()

    response = client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {plaintext}"})

    assert response.status_code == 401
    assert "revoked or expired" in error_of(response)["message"]


def test_a_token_expiring_today_works_through_the_day(api, client):
    _, plaintext = create_token(UserFactory(), name="today", expires_on=park_today())

    response = client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {plaintext}"})

    assert response.status_code == 200


def test_a_deactivated_persons_token_gets_401(client, db):
    user = UserFactory()
    _, plaintext = create_token(user, name="script", expires_on=None)
    user.active = False
    db.session.commit()

    response = client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {plaintext}"})

    assert response.status_code == 401


@pytest.mark.parametrize("header", ["Bearer park_not-a-token", "Bearer ", "Basic dXNlcjpwYXNz",
                                    "Bearer " + "x" * 500])
def test_an_unknown_or_malformed_authorization_gets_401(client, header):
    response = client.get("/api/v1/organisations", headers={"Authorization": header})

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_the_browsers_login_does_not_reach_the_api(client, login, unlisted):
    login(member_of(unlisted))
    assert client.get(f"/directory/{unlisted.slug}").status_code == 200

    response = client.get(f"/api/v1/organisations/{unlisted.slug}")

    assert response.status_code == 404


def test_api_responses_set_no_cookie(api, unlisted):
    response = api.get("/organisations", as_=member_of(unlisted))

    assert "Set-Cookie" not in response.headers


def test_the_last_use_is_recorded_at_most_once_a_minute(api, client, db):
    user = UserFactory()
    token, plaintext = create_token(user, name="script", expires_on=None)
    headers = {"Authorization": f"Bearer {plaintext}"}

    client.get("/api/v1/organisations", headers=headers)
    db.session.refresh(token)
    first_use = token.last_used_at
    client.get("/api/v1/organisations", headers=headers)
    db.session.refresh(token)

    assert first_use is not None
    assert token.last_used_at == first_use
    token.last_used_at = now_utc() - LAST_USED_RESOLUTION - timedelta(seconds=1)
    db.session.commit()
    client.get("/api/v1/organisations", headers=headers)
    db.session.refresh(token)
    assert token.last_used_at > first_use


def test_a_write_with_a_token_needs_no_csrf_token(api, app):
    assert app.config["WTF_CSRF_ENABLED"]
    event = EventFactory()

    response = api.post(f"/events/{event.id}/registrations", as_=UserFactory())

    assert response.status_code == 201
    assert response.get_json()["status"] == "confirmed"
