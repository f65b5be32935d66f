"""The park office: approving organisations, (de)activating users, the audit log; and nobody
else getting in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from park.accounts.models import Organisation, OrgRole, OrgStatus, User
from park.extensions import db
from tests.conftest import post_form
from tests.factories import (
    PASSWORD,
    AdminFactory,
    AuditEntryFactory,
    OrganisationFactory,
    UserFactory,
    member_of,
)
from tests.helpers import (
    audit_entries,
    flash_texts,
    page_text,
    queries_for_page,
    redirect_path,
    visible_text,
)

DEACTIVATED = "This account has been deactivated. Please contact the park office."
FORBIDDEN = "You do not have permission to do that."


def pending_organisation(name="Pending Lab", owner_name="Owner Ou", owner_email=None):
    organisation = OrganisationFactory(name=name, status=OrgStatus.PENDING)
    fields = {"name": owner_name}
    if owner_email:
        fields["email"] = owner_email
    owner = member_of(organisation, OrgRole.OWNER, **fields)
    return organisation, owner


def decide(client, organisation, decision, **data):
    return post_form(client, f"/admin/organisations/{organisation.slug}/{decision}", data,
                     page="/admin/organisations")


def set_active(client, user, action):
    return post_form(client, f"/admin/users/{user.id}/{action}", {}, page="/admin/users")


def reload(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def can_log_in(app, email, password=PASSWORD):
    """(logged in?, page text) for a login attempt on a fresh client."""
    response = post_form(app.test_client(), "/login", {"email": email, "password": password})
    return response.status_code == 302, page_text(response)


# Organisations awaiting approval ---------------------------------------------------------


def test_admin_sees_pending_organisations_with_their_owners(client, login):
    pending_organisation("Pending Lab", "Owner Ou", "ou@example.com")
    OrganisationFactory(name="Approved Works", status=OrgStatus.APPROVED)
    login(AdminFactory())

    response = client.get("/admin/organisations")

    assert response.status_code == 200
    text = page_text(response)
    assert "Pending Lab" in text
    assert "Owner Ou <ou@example.com>" in text
    assert "Approved Works" not in text


def test_admin_sees_every_organisation_on_the_all_tab(client, login):
    pending_organisation("Pending Lab")
    OrganisationFactory(name="Approved Works", status=OrgStatus.APPROVED)
    login(AdminFactory())

    text = page_text(client.get("/admin/organisations?status="))

    assert "Pending Lab" in text
    assert "Approved Works" in text


def test_admin_organisation_list_search_filters_by_name(client, login):
    pending_organisation("Yubei Design Lab")
    pending_organisation("Jiangbei Mould Works")
    login(AdminFactory())

    text = page_text(client.get("/admin/organisations?q=mould"))

    assert "Jiangbei Mould Works" in text
    assert "Yubei Design Lab" not in text


def test_admin_approves_an_organisation_and_its_owner_is_told(client, login, outbox):
    organisation, owner = pending_organisation("Pending Lab", "Owner Ou")
    admin = login(AdminFactory())

    response = decide(client, organisation, "approve")

    assert redirect_path(response) == "/admin/organisations"
    assert "Pending Lab has been approved." in flash_texts(client.get("/admin/organisations"))
    organisation = reload(organisation)
    assert organisation.status is OrgStatus.APPROVED
    assert organisation.decided_by_id == admin.id
    assert organisation.decided_at is not None
    assert len(outbox) == 1
    assert outbox[0].to == [owner.email]
    assert outbox[0].subject == "Your organisation on Park has been approved"
    assert "Hello Owner Ou," in outbox[0].body
    assert "The park office has approved Pending Lab." in outbox[0].body
    [entry] = audit_entries("organisation.approved")
    assert entry.actor_id == admin.id
    assert (entry.object_type, entry.object_id) == ("Organisation", organisation.id)
    assert entry.changes == {"status": ["pending", "approved"]}


def test_approved_organisation_leaves_the_pending_list(client, login):
    organisation, _owner = pending_organisation("Pending Lab")
    login(AdminFactory())
    approve_path = f"/admin/organisations/{organisation.slug}/approve"
    assert approve_path in client.get("/admin/organisations").get_data(as_text=True)

    decide(client, organisation, "approve")

    html = client.get("/admin/organisations").get_data(as_text=True)
    assert approve_path not in html
    assert "When someone signs up, their organisation appears here for approval." in html


def test_approving_twice_sends_one_email_and_records_one_entry(client, login, outbox):
    organisation, _owner = pending_organisation()
    login(AdminFactory())

    decide(client, organisation, "approve")
    decide(client, organisation, "approve")

    assert len(outbox) == 1
    assert len(audit_entries("organisation.approved")) == 1


def test_every_owner_is_told_of_the_approval(client, login, outbox):
    organisation, first = pending_organisation()
    second = member_of(organisation, OrgRole.OWNER)
    member_of(organisation, OrgRole.MEMBER)
    login(AdminFactory())

    decide(client, organisation, "approve")

    assert sorted(message.to[0] for message in outbox) == sorted([first.email, second.email])


def test_admin_rejects_an_organisation_and_its_owner_is_told(client, login, outbox):
    organisation, owner = pending_organisation("Pending Lab")
    admin = login(AdminFactory())

    response = decide(client, organisation, "reject")

    assert redirect_path(response) == "/admin/organisations"
    assert "Pending Lab has been rejected." in flash_texts(client.get("/admin/organisations"))
    assert reload(organisation).status is OrgStatus.REJECTED
    assert [message.to for message in outbox] == [[owner.email]]
    assert outbox[0].subject == "Your organisation on Park was not approved"
    assert "The park office did not approve Pending Lab." in outbox[0].body
    [entry] = audit_entries("organisation.rejected")
    assert entry.actor_id == admin.id
    assert entry.changes == {"status": ["pending", "rejected"]}


def test_decision_returns_to_the_filtered_list_it_came_from(client, login):
    organisation, _owner = pending_organisation()
    login(AdminFactory())

    response = decide(client, organisation, "approve", next="/admin/organisations?kind=lab")

    assert redirect_path(response) == "/admin/organisations?kind=lab"


def test_decision_ignores_an_external_next(client, login):
    organisation, _owner = pending_organisation()
    login(AdminFactory())

    response = decide(client, organisation, "approve", next="https://evil.example/")

    assert redirect_path(response) == "/admin/organisations"


# Non-admins ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/organisations", "/admin/users", "/admin/audit"])
def test_non_admin_gets_403_on_admin_pages(client, login, path):
    organisation = OrganisationFactory()
    login(member_of(organisation, OrgRole.OWNER))

    response = client.get(path)

    assert response.status_code == 403
    assert FORBIDDEN in page_text(response)


@pytest.mark.parametrize("path", ["/admin/organisations", "/admin/users", "/admin/audit"])
def test_anonymous_visitor_is_sent_to_log_in_from_admin_pages(client, path):
    response = client.get(path)

    assert redirect_path(response) == f"/login?next={path}"


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_owner_cannot_decide_on_their_own_organisation(client, login, outbox, decision):
    organisation, owner = pending_organisation()
    login(owner)

    response = post_form(client, f"/admin/organisations/{organisation.slug}/{decision}", {},
                         page="/")

    assert response.status_code == 403
    assert reload(organisation).status is OrgStatus.PENDING
    assert outbox == []
    assert audit_entries(f"organisation.{decision}d") == []


@pytest.mark.parametrize("action", ["deactivate", "activate"])
def test_non_admin_cannot_change_whether_a_user_is_active(client, login, action):
    target = UserFactory(active=action == "activate")
    login(UserFactory())

    response = post_form(client, f"/admin/users/{target.id}/{action}", {}, page="/")

    assert response.status_code == 403
    assert reload(target).active is (action == "activate")


# Users ----------------------------------------------------------------------------------------


def test_admin_deactivates_a_user_who_then_cannot_log_in(app, client, login):
    target = UserFactory(email="target@example.com")
    admin = login(AdminFactory())

    response = set_active(client, target, "deactivate")

    assert redirect_path(response) == "/admin/users"
    assert "target@example.com has been deactivated." in flash_texts(client.get("/admin/users"))
    assert reload(target).active is False
    logged_in, text = can_log_in(app, "target@example.com")
    assert not logged_in
    assert DEACTIVATED in text
    [entry] = audit_entries("user.deactivated")
    assert entry.actor_id == admin.id
    assert entry.changes == {"active": [True, False]}


def test_deactivated_users_open_session_ends_at_their_next_request(app, client, login):
    target = UserFactory()
    their_browser = app.test_client()
    post_form(their_browser, "/login", {"email": target.email, "password": PASSWORD})
    assert their_browser.get("/profile").status_code == 200
    login(AdminFactory())

    set_active(client, target, "deactivate")

    assert redirect_path(their_browser.get("/profile")).startswith("/login")


def test_admin_reactivates_a_user_who_can_log_in_again(app, client, login):
    target = UserFactory(email="target@example.com", active=False)
    login(AdminFactory())

    response = set_active(client, target, "activate")

    assert redirect_path(response) == "/admin/users"
    assert "target@example.com can log in again." in flash_texts(client.get("/admin/users"))
    assert reload(target).active is True
    assert can_log_in(app, "target@example.com")[0]
    assert len(audit_entries("user.activated")) == 1


def test_deactivated_user_shows_as_deactivated_with_a_reactivate_button(client, login):
    target = UserFactory(active=False)
    login(AdminFactory())

    html = client.get("/admin/users").get_data(as_text=True)

    assert f"/admin/users/{target.id}/activate" in html
    assert f"/admin/users/{target.id}/deactivate" not in html
    assert '<span class="badge bg-secondary">Deactivated</span>' in html


def test_admin_has_no_button_to_deactivate_themself(client, login):
    other = UserFactory()
    admin = login(AdminFactory())

    html = client.get("/admin/users").get_data(as_text=True)

    assert f"/admin/users/{other.id}/deactivate" in html
    assert f"/admin/users/{admin.id}/deactivate" not in html


def test_admin_cannot_deactivate_themself_by_posting(client, login):
    admin = login(AdminFactory())

    response = set_active(client, admin, "deactivate")

    assert response.status_code == 403
    assert reload(admin).active is True
    assert client.get("/admin/users").status_code == 200  # still signed in


def test_another_admin_can_deactivate_an_admin(client, login):
    other_admin = AdminFactory()
    login(AdminFactory())

    set_active(client, other_admin, "deactivate")

    assert reload(other_admin).active is False


def test_deactivating_an_unknown_user_is_404(client, login):
    login(AdminFactory())

    response = post_form(client, "/admin/users/999999/deactivate", {}, page="/admin/users")

    assert response.status_code == 404


def test_users_list_search_filters_by_email_and_name(client, login):
    UserFactory(name="Alice Anders", email="alice@example.com")
    UserFactory(name="Bob Brown", email="bob@example.com")
    UserFactory(name="Carol Chen", email="carol@design.example")
    login(AdminFactory(name="Admin Ad", email="admin@park.example"))

    by_email = page_text(client.get("/admin/users?q=ALICE@"))
    by_name = page_text(client.get("/admin/users?q=chen"))

    assert "alice@example.com" in by_email
    assert "bob@example.com" not in by_email
    assert "carol@design.example" not in by_email
    assert "Carol Chen" in by_name
    assert "Alice Anders" not in by_name


def test_users_list_with_no_match_says_so(client, login):
    login(AdminFactory())

    text = page_text(client.get("/admin/users?q=nobody-at-all"))

    assert "No users match these filters" in text


def test_users_list_filters_by_state(client, login):
    UserFactory(email="active@example.com")
    UserFactory(email="gone@example.com", active=False)
    login(AdminFactory())

    inactive = page_text(client.get("/admin/users?state=inactive"))

    assert "gone@example.com" in inactive
    assert "active@example.com" not in inactive


def test_users_list_shows_memberships(client, login):
    organisation = OrganisationFactory(name="Yubei Design Lab")
    member_of(organisation, OrgRole.MANAGER, email="ma@example.com")
    login(AdminFactory())

    text = visible_text(client.get("/admin/users?q=ma@"))

    assert "Yubei Design Lab (Manager)" in text


# Query counts ---------------------------------------------------------------------------------




def _add_pending_organisations(number):
    for index in range(number):
        organisation = OrganisationFactory(status=OrgStatus.PENDING)
        member_of(organisation, OrgRole.OWNER)
        if index % 2:
            member_of(organisation, OrgRole.OWNER)
            member_of(organisation, OrgRole.MEMBER)


def test_admin_organisation_list_query_count_does_not_grow_with_rows(
    client, login, count_queries
):
    login(AdminFactory())
    _add_pending_organisations(3)
    with_few = queries_for_page(client, count_queries, "/admin/organisations")

    _add_pending_organisations(27)
    with_many = queries_for_page(client, count_queries, "/admin/organisations")

    assert with_many == with_few
    assert len(db.session.scalars(select(Organisation)).all()) == 30


def _add_users_with_memberships(number):
    organisation = OrganisationFactory()
    for index in range(number):
        user = member_of(organisation, OrgRole.MEMBER)
        if index % 2:
            member_of(OrganisationFactory(), OrgRole.OWNER, email=f"second-{user.email}")


def test_admin_users_list_query_count_does_not_grow_with_rows(client, login, count_queries):
    login(AdminFactory(email="admin@park.example"))
    # Listed newest first, the admin would drop off the first page once there are many users,
    # and the navigation bar would then load their memberships on its own: search for the
    # others only, so both counts compare the same page.
    path = "/admin/users?q=@example.com"
    _add_users_with_memberships(3)
    with_few = queries_for_page(client, count_queries, path)

    _add_users_with_memberships(27)
    with_many = queries_for_page(client, count_queries, path)

    assert with_many == with_few
    assert len(db.session.scalars(select(User)).all()) > 30


def test_audit_log_query_count_does_not_grow_with_entries(client, login, count_queries):
    login(AdminFactory())
    organisation_id = OrganisationFactory().id

    def add_entries(number):
        for _ in range(number):
            actor = UserFactory()
            AuditEntryFactory(actor_id=actor.id, organisation_id=organisation_id)

    add_entries(3)
    with_few = queries_for_page(client, count_queries, "/admin/audit")
    add_entries(27)
    with_many = queries_for_page(client, count_queries, "/admin/audit")

    assert with_many == with_few


# Audit log ------------------------------------------------------------------------------------


def test_audit_log_lists_entries_with_actor_action_and_changes(client, login):
    admin = login(AdminFactory(email="admin@park.example"))
    AuditEntryFactory(actor_id=admin.id, action="organisation.approved",
                      summary="Yubei Design Lab", changes={"status": ["pending", "approved"]})

    response = client.get("/admin/audit")

    assert response.status_code == 200
    text = page_text(response)
    assert "admin@park.example" in text
    assert "organisation.approved" in text
    assert "Yubei Design Lab" in text
    assert "pending" in text and "approved" in text


def test_audit_log_filters_by_action(client, login):
    login(AdminFactory())
    AuditEntryFactory(action="organisation.approved", summary="Approved summary")
    AuditEntryFactory(action="user.deactivated", summary="Deactivated summary")

    text = page_text(client.get("/admin/audit?action=organisation.approved"))

    assert "Approved summary" in text
    assert "Deactivated summary" not in text


def test_audit_log_filter_with_no_match_says_so(client, login):
    login(AdminFactory())
    AuditEntryFactory(action="user.deactivated")

    text = page_text(client.get("/admin/audit?action=nothing.like.this"))

    assert "No entries" in text


def test_audit_log_shows_what_the_admin_just_did(client, login):
    organisation, _owner = pending_organisation("Pending Lab")
    login(AdminFactory())
    decide(client, organisation, "approve")

    text = page_text(client.get("/admin/audit?action=organisation.approved"))

    assert "organisation.approved" in text
    assert "Pending Lab" in text
