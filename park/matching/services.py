"""Needs, interest and the moves of a match up to the project it becomes: each public function
is one transaction that checks the rules, writes, keeps the history and audit entry, queues
the notices and commits; a refusal is a DomainError."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from park.accounts.models import Organisation, OrgKind, OrgRole, OrgStatus, User
from park.core.audit import diff, diff_terms, record
from park.core.errors import DomainError
from park.core.time import as_utc, now_utc, park_today
from park.directory.models import PROVIDER_KINDS, ServiceType, Specialty
from park.events.meetings import request_meeting
from park.extensions import db
from park.matching import notices
from park.matching.lifecycle import (
    DISCUSSION_STATUSES,
    NEED_MOVES,
    REACHED_COLUMNS,
    MatchAction,
    allows,
    move_for,
)
from park.matching.models import (
    Discipline,
    Match,
    MatchStatus,
    MatchStep,
    Need,
    NeedInvitation,
    NeedStatus,
    NeedVisibility,
    Team,
)
from park.matching.queries import SlotOption, match_for
from park.projects.models import ProjectMember, ProjectRole, Visibility
from park.projects.services import check_version, refuses_stale, start_project

REASON_MAX = 1000
OWN_ORGANISATION_ONLY = _l("You can post needs only for your own approved organisation.")


# Needs ---------------------------------------------------------------------------------------


def _check_need(title: str, service_types, budget_min, budget_max, deadline: date | None,
                today: date | None = None) -> None:
    if len(title.strip()) < 3:
        raise DomainError(_l("Please give the need a title of at least 3 characters."), "title")
    if not service_types:
        raise DomainError(_l("Choose at least one service you are looking for."),
                          "service_types")
    if budget_min is not None and budget_max is not None and budget_max < budget_min:
        raise DomainError(_l("The most you would spend cannot be below the least."),
                          "budget_max")
    if deadline is not None and today is not None and deadline < today:
        raise DomainError(_l("The deadline has already passed."), "deadline")


def post_need(actor: User, owner: Organisation, *, title: str, description: str = "",
              specialties: list[Specialty], service_types: list[ServiceType],
              budget_min: int | None = None, budget_max: int | None = None,
              deadline: date | None = None,
              visibility: NeedVisibility = NeedVisibility.PARK) -> Need:
    if owner.status is not OrgStatus.APPROVED or actor.membership_in(owner) is None:
        raise DomainError(OWN_ORGANISATION_ONLY, "owner")
    _check_need(title, service_types, budget_min, budget_max, deadline, park_today())
    need = Need(owner=owner, created_by_id=actor.id, title=title.strip(),
                description=description.strip(), specialties=list(specialties),
                service_types=list(service_types), budget_min=budget_min,
                budget_max=budget_max, deadline=deadline, visibility=visibility,
                status=NeedStatus.OPEN)
    db.session.add(need)
    record(actor, "need.posted", need, organisation=owner, summary=need.title)
    db.session.commit()
    return need


@refuses_stale
def update_need(actor: User, need: Need, *, expected_version: int | None, title: str,
                description: str, specialties: list[Specialty],
                service_types: list[ServiceType], budget_min: int | None,
                budget_max: int | None, deadline: date | None,
                visibility: NeedVisibility) -> None:
    check_version(need, expected_version)
    if need.status is NeedStatus.CONVERTED:
        raise DomainError(_l("This need has become a project and can no longer change."))
    _check_need(title, service_types, budget_min, budget_max, None)
    changes = diff(need, {"title": title.strip(), "description": description.strip(),
                          "budget_min": budget_min, "budget_max": budget_max,
                          "deadline": deadline, "visibility": visibility})
    changes |= diff_terms(need, {"specialties": specialties, "service_types": service_types})
    if not changes:
        return
    need.updated_at = now_utc()  # the version moves even when only the terms changed
    record(actor, "need.updated", need, organisation=need.owner, changes=changes,
           summary=need.title)
    db.session.commit()


def _move_need(need: Need, status: NeedStatus) -> None:
    if status is need.status:
        return
    if status not in NEED_MOVES[need.status]:
        raise DomainError(_l("A need that is %(status)s cannot become %(target)s.",
                             status=need.status.label, target=status.label))
    need.status = status


@refuses_stale
def close_need(actor: User, need: Need, *, expected_version: int | None, reason: str) -> None:
    check_version(need, expected_version)
    _move_need(need, NeedStatus.CLOSED)
    need.closed_reason = reason.strip()[:REASON_MAX]
    record(actor, "need.closed", need, organisation=need.owner, summary=need.title)
    db.session.commit()


@refuses_stale
def reopen_need(actor: User, need: Need, *, expected_version: int | None) -> None:
    check_version(need, expected_version)
    _move_need(need, NeedStatus.OPEN)
    need.closed_reason = ""
    record(actor, "need.reopened", need, organisation=need.owner, summary=need.title)
    db.session.commit()


def _check_provider(need: Need, organisation: Organisation | None, team: Team | None) -> None:
    if (organisation is None) == (team is None):
        raise DomainError(_l("Choose one organisation or one team."), "provider")
    if organisation is not None:
        if organisation.id == need.owner_id:
            raise DomainError(_l("An organisation cannot answer its own need."), "provider")
        if organisation.kind not in PROVIDER_KINDS \
                or organisation.status is not OrgStatus.APPROVED:
            raise DomainError(_l("%(organisation)s does not offer design services in the park.",
                                 organisation=organisation.name), "provider")


def _invite(actor: User, need: Need, organisation, team) -> NeedInvitation:
    invitation = NeedInvitation(need=need, organisation=organisation, team=team,
                                invited_by_id=actor.id)
    db.session.add(invitation)
    notices.tell_invited(need, organisation=organisation, team=team)
    return invitation


def _invited(need: Need, organisation, team) -> bool:
    return any((team is not None and i.team_id == team.id)
               or (organisation is not None and i.organisation_id == organisation.id)
               for i in need.invitations)


def invite_to_need(actor: User, need: Need, *, organisation: Organisation | None = None,
                   team: Team | None = None) -> NeedInvitation:
    """Invite a provider or a team to see and answer the need (needed when it is invited-only,
    a nudge when it is open to the park)."""
    if not need.answerable:
        raise DomainError(_l("This need is no longer open."))
    _check_provider(need, organisation, team)
    if _invited(need, organisation, team):
        raise DomainError(_l("They are already invited."), "provider")
    invitation = _invite(actor, need, organisation, team)
    record(actor, "need.invited", need, organisation=need.owner,
           summary=team.name if team else organisation.name)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DomainError(_l("They are already invited."), "provider") from None
    return invitation


def withdraw_invitation(actor: User, invitation: NeedInvitation) -> None:
    need = invitation.need
    invitee = invitation.team.name if invitation.team else invitation.organisation.name
    db.session.delete(invitation)
    record(actor, "need.invitation_withdrawn", need, organisation=need.owner, summary=invitee)
    db.session.commit()


# Matches -------------------------------------------------------------------------------------


def _step(match: Match, actor: User, status: MatchStatus, note: str = "") -> None:
    previous = match.status
    match.status = status
    column = REACHED_COLUMNS.get(status)
    if column and getattr(match, column) is None:
        setattr(match, column, now_utc())
    match.steps.append(MatchStep(actor_id=actor.id, from_status=previous, to_status=status,
                                 note=note))


def _new_match(actor: User, need: Need, organisation, team, status: MatchStatus,
               message: str) -> Match:
    if not need.answerable:
        raise DomainError(_l("This need is no longer open."))
    _check_provider(need, organisation, team)
    name = team.name if team else organisation.name
    in_play = _l("%(provider)s is already in play for this need.", provider=name)
    if match_for(need, provider=organisation, team=team) is not None:
        raise DomainError(in_play, "provider")
    match = Match(need=need, provider=organisation, team=team, status=status,
                  message=message.strip()[:REASON_MAX], created_by_id=actor.id)
    match.steps = [MatchStep(actor_id=actor.id, from_status=None, to_status=status,
                             note=match.message)]
    setattr(match, REACHED_COLUMNS[status], now_utc())
    db.session.add(match)
    # Insert now: the notices need its id, and a match for the same provider made at the same
    # moment is refused here by the unique keys, not as a database error further on.
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise DomainError(in_play, "provider") from None
    return match


def _commit_new_match(match: Match) -> None:
    """The unique keys refuse a second match for the same provider made at the same moment."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DomainError(_l("They are already in play for this need."), "provider") from None


def express_interest(actor: User, need: Need, *, organisation: Organisation | None = None,
                     team: Team | None = None, message: str = "") -> Match:
    """A provider, or a team, tells the need's owner it would like the work."""
    if team is not None and team.member(actor) is None:
        raise DomainError(_l("You can answer only for a team you are on."), "provider")
    if organisation is not None and actor.membership_in(organisation) is None:
        raise DomainError(_l("You can answer only for your own organisation."), "provider")
    if need.visibility is NeedVisibility.INVITED and not _invited(need, organisation, team):
        raise DomainError(_l("Only invited providers can answer this need."), "provider")
    match = _new_match(actor, need, organisation, team, MatchStatus.INTERESTED, message)
    record(actor, "match.interested", need, organisation=organisation or team.organisation,
           summary=need.title)
    notices.tell_owner(match, notices.INTERESTED)
    _commit_new_match(match)
    return match


def shortlist_candidate(actor: User, need: Need, *, organisation: Organisation | None = None,
                        team: Team | None = None) -> Match:
    """The owner picks a ranked provider that has not spoken up yet; an invited-only need
    invites it on the way, so it can see what it was shortlisted for."""
    match = _new_match(actor, need, organisation, team, MatchStatus.SHORTLISTED, "")
    if need.visibility is NeedVisibility.INVITED and not _invited(need, organisation, team):
        _invite(actor, need, organisation, team)
    if need.status is NeedStatus.OPEN:
        _move_need(need, NeedStatus.IN_DISCUSSION)
    record(actor, "match.shortlisted", need, organisation=need.owner, summary=need.title)
    notices.tell_provider(match, notices.SHORTLISTED)
    _commit_new_match(match)
    return match


def _check_move(match: Match, action: MatchAction) -> None:
    if not allows(action, match.status):
        raise DomainError(_l("This match is %(status)s: it cannot be moved that way.",
                             status=match.status.label))
    if action is not MatchAction.WITHDRAW and not match.need.answerable:
        raise DomainError(_l("This need is no longer open."))


NOTE_REQUIRED = {
    MatchAction.DECLINE: _l("Please say why you decline: the provider learns from it."),
    MatchAction.WITHDRAW: _l("Please say why you withdraw: the owner learns from it."),
}


@refuses_stale
def move_match(actor: User, match: Match, action: MatchAction, *,
               expected_version: int | None, note: str = "") -> None:
    """Shortlist, ask for or make an introduction, decline or withdraw."""
    if action in (MatchAction.PROPOSE_MEETING, MatchAction.CONVERT):
        raise ValueError(f"{action} has its own service")
    check_version(match, expected_version)
    _check_move(match, action)
    note = note.strip()[:REASON_MAX]
    if action in NOTE_REQUIRED and not note:
        raise DomainError(NOTE_REQUIRED[action], "note")
    target = move_for(action).target
    _step(match, actor, target, note)
    if target in (MatchStatus.DECLINED, MatchStatus.WITHDRAWN):
        match.reason = note
    need = match.need
    if target in DISCUSSION_STATUSES and need.status is NeedStatus.OPEN:
        _move_need(need, NeedStatus.IN_DISCUSSION)
    record(actor, f"match.{target.value}", need, organisation=need.owner,
           summary=f"{need.title}: {match.provider_name('en')}")
    {
        MatchStatus.SHORTLISTED: lambda: notices.tell_provider(match, notices.SHORTLISTED),
        MatchStatus.INTRO_REQUESTED: lambda: notices.tell_park_office(
            match, notices.INTRO_REQUESTED),
        MatchStatus.INTRODUCED: lambda: (
            notices.tell_owner(match, notices.INTRODUCED, note=note),
            notices.tell_provider(match, notices.INTRODUCED, note=note)),
        MatchStatus.DECLINED: lambda: notices.tell_provider(match, notices.DECLINED,
                                                            reason=note),
        MatchStatus.WITHDRAWN: lambda: notices.tell_owner(match, notices.WITHDRAWN,
                                                          reason=note),
    }[target]()
    db.session.commit()


def meeting_parties(match: Match) -> tuple[Organisation, Organisation]:
    """(the need's owner, the organisation that meets for the provider)."""
    return match.need.owner, match.team.organisation if match.team else match.provider


@refuses_stale
def propose_meeting(actor: User, match: Match, *, expected_version: int | None,
                    slot: SlotOption | None = None, starts_at: datetime | None = None,
                    place: str = "", message: str = "") -> None:
    """Propose a meeting: in an event's one-to-one slot where one fits (booked there like any
    meeting request), otherwise at a time and place of the owner's choosing."""
    check_version(match, expected_version)
    _check_move(match, MatchAction.PROPOSE_MEETING)
    owner, provider = meeting_parties(match)
    if slot is None:
        if starts_at is None:
            raise DomainError(_l("Choose a slot at an event, or give a time."), "starts_at")
        if as_utc(starts_at) <= now_utc():
            raise DomainError(_l("The meeting must be in the future."), "starts_at")
        if not place.strip():
            raise DomainError(_l("Say where you will meet."), "place")
    need_id, match_id = match.need_id, match.id
    if slot is not None:
        # The event's own booking rules and holds decide; it commits the meeting itself.
        meeting = request_meeting(actor, slot.event, owner, provider, slot.starts_at,
                                  message=message)
        match = db.session.get(Match, match_id)
        check_version(match, expected_version)
        match.meeting = meeting
        match.meeting_starts_at = meeting.starts_at
        match.meeting_place = slot.event.title
    else:
        match.meeting = None
        match.meeting_starts_at = as_utc(starts_at)
        match.meeting_place = place.strip()[:200]
    _step(match, actor, MatchStatus.MEETING, message.strip()[:REASON_MAX])
    need = db.session.get(Need, need_id)
    if need.status is NeedStatus.OPEN:
        _move_need(need, NeedStatus.IN_DISCUSSION)
    record(actor, "match.meeting", need, organisation=need.owner, summary=need.title)
    notices.tell_provider(match, notices.MEETING_PROPOSED,
                          when=notices.when(match.meeting_starts_at),
                          place=match.meeting_place)
    db.session.commit()


def _project_lead(match: Match, firm: Organisation) -> User:
    """Who leads the new project on the provider's side: whoever spoke up for it, if still
    with the firm; otherwise the firm's owner or a manager."""
    def works_at_firm(user):
        return user is not None and user.active and user.membership_in(firm) is not None

    if works_at_firm(match.created_by):
        return match.created_by
    if match.team is not None:
        for member in match.team.members:
            if works_at_firm(member.user):
                return member.user
    for role in (OrgRole.OWNER, OrgRole.MANAGER):
        for membership in firm.memberships:
            if membership.role is role and membership.user.active:
                return membership.user
    raise DomainError(_l("%(organisation)s has nobody who could lead the project yet.",
                         organisation=firm.name))


def conversion_parties(match: Match) -> tuple[Organisation, list[Organisation]]:
    """(the firm that runs the project a match becomes, the academic partners its team
    brings along): what the conversion page shows and `convert_match` does."""
    team = match.team
    firm = team.organisation if team else match.provider
    partners = []
    if team is not None:
        partners = sorted({m.organisation for m in team.members
                           if m.organisation_id != firm.id
                           and m.organisation.kind is OrgKind.ACADEMIC
                           and m.organisation.status is OrgStatus.APPROVED},
                          key=lambda o: o.name)
    return firm, partners


@refuses_stale
def convert_match(actor: User, match: Match, *, expected_version: int | None,
                  need_version: int | None, title: str, summary: str,
                  specialty: Specialty | None, template: str, start_on: date | None,
                  target_end_on: date | None, visibility: Visibility):
    """The match becomes a project of the provider with the need's owner as client; the need
    is converted. Two conversions of one need at once: the need's version lets one through."""
    check_version(match, expected_version)
    need = match.need
    check_version(need, need_version)
    _check_move(match, MatchAction.CONVERT)
    team = match.team
    firm, partners = conversion_parties(match)
    lead = _project_lead(match, firm)
    project = start_project(actor, firm, title=title, summary=summary, specialty=specialty,
                            client=need.owner, partners=partners, template=template,
                            start_on=start_on, target_end_on=target_end_on,
                            visibility=visibility, lead=lead)
    if team is not None:
        for member in team.members:
            if member.user_id != lead.id:
                project.members.append(ProjectMember(
                    user_id=member.user_id,
                    role=(ProjectRole.ARTIST if member.discipline is Discipline.ART_DESIGN
                          else ProjectRole.ENGINEER)))
    db.session.flush()
    # The need, the match and the project they point at change together (the CHECKs say so).
    with db.session.no_autoflush:
        _move_need(need, NeedStatus.CONVERTED)
        need.project = project
        match.project = project
        _step(match, actor, MatchStatus.CONVERTED)
    record(actor, "match.converted", need, organisation=need.owner, summary=project.title)
    db.session.flush()
    notices.tell_provider(match, notices.CONVERTED, project=project.title)
    db.session.commit()
    return project
