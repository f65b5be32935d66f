"""Every endpoint is known here, declares its policy, and refuses anonymous users unless public."""

from __future__ import annotations

import pytest

from park import create_app
from park.core.policy import anyone

# Served by the framework: static files carry no data that needs a policy.
STATIC = {"static", "bootstrap.static"}

PUBLIC = {
    "core.home",
    "core.healthz",
    "core.set_language",
    "accounts.login",
    "accounts.signup",
    "accounts.accept_invitation",
    "accounts.forgot_password",
    "accounts.reset_password",
    "directory.search",
    "directory.profile",
    "directory.logo",
    # a public project shows its public face to anyone; the view checks the project itself
    "projects.project",
    "projects.ip_records",
    # the public event calendar, published events and their .ics; the feed checks its token
    "events.calendar",
    "events.event",
    "events.event_ics",
    "events.calendar_feed",
    # listed "artists + engineers" teams belong to the public directory (names need sign-in)
    "matching.teams",
    "matching.team",
    # the API's document and docs; the API's public reads answer anonymous callers with what
    # the public site shows
    "api.openapi_json",
    "api.docs",
    "api.docs_asset",
    "api_organisations.list_organisations",
    "api_organisations.get_organisation",
    "api_projects.list_projects",
    "api_projects.get_project",
    "api_projects.list_milestones",
    "api_projects.list_ip_records",
    "api_events.list_events",
    "api_events.get_event",
}

GUARDED = {
    "core.audit_log",
    "accounts.logout",
    "accounts.profile",
    "accounts.organisation",
    "accounts.edit_organisation",
    "accounts.invite",
    "accounts.revoke_invitation",
    "accounts.change_member_role",
    "accounts.remove_member",
    "accounts.admin_organisations",
    "accounts.decide_organisation",
    "accounts.admin_users",
    "accounts.set_user_active",
    # tenants: the park office's screens
    "tenants.tenant_list",
    "tenants.new_tenant",
    "tenants.track_tenant",
    "tenants.tenant_detail",
    "tenants.edit_tenancy",
    "tenants.change_status",
    "tenants.create_lease",
    "tenants.edit_lease",
    "tenants.end_lease",
    "tenants.cancel_lease",
    "tenants.buildings",
    "tenants.new_building",
    "tenants.building",
    "tenants.edit_building",
    "tenants.new_unit",
    "tenants.unit_detail",
    "tenants.edit_unit",
    "tenants.export_tenants",
    "tenants.export_units",
    "tenants.import_tenants",
    "tenants.import_units",
    # directory: profiles, contact requests, taxonomies
    "directory.request_contact",
    "directory.edit_profile",
    "directory.contact_requests",
    "directory.taxonomies",
    "directory.create_term",
    "directory.edit_term",
    "directory.delete_term",
    # projects: lists and the board
    "projects.my_projects",
    "projects.organisation_projects",
    "projects.board",
    "projects.new_project",
    "projects.park_projects",
    # projects: one project
    "projects.edit_project",
    "projects.history",
    "projects.stage",
    "projects.move_stage",
    "projects.add_deliverable",
    "projects.remove_deliverable",
    "projects.upload_version",
    "projects.download_version",
    "projects.add_member",
    "projects.remove_member",
    "projects.add_milestone",
    "projects.edit_milestone",
    "projects.achieve_milestone",
    "projects.delete_milestone",
    # projects: IP records
    "projects.new_ip_record",
    "projects.edit_ip_record",
    "projects.delete_ip_record",
    "projects.organisation_ip",
    "projects.park_ip",
    # events: running them, venues, registration, tickets, check-in
    "events.manage_events",
    "events.new_event",
    "events.edit_event",
    "events.publish_event",
    "events.cancel_event",
    "events.venues",
    "events.edit_venue",
    "events.register",
    "events.cancel_registration",
    "events.my_registrations",
    "events.ticket",
    "events.ticket_qr",
    "events.registrations",
    "events.check_in",
    # events: B2B meetings and agendas, calendar feed settings
    "events.meetings",
    "events.request_meeting",
    "events.answer_meeting",
    "events.cancel_meeting",
    "events.agenda",
    "events.feed_settings",
    "events.revoke_feed",
    # matching: needs, their ranked providers, interest and invitations
    "matching.needs",
    "matching.new_need",
    "matching.need",
    "matching.edit_need",
    "matching.close_need",
    "matching.reopen_need",
    "matching.invite",
    "matching.withdraw_invitation",
    "matching.express_interest",
    "matching.shortlist_candidate",
    # matching: a match's moves, the provider's inbox, the park office's funnel
    "matching.match",
    "matching.move_match",
    "matching.propose_meeting",
    "matching.convert_match",
    "matching.inbox",
    "matching.funnel",
    # matching: academic profiles, people and teams
    "matching.academic_profile",
    "matching.people",
    "matching.new_team",
    "matching.edit_team",
    "matching.add_team_member",
    "matching.remove_team_member",
    # dashboards, reports and exports, the audit log's CSV
    "dashboard.home",
    "dashboard.park",
    "dashboard.organisation",
    "dashboard.reports",
    "dashboard.export",
    "dashboard.organisation_export",
    "core.audit_log_csv",
    # notifications
    "core.notifications",
    "core.read_notifications",
    # personal API tokens (made on the profile page) and the API's writes and own lists
    "api.revoke_token",
    "api_projects.create_project",
    "api_projects.update_project",
    "api_projects.advance_stage",
    "api_projects.approve_stage",
    "api_projects.create_milestone",
    "api_projects.create_ip_record",
    "api_needs.list_needs",
    "api_needs.create_need",
    "api_needs.get_need",
    "api_needs.list_need_matches",
    "api_events.register",
    "api_events.list_my_registrations",
    "api_events.cancel_registration",
    "api_events.request_meeting",
    "api_events.accept_meeting",
    "api_events.decline_meeting",
    "api_events.list_my_meetings",
}

# A value for each URL argument name, so every rule can be requested.
SAMPLE_ARGUMENTS = {
    "slug": "some-org",
    "token": "not-a-real-token",
    "invitation_id": 1,
    "membership_id": 1,
    "user_id": 1,
    "decision": "approve",
    "action": "deactivate",
    "lease_id": 1,
    "unit_id": 1,
    "code": "A",
    "taxonomy": "specialties",
    "term_id": 1,
    "project_id": 1,
    "stage_id": 1,
    "deliverable_id": 1,
    "version_id": 1,
    "member_id": 1,
    "milestone_id": 1,
    "record_id": 1,
    "event_id": 1,
    "venue_id": 1,
    "registration_id": 1,
    "meeting_id": 1,
    "answer": "accept",
    "need_id": 1,
    "match_id": 1,
    "move": "shortlist",
    "team_id": 1,
    "report": "projects",
    "fmt": "csv",
    "name": "swagger-ui.css",
    "token_id": 1,
}


def test_every_endpoint_is_listed_as_public_or_guarded(app):
    endpoints = set(app.view_functions)
    unknown = endpoints - STATIC - PUBLIC - GUARDED
    stale = (PUBLIC | GUARDED) - endpoints
    assert not unknown, f"add these endpoints to PUBLIC or GUARDED: {sorted(unknown)}"
    assert not stale, f"these listed endpoints no longer exist: {sorted(stale)}"


def test_every_view_declares_its_policy_through_guard(app):
    undeclared = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint not in STATIC and not hasattr(view, "park_policy")
    ]
    assert not undeclared, f"wrap these views in @guard(policy): {undeclared}"


def test_only_listed_public_endpoints_use_the_anyone_policy(app):
    open_to_anyone = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "park_policy", None) is anyone
    }
    assert open_to_anyone == PUBLIC


def _guarded_requests(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in GUARDED:
            continue
        arguments = {name: SAMPLE_ARGUMENTS[name] for name in rule.arguments}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, rule.build(arguments)[1]


@pytest.fixture
def app_without_csrf(_schema, database_url):
    # CSRF would refuse the POSTs first; this test is about the authorisation behind it.
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        yield app


def test_guarded_endpoints_refuse_anonymous_users(app_without_csrf):
    client = app_without_csrf.test_client()
    reachable = []
    for endpoint, method, path in _guarded_requests(app_without_csrf):
        response = client.open(path, method=method)
        sent_to_login = response.status_code == 302 and "/login" in response.location
        if not (sent_to_login or response.status_code in (401, 403)):
            reachable.append((endpoint, method, path, response.status_code))
    assert not reachable, f"anonymous users reached: {reachable}"


ADMIN_PAGES = (
    "/admin/organisations",
    "/admin/users",
    "/admin/audit",
    "/admin/tenants",
    "/admin/tenants/new",
    "/admin/tenants/export.csv",
    "/admin/tenants/import",
    "/admin/buildings",
    "/admin/buildings/new",
    "/admin/units/export.csv",
    "/admin/units/import",
    "/admin/taxonomies",
    "/admin/projects",
    "/admin/events",
    "/admin/events/new",
    "/admin/venues",
)


def test_admin_endpoints_refuse_signed_in_non_admins(app, client, login):
    from tests.factories import UserFactory

    login(UserFactory())
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 403, path
