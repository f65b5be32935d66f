"""The workflow rules of needs and matches, through `park.matching.services`: who may answer,
which moves the lifecycle allows, what each move leaves behind (history, the need's status,
the project) and who hears about it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from park.accounts.models import OrgKind, OrgRole
from park.core.errors import DomainError
from park.core.notifications import Notification
from park.core.time import now_utc
from park.extensions import db
from park.matching import services
from park.matching.lifecycle import MOVES, MatchAction
from park.matching.models import (
    Discipline,
    Match,
    MatchStatus,
    MatchStep,
    Need,
    NeedInvitation,
    NeedStatus,
    NeedVisibility,
)
from park.projects.models import ProjectRole, ProjectStatus, Visibility
from tests.factories import (
    AdminFactory,
    NeedFactory,
    OrganisationFactory,
    ServiceTypeFactory,
    SpecialtyFactory,
    TeamFactory,
    TeamMemberFactory,
    member_of,
)


class Parties:
    def __init__(self):
        self.motorcycle = SpecialtyFactory(name="Motorcycle")
        self.cmf = ServiceTypeFactory(name="CMF")
        self.owner_org = OrganisationFactory(name="Fengchi Motorcycle",
                                             kind=OrgKind.MANUFACTURER)
        self.owner = member_of(self.owner_org, OrgRole.OWNER, name="Feng Owner")
        self.owner_colleague = member_of(self.owner_org, name="Feng Colleague")
        self.firm = OrganisationFactory(name="Artop Yuli")
        self.designer = member_of(self.firm, OrgRole.OWNER, name="Artop Owner")
        self.other_firm = OrganisationFactory(name="Xunfeng Styling")
        self.other_designer = member_of(self.other_firm, OrgRole.OWNER)
        self.admin = AdminFactory()
        self.need = NeedFactory(owner=self.owner_org, title="Electric motorcycle fairing",
                                specialties=[self.motorcycle], service_types=[self.cmf])

    def interest(self, organisation=None, actor=None, message="We did three fairings."):
        return services.express_interest(actor or self.designer, self.need,
                                         organisation=organisation or self.firm,
                                         message=message)


@pytest.fixture
def parties():
    return Parties()


def _move(actor, match, action, note=""):
    services.move_match(actor, match, action, expected_version=match.version, note=note)


def _convert(actor, match, **overrides):
    fields = dict(title=match.need.title, summary=match.need.description,
                  specialty=match.need.specialties[0], template="full",
                  start_on=date(2027, 1, 4), target_end_on=date(2027, 9, 30),
                  visibility=Visibility.PARK)
    fields.update(overrides)
    return services.convert_match(actor, match, expected_version=match.version,
                                  need_version=match.need.version, **fields)


def _steps(match) -> list[tuple]:
    db.session.expire_all()
    return [(s.from_status, s.to_status, s.actor_id, s.note) for s in db.session.scalars(
        select(MatchStep).where(MatchStep.match_id == match.id).order_by(MatchStep.id))]


def _notified(user) -> list[str]:
    return list(db.session.scalars(select(Notification.kind).where(
        Notification.user_id == user.id).order_by(Notification.id)))


def _refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


# Interest -------------------------------------------------------------------------------------


def test_interest_puts_the_provider_in_play_and_tells_the_owner_s_people(parties, outbox):
    match = parties.interest()

    assert match.status is MatchStatus.INTERESTED and match.interested_at is not None
    assert match.created_by_id == parties.designer.id
    assert _notified(parties.owner) == _notified(parties.owner_colleague) == [
        "match.interested"]
    assert _notified(parties.designer) == []
    assert {m.to[0] for m in outbox} == {parties.owner.email, parties.owner_colleague.email}
    notice = db.session.scalar(select(Notification).where(
        Notification.user_id == parties.owner.id))
    assert notice.text("en") == ("Artop Yuli is interested in your need "
                                 "\u201cElectric motorcycle fairing\u201d.")
    assert notice.link.endswith(f"/matches/{match.id}")


def test_interest_twice_for_the_same_provider_is_refused(parties):
    parties.interest()

    error = _refusal(lambda: parties.interest(actor=member_of(parties.firm)))

    assert str(error.message) == "Artop Yuli is already in play for this need."
    assert error.field == "provider"
    assert db.session.query(Match).count() == 1


def test_interest_only_for_one_s_own_organisation(parties):
    error = _refusal(lambda: parties.interest(organisation=parties.other_firm))

    assert str(error.message) == "You can answer only for your own organisation."


def test_the_owner_cannot_answer_its_own_need(parties):
    parties.owner_org.kind = OrgKind.DESIGN_FIRM
    db.session.commit()

    error = _refusal(lambda: parties.interest(organisation=parties.owner_org,
                                              actor=parties.owner))

    assert str(error.message) == "An organisation cannot answer its own need."


def test_a_team_answers_through_one_of_its_members_only(parties):
    team = TeamFactory(name="Fairing Studio", organisation=parties.firm)
    TeamMemberFactory(team=team, user=parties.designer)

    refused = _refusal(lambda: services.express_interest(
        parties.other_designer, parties.need, team=team))
    match = services.express_interest(parties.designer, parties.need, team=team)

    assert str(refused.message) == "You can answer only for a team you are on."
    assert match.team_id == team.id and match.provider_id is None


# Moves --------------------------------------------------------------------------------------


def test_shortlisting_moves_the_need_into_discussion_and_tells_the_provider(parties):
    match = parties.interest()

    _move(parties.owner, match, MatchAction.SHORTLIST)

    assert match.status is MatchStatus.SHORTLISTED and match.shortlisted_at is not None
    assert match.need.status is NeedStatus.IN_DISCUSSION
    assert _notified(parties.designer) == ["match.shortlisted"]


def test_shortlisting_a_ranked_candidate_starts_its_match_and_invites_it_to_a_private_need(
        parties):
    parties.need.visibility = NeedVisibility.INVITED
    db.session.commit()

    match = services.shortlist_candidate(parties.owner, parties.need, organisation=parties.firm)

    assert match.status is MatchStatus.SHORTLISTED
    assert parties.need.status is NeedStatus.IN_DISCUSSION
    assert [i.organisation_id for i in parties.need.invitations] == [parties.firm.id]
    assert _notified(parties.designer) == ["need.invited", "match.shortlisted"]


# A converted match carries its project (the database says so): its case is the converted
# need's, below.
@pytest.mark.parametrize("status, action", [
    (status, action) for action, move in MOVES.items()
    if action not in (MatchAction.PROPOSE_MEETING, MatchAction.CONVERT)
    for status in MatchStatus
    if status not in move.sources and status is not MatchStatus.CONVERTED
])
def test_a_move_the_lifecycle_does_not_allow_is_refused_with_a_message(parties, status,
                                                                       action):
    match = parties.interest()
    match.status = status
    db.session.commit()

    error = _refusal(lambda: _move(parties.owner, match, action, note="a reason"))

    assert str(error.message) == (f"This match is {status.label}: it cannot be moved that "
                                  "way.")
    db.session.expire_all()
    assert db.session.get(Match, match.id).status is status


def test_no_meeting_nor_conversion_while_the_park_is_asked_to_introduce(parties):
    match = parties.interest()
    _move(parties.owner, match, MatchAction.REQUEST_INTRO)

    meeting = _refusal(lambda: services.propose_meeting(
        parties.owner, match, expected_version=match.version,
        starts_at=now_utc() + timedelta(days=2), place="Room 3"))
    conversion = _refusal(lambda: _convert(parties.owner, match))

    expected = "This match is Introduction requested: it cannot be moved that way."
    assert str(meeting.message) == str(conversion.message) == expected
    assert parties.need.status is NeedStatus.IN_DISCUSSION and parties.need.project_id is None


def test_introducing_before_it_is_asked_is_refused(parties):
    match = parties.interest()

    error = _refusal(lambda: _move(parties.admin, match, MatchAction.INTRODUCE))

    assert str(error.message) == "This match is Interested: it cannot be moved that way."


def test_asking_for_an_introduction_reaches_the_park_office_then_both_sides(parties):
    match = parties.interest()

    _move(parties.owner, match, MatchAction.REQUEST_INTRO)
    assert _notified(parties.admin) == ["match.intro_requested"]
    _move(parties.admin, match, MatchAction.INTRODUCE, note="Meet on Tuesday.")

    assert match.status is MatchStatus.INTRODUCED and match.introduced_at is not None
    assert _notified(parties.owner)[-1] == _notified(parties.designer)[-1] == \
        "match.introduced"


def test_decline_needs_a_reason(parties):
    match = parties.interest()

    error = _refusal(lambda: _move(parties.owner, match, MatchAction.DECLINE, note="  "))

    assert error.field == "note"
    assert str(error.message) == "Please say why you decline: the provider learns from it."
    db.session.expire_all()
    assert db.session.get(Match, match.id).status is MatchStatus.INTERESTED


def test_a_declined_provider_hears_why(parties):
    match = parties.interest()

    _move(parties.owner, match, MatchAction.DECLINE, note="We need mould design too.")

    assert match.status is MatchStatus.DECLINED and match.reason == "We need mould design too."
    assert match.closed_at is not None
    notice = db.session.scalar(select(Notification).where(
        Notification.user_id == parties.designer.id, Notification.kind == "match.declined"))
    assert notice.text("en").endswith(": We need mould design too.")


def test_the_provider_withdraws_with_a_reason_and_the_owner_hears_it(parties):
    match = parties.interest()

    refused = _refusal(lambda: _move(parties.designer, match, MatchAction.WITHDRAW))
    _move(parties.designer, match, MatchAction.WITHDRAW, note="Our workshop is booked.")

    assert refused.field == "note"
    assert match.status is MatchStatus.WITHDRAWN and match.reason == "Our workshop is booked."
    assert _notified(parties.owner)[-1] == "match.withdrawn"


def test_a_stale_move_is_refused(parties):
    match = parties.interest()
    seen = match.version
    _move(parties.owner, match, MatchAction.SHORTLIST)

    error = _refusal(lambda: services.move_match(parties.owner, match,
                                                 MatchAction.REQUEST_INTRO,
                                                 expected_version=seen))

    assert "reload" in str(error.message)


def test_a_meeting_at_a_time_and_place_needs_a_future_time_and_a_place(parties):
    match = parties.interest()
    tomorrow = now_utc() + timedelta(days=1)

    past = _refusal(lambda: services.propose_meeting(
        parties.owner, match, expected_version=match.version,
        starts_at=now_utc() - timedelta(hours=1), place="Room 3"))
    nowhere = _refusal(lambda: services.propose_meeting(
        parties.owner, match, expected_version=match.version, starts_at=tomorrow, place=" "))
    services.propose_meeting(parties.owner, match, expected_version=match.version,
                             starts_at=tomorrow, place="Fengchi plant, room 3")

    assert (past.field, nowhere.field) == ("starts_at", "place")
    assert match.status is MatchStatus.MEETING and match.meeting_place == "Fengchi plant, room 3"
    assert match.need.status is NeedStatus.IN_DISCUSSION
    assert _notified(parties.designer) == ["match.meeting"]


def test_every_move_is_kept_in_the_history_with_its_actor_and_note(parties):
    match = parties.interest(message="We did three fairings.")
    _move(parties.owner, match, MatchAction.SHORTLIST)
    _move(parties.owner, match, MatchAction.REQUEST_INTRO)
    _move(parties.admin, match, MatchAction.INTRODUCE, note="Call Mr Xu.")
    _move(parties.owner, match, MatchAction.DECLINE, note="Too far away.")

    S = MatchStatus
    assert _steps(match) == [
        (None, S.INTERESTED, parties.designer.id, "We did three fairings."),
        (S.INTERESTED, S.SHORTLISTED, parties.owner.id, ""),
        (S.SHORTLISTED, S.INTRO_REQUESTED, parties.owner.id, ""),
        (S.INTRO_REQUESTED, S.INTRODUCED, parties.admin.id, "Call Mr Xu."),
        (S.INTRODUCED, S.DECLINED, parties.owner.id, "Too far away."),
    ]


# Conversion ------------------------------------------------------------------------------


def test_converting_makes_the_provider_s_project_with_the_owner_as_client(parties):
    match = parties.interest()
    _move(parties.owner, match, MatchAction.SHORTLIST)

    project = _convert(parties.owner, match, title="Fairing for the EV-10")

    db.session.expire_all()
    assert project.firm_id == parties.firm.id
    assert project.client_id == parties.owner_org.id
    assert project.title == "Fairing for the EV-10" and project.status is ProjectStatus.ACTIVE
    lead = next(m for m in project.members if m.role is ProjectRole.LEAD)
    assert lead.user_id == parties.designer.id  # who spoke up for the firm
    need = parties.need
    assert need.status is NeedStatus.CONVERTED and need.project_id == project.id
    match = db.session.get(Match, match.id)
    assert match.status is MatchStatus.CONVERTED and match.project_id == project.id
    assert match.converted_at is not None
    assert _steps(match)[-1][:2] == (MatchStatus.SHORTLISTED, MatchStatus.CONVERTED)
    assert _notified(parties.designer)[-1] == "match.converted"


def test_a_team_s_project_is_run_by_its_firm_with_the_institute_and_its_people(parties):
    institute = OrganisationFactory(name="Fine Arts Institute", kind=OrgKind.ACADEMIC)
    team = TeamFactory(name="Fairing Studio", organisation=parties.firm)
    TeamMemberFactory(team=team, user=parties.designer, discipline=Discipline.ENGINEERING)
    artist = member_of(institute)
    TeamMemberFactory(team=team, user=artist, organisation=institute,
                      discipline=Discipline.ART_DESIGN)
    match = services.express_interest(artist, parties.need, team=team)

    project = _convert(parties.owner, match)

    db.session.expire_all()
    assert project.firm_id == parties.firm.id
    assert [p.id for p in project.partners] == [institute.id]
    roles = {m.user_id: m.role for m in project.members}
    assert roles == {parties.designer.id: ProjectRole.LEAD, artist.id: ProjectRole.ARTIST}


def test_a_converted_need_refuses_moves_of_its_other_matches(parties):
    first = parties.interest()
    second = parties.interest(organisation=parties.other_firm, actor=parties.other_designer)
    _convert(parties.owner, first)
    db.session.refresh(second)

    error = _refusal(lambda: _move(parties.owner, second, MatchAction.SHORTLIST))

    assert str(error.message) == "This need is no longer open."
    assert second.status is MatchStatus.INTERESTED


def test_a_converted_need_refuses_a_newcomer(parties):
    _convert(parties.owner, parties.interest())
    newcomer = OrganisationFactory(name="Late Firm")
    late_designer = member_of(newcomer)

    error = _refusal(lambda: services.express_interest(late_designer, parties.need,
                                                       organisation=newcomer))

    assert str(error.message) == "This need is no longer open."
    assert parties.need.status is NeedStatus.CONVERTED


def test_a_converted_need_can_still_be_withdrawn_from_but_not_closed(parties):
    other = parties.interest(organisation=parties.other_firm, actor=parties.other_designer)
    _convert(parties.owner, parties.interest())
    db.session.refresh(other)

    _move(parties.other_designer, other, MatchAction.WITHDRAW, note="Good luck.")
    error = _refusal(lambda: services.close_need(parties.owner, parties.need,
                                                 expected_version=parties.need.version,
                                                 reason="Done"))

    assert other.status is MatchStatus.WITHDRAWN
    assert "cannot become" in str(error.message)


def test_converting_twice_is_refused(parties):
    first = parties.interest()
    second = parties.interest(organisation=parties.other_firm, actor=parties.other_designer)
    need_version = parties.need.version
    _convert(parties.owner, first)
    db.session.refresh(second)

    error = _refusal(lambda: services.convert_match(
        parties.owner, second, expected_version=second.version, need_version=need_version,
        title="Again", summary="", specialty=None, template="full", start_on=None,
        target_end_on=None, visibility=Visibility.PRIVATE))

    assert "reload" in str(error.message) or "no longer open" in str(error.message)


# The need itself --------------------------------------------------------------------------


def test_closing_and_reopening_a_need(parties):
    need = parties.need

    services.close_need(parties.owner, need, expected_version=need.version,
                        reason="Postponed to next year.")
    assert need.status is NeedStatus.CLOSED and need.closed_reason == "Postponed to next year."
    refused = _refusal(lambda: parties.interest())
    services.reopen_need(parties.owner, need, expected_version=need.version)

    assert str(refused.message) == "This need is no longer open."
    assert need.status is NeedStatus.OPEN and need.closed_reason == ""
    assert parties.interest().status is MatchStatus.INTERESTED


def test_reopening_an_open_need_changes_nothing(parties):
    need = parties.need
    version = need.version

    services.reopen_need(parties.owner, need, expected_version=version)

    assert need.status is NeedStatus.OPEN


def _update(parties, version, **changes):
    need = parties.need
    fields = dict(title=need.title, description=need.description,
                  specialties=list(need.specialties), service_types=list(need.service_types),
                  budget_min=need.budget_min, budget_max=need.budget_max,
                  deadline=need.deadline, visibility=need.visibility)
    fields.update(changes)
    services.update_need(parties.owner, need, expected_version=version, **fields)


def test_updating_a_need_with_a_stale_version_is_refused(parties):
    seen = parties.need.version
    _update(parties, seen, title="Fairing, second edition")

    error = _refusal(lambda: _update(parties, seen, title="Fairing, my edition"))

    assert "reload" in str(error.message)
    db.session.expire_all()
    assert parties.need.title == "Fairing, second edition"


def test_updating_a_need_checks_its_budget(parties):
    error = _refusal(lambda: _update(parties, parties.need.version, budget_min=500,
                                     budget_max=100))

    assert error.field == "budget_max"


def test_posting_a_need_for_someone_else_s_organisation_is_refused(parties):
    error = _refusal(lambda: services.post_need(
        parties.designer, parties.owner_org, title="Not mine", specialties=[],
        service_types=[parties.cmf]))

    assert error.field == "owner"


def test_posting_a_need_without_services_is_refused(parties):
    error = _refusal(lambda: services.post_need(
        parties.owner, parties.owner_org, title="Vague need", specialties=[],
        service_types=[]))

    assert error.field == "service_types"


# Invitations ------------------------------------------------------------------------------


def test_inviting_a_provider_to_an_invited_only_need_tells_its_people(parties):
    need = NeedFactory(owner=parties.owner_org, visibility=NeedVisibility.INVITED,
                       title="Private scooter platform", service_types=[parties.cmf])

    invitation = services.invite_to_need(parties.owner, need, organisation=parties.firm)
    again = _refusal(lambda: services.invite_to_need(parties.owner, need,
                                                     organisation=parties.firm))

    assert invitation.organisation_id == parties.firm.id
    assert invitation.invited_by_id == parties.owner.id
    assert str(again.message) == "They are already invited."
    assert db.session.query(NeedInvitation).count() == 1
    notice = db.session.scalar(select(Notification).where(
        Notification.user_id == parties.designer.id))
    assert notice.kind == "need.invited" and notice.link.endswith(f"/needs/{need.id}")


def test_inviting_a_team_tells_its_members(parties):
    need = NeedFactory(owner=parties.owner_org, visibility=NeedVisibility.INVITED,
                       service_types=[parties.cmf])
    team = TeamFactory(organisation=parties.firm)
    member = TeamMemberFactory(team=team).user

    services.invite_to_need(parties.owner, need, team=team)

    assert _notified(member) == ["need.invited"]
    assert _notified(parties.designer) == []


def test_a_manufacturer_cannot_be_invited_as_a_provider(parties):
    need = NeedFactory(owner=parties.owner_org, visibility=NeedVisibility.INVITED,
                       service_types=[parties.cmf])
    maker = OrganisationFactory(name="Another Maker", kind=OrgKind.MANUFACTURER)

    error = _refusal(lambda: services.invite_to_need(parties.owner, need, organisation=maker))

    assert str(error.message) == "Another Maker does not offer design services in the park."



def test_deleting_the_project_a_need_became_leaves_the_need_and_match_converted(parties):
    match = parties.interest()
    project = _convert(parties.owner, match)

    db.session.delete(project)
    db.session.commit()

    db.session.expire_all()
    need = db.session.get(Need, parties.need.id)
    assert need.status is NeedStatus.CONVERTED and need.project_id is None
    match = db.session.get(Match, match.id)
    assert match.status is MatchStatus.CONVERTED and match.project_id is None
