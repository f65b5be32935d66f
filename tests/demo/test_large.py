"""The large demo set (`seed-demo --scale large`), generated at a small factor: its counts,
the rules its rows keep, and the pages that render on it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
from sqlalchemy import func, select

from park.accounts.models import Organisation, OrgKind, User
from park.core.audit import AuditEntry
from park.demo import data
from park.demo.large import AUDIT_ACTION, COUNTS, LargeParkPresent, seed_large
from park.demo.seed import seed_demo
from park.directory.models import ProviderProfile
from park.events.models import Event, EventStatus, Registration, RegistrationStatus
from park.matching.models import Match, Need
from park.projects.lifecycle import TEMPLATES
from park.projects.models import LifecycleStage, Project
from park.tenants.models import HOLDING_STATUSES, Lease

FACTOR = 0.005
TODAY = date(2026, 11, 29)


def _quiet(_message: str) -> None:
    pass


def _scaled(name: str) -> int:
    return max(1, int(COUNTS[name] * FACTOR + 0.5))


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def large(app, db):
    """The demo park with the large set on top, at FACTOR; the counts of the demo alone."""
    seed_demo(echo=_quiet)
    before = {model: _count(db, model) for model in (Organisation, User, Project, Event,
                                                     Registration, Need)}
    seed_large(factor=FACTOR, today=TODAY, echo=_quiet)
    db.session.expire_all()
    return before


def test_large_set_adds_counts_in_proportion_to_the_factor(db, large):
    organisations = sum(_scaled(kind) for kind in ("design_firms", "manufacturers", "labs",
                                                   "academic", "public_bodies"))
    added = {model: _count(db, model) - before for model, before in large.items()}
    assert added == {Organisation: organisations, User: _scaled("users"),
                     Project: _scaled("projects"), Event: _scaled("events"),
                     Registration: _scaled("registrations"), Need: _scaled("needs")}
    assert _count(db, Match) > 0


def test_every_event_counts_exactly_its_confirmed_registrations(db, large):
    confirmed = dict(db.session.execute(
        select(Registration.event_id, func.count())
        .where(Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Registration.event_id)).all())
    events = db.session.execute(select(Event.id, Event.confirmed_count, Event.capacity)).all()
    assert all(count == confirmed.get(event_id, 0) and count <= capacity
               for event_id, count, capacity in events)
    assert any(status is RegistrationStatus.WAITLISTED
               for status in db.session.scalars(select(Registration.status)))


def test_every_project_has_its_templates_stages_and_a_current_stage_that_agrees(db, large):
    stages = defaultdict(list)
    for project_id, kind, status in db.session.execute(
            select(LifecycleStage.project_id, LifecycleStage.kind, LifecycleStage.status)
            .order_by(LifecycleStage.project_id, LifecycleStage.position)):
        stages[project_id].append((kind, status))
    for project in db.session.scalars(select(Project)):
        kinds = [kind for kind, _ in stages[project.id]]
        assert kinds == list(TEMPLATES[project.template].stages), project.id
        first_open = next((kind for kind, status in stages[project.id] if not status.done),
                          None)
        assert project.current_stage == first_open, project.id


def test_no_unit_is_let_twice_and_no_venue_holds_two_published_events_at_once(db, large):
    by_unit = defaultdict(list)
    for unit_id, start, end in db.session.execute(
            select(Lease.unit_id, Lease.start_on, Lease.end_on)
            .where(Lease.status.in_(HOLDING_STATUSES))):
        by_unit[unit_id].append((start, end))
    by_venue = defaultdict(list)
    for venue_id, start, end in db.session.execute(
            select(Event.venue_id, Event.starts_at, Event.ends_at)
            .where(Event.status == EventStatus.PUBLISHED)):
        by_venue[venue_id].append((start, end))
    for spans in (*by_unit.values(), *by_venue.values()):
        spans.sort()
        assert all(earlier[1] < later[0] for earlier, later in zip(spans, spans[1:],
                                                                      strict=False))


def test_seeding_the_large_set_again_is_refused_and_adds_nothing(db, large):
    projects = _count(db, Project)
    with pytest.raises(LargeParkPresent):
        seed_large(factor=FACTOR, today=TODAY, echo=_quiet)
    assert _count(db, Project) == projects


def test_seed_demo_scale_large_command_adds_the_set_once_and_keeps_the_demo_logins(
        app, db, runner):
    first = runner.invoke(args=["seed-demo", "--scale", "large", "--factor", "0.002"])
    assert first.exit_code == 0, first.output
    assert "Large data set added" in first.output and data.ADMIN.email in first.output
    projects = _count(db, Project)
    again = runner.invoke(args=["seed-demo", "--scale", "large", "--factor", "0.002"])
    assert again.exit_code == 0, again.output
    assert "already there; not adding it again" in again.output
    assert _count(db, Project) == projects
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == AUDIT_ACTION)) == 1


def test_main_pages_render_on_the_large_set(client, auth, db, large):
    auth.login(data.ADMIN.email, data.DEMO_PASSWORD)
    project_id = db.session.scalar(select(Project.id).order_by(Project.id.desc()).limit(1))
    need_id = db.session.scalar(select(Need.id).join(Match, Match.need_id == Need.id)
                                .order_by(Need.id.desc()).limit(1))
    firm = db.session.scalar(select(Organisation.slug).join(Project, Project.firm_id ==
                                                            Organisation.id)
                             .where(Project.id == project_id))
    pages = ["/directory?q=design", "/admin/tenants", f"/orgs/{firm}/projects/board",
             f"/projects/{project_id}", "/events", f"/needs/{need_id}", "/admin/dashboard",
             "/api/v1/projects"]
    statuses = {page: client.get(page).status_code for page in pages}
    assert statuses == dict.fromkeys(pages, 200)


def test_directory_finds_a_firm_of_the_large_set(client, db, large):
    name = db.session.scalar(
        select(Organisation.name).join(ProviderProfile)
        .where(ProviderProfile.listed.is_(True), Organisation.website.like("%.example"),
               Organisation.kind == OrgKind.DESIGN_FIRM,
               ~Organisation.name.contains("'"))  # shown escaped
        .order_by(Organisation.id.desc()).limit(1))
    page = client.get("/directory", query_string={"q": name})
    assert page.status_code == 200
    assert name in page.get_data(as_text=True)
