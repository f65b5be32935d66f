"""Academic profiles and "artists + engineers" teams: keeping a profile, forming a team across
organisations, adding and removing its people. One transaction per function."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from park.accounts.models import Organisation, OrgKind, OrgStatus, User
from park.accounts.services import normalise_email, user_by_email
from park.core.audit import diff, diff_terms, record
from park.core.errors import DomainError, commit_or_refuse
from park.directory.models import ServiceType, Specialty
from park.extensions import db
from park.matching.models import (
    AcademicPosition,
    AcademicProfile,
    Availability,
    Discipline,
    Team,
    TeamMember,
    split_skills,
)
from park.projects.policy import PROJECT_OWNER_KINDS

ROLE_MAX = 80


def save_academic_profile(actor: User, *, organisation: Organisation,
                          position: AcademicPosition, discipline: Discipline, skills: str,
                          availability: Availability, bio: str, listed: bool
                          ) -> AcademicProfile:
    """Create or update the actor's own profile at one of their academic institutions."""
    if organisation.kind is not OrgKind.ACADEMIC or actor.membership_in(organisation) is None:
        raise DomainError(_l("Choose the institution you belong to."), "organisation")
    skills = ", ".join(split_skills(skills))
    if len(skills) > 500:
        raise DomainError(_l("Please keep the skills under 500 characters."), "skills")
    profile = db.session.get(AcademicProfile, actor.id)
    fields = {"organisation_id": organisation.id, "position": position,
              "discipline": discipline, "skills": skills, "availability": availability,
              "bio": bio.strip(), "listed": listed}
    if profile is None:
        profile = AcademicProfile(user_id=actor.id, **fields)
        db.session.add(profile)
        changes = None
        action = "academic_profile.created"
    else:
        changes = diff(profile, fields)
        if not changes:
            return profile
        action = "academic_profile.updated"
    record(actor, action, actor, organisation=organisation, changes=changes,
           summary=actor.name)
    db.session.commit()
    return profile


def _member_organisation(user: User, preferred: Organisation | None = None) -> Organisation:
    """Where a team member comes from: the preferred organisation if they belong to it, their
    institution if they keep an academic profile, else their first approved organisation."""
    approved = [m.organisation for m in user.memberships
                if m.organisation.status is OrgStatus.APPROVED]
    if preferred is not None and preferred in approved:
        return preferred
    profile = db.session.get(AcademicProfile, user.id)
    if profile is not None and profile.organisation in approved:
        return profile.organisation
    if not approved:
        raise DomainError(_l("%(name)s does not belong to an approved organisation in the "
                             "park.", name=user.name), "email")
    return approved[0]


def _check_name(name: str, team: Team | None = None) -> str:
    name = name.strip()
    if len(name) < 2:
        raise DomainError(_l("Please give the team a name."), "name")
    clash = db.session.scalar(select(Team.id).where(Team.name == name))
    if clash is not None and (team is None or clash != team.id):
        raise DomainError(_l("Another team already has that name."), "name")
    return name


def create_team(actor: User, *, organisation: Organisation, name: str, description: str,
                specialties: list[Specialty], service_types: list[ServiceType], listed: bool,
                discipline: Discipline, role: str) -> Team:
    """A new team run from `organisation` (which takes on its projects), with the actor as its
    first member."""
    if organisation.kind not in PROJECT_OWNER_KINDS \
            or organisation.status is not OrgStatus.APPROVED \
            or actor.membership_in(organisation) is None:
        raise DomainError(_l("A team is run from your design firm, lab or institute."),
                          "organisation")
    team = Team(name=_check_name(name), description=description.strip(),
                organisation=organisation, created_by_id=actor.id, listed=listed,
                specialties=list(specialties), service_types=list(service_types))
    team.members = [TeamMember(user_id=actor.id, discipline=discipline,
                               organisation_id=_member_organisation(actor, organisation).id,
                               role=role.strip()[:ROLE_MAX])]
    db.session.add(team)
    record(actor, "team.created", team, organisation=organisation, summary=team.name)
    commit_or_refuse(_l("Another team already has that name."), "name")
    return team


def update_team(actor: User, team: Team, *, name: str, description: str,
                specialties: list[Specialty], service_types: list[ServiceType],
                listed: bool) -> None:
    changes = diff(team, {"name": _check_name(name, team), "description": description.strip(),
                          "listed": listed})
    changes |= diff_terms(team, {"specialties": specialties, "service_types": service_types})
    if not changes:
        return
    record(actor, "team.updated", team, organisation=team.organisation, changes=changes,
           summary=team.name)
    commit_or_refuse(_l("Another team already has that name."), "name")


def add_team_member(actor: User, team: Team, *, email: str, discipline: Discipline,
                    role: str) -> TeamMember:
    """Add someone already in Park (an institute artist, a firm engineer) to the team."""
    user = user_by_email(normalise_email(email))
    if user is None or not user.active:
        raise DomainError(_l("Nobody in Park has that e-mail address. Invite them to their "
                             "organisation first."), "email")
    if team.member(user) is not None:
        raise DomainError(_l("%(name)s is already on the team.", name=user.name), "email")
    member = TeamMember(team=team, user_id=user.id, discipline=discipline,
                        organisation_id=_member_organisation(user).id,
                        role=role.strip()[:ROLE_MAX])
    db.session.add(member)
    record(actor, "team.member_added", team, organisation=team.organisation,
           summary=f"{team.name}: {user.name}")
    commit_or_refuse(_l("%(name)s is already on the team.", name=user.name), "email")
    return member


def remove_team_member(actor: User, member: TeamMember) -> None:
    team = member.team
    if len(team.members) <= 1:
        raise DomainError(_l("A team needs at least one member."))
    name = member.user.name
    team.members.remove(member)
    record(actor, "team.member_removed", team, organisation=team.organisation,
           summary=f"{team.name}: {name}")
    db.session.commit()
