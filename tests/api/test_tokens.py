"""Personal API tokens on the profile page: made with a name and an optional expiry, shown
once, stored only as a hash, listed with their last use, and revoked."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from park.api.models import ApiToken
from park.api.tokens import MAX_LIVE_TOKENS, create_token, hash_token
from park.core.time import park_today
from tests.conftest import csrf_token, post_form
from tests.factories import UserFactory
from tests.helpers import audit_actions, field_errors, flash_texts, page_text

TOKEN_RE = re.compile(r'id="new-token" type="text" value="(park_[^"]+)"')


def make_token(client, name="Procurement system", expires_on=""):
    token = csrf_token(client, "/profile")
    return client.post("/profile", data={
        "token-csrf_token": token,
        "token-name": name,
        "token-expires_on": expires_on,
        "token-submit": "Create token",
    })


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(client, login, db):
    user = login(UserFactory())

    response = make_token(client)

    assert response.status_code == 200
    plaintext = TOKEN_RE.search(response.get_data(as_text=True)).group(1)
    stored = db.session.scalar(select(ApiToken))
    assert stored.user_id == user.id and stored.name == "Procurement system"
    assert stored.token_hash == hash_token(plaintext)
    assert plaintext not in {stored.token_hash, stored.prefix}
    assert plaintext.startswith(stored.prefix)
    assert response.headers["Cache-Control"] == "no-store"
    assert not TOKEN_RE.search(client.get("/profile").get_data(as_text=True))


def test_the_profile_lists_tokens_with_their_start_expiry_and_last_use(client, login):
    user = login(UserFactory())
    create_token(user, name="Project tools", expires_on=park_today() + timedelta(days=30))

    text = page_text(client.get("/profile"))

    assert "Project tools" in text
    assert "park_" in text
    assert "Not yet" in text


def test_a_token_needs_a_name(client, login, db):
    login(UserFactory())

    response = make_token(client, name="   ")

    assert response.status_code == 422
    assert field_errors(response, "token-name") == ["Give the token a name."]
    assert db.session.scalar(select(ApiToken)) is None


def test_an_expiry_in_the_past_is_refused_at_the_field(client, login, db):
    login(UserFactory())

    response = make_token(client, expires_on=(park_today() - timedelta(days=1)).isoformat())

    assert response.status_code == 422
    assert field_errors(response, "token-expires_on") == ["Choose today or a later day."]
    assert db.session.scalar(select(ApiToken)) is None


def test_one_person_holds_a_bounded_number_of_live_tokens(client, login, db):
    user = login(UserFactory())
    for number in range(MAX_LIVE_TOKENS):
        create_token(user, name=f"token {number}", expires_on=None)

    response = make_token(client)

    assert response.status_code == 422
    assert "revoke one" in " ".join(field_errors(response, "token-name"))


def test_revoking_a_token_marks_it_and_drops_it_from_the_list(client, login, db):
    user = login(UserFactory())
    token, _ = create_token(user, name="Old script", expires_on=None)

    response = post_form(client, f"/profile/tokens/{token.id}/revoke", {}, page="/profile",
                         follow_redirects=True)

    db.session.refresh(token)
    assert token.revoked_at is not None
    assert "is revoked" in " ".join(flash_texts(response))
    assert "Old script" not in page_text(client.get("/profile"))
    assert audit_actions()[-1] == "api_token.revoked"


def test_nobody_revokes_another_persons_token(client, login, db):
    token, _ = create_token(UserFactory(), name="Theirs", expires_on=None)
    login(UserFactory())

    response = post_form(client, f"/profile/tokens/{token.id}/revoke", {}, page="/profile")

    db.session.refresh(token)
    assert response.status_code == 403
    assert token.revoked_at is None


def test_making_a_token_is_audited_without_the_token(client, login, db):
    login(UserFactory())

    response = make_token(client, name="Audited")

    plaintext = TOKEN_RE.search(response.get_data(as_text=True)).group(1)
    assert "api_token.created" in audit_actions()
    assert plaintext not in str([(e.summary, e.changes) for e in _entries(db)])


def _entries(db):
    from park.core.audit import AuditEntry

    return list(db.session.scalars(select(AuditEntry)))
