"""Signing up: an account, a pending organisation owned by it, the audit trail, and a message at
the right field for every kind of bad input."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from park.accounts.models import Membership, Organisation, OrgKind, OrgRole, OrgStatus, User
from park.core.audit import AuditEntry
from tests.conftest import post_form
from tests.factories import UserFactory
from tests.helpers import (
    audit_actions,
    count,
    field_errors,
    flash_texts,
    page_text,
    redirect_path,
)

GOOD = {
    "name": "Li Wei",
    "email": "li.wei@example.com",
    "password": "a long secret 42",
    "confirm": "a long secret 42",
    "locale": "en",
    "organisation_name": "Yubei Design Lab",
    "organisation_name_zh": "渝北设计实验室",
    "organisation_kind": OrgKind.DESIGN_FIRM.value,
}

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def sign_up(client, follow_redirects=False, **changes):
    return post_form(client, "/signup", {**GOOD, **changes}, follow_redirects=follow_redirects)


def test_signup_creates_user_pending_organisation_and_owner_membership(client, db):
    response = sign_up(client, email="Li.Wei@Example.com")

    assert redirect_path(response) == "/"
    user = db.session.scalar(select(User))
    assert user.email == "li.wei@example.com"
    assert user.name == "Li Wei"
    assert user.check_password(GOOD["password"])
    organisation = db.session.scalar(select(Organisation))
    assert organisation.name == "Yubei Design Lab"
    assert organisation.name_zh == "渝北设计实验室"
    assert organisation.kind is OrgKind.DESIGN_FIRM
    assert organisation.status is OrgStatus.PENDING
    memberships = db.session.scalars(select(Membership)).all()
    assert [(m.user_id, m.organisation_id, m.role) for m in memberships] == [
        (user.id, organisation.id, OrgRole.OWNER)
    ]


def test_signup_records_audit_entries_for_the_user_and_the_organisation(client, db):
    sign_up(client)

    assert audit_actions() == ["user.signed_up", "organisation.created"]
    user = db.session.scalar(select(User))
    organisation = db.session.scalar(select(Organisation))
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert all(entry.actor_id == user.id for entry in entries)
    assert all(entry.organisation_id == organisation.id for entry in entries)
    assert (entries[0].object_type, entries[0].object_id) == ("User", user.id)
    assert (entries[1].object_type, entries[1].object_id) == ("Organisation", organisation.id)


def test_signup_logs_the_new_user_in_and_says_the_organisation_awaits_review(client):
    response = sign_up(client, follow_redirects=True)

    text = page_text(response)
    assert "Your account is ready. The park office will review your organisation shortly." \
        in flash_texts(response)
    assert "Welcome, Li Wei" in text
    assert "Awaiting the park’s approval" in text
    # Signed in: the profile page opens instead of sending to the login page.
    assert client.get("/profile").status_code == 200


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Please enter your name."),
        ({"name": "   "}, "name", "Please enter your name."),
        ({"name": "x" * 121}, "name", "A name can have at most 120 characters."),
        ({"email": ""}, "email", "Please enter your e-mail address."),
        ({"email": "not-an-address"}, "email", "Please enter a valid e-mail address."),
        ({"email": "li.wei@"}, "email", "Please enter a valid e-mail address."),
        ({"password": "short", "confirm": "short"}, "password",
         "A password needs between 10 and 128 characters."),
        ({"confirm": "a different secret"}, "confirm", "The two passwords do not match."),
        ({"organisation_name": ""}, "organisation_name",
         "Please enter the organisation's name."),
    ],
    ids=["empty-name", "blank-name", "name-121-chars", "empty-email", "malformed-email",
         "email-without-domain", "short-password", "mismatched-confirm", "empty-org-name"],
)
def test_signup_with_bad_input_shows_error_at_field_and_creates_nothing(
    client, changes, field, message
):
    response = sign_up(client, **changes)

    assert response.status_code == 200
    assert field_errors(response, field) == [message]
    assert count(User) == 0
    assert count(Organisation) == 0
    assert count(Membership) == 0
    assert audit_actions() == []


def test_signup_with_a_name_of_120_characters_is_accepted(client, db):
    response = sign_up(client, name="x" * 120)

    assert redirect_path(response) == "/"
    assert db.session.scalar(select(User.name)) == "x" * 120


def test_signup_with_taken_email_in_other_case_shows_error_at_field_and_creates_nothing(client):
    UserFactory(email="li.wei@example.com")

    response = sign_up(client, email="LI.Wei@EXAMPLE.com")

    assert response.status_code == 200
    assert field_errors(response, "email") == [
        "An account with this e-mail address already exists."
    ]
    assert count(User) == 1
    assert count(Organisation) == 0
    assert count(Membership) == 0
    # Still anonymous.
    assert redirect_path(client.get("/profile")).startswith("/login")


def test_two_organisations_with_the_same_name_get_different_slugs(app, client, db):
    sign_up(client, email="first@example.com")
    sign_up(app.test_client(), email="second@example.com")

    slugs = db.session.scalars(select(Organisation.slug).order_by(Organisation.id)).all()
    assert slugs == ["yubei-design-lab", "yubei-design-lab-2"]


def test_an_organisation_named_like_a_fixed_page_gets_another_slug(client, db):
    sign_up(client, organisation_name="New")

    assert db.session.scalar(select(Organisation.slug)) == "new-2"


def test_chinese_only_organisation_name_gets_a_valid_slug(client, db):
    response = sign_up(client, organisation_name="重庆工业设计研究院", organisation_name_zh="")

    assert redirect_path(response) == "/"
    organisation = db.session.scalar(select(Organisation))
    assert organisation.name == "重庆工业设计研究院"
    assert SLUG_RE.match(organisation.slug)
    assert len(organisation.slug) >= 2


def test_two_chinese_only_organisation_names_get_distinct_valid_slugs(app, client, db):
    sign_up(client, email="first@example.com", organisation_name="重庆工业设计研究院")
    sign_up(app.test_client(), email="second@example.com", organisation_name="四川美术学院")

    slugs = db.session.scalars(select(Organisation.slug)).all()
    assert len(slugs) == 2
    assert len(set(slugs)) == 2
    assert all(SLUG_RE.match(slug) for slug in slugs)


def test_signed_in_user_opening_signup_is_sent_home(client, login):
    login(UserFactory())

    response = client.get("/signup")

    assert redirect_path(response) == "/"
