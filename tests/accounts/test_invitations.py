"""Invitations: who may send them, the e-mail with the link, joining through it (new account or
signed in), and links that are revoked, expired, used or meant for someone else.

The forms are posted with the CSRF token of the home page (a token is valid for the whole
session), and flashed messages are read on the next page the user opens, so these tests do not
depend on the organisation page rendering (see test_organisations.py for that page).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from park.accounts.models import Invitation, Membership, OrgRole, User
from park.core.time import as_utc, now_utc
from park.extensions import db
from tests.conftest import post_form
from tests.factories import InvitationFactory, OrganisationFactory, UserFactory, member_of
from tests.helpers import (
    audit_actions,
    count,
    field_errors,
    flash_texts,
    link_in,
    page_text,
    path_of,
    redirect_path,
    token_hash,
)

NEW_PASSWORD = "a long secret 42"
CANNOT_BE_USED = "This invitation cannot be used"



def post_action(client, path, data=None, **kwargs):
    return post_form(client, path, data or {}, page="/", **kwargs)


def invite(client, organisation, email, role=OrgRole.MEMBER):
    return post_action(client, f"/orgs/{organisation.slug}/invitations",
                       {"email": email, "role": role.value})


KNOWN_TOKEN = "a-token-the-test-knows"


def open_invitation_for(organisation, email, role=OrgRole.MEMBER, **fields):
    """An invitation whose raw token the test knows; returns the path of its link."""
    InvitationFactory(organisation=organisation, email=email, role=role,
                      token_hash=token_hash(KNOWN_TOKEN), **fields)
    return f"/invitations/{KNOWN_TOKEN}"


def invitations() -> list[Invitation]:
    db.session.expire_all()
    return list(db.session.scalars(select(Invitation).order_by(Invitation.id)))


# Sending ------------------------------------------------------------------------------------


@pytest.mark.parametrize("inviter_role", [OrgRole.OWNER, OrgRole.MANAGER])
def test_owner_or_manager_invites_by_email_and_one_email_with_the_link_is_sent(
    client, login, outbox, inviter_role
):
    organisation = OrganisationFactory(name="Yubei Design Lab")
    inviter = login(member_of(organisation, inviter_role, name="Chen Jing"))

    response = invite(client, organisation, "New.Colleague@Example.com")

    assert redirect_path(response) == f"/orgs/{organisation.slug}"
    assert "An invitation has been sent to New.Colleague@Example.com." in flash_texts(
        client.get("/"))
    [invitation] = invitations()
    assert invitation.email == "new.colleague@example.com"
    assert invitation.role is OrgRole.MEMBER
    assert invitation.invited_by_id == inviter.id
    assert invitation.accepted_at is None and invitation.revoked_at is None
    assert as_utc(invitation.expires_at) > now_utc() + timedelta(days=13)
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == ["new.colleague@example.com"]
    assert message.subject == "You are invited to join Yubei Design Lab on Park"
    assert "Chen Jing invites you to join Yubei Design Lab" in message.body
    link = path_of(link_in(message))
    assert link.startswith("/invitations/")
    # Only a hash of the token is stored.
    token = link.removeprefix("/invitations/")
    assert invitation.token_hash == token_hash(token) != token
    assert "invitation.created" in audit_actions()


def test_owner_can_invite_another_owner(client, login, outbox):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))

    response = invite(client, organisation, "co-owner@example.com", OrgRole.OWNER)

    assert redirect_path(response) == f"/orgs/{organisation.slug}"
    assert [i.role for i in invitations()] == [OrgRole.OWNER]
    assert len(outbox) == 1


@pytest.mark.parametrize("make_user", [
    lambda organisation: member_of(organisation, OrgRole.MEMBER),
    lambda organisation: member_of(OrganisationFactory(), OrgRole.OWNER),
], ids=["plain-member", "owner-of-another-organisation"])
def test_user_who_does_not_manage_the_organisation_cannot_invite(
    client, login, outbox, make_user
):
    organisation = OrganisationFactory()
    login(make_user(organisation))

    response = invite(client, organisation, "someone@example.com")

    assert response.status_code == 403
    assert "You do not have permission to do that." in page_text(response)
    assert invitations() == []
    assert outbox == []


def test_manager_cannot_invite_an_owner_and_nothing_is_sent(client, login, outbox):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.MANAGER))

    response = invite(client, organisation, "boss@example.com", OrgRole.OWNER)

    assert response.status_code != 302
    assert invitations() == []
    assert outbox == []


def test_manager_inviting_an_owner_sees_the_refusal_at_the_role_field(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.MANAGER))

    response = invite(client, organisation, "boss@example.com", OrgRole.OWNER)

    assert response.status_code == 422
    assert field_errors(response, "role") == ["Only an owner can invite another owner."]


def test_inviting_an_existing_member_is_refused_and_nothing_is_sent(client, login, outbox):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))
    member_of(organisation, OrgRole.MEMBER, email="already@example.com")

    response = invite(client, organisation, "Already@Example.com")

    assert response.status_code != 302
    assert invitations() == []
    assert outbox == []


def test_inviting_an_existing_member_shows_the_refusal_at_the_email_field(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))
    member_of(organisation, OrgRole.MEMBER, email="already@example.com")

    response = invite(client, organisation, "already@example.com")

    assert response.status_code == 422
    assert field_errors(response, "email") == ["This person is already a member."]


def test_invitation_with_malformed_email_is_refused_and_nothing_is_sent(client, login, outbox):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))

    response = invite(client, organisation, "not-an-address")

    assert response.status_code != 302
    assert invitations() == []
    assert outbox == []


def test_invitation_with_malformed_email_shows_the_error_at_the_email_field(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))

    response = invite(client, organisation, "not-an-address")

    assert response.status_code == 422
    assert field_errors(response, "email") == ["Please enter a valid e-mail address."]


def test_anonymous_visitor_cannot_invite(client, outbox):
    organisation = OrganisationFactory()

    response = invite(client, organisation, "someone@example.com")

    assert redirect_path(response).startswith("/login")
    assert invitations() == []
    assert outbox == []


# Joining --------------------------------------------------------------------------------------


def test_invitation_link_shows_the_signup_form_for_the_invited_address(client):
    organisation = OrganisationFactory(name="Yubei Design Lab")
    link = open_invitation_for(organisation, "newbie@example.com", OrgRole.MANAGER)

    response = client.get(link)

    assert response.status_code == 200
    text = page_text(response)
    assert "Join Yubei Design Lab" in text
    assert "You were invited as Manager. Create your account for newbie@example.com" in text


def test_invited_person_signs_up_through_the_link_and_joins_with_the_invited_role(
    app, client, login, outbox
):
    inviter_org = OrganisationFactory(name="Yubei Design Lab")
    login(member_of(inviter_org, OrgRole.OWNER))
    invite(client, inviter_org, "newbie@example.com", OrgRole.MANAGER)
    link = path_of(link_in(outbox[0]))
    client = app.test_client()  # the invited person's browser

    response = post_form(client, link, {"name": "New Bie", "password": NEW_PASSWORD,
                                        "confirm": NEW_PASSWORD, "locale": "en"})

    assert redirect_path(response) == f"/orgs/{inviter_org.slug}"
    user = db.session.scalar(select(User).where(User.email == "newbie@example.com"))
    assert user is not None and user.name == "New Bie"
    assert user.check_password(NEW_PASSWORD)
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert (membership.organisation_id, membership.role) == (inviter_org.id, OrgRole.MANAGER)
    [invitation] = invitations()
    assert invitation.accepted_at is not None
    assert {"user.signed_up", "invitation.accepted"} <= set(audit_actions())
    # Signed in straight away, and welcomed.
    assert "Welcome to Yubei Design Lab." in flash_texts(client.get("/"))
    assert client.get("/profile").status_code == 200


def test_invitation_signup_with_mismatched_passwords_shows_field_error_and_creates_nothing(
    client
):
    organisation = OrganisationFactory()
    link = open_invitation_for(organisation, "newbie@example.com")

    response = post_form(client, link, {"name": "New Bie", "password": NEW_PASSWORD,
                                        "confirm": "something else 1", "locale": "en"})

    assert response.status_code == 200
    assert field_errors(response, "confirm") == ["The two passwords do not match."]
    assert count(User) == 0
    assert invitations()[0].accepted_at is None


def test_signed_in_user_with_the_invited_email_accepts_and_joins(client, login):
    organisation = OrganisationFactory(name="Yubei Design Lab")
    user = login(UserFactory(email="invited@example.com"))
    link = open_invitation_for(organisation, "invited@example.com", OrgRole.MANAGER)

    page = client.get(link)
    assert "You were invited as Manager." in page_text(page)
    response = post_form(client, link, {})

    assert redirect_path(response) == f"/orgs/{organisation.slug}"
    assert "You have joined Yubei Design Lab." in flash_texts(client.get("/"))
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert (membership.organisation_id, membership.role) == (organisation.id, OrgRole.MANAGER)
    assert invitations()[0].accepted_at is not None


def test_existing_account_holder_who_is_not_signed_in_is_sent_to_log_in_first(client):
    organisation = OrganisationFactory()
    UserFactory(email="invited@example.com")
    link = open_invitation_for(organisation, "invited@example.com")

    response = client.get(link)

    assert redirect_path(response) == f"/login?next={link}"
    assert "You already have an account. Log in to accept the invitation." in flash_texts(
        client.get("/login"))
    assert count(Membership) == 0


def test_different_signed_in_user_is_refused_with_a_message(client, login):
    organisation = OrganisationFactory()
    intruder = login(UserFactory(email="someone.else@example.com"))
    link = open_invitation_for(organisation, "invited@example.com")

    response = post_form(client, link, {})

    assert response.status_code == 200
    assert ("This invitation was sent to invited@example.com. Log in with that address to "
            "accept it.") in flash_texts(response)
    assert db.session.scalar(select(Membership).where(Membership.user_id == intruder.id)) is None
    assert invitations()[0].accepted_at is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"revoked_at": now_utc()}, "This invitation link is not valid."),
        ({"expires_at": now_utc() - timedelta(minutes=1)},
         "This invitation has expired. Ask for a new one."),
        ({"accepted_at": now_utc()}, "This invitation has already been used."),
    ],
    ids=["revoked", "expired", "used"],
)
def test_unusable_invitation_shows_the_cannot_be_used_page(client, fields, message):
    organisation = OrganisationFactory()
    link = open_invitation_for(organisation, "invited@example.com", **fields)

    response = client.get(link)

    assert response.status_code == 410
    text = page_text(response)
    assert CANNOT_BE_USED in text
    assert message in text


def test_unknown_invitation_token_shows_the_cannot_be_used_page(client):
    response = client.get("/invitations/no-such-token")

    assert response.status_code == 410
    assert CANNOT_BE_USED in page_text(response)
    assert "This invitation link is not valid." in page_text(response)


def test_signing_up_through_an_expired_invitation_creates_nothing(client):
    organisation = OrganisationFactory()
    link = open_invitation_for(organisation, "late@example.com",
                               expires_at=now_utc() - timedelta(minutes=1))

    response = post_form(client, link, {"name": "Late", "password": NEW_PASSWORD,
                                        "confirm": NEW_PASSWORD, "locale": "en"}, page="/")

    assert response.status_code == 410
    assert count(User) == 0
    assert count(Membership) == 0


def test_invitation_link_cannot_be_used_twice(app, client):
    organisation = OrganisationFactory()
    link = open_invitation_for(organisation, "newbie@example.com")
    post_form(client, link, {"name": "New Bie", "password": NEW_PASSWORD,
                             "confirm": NEW_PASSWORD, "locale": "en"})

    again = app.test_client().get(link)

    assert again.status_code == 410
    assert "This invitation has already been used." in page_text(again)
    assert count(User) == 1
    assert count(Membership) == 1


# Withdrawing --------------------------------------------------------------------------------


def test_owner_withdraws_an_invitation_and_its_link_stops_working(app, client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))
    link = open_invitation_for(organisation, "invited@example.com")
    invitation_id = invitations()[0].id

    response = post_action(client,
                           f"/orgs/{organisation.slug}/invitations/{invitation_id}/revoke")

    assert redirect_path(response) == f"/orgs/{organisation.slug}"
    assert "The invitation to invited@example.com has been withdrawn." in flash_texts(
        client.get("/"))
    assert invitations()[0].revoked_at is not None
    assert "invitation.revoked" in audit_actions()
    opened = app.test_client().get(link)
    assert opened.status_code == 410
    assert "This invitation link is not valid." in page_text(opened)


def test_plain_member_cannot_withdraw_an_invitation(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.MEMBER))
    open_invitation_for(organisation, "invited@example.com")
    invitation_id = invitations()[0].id

    response = post_action(client,
                           f"/orgs/{organisation.slug}/invitations/{invitation_id}/revoke")

    assert response.status_code == 403
    assert invitations()[0].revoked_at is None


def test_invitation_of_another_organisation_cannot_be_withdrawn_through_yours(client, login):
    mine = OrganisationFactory()
    login(member_of(mine, OrgRole.OWNER))
    theirs = OrganisationFactory()
    open_invitation_for(theirs, "invited@example.com")
    invitation_id = invitations()[0].id

    response = post_action(client, f"/orgs/{mine.slug}/invitations/{invitation_id}/revoke")

    assert response.status_code == 404
    assert invitations()[0].revoked_at is None


def test_used_invitation_cannot_be_withdrawn(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))
    open_invitation_for(organisation, "invited@example.com", accepted_at=now_utc())
    invitation_id = invitations()[0].id

    response = post_action(client,
                           f"/orgs/{organisation.slug}/invitations/{invitation_id}/revoke")

    assert redirect_path(response) == f"/orgs/{organisation.slug}"
    assert "This invitation has already been used." in flash_texts(client.get("/"))
    assert invitations()[0].revoked_at is None
