"""Support for the hostile-input tests: hostile values, a park with one of everything whose
ids fill every URL rule, a small reader of the forms on a page, and a sign-in that needs no
request (so a sweep that logs out or changes the password does not lose its user)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from itsdangerous import URLSafeTimedSerializer
from wtforms.fields.core import UnboundField

from park.accounts.models import Organisation, OrgKind, OrgRole, OrgStatus, User
from park.api.tokens import create_token
from park.events.calendars import create_feed
from park.extensions import db
from park.matching.models import NeedInvitation
from park.projects import workflow
from park.projects.lifecycle import DeliverableKind
from tests.factories import (
    PASSWORD,
    AcademicProfileFactory,
    AdminFactory,
    EventFactory,
    InvitationFactory,
    IpRecordFactory,
    LeaseFactory,
    MatchFactory,
    MeetingFactory,
    MembershipFactory,
    MilestoneFactory,
    NeedFactory,
    OrganisationFactory,
    ProviderProfileFactory,
    RegistrationFactory,
    ServiceTypeFactory,
    SpecialtyFactory,
    TeamFactory,
    TeamMemberFactory,
    TenancyFactory,
    UnitFactory,
    UserFactory,
    make_project,
    member_of,
)
from tests.projects.pages import PDF

# Markup that must never reach a page as markup; only its escaped form may.
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# A line break too: names and titles end up in e-mail subjects (header injection).
MARKUP = f"Hostile {IMG}{SCRIPT}\r\nBcc: evil@example.com"
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror")

SQL = ["' OR 1=1 --", "'; DROP TABLE users; --", '1" OR "1"="1', "1; SELECT pg_sleep(5)"]
LONG = "L" * 10_500
HOSTILE_VALUES = [SCRIPT, IMG, *SQL, LONG, "Subject\r\nBcc: evil@example.com", "-1",
                  "99999999999999999999", "%00", "../../etc/passwd", "\u202e\ufeff\u200b",
                  "😀" * 50, " ", ""]
# Bytes that are no UTF-8 at all, in a query string or a urlencoded body.
NON_UTF8 = b"\xff\xfe\xc3\x28\xa0\xa1\xf0\x28\x8c\xbc"

# Endpoints the framework serves, and the API's document (fuzzed by schemathesis in CI).
SKIPPED = {"static", "bootstrap.static"}
# Forms that would take the sweep's own user or data away if filled in like any other; the
# hostile-body sweep still posts to each of them.
DESTRUCTIVE = {
    "accounts.logout", "accounts.set_user_active", "accounts.remove_member",
    "accounts.change_member_role", "accounts.revoke_invitation", "accounts.decide_organisation",
    "core.set_language", "events.cancel_event", "events.cancel_registration",
    "events.cancel_meeting", "events.revoke_feed", "tenants.cancel_lease", "tenants.end_lease",
    "tenants.change_status", "projects.remove_deliverable", "projects.remove_member",
    "projects.delete_milestone", "projects.delete_ip_record", "directory.delete_term",
    "matching.close_need", "matching.withdraw_invitation", "matching.remove_team_member",
    "api.revoke_token",
}


@dataclass
class World:
    admin: User
    firm: Organisation
    arguments: dict
    # URL arguments that mean another object on some endpoints
    overrides: dict = field(default_factory=dict)
    api_token: str = ""

    def url_for_rule(self, rule) -> str:
        values = {**self.arguments, **self.overrides.get(rule.endpoint, {})}
        return rule.build({name: values[name] for name in rule.arguments})[1]


def build_world() -> World:
    """A park admin who owns a design firm and a manufacturer, with one of everything."""
    admin = AdminFactory(name="Ada Admin")
    firm = OrganisationFactory(slug="hostile-firm", name="Hostile Firm")
    maker = OrganisationFactory(slug="hostile-maker", name="Hostile Maker",
                                kind=OrgKind.MANUFACTURER)
    institute = OrganisationFactory(slug="hostile-institute", kind=OrgKind.ACADEMIC)
    other_firm = OrganisationFactory(slug="other-firm")
    pending = OrganisationFactory(slug="pending-org", status=OrgStatus.PENDING)
    for organisation in (firm, maker):
        MembershipFactory(user=admin, organisation=organisation, role=OrgRole.OWNER)
    MembershipFactory(user=admin, organisation=institute, role=OrgRole.MEMBER)
    victim = member_of(firm, name="Victor Victim")
    victim_membership = victim.memberships[0]

    specialty = SpecialtyFactory()
    service = ServiceTypeFactory()
    for organisation in (firm, other_firm):
        ProviderProfileFactory(organisation=organisation, specialties=[specialty],
                               service_types=[service])
        TenancyFactory(organisation=organisation)
    unit = UnitFactory()
    lease = LeaseFactory(organisation=firm, unit=unit)

    project = make_project(firm, lead=admin, title="Hostile fairing", client=maker)
    stage = project.stages[0]
    deliverable = workflow.add_deliverable(admin, stage, name="Brief",
                                           kind=DeliverableKind.DOCUMENT, required=False)
    version = workflow.upload_version(admin, deliverable, io.BytesIO(PDF), filename="brief.pdf")
    member = next(m for m in project.members if m.user_id == admin.id)
    milestone = MilestoneFactory(project=project)
    record = IpRecordFactory(project=project)

    event = EventFactory(meetings_enabled=True, title="Hostile fair")
    registration = RegistrationFactory(event=event, user=admin)
    meeting = MeetingFactory(event=event, requester=maker, invitee=other_firm)

    need = NeedFactory(owner=maker, title="Hostile need", specialties=[specialty],
                       service_types=[service])
    match = MatchFactory(need=need, provider=firm)
    need_invitation = NeedInvitation(need=need, organisation=other_firm, invited_by_id=admin.id)
    db.session.add(need_invitation)
    AcademicProfileFactory(user=admin, organisation=institute)
    team = TeamFactory(organisation=firm, name="Hostile team")
    team_member = TeamMemberFactory(team=team, user=UserFactory())
    invitation = InvitationFactory(organisation=firm)
    token, plaintext = create_token(admin, name="sweep", expires_on=None)
    feed_token = create_feed(admin)
    db.session.commit()

    arguments = {
        "slug": firm.slug, "token": feed_token, "invitation_id": invitation.id,
        "membership_id": victim_membership.id, "user_id": victim.id, "decision": "approve",
        "action": "deactivate", "lease_id": lease.id, "unit_id": unit.id,
        "code": unit.building.code, "taxonomy": "specialties", "term_id": specialty.id,
        "project_id": project.id, "stage_id": stage.id, "deliverable_id": deliverable.id,
        "version_id": version.id, "member_id": member.id, "milestone_id": milestone.id,
        "record_id": record.id, "event_id": event.id, "venue_id": event.venue_id,
        "registration_id": registration.id, "meeting_id": meeting.id, "answer": "accept",
        "need_id": need.id, "match_id": match.id, "move": "shortlist", "team_id": team.id,
        "report": "projects", "fmt": "csv", "name": "swagger-ui.css", "token_id": token.id,
    }
    overrides = {
        "matching.remove_team_member": {"member_id": team_member.id},
        "matching.withdraw_invitation": {"invitation_id": need_invitation.id},
        "accounts.decide_organisation": {"slug": pending.slug},
        "accounts.accept_invitation": {"token": "not-a-real-token"},
        "accounts.reset_password": {"token": "not-a-real-token"},
    }
    return World(admin=admin, firm=firm, arguments=arguments, overrides=overrides,
                 api_token=plaintext)


# The session's CSRF secret in the sweep; its signed form goes in the X-CSRFToken header.
CSRF_RAW = "hostile-sweep-csrf-secret"


def sign_in(client, user: User) -> None:
    """Put `user` in the client's session as Flask-Login does, without a request."""
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
        session["csrf_token"] = CSRF_RAW


def csrf_header_token(app) -> str:
    """The token Flask-WTF would hand out for CSRF_RAW (what generate_csrf signs)."""
    secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.config["SECRET_KEY"]
    return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(CSRF_RAW)


def rules(app, *, methods=("GET",), api: bool | None = False):
    """(rule, method) for every rule the sweep requests; api=None takes both kinds."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if rule.endpoint in SKIPPED:
            continue
        is_api = rule.rule.startswith("/api/")
        if api is not None and is_api != api:
            continue
        for method in sorted(rule.methods & set(methods)):
            yield rule, method


def form_field_names(app) -> set[str]:
    """Every field name of every form class in the app (the generic body of the sweep)."""
    names: set[str] = set()
    pending = list(FlaskForm.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        for klass in cls.__mro__:
            names.update(name for name, value in vars(klass).items()
                         if isinstance(value, UnboundField))
    return names - {"csrf_token"}


def is_html(response) -> bool:
    return response.mimetype == "text/html"


def raw_markup_in(response) -> list[str]:
    body = response.get_data(as_text=True)
    return [marker for marker in RAW_MARKERS if marker in body]


# Reading and filling a page's forms ------------------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    invalid: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: list[FormField] = field(default_factory=list)
    multipart: bool = False


class FormReader(HTMLParser):
    """The forms of a page, with their fields as a browser would submit them."""

    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: FormField | None = None
        self._select: FormField | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        if tag == "form":
            action = urlsplit(attributes.get("action") or self.page_path)
            self._form = Form(
                method=(attributes.get("method") or "get").lower(),
                action=action.path + (f"?{action.query}" if action.query else ""),
                multipart="multipart" in attributes.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        if self._form is None or not attributes.get("name"):
            if tag == "option" and self._select is not None:
                self._add_option(attributes)
            return
        invalid = attributes.get("aria-invalid") == "true"
        if tag == "input":
            self._form.fields.append(FormField(
                attributes["name"], attributes.get("type", "text").lower(),
                attributes.get("value", ""), checked="checked" in attributes, invalid=invalid))
        elif tag == "textarea":
            self._textarea = FormField(attributes["name"], "textarea", invalid=invalid)
            self._form.fields.append(self._textarea)
        elif tag == "select":
            self._select = FormField(attributes["name"], "select", invalid=invalid,
                                     checked="multiple" in attributes)
            self._form.fields.append(self._select)
        elif tag == "button" and attributes.get("value"):
            self._form.fields.append(FormField(attributes["name"], "submit",
                                               attributes["value"]))

    def _add_option(self, attributes):
        value = attributes.get("value", "")
        if value:
            self._select.options.append(value)
        if "selected" in attributes:
            self._select.value = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_on(response, page_path: str) -> list[Form]:
    reader = FormReader(page_path)
    reader.feed(response.get_data(as_text=True))
    return reader.forms


TEXT_KINDS = {"text", "textarea", "search", "tel"}
IN_A_MONTH = (date.today() + timedelta(days=30)).isoformat()


def plain_value(form_field: FormField) -> str:
    """A value that passes a field's usual checks, for fields the payload cannot fill."""
    name = form_field.name
    if "email" in name:
        return "hostile@example.com"
    if any(part in name for part in ("website", "url", "link")):
        return "https://example.com/plain"
    if "phone" in name:
        return "+86 23 6000 0000"
    if any(part in name for part in ("slug", "code")):
        return "plain7"
    return "Plain 7"


def filled(form: Form, payload: str, *, plain: set[str] = frozenset()) -> dict:
    """The form's body with `payload` in every free-text field (or a plain value for those
    named in `plain`), and a usable value everywhere else."""
    body: dict[str, list[str]] = {}
    for form_field in form.fields:
        kind, name = form_field.kind, form_field.name
        if kind in ("submit", "button", "reset", "image", "file"):
            if kind == "submit" and form_field.value:
                body.setdefault(name, []).append(form_field.value)
            continue
        if kind in ("checkbox", "radio"):
            if form_field.checked or (kind == "radio" and name not in body):
                body[name] = [form_field.value or "y"]
            continue
        if kind == "select":
            value = form_field.value or (form_field.options[0] if form_field.options else "")
            body.setdefault(name, []).append(value)
            continue
        if kind == "hidden":
            body.setdefault(name, []).append(form_field.value)
            continue
        if kind == "email":
            value = "hostile@example.com"
        elif kind == "url":
            value = "https://example.com/hostile"
        elif kind == "password":
            value = PASSWORD
        elif kind == "date":
            value = form_field.value or IN_A_MONTH
        elif kind == "datetime-local":
            value = form_field.value or IN_A_MONTH + "T10:00"
        elif kind == "time":
            value = form_field.value or "10:00"
        elif kind == "number":
            value = form_field.value or "3"
        elif name in plain:
            value = plain_value(form_field)
        else:
            value = payload
        body.setdefault(name, []).append(value)
    return body


# Small limits, so "too large" is cheap to send.
LIMITS = {
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "LOGO_MAX_BYTES": 4 * 1024,
    "DELIVERABLE_MAX_BYTES": 8 * 1024,
    "IMPORT_MAX_BYTES": 4 * 1024,
}
