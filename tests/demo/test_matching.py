"""The demo park's matching: needs at every status with matches at every step, the motorcycle
fairing need, the "artists + engineers" teams and the institute's profiles, all consistent
with the lifecycle the services keep."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from park.accounts.models import Organisation, OrgKind, User
from park.core.notifications import Notification
from park.core.time import as_utc, now_utc
from park.demo import data, matching_data
from park.demo.seed import demo_park_complete, seed_demo
from park.events.models import Event
from park.extensions import db
from park.matching import queries
from park.matching.lifecycle import MOVES, REACHED_COLUMNS
from park.matching.models import (
    AcademicProfile,
    Discipline,
    Match,
    MatchStatus,
    Need,
    NeedStatus,
    NeedVisibility,
    Team,
)
from park.matching.scoring import score_providers


def _quiet(_message: str) -> None:
    pass


@pytest.fixture
def needs(app) -> list[Need]:
    seed_demo(echo=_quiet)
    db.session.expire_all()
    return list(db.session.scalars(select(Need).order_by(Need.id).options(
        selectinload(Need.specialties), selectinload(Need.service_types),
        selectinload(Need.invitations))))


def _matches() -> list[Match]:
    return list(db.session.scalars(select(Match).order_by(Match.id).options(
        selectinload(Match.steps), selectinload(Match.need))))


def _need(needs, title: str) -> Need:
    return next(need for need in needs if need.title == title)


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _org(slug: str) -> Organisation:
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug))


def test_about_ten_needs_of_the_demo_manufacturers_at_every_need_status(needs):
    assert len(needs) == len(matching_data.NEEDS)
    assert 10 <= len(needs) <= 14
    assert {need.owner.kind for need in needs} == {OrgKind.MANUFACTURER}
    assert {need.status for need in needs} == set(NeedStatus)
    assert all(need.service_types and need.specialties for need in needs)


def test_matches_stand_at_every_status(needs):
    statuses = Counter(match.status for match in _matches())

    assert set(statuses) == set(MatchStatus)
    assert statuses[MatchStatus.CONVERTED] == 1


def test_the_motorcycle_fairing_need_wants_cmf_mould_design_and_prototypes(needs):
    need = _need(needs, "Electric motorcycle fairing: CMF + mould design + prototype")

    assert need.owner.slug == "fengchi-motorcycle"
    assert need.visibility is NeedVisibility.PARK
    assert need.status is NeedStatus.IN_DISCUSSION
    assert [s.code for s in need.service_types] == ["cmf", "mould-design",
                                                    "prototype-production"]
    assert [s.code for s in need.specialties] == ["motorcycle"]
    assert need.deadline > now_utc().date()


def test_the_motorcycle_need_has_a_provider_at_every_step_but_conversion(needs):
    need = _need(needs, matching_data.MOTORCYCLE_FAIRING)

    statuses = {m.status for m in _matches() if m.need_id == need.id}

    assert statuses == set(MatchStatus) - {MatchStatus.CONVERTED}


def test_the_motorcycle_need_ranks_motorcycle_firms_covering_two_services_first(needs):
    need = _need(needs, matching_data.MOTORCYCLE_FAIRING)

    top = score_providers(need)[:4]

    assert all(len(row.candidate.services) >= 2 for row in top)
    assert all(row.candidate.specialties for row in top)
    assert "Chongqing Artop Yuli Technology Co., Ltd." in [r.candidate.name for r in top]


def test_a_team_of_two_institute_artists_and_one_firm_engineer(needs):
    team = db.session.scalar(select(Team).where(Team.name == matching_data.FAIRING_STUDIO))

    members = [(m.organisation.kind, m.discipline) for m in team.members]
    assert sorted(members, key=str) == sorted([
        (OrgKind.ACADEMIC, Discipline.ART_DESIGN), (OrgKind.ACADEMIC, Discipline.ART_DESIGN),
        (OrgKind.DESIGN_FIRM, Discipline.ENGINEERING)], key=str)
    assert (team.artists, team.engineers) == (2, 1)
    assert team.organisation.slug == "artop-yuli" and team.listed


def test_three_listed_teams_mixing_artists_and_engineers(needs):
    teams = db.session.scalars(select(Team).order_by(Team.name)).all()

    assert len(teams) == 3
    assert all(team.artists and team.engineers for team in teams)
    assert all(team.specialties and team.service_types for team in teams)


def test_every_institute_person_keeps_an_academic_profile(needs):
    profiles = db.session.scalars(select(AcademicProfile)).all()
    institute_people = {p.email for p in (*data.FACULTY, *data.STUDENTS)}

    assert {p.user.email for p in profiles} == institute_people
    assert {p.discipline for p in profiles} == set(Discipline)
    assert all(p.organisation.slug == data.INSTITUTE_SLUG and p.skills for p in profiles)


def test_every_match_moved_only_as_the_lifecycle_allows_and_in_the_past(needs):
    now = now_utc()
    for match in _matches():
        steps = match.steps
        assert steps[0].from_status is None
        assert steps[0].to_status in (MatchStatus.INTERESTED, MatchStatus.SHORTLISTED)
        for before, step in zip(steps, steps[1:], strict=False):
            assert step.from_status is before.to_status
            assert any(move.target is step.to_status and step.from_status in move.sources
                       for move in MOVES.values()), (match.need.title, step.to_status)
            assert as_utc(before.created_at) < as_utc(step.created_at) < now
        assert steps[-1].to_status is match.status
        assert as_utc(match.need.created_at) < as_utc(steps[0].created_at)
        for step in steps:
            column = REACHED_COLUMNS.get(step.to_status)
            assert column is None or getattr(match, column) is not None


def test_declined_and_withdrawn_matches_keep_their_reason(needs):
    closed = [m for m in _matches()
              if m.status in (MatchStatus.DECLINED, MatchStatus.WITHDRAWN)]

    assert closed and all(m.reason and m.steps[-1].note == m.reason for m in closed)


def test_a_need_taken_forward_is_in_discussion(needs):
    forward = {MatchStatus.SHORTLISTED, MatchStatus.INTRO_REQUESTED, MatchStatus.INTRODUCED,
               MatchStatus.MEETING}
    for need in needs:
        reached = {step.to_status for m in _matches() if m.need_id == need.id for step in m.steps}
        if need.status is NeedStatus.OPEN:
            assert not reached & forward, need.title


def test_the_converted_need_became_a_project_of_the_firm_for_the_manufacturer(needs):
    need = _need(needs, matching_data.CONVERTED_NEED)
    match = next(m for m in _matches() if m.status is MatchStatus.CONVERTED)

    assert need.status is NeedStatus.CONVERTED and match.need_id == need.id
    project = need.project
    assert project is not None and match.project_id == project.id
    assert project.firm.slug == "qingneng-electrification"
    assert project.client.slug == "fengchi-motorcycle"
    assert project.title == need.title and project.specialty.code == "motorcycle"
    lead = next(m for m in project.members if m.role.value == "lead")
    assert lead.user.email == "qingneng-electrification@demo.park.example"
    assert project.stages[0].status.value == "in_progress"


def test_the_invited_only_need_invites_firms_and_a_team_and_every_match_is_invited(needs):
    need = _need(needs, matching_data.INVITED_NEED)

    assert need.visibility is NeedVisibility.INVITED
    invited = {i.organisation.slug if i.organisation else i.team.name for i in need.invitations}
    assert invited == {"artop-yuli", "qiyue-two-wheeler", matching_data.FAIRING_STUDIO}
    answered = [m for m in _matches() if m.need_id == need.id]
    assert answered and all(m.provider.slug in invited for m in answered)


def test_an_invited_firm_that_has_not_answered_sees_its_invitation(needs):
    qiyue_owner = _user("qiyue-two-wheeler@demo.park.example")

    invitations = queries.open_invitations(qiyue_owner)

    assert [i.need.title for i in invitations] == [matching_data.INVITED_NEED]


def test_a_meeting_at_the_fair_is_the_one_to_one_meeting_booked_there(needs):
    need = _need(needs, matching_data.MOTORCYCLE_FAIRING)
    match = next(m for m in _matches()
                 if m.need_id == need.id and m.status is MatchStatus.MEETING)

    assert match.provider.slug == "artop-yuli"
    assert match.meeting is not None
    assert match.meeting.event.title == match.meeting_place == matching_data.FAIR_TITLE
    assert {match.meeting.requester.slug, match.meeting.invitee.slug} == {
        "fengchi-motorcycle", "artop-yuli"}
    assert as_utc(match.meeting_starts_at) == as_utc(match.meeting.starts_at)


def test_a_meeting_without_a_fair_has_a_time_and_a_place(needs):
    meetings = [m for m in _matches() if m.meeting_starts_at is not None]

    elsewhere = [m for m in meetings if m.meeting is None]
    assert elsewhere and all(m.meeting_place for m in elsewhere)


def test_without_the_fair_the_meeting_falls_back_to_a_time_and_a_place(app):
    seed_demo(echo=_quiet)
    # The fair was renamed since: its hall is taken at that time, so no demo fair comes back.
    db.session.execute(Need.__table__.delete())
    db.session.execute(Event.__table__.update().where(Event.title == matching_data.FAIR_TITLE)
                       .values(title="Renamed fair"))
    db.session.commit()

    seed_demo(echo=_quiet)

    match = db.session.scalar(select(Match).join(Need).where(
        Need.title == matching_data.MOTORCYCLE_FAIRING, Match.status == MatchStatus.MEETING))
    assert match.meeting is None
    assert match.meeting_place == matching_data.MEET_AT_THE_FAIR.place
    assert as_utc(match.meeting_starts_at) > now_utc()


def test_artop_yuli_s_inbox_is_full(needs):
    artop_owner = _user("artop-yuli@demo.park.example")

    in_play = db.session.scalars(queries.inbox_query(artop_owner)).all()

    assert len(in_play) >= 3
    assert {m.status for m in in_play} >= {MatchStatus.MEETING, MatchStatus.INTRODUCED,
                                           MatchStatus.SHORTLISTED}


def test_the_team_s_members_see_its_match_in_their_inbox(needs):
    student = _user(matching_data.CHEN_YUTONG)

    in_play = db.session.scalars(queries.inbox_query(student)).all()

    assert {m.team.name for m in in_play} >= {matching_data.FAIRING_STUDIO}


def test_each_move_notified_the_other_side_with_a_link_to_the_match(needs):
    fengchi = _user("fengchi-motorcycle@demo.park.example")
    artop = _user("artop-yuli@demo.park.example")
    admin = _user(data.ADMIN_EMAIL)

    def kinds(user):
        rows = db.session.scalars(select(Notification).where(
            Notification.user_id == user.id, Notification.kind.startswith("match."))).all()
        assert all("/matches/" in row.link for row in rows)
        return Counter(row.kind for row in rows)

    assert kinds(fengchi)["match.interested"] >= 8
    assert kinds(fengchi)["match.withdrawn"] >= 1
    assert kinds(artop)["match.meeting"] == 1 and kinds(artop)["match.introduced"] == 1
    assert kinds(admin)["match.intro_requested"] >= 3


def test_notices_read_long_ago_and_recent_ones_unread(needs):
    rows = db.session.scalars(select(Notification).where(or_(
        Notification.kind.startswith("match."), Notification.kind.startswith("need.")))).all()

    assert any(row.read_at is None for row in rows)
    assert any(row.read_at is not None for row in rows)


def test_the_funnel_counts_the_demo_needs_at_every_step(needs):
    steps = {step.key: step.count for step in queries.funnel()}

    assert steps["posted"] == len(needs)
    assert steps["interested"] > steps["introduced"] > 0
    assert steps["meeting"] >= steps["converted"] == 1


def test_reseeding_adds_back_a_deleted_need_with_its_matches_and_leaves_the_others(app):
    seed_demo(echo=_quiet)
    need = db.session.scalar(select(Need).where(Need.title == matching_data.MOTORCYCLE_FAIRING))
    others = db.session.scalars(select(Need.id).where(Need.id != need.id)).all()
    db.session.delete(need)
    db.session.commit()
    assert not demo_park_complete()

    report = seed_demo(echo=_quiet)

    assert (report.needs_created, report.needs_existing) == (1, len(matching_data.NEEDS) - 1)
    assert report.matches_created == 8 and report.teams_created == 0
    assert demo_park_complete()
    assert set(db.session.scalars(select(Need.id))) >= set(others)


def test_seed_demo_if_empty_adds_matching_to_a_park_seeded_before_it(app):
    seed_demo(echo=_quiet)
    for table in (Need.__table__, Team.__table__, AcademicProfile.__table__):
        db.session.execute(table.delete())
    db.session.commit()
    assert not demo_park_complete()

    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert "needs: 12 created, 0 existing" in result.output
    assert "teams: 3 created" in result.output
    assert demo_park_complete()
