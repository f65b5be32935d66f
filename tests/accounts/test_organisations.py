"""An organisation's page, its details, and its members' roles.

Forms are posted with the CSRF token of the home page (valid for the whole session) and flashed
messages are read on the home page, so the member-management tests stand apart from the
organisation page's own tests.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from park.accounts.models import Membership, Organisation, OrgRole, User
from park.extensions import db
from tests.conftest import post_form
from tests.factories import (
    AdminFactory,
    InvitationFactory,
    OrganisationFactory,
    UserFactory,
    member_of,
)
from tests.helpers import (
    audit_entries,
    field_errors,
    flash_texts,
    page_text,
    queries_for_page,
    redirect_path,
)

NEEDS_OWNER = "An organisation needs at least one owner."


def post_action(client, path, data=None):
    return post_form(client, path, data or {}, page="/")


def membership_of(user, organisation) -> Membership | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Membership).where(Membership.user_id == user.id,
                                 Membership.organisation_id == organisation.id)
    )


def set_role(client, organisation, membership, role):
    return post_action(client, f"/orgs/{organisation.slug}/members/{membership.id}/role",
                       {"role": role.value if isinstance(role, OrgRole) else role})


def remove(client, organisation, membership):
    return post_action(client, f"/orgs/{organisation.slug}/members/{membership.id}/remove")


def home_flashes(client) -> list[str]:
    return flash_texts(client.get("/"))


# Viewing --------------------------------------------------------------------------------------


def test_member_sees_the_organisation_page_with_its_members(client, login):
    organisation = OrganisationFactory(name="Yubei Design Lab", name_zh="渝北设计实验室")
    member_of(organisation, OrgRole.OWNER, name="Owner Ou", email="ou@example.com")
    member_of(organisation, OrgRole.MANAGER, name="Manager Ma", email="ma@example.com")
    login(member_of(organisation, OrgRole.MEMBER, name="Member Mei", email="mei@example.com"))

    response = client.get(f"/orgs/{organisation.slug}")

    assert response.status_code == 200
    text = page_text(response)
    assert "Yubei Design Lab" in text
    for name, email in [("Owner Ou", "ou@example.com"), ("Manager Ma", "ma@example.com"),
                        ("Member Mei", "mei@example.com")]:
        assert name in text
        assert email in text
    # A plain member can neither edit nor invite.
    assert "Edit details" not in text
    assert "Invite a colleague" not in text


def test_organisation_page_lists_owners_first_then_managers_then_members(client, login):
    organisation = OrganisationFactory()
    member_of(organisation, OrgRole.MEMBER, name="Zz Member")
    member_of(organisation, OrgRole.MANAGER, name="Yy Manager")
    login(member_of(organisation, OrgRole.OWNER, name="Xx Owner"))

    text = page_text(client.get(f"/orgs/{organisation.slug}"))

    assert text.index("Xx Owner") < text.index("Yy Manager") < text.index("Zz Member")


def test_owner_sees_the_invite_form_and_open_invitations(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))
    InvitationFactory(organisation=organisation, email="invited@example.com")

    text = page_text(client.get(f"/orgs/{organisation.slug}"))

    assert "Invite a colleague" in text
    assert "invited@example.com" in text
    assert "Edit details" in text


def test_non_member_gets_403_on_the_organisation_page(client, login):
    organisation = OrganisationFactory()
    login(member_of(OrganisationFactory(), OrgRole.OWNER))

    response = client.get(f"/orgs/{organisation.slug}")

    assert response.status_code == 403
    assert "You do not have permission to do that." in page_text(response)


def test_anonymous_visitor_is_sent_to_log_in_from_the_organisation_page(client):
    organisation = OrganisationFactory()

    response = client.get(f"/orgs/{organisation.slug}")

    assert redirect_path(response) == f"/login?next=/orgs/{organisation.slug}"


def test_unknown_organisation_is_404(client, login):
    login(UserFactory())

    assert client.get("/orgs/no-such-org").status_code == 404


# Editing details ------------------------------------------------------------------------------


def test_owner_edit_form_shows_the_current_details(client, login):
    organisation = OrganisationFactory(name="Yubei Design Lab", website="https://yubei.example")
    login(member_of(organisation, OrgRole.OWNER))

    html = client.get(f"/orgs/{organisation.slug}/edit").get_data(as_text=True)

    assert 'value="Yubei Design Lab"' in html
    assert 'value="https://yubei.example"' in html


def test_owner_edits_details_and_the_audit_entry_records_before_and_after(client, login):
    organisation = OrganisationFactory(name="Old Name", name_zh="旧名", website="",
                                       description="")
    owner = login(member_of(organisation, OrgRole.OWNER))
    path = f"/orgs/{organisation.slug}/edit"

    response = post_form(client, path, {
        "name": " New Name ", "name_zh": "新名", "website": "https://new.example",
        "description": "We design chairs.",
    })

    assert redirect_path(response) == f"/orgs/{organisation.slug}"
    assert "The organisation's details have been saved." in home_flashes(client)
    db.session.refresh(organisation)
    assert (organisation.name, organisation.name_zh, organisation.website,
            organisation.description) == ("New Name", "新名", "https://new.example",
                                          "We design chairs.")
    [entry] = audit_entries("organisation.updated")
    assert entry.actor_id == owner.id
    assert entry.organisation_id == organisation.id
    assert entry.changes == {
        "name": ["Old Name", "New Name"],
        "name_zh": ["旧名", "新名"],
        "website": ["", "https://new.example"],
        "description": ["", "We design chairs."],
    }


def test_manager_can_edit_details(client, login):
    organisation = OrganisationFactory(name="Old Name")
    login(member_of(organisation, OrgRole.MANAGER))

    post_form(client, f"/orgs/{organisation.slug}/edit", {"name": "Managed Name"})

    db.session.refresh(organisation)
    assert organisation.name == "Managed Name"


def test_saving_unchanged_details_records_no_audit_entry(client, login):
    organisation = OrganisationFactory(name="Same", name_zh="", website="", description="")
    login(member_of(organisation, OrgRole.OWNER))

    post_form(client, f"/orgs/{organisation.slug}/edit", {"name": "Same"})

    assert audit_entries("organisation.updated") == []


@pytest.mark.parametrize("website", ["not a url", "www.example.com", "javascript:alert(1)",
                                     "ftp//example.com", "ftp://example.com",
                                     "javascript://example.com/%0aalert(1)"])
def test_invalid_website_is_refused_at_the_field(client, login, website):
    organisation = OrganisationFactory(website="https://old.example")
    login(member_of(organisation, OrgRole.OWNER))

    response = post_form(client, f"/orgs/{organisation.slug}/edit",
                         {"name": organisation.name, "website": website})

    assert response.status_code == 200
    assert field_errors(response, "website") == [
        "Please enter a full web address, such as https://example.com."
    ]
    db.session.refresh(organisation)
    assert organisation.website == "https://old.example"
    assert audit_entries("organisation.updated") == []


def test_empty_organisation_name_is_refused_at_the_field(client, login):
    organisation = OrganisationFactory(name="Keep Me")
    login(member_of(organisation, OrgRole.OWNER))

    response = post_form(client, f"/orgs/{organisation.slug}/edit", {"name": ""})

    assert field_errors(response, "name") == ["Please enter the organisation's name."]
    db.session.refresh(organisation)
    assert organisation.name == "Keep Me"


def test_plain_member_cannot_open_or_post_the_edit_form(client, login):
    organisation = OrganisationFactory(name="Keep Me")
    login(member_of(organisation, OrgRole.MEMBER))
    path = f"/orgs/{organisation.slug}/edit"

    assert client.get(path).status_code == 403
    response = post_action(client, path, {"name": "Hijacked"})

    assert response.status_code == 403
    db.session.refresh(organisation)
    assert organisation.name == "Keep Me"


# Roles ----------------------------------------------------------------------------------------


def test_manager_changes_a_members_role(client, login):
    organisation = OrganisationFactory()
    manager = login(member_of(organisation, OrgRole.MANAGER))
    member = member_of(organisation, OrgRole.MEMBER, name="Member Mei")
    membership = membership_of(member, organisation)

    response = set_role(client, organisation, membership, OrgRole.MANAGER)

    assert redirect_path(response) == f"/orgs/{organisation.slug}"
    assert "Member Mei is now Manager." in home_flashes(client)
    assert membership_of(member, organisation).role is OrgRole.MANAGER
    [entry] = audit_entries("membership.role_changed")
    assert entry.actor_id == manager.id
    assert entry.changes == {"role": ["member", "manager"]}


def test_manager_cannot_change_an_owners_role(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.MANAGER))
    owner = member_of(organisation, OrgRole.OWNER)
    member_of(organisation, OrgRole.OWNER)  # a second owner: the refusal is not about the last

    response = set_role(client, organisation, membership_of(owner, organisation), OrgRole.MEMBER)

    assert response.status_code == 403
    assert membership_of(owner, organisation).role is OrgRole.OWNER


def test_manager_cannot_make_someone_an_owner(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.MANAGER))
    member = member_of(organisation, OrgRole.MEMBER)

    set_role(client, organisation, membership_of(member, organisation), OrgRole.OWNER)

    assert "Only an owner can make someone an owner." in home_flashes(client)
    assert membership_of(member, organisation).role is OrgRole.MEMBER


def test_plain_member_cannot_change_roles(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.MEMBER))
    other = member_of(organisation, OrgRole.MEMBER)

    response = set_role(client, organisation, membership_of(other, organisation),
                        OrgRole.MANAGER)

    assert response.status_code == 403
    assert membership_of(other, organisation).role is OrgRole.MEMBER


def test_owner_makes_a_member_an_owner(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))
    member = member_of(organisation, OrgRole.MEMBER)

    set_role(client, organisation, membership_of(member, organisation), OrgRole.OWNER)

    assert membership_of(member, organisation).role is OrgRole.OWNER


def test_unknown_role_is_refused_with_a_message(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))
    member = member_of(organisation, OrgRole.MEMBER)

    set_role(client, organisation, membership_of(member, organisation), "emperor")

    assert "Please choose a role." in home_flashes(client)
    assert membership_of(member, organisation).role is OrgRole.MEMBER


def test_last_owner_cannot_demote_themself(client, login):
    organisation = OrganisationFactory()
    owner = login(member_of(organisation, OrgRole.OWNER))

    response = set_role(client, organisation, membership_of(owner, organisation),
                        OrgRole.MANAGER)

    assert redirect_path(response) == f"/orgs/{organisation.slug}"
    assert NEEDS_OWNER in home_flashes(client)
    assert membership_of(owner, organisation).role is OrgRole.OWNER
    assert audit_entries("membership.role_changed") == []


def test_park_admin_cannot_demote_the_last_owner_either(client, login):
    organisation = OrganisationFactory()
    owner = member_of(organisation, OrgRole.OWNER)
    login(AdminFactory())

    set_role(client, organisation, membership_of(owner, organisation), OrgRole.MEMBER)

    assert NEEDS_OWNER in home_flashes(client)
    assert membership_of(owner, organisation).role is OrgRole.OWNER


def test_one_of_two_owners_can_be_demoted(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))
    other_owner = member_of(organisation, OrgRole.OWNER)

    set_role(client, organisation, membership_of(other_owner, organisation), OrgRole.MEMBER)

    assert membership_of(other_owner, organisation).role is OrgRole.MEMBER


# Removing members -----------------------------------------------------------------------------


def test_owner_removes_a_member(client, login):
    organisation = OrganisationFactory()
    owner = login(member_of(organisation, OrgRole.OWNER))
    member = member_of(organisation, OrgRole.MEMBER, name="Member Mei")

    response = remove(client, organisation, membership_of(member, organisation))

    assert redirect_path(response) == f"/orgs/{organisation.slug}"
    assert "Member Mei has been removed from the organisation." in home_flashes(client)
    assert membership_of(member, organisation) is None
    assert db.session.get(User, member.id) is not None  # the account itself stays
    [entry] = audit_entries("membership.removed")
    assert entry.actor_id == owner.id
    assert entry.summary == member.email


def test_last_owner_cannot_be_removed(client, login):
    organisation = OrganisationFactory()
    owner = login(member_of(organisation, OrgRole.OWNER))

    response = remove(client, organisation, membership_of(owner, organisation))

    assert redirect_path(response) == f"/orgs/{organisation.slug}"
    assert NEEDS_OWNER in home_flashes(client)
    assert membership_of(owner, organisation) is not None
    assert audit_entries("membership.removed") == []


def test_park_admin_cannot_remove_the_last_owner_either(client, login):
    organisation = OrganisationFactory()
    owner = member_of(organisation, OrgRole.OWNER)
    login(AdminFactory())

    remove(client, organisation, membership_of(owner, organisation))

    assert NEEDS_OWNER in home_flashes(client)
    assert membership_of(owner, organisation) is not None


def test_manager_cannot_remove_an_owner(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.MANAGER))
    owner = member_of(organisation, OrgRole.OWNER)
    member_of(organisation, OrgRole.OWNER)

    response = remove(client, organisation, membership_of(owner, organisation))

    assert response.status_code == 403
    assert membership_of(owner, organisation) is not None


def test_membership_of_another_organisation_cannot_be_removed_through_yours(client, login):
    mine = OrganisationFactory()
    login(member_of(mine, OrgRole.OWNER))
    theirs = OrganisationFactory()
    stranger = member_of(theirs, OrgRole.MEMBER)

    response = remove(client, mine, membership_of(stranger, theirs))

    assert response.status_code == 404
    assert membership_of(stranger, theirs) is not None


# Queries --------------------------------------------------------------------------------------




def test_organisation_page_query_count_does_not_grow_with_members(client, login,
                                                                   count_queries):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))
    for _ in range(3):
        member_of(organisation, OrgRole.MEMBER)
    path, organisation_id = f"/orgs/{organisation.slug}", organisation.id

    with_few = queries_for_page(client, count_queries, path)
    organisation = db.session.get(Organisation, organisation_id)
    for _ in range(27):
        member_of(organisation, OrgRole.MEMBER)
    with_many = queries_for_page(client, count_queries, path)

    assert with_many == with_few
