"""Seed the demo park's matching (`park.demo.matching_data`): academic profiles, teams, needs
with their invitations and matches, and the project a converted match became.

Rows are written the way the services leave them: each match's statuses follow the moves
`park.matching.lifecycle` allows, each step is in its history with the time it first reached
that status, the need is in discussion once its owner took a match forward, a converted need
and its match point at the project `start_project` made, and the people each move concerns
got their in-app notice (no e-mail to demo addresses). A proposed meeting is the one-to-one
meeting the two organisations already have at the fair, when the fair is there. Rows are added
in the seed's one transaction with a few reads: existing needs, teams and profiles are kept
as their users left them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select, tuple_

from park.accounts.models import Organisation, User
from park.accounts.services import normalise_email
from park.core.notifications import Notification, link_to, notify, organisation_param
from park.core.time import as_utc, now_utc, park_zone
from park.demo import data
from park.demo.matching_data import (
    ACADEMIC_PROFILES,
    NEEDS,
    TEAMS,
    DemoMatch,
    DemoNeed,
    owner,
)
from park.directory.models import ServiceType, Specialty
from park.events.models import Event, Meeting
from park.extensions import db
from park.matching import notices
from park.matching.lifecycle import (
    DISCUSSION_STATUSES,
    MOVES,
    NEED_MOVES,
    REACHED_COLUMNS,
)
from park.matching.models import (
    AcademicProfile,
    Match,
    MatchStatus,
    MatchStep,
    Need,
    NeedInvitation,
    NeedStatus,
    Team,
    TeamMember,
)
from park.projects.models import Project, Visibility
from park.projects.services import start_project

# A match's first step comes a day after its need went up (a day later for each match before
# it); its last step came recently (nine hours earlier for each match before it, and a few
# hours more or less from one need to the next), the steps between evenly apart. So the
# oldest moves were read long ago and the newest wait unread.
FIRST_STEP_AFTER = timedelta(days=1)
LAST_STEP_BEFORE_NOW = timedelta(hours=9)
NEED_SHIFT = timedelta(hours=3)  # times the need's age in days, modulo 11
STEP_EVERY = timedelta(days=2)  # when the last step would come too soon after the first
# Notices older than this were read; newer ones wait in the bell.
READ_AFTER = timedelta(days=3)
CONVERTED_PROJECT_MONTHS = 6
# The move that leads to each status, and which side makes it.
MOVE_TO = {move.target: action for action, move in MOVES.items()}
TEAMS_BY_NAME = {team.name: team for team in TEAMS}


@dataclass
class MatchingReport:
    profiles_created: int = 0
    teams_created: int = 0
    needs_created: int = 0
    needs_existing: int = 0
    matches_created: int = 0
    invitations_created: int = 0
    projects_created: int = 0
    notifications_created: int = 0


def seed_matching(organisations: dict[str, Organisation], users: dict[str, User],
                  specialties: dict[str, Specialty], service_types: dict[str, ServiceType], *,
                  now: datetime | None = None) -> MatchingReport:
    """Add the academic profiles (by user), teams (by name) and needs (by owner and title)
    that are missing, each need with its invitations and matches."""
    report = MatchingReport()
    db.session.flush()  # every organisation and user has its id from here on
    now = now or now_utc()
    _seed_profiles(report, organisations, users)
    teams = _seed_teams(report, organisations, users, specialties, service_types)

    wanted = [(organisations[spec.owner].id, spec.title) for spec in NEEDS]
    existing = {tuple(row) for row in db.session.execute(
        select(Need.owner_id, Need.title).where(tuple_(Need.owner_id, Need.title).in_(wanted)))}
    missing = [spec for spec, key in zip(NEEDS, wanted, strict=True) if key not in existing]
    report.needs_existing = len(NEEDS) - len(missing)
    if not missing:
        return report

    seeder = _NeedSeeder(report, organisations, users, specialties, service_types, teams,
                         _fair_meetings(), _converted_projects(missing, organisations), now)
    for spec in missing:
        seeder.seed(spec)
    return report


# Profiles and teams --------------------------------------------------------------------------


def _seed_profiles(report: MatchingReport, organisations: dict[str, Organisation],
                   users: dict[str, User]) -> None:
    people = [users[normalise_email(spec.email)] for spec in ACADEMIC_PROFILES]
    have = set(db.session.scalars(select(AcademicProfile.user_id).where(
        AcademicProfile.user_id.in_([user.id for user in people]))))
    institute = organisations[data.INSTITUTE_SLUG]
    for spec, user in zip(ACADEMIC_PROFILES, people, strict=True):
        if user.id in have:
            continue
        db.session.add(AcademicProfile(
            user_id=user.id, organisation_id=institute.id, position=spec.position,
            discipline=spec.discipline, skills=spec.skills, availability=spec.availability,
            bio=spec.bio, listed=True))
        report.profiles_created += 1


def _seed_teams(report: MatchingReport, organisations: dict[str, Organisation],
                users: dict[str, User], specialties: dict[str, Specialty],
                service_types: dict[str, ServiceType]) -> dict[str, Team]:
    teams = {team.name: team for team in db.session.scalars(
        select(Team).where(Team.name.in_([spec.name for spec in TEAMS])))}
    for spec in TEAMS:
        if spec.name in teams:
            continue
        team = Team(
            name=spec.name, description=spec.description,
            organisation=organisations[spec.organisation],
            created_by_id=users[normalise_email(spec.created_by)].id, listed=True,
            specialties=[specialties[code] for code in spec.specialties],
            service_types=[service_types[code] for code in spec.services],
            members=[TeamMember(user_id=users[normalise_email(m.email)].id,
                                organisation_id=organisations[m.organisation].id,
                                discipline=m.discipline, role=m.role)
                     for m in spec.members],
        )
        db.session.add(team)
        teams[spec.name] = team
        report.teams_created += 1
    return teams


def _converted_projects(missing: list[DemoNeed], organisations: dict[str, Organisation]
                        ) -> dict[tuple[int, str], Project]:
    """Projects that converted needs already became (the need was deleted since): kept, not
    made twice. (firm id, title) -> project."""
    wanted = [(organisations[m.provider].id if m.provider else None, spec.title)
              for spec in missing for m in spec.matches if MatchStatus.CONVERTED in m.path]
    wanted = [key for key in wanted if key[0] is not None]
    if not wanted:
        return {}
    return {(project.firm_id, project.title): project for project in db.session.scalars(
        select(Project).where(tuple_(Project.firm_id, Project.title).in_(wanted)))}


def _fair_meetings() -> dict[tuple, Meeting]:
    """(event title, requester id, invitee id) -> the one-to-one meeting booked there."""
    titles = {m.meeting.event for spec in NEEDS for m in spec.matches
              if m.meeting is not None and m.meeting.event}
    if not titles:
        return {}
    rows = db.session.execute(
        select(Event.title, Meeting).join(Meeting, Meeting.event_id == Event.id)
        .where(Event.title.in_(titles)))
    return {(title, meeting.requester_id, meeting.invitee_id): meeting
            for title, meeting in rows}


# Needs ---------------------------------------------------------------------------------------


def _local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=park_zone()).astimezone(UTC)


class _NeedSeeder:
    def __init__(self, report: MatchingReport, organisations, users, specialties,
                 service_types, teams, meetings, projects, now: datetime):
        self.report = report
        self.organisations = organisations
        self.users = users
        self.specialties = specialties
        self.service_types = service_types
        self.teams = teams
        self.meetings = meetings
        self.projects = projects
        self.now = now
        self.today = now.astimezone(park_zone()).date()
        # The people of each demo organisation, from the data: no membership is read.
        self.people: dict[str, list[User]] = defaultdict(list)
        for spec in data.users():
            self.people[spec.organisation].append(users[normalise_email(spec.email)])
        self.park_office = [users[normalise_email(data.ADMIN_EMAIL)]]

    def user(self, email: str) -> User:
        return self.users[normalise_email(email)]

    # Notices, as the services send them ---------------------------------------------------

    def tell(self, people, kind: str, params: dict, link: str, at: datetime) -> None:
        seen = set()
        for person in people:
            if person.id in seen:
                continue
            seen.add(person.id)
            notification: Notification = notify(person, kind, params, link, email=False)
            notification.created_at = at
            notification.read_at = at + timedelta(hours=2) if at < self.now - READ_AFTER \
                else None
            self.report.notifications_created += 1

    # One need ------------------------------------------------------------------------------

    def seed(self, spec: DemoNeed) -> None:
        owner_org = self.organisations[spec.owner]
        poster = self.user(owner(spec.owner))
        posted_at = _local(self.today - timedelta(days=spec.posted), 10)
        need = Need(
            owner=owner_org, created_by_id=poster.id, title=spec.title,
            description=spec.description,
            specialties=[self.specialties[code] for code in spec.specialties],
            service_types=[self.service_types[code] for code in spec.services],
            budget_min=spec.budget_min, budget_max=spec.budget_max,
            deadline=self.today + timedelta(days=spec.deadline) if spec.deadline else None,
            visibility=spec.visibility, status=NeedStatus.OPEN, closed_reason="",
            created_at=posted_at, updated_at=posted_at,
        )
        self.report.needs_created += 1
        pending: list[tuple] = []  # notices to send once the rows have ids

        for index, invitee in enumerate(spec.invited):
            at = posted_at + timedelta(hours=1, minutes=10 * index)
            team = self.teams.get(invitee)
            organisation = None if team is not None else self.organisations[invitee]
            need.invitations.append(NeedInvitation(
                organisation=organisation, team=team, invited_by_id=poster.id, created_at=at))
            self.report.invitations_created += 1
            params = {"need": need.title, "owner": organisation_param(owner_org),
                      "provider": notices.provider_param(organisation=organisation, team=team)}
            pending.append(("need", self._people(invitee), notices.INVITED, params, at))

        matches = []
        last = posted_at
        converted = None
        for index, match_spec in enumerate(spec.matches):
            match, steps_pending, converted_at = self._match(
                spec.owner, need, match_spec,
                self._times(posted_at, index, len(match_spec.path)), poster)
            matches.append((match, match_spec))
            pending += steps_pending
            last = max(last, match.updated_at)
            if converted_at is not None:
                converted = (match, match_spec, converted_at)

        if converted is not None:
            match, match_spec, at = converted
            project = self._project(need, match, match_spec, poster, at)
            need.project = project
            match.project = project
            need.status = self._need_move(need.status, NeedStatus.CONVERTED)
        if spec.closed_reason:
            need.status = self._need_move(need.status, NeedStatus.CLOSED)
            need.closed_reason = spec.closed_reason
            last = min(last + STEP_EVERY, self.now - timedelta(hours=1))
        need.updated_at = last
        db.session.add(need)
        db.session.add_all(match for match, _ in matches)
        db.session.flush()  # ids for the links

        need_link = link_to("matching.need", need_id=need.id)
        for target, people, kind, params, at in pending:
            link = need_link if target == "need" else notices.match_link(target)
            self.tell(people, kind, params, link, at)

    def _need_move(self, current: NeedStatus, target: NeedStatus) -> NeedStatus:
        if target is not current and target not in NEED_MOVES[current]:
            raise ValueError(f"demo need cannot move from {current} to {target}")
        return target

    def _times(self, posted_at: datetime, index: int, steps: int) -> list[datetime]:
        # ... at some hour of the working day, not all at the hour the need went up.
        first = posted_at + FIRST_STEP_AFTER * (index + 1) + timedelta(minutes=95 * index % 420)
        days_ago = (self.now - posted_at).days
        last = self.now - LAST_STEP_BEFORE_NOW * (index + 1) - NEED_SHIFT * (days_ago % 11)
        if steps == 1:
            return [first]
        if last - first < STEP_EVERY * (steps - 1):
            return [first + STEP_EVERY * i for i in range(steps)]
        return [first + (last - first) * i / (steps - 1) for i in range(steps)]

    def _match(self, owner_slug: str, need: Need, spec: DemoMatch, times: list[datetime],
               poster: User):
        first_at = times[0]
        team = self.teams[spec.team] if spec.team else None
        provider = self.organisations[spec.provider] if spec.provider else None
        provider_actor = self._speaker(spec)
        first = spec.path[0]
        if first not in (MatchStatus.INTERESTED, MatchStatus.SHORTLISTED):
            raise ValueError(f"a demo match starts interested or shortlisted, not {first}")
        creator = provider_actor if first is MatchStatus.INTERESTED else poster
        match = Match(need=need, provider=provider, team=team, status=first,
                      message=spec.message, created_by_id=creator.id, created_at=first_at)
        setattr(match, REACHED_COLUMNS[first], first_at)
        match.steps = [MatchStep(actor_id=creator.id, from_status=None, to_status=first,
                                 note=spec.message, created_at=first_at)]
        self.report.matches_created += 1
        owner_people = self.people[owner_slug]
        params = {"need": need.title, "owner": organisation_param(need.owner),
                  "provider": notices.provider_param(organisation=provider, team=team)}
        pending = []
        provider_people = self._people(spec.team or spec.provider)
        if first is MatchStatus.INTERESTED:
            pending.append((match, owner_people, notices.INTERESTED, params, first_at))
        else:
            pending.append((match, provider_people, notices.SHORTLISTED, params, first_at))
            self._discussing(need)

        at = first_at
        converted_at = None
        for target, planned in zip(spec.path[1:], times[1:], strict=True):
            action = MOVE_TO[target]
            move = MOVES[action]
            if match.status not in move.sources:
                raise ValueError(f"demo match cannot move from {match.status} to {target}")
            at = min(planned, self.now - timedelta(hours=1))
            if match.meeting_starts_at is not None and match.meeting_starts_at < self.now \
                    and at <= match.meeting_starts_at:
                raise ValueError(f"demo match of {need.title!r} moves on before its meeting")
            actor = {"owner": poster, "provider": provider_actor,
                     "park": self.park_office[0]}[move.who]
            note = spec.note(target)
            previous = match.status
            match.status = target
            column = REACHED_COLUMNS.get(target)
            if column and getattr(match, column) is None:
                setattr(match, column, at)
            match.steps.append(MatchStep(actor_id=actor.id, from_status=previous,
                                         to_status=target, note=note, created_at=at))
            if target in (MatchStatus.DECLINED, MatchStatus.WITHDRAWN):
                match.reason = note
            if target in DISCUSSION_STATUSES:
                self._discussing(need)
            if target is MatchStatus.SHORTLISTED:
                pending.append((match, provider_people, notices.SHORTLISTED, params, at))
            elif target is MatchStatus.INTRO_REQUESTED:
                pending.append((match, self.park_office, notices.INTRO_REQUESTED, params, at))
            elif target is MatchStatus.INTRODUCED:
                extra = {**params, "note": note}
                pending.append((match, owner_people, notices.INTRODUCED, extra, at))
                pending.append((match, provider_people, notices.INTRODUCED, extra, at))
            elif target is MatchStatus.MEETING:
                self._meeting(match, spec, need, provider, team, at)
                pending.append((match, provider_people, notices.MEETING_PROPOSED,
                                {**params, "when": notices.when(match.meeting_starts_at),
                                 "place": match.meeting_place}, at))
            elif target is MatchStatus.CONVERTED:
                converted_at = at
                pending.append((match, provider_people, notices.CONVERTED,
                                {**params, "project": need.title}, at))
            elif target is MatchStatus.DECLINED:
                pending.append((match, provider_people, notices.DECLINED,
                                {**params, "reason": note}, at))
            elif target is MatchStatus.WITHDRAWN:
                pending.append((match, owner_people, notices.WITHDRAWN,
                                {**params, "reason": note}, at))
        match.updated_at = at
        return match, pending, converted_at

    def _people(self, provider: str) -> list[User]:
        """Who hears for a provider: an organisation's people, or a team's members."""
        if provider in TEAMS_BY_NAME:
            return [self.user(m.email) for m in TEAMS_BY_NAME[provider].members]
        return self.people[provider]

    def _speaker(self, spec: DemoMatch) -> User:
        """Who speaks for the provider: the owner of the firm, or who created the team."""
        if spec.team is not None:
            return self.user(TEAMS_BY_NAME[spec.team].created_by)
        return self.user(owner(spec.provider))

    def _discussing(self, need: Need) -> None:
        if need.status is NeedStatus.OPEN:
            need.status = self._need_move(need.status, NeedStatus.IN_DISCUSSION)

    def _meeting(self, match: Match, spec: DemoMatch, need: Need, provider, team,
                 proposed_at: datetime) -> None:
        plan = spec.meeting
        if plan is None:
            raise ValueError(f"demo match of {need.title!r} proposes a meeting without a plan")
        met = provider if provider is not None else team.organisation
        meeting = None
        if plan.event:
            meeting = (self.meetings.get((plan.event, need.owner.id, met.id))
                       or self.meetings.get((plan.event, met.id, need.owner.id)))
        if meeting is not None:
            match.meeting = meeting
            match.meeting_starts_at = as_utc(meeting.starts_at)
            match.meeting_place = plan.event
        else:
            match.meeting_starts_at = _local(self.today + timedelta(days=plan.in_days),
                                             plan.hour)
            match.meeting_place = plan.place
        if match.meeting_starts_at <= proposed_at:
            raise ValueError(f"demo match of {need.title!r} proposes a meeting in the past")

    def _project(self, need: Need, match: Match, spec: DemoMatch, poster: User,
                 at: datetime):
        """The project the conversion made, through the projects service (no commit)."""
        firm = match.team.organisation if match.team is not None else match.provider
        if (firm.id, need.title) in self.projects:
            return self.projects[(firm.id, need.title)]
        lead = self._speaker(spec)
        start_on = at.astimezone(park_zone()).date()
        project = start_project(
            poster, firm, title=need.title, summary=need.description,
            specialty=need.specialties[0] if need.specialties else None, client=need.owner,
            template="full", start_on=start_on,
            target_end_on=start_on + timedelta(days=30 * CONVERTED_PROJECT_MONTHS),
            visibility=Visibility.PARK, lead=lead)
        project.created_at = project.updated_at = at
        self.report.projects_created += 1
        return project
