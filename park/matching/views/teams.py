"""People and teams: an academic's own profile, the list of institute people firms can team
up with, and "artists + engineers" teams — the list, a team's page, forming and editing a team
and adding or removing its people."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from park.accounts.forms import ConfirmForm
from park.core.authz import allowed, authorize, guard
from park.core.errors import DomainError, found_or_404
from park.core.forms import enum_arg, id_arg, show_domain_error
from park.core.i18n import select_locale
from park.core.pagination import paginate
from park.core.policy import anyone, signed_in
from park.directory.queries import all_service_types, all_specialties
from park.matching import queries, teams
from park.matching.forms import (
    AcademicProfileForm,
    EditTeamForm,
    TeamForm,
    TeamMemberForm,
)
from park.matching.models import (
    AcademicPosition,
    Availability,
    Discipline,
    Team,
    TeamMember,
)
from park.matching.policy import (
    academic_organisations,
    can_create_team,
    can_edit_team,
    can_keep_academic_profile,
    can_see_team_members,
    can_view_people,
    can_view_team,
    team_home_organisations,
)
from park.matching.views import bp

QUERY_MAX = 100


# How a team's page and card describe the team (prefixed: these helpers are app-wide). ------


@dataclass(frozen=True)
class TeamBalance:
    """The mix of artists and engineers on a team, as the pages show it."""

    artists: int
    engineers: int
    key: str  # balanced, mostly_artists, mostly_engineers, artists_only, engineers_only, empty

    @property
    def label(self) -> str:
        return str(BALANCE_LABELS[self.key])

    @property
    def counts(self) -> str:
        """"2 artists · 1 engineer"."""
        return _("%(artists)s · %(engineers)s",
                 artists=ngettext("%(num)d artist", "%(num)d artists", self.artists),
                 engineers=ngettext("%(num)d engineer", "%(num)d engineers", self.engineers))

    @property
    def disciplines(self) -> list[str]:
        """One entry per member for the balance bar: artists first, then engineers."""
        return ["artist"] * self.artists + ["engineer"] * self.engineers


BALANCE_LABELS = {
    "balanced": _l("Balanced"),
    "mostly_artists": _l("Mostly artists"),
    "mostly_engineers": _l("Mostly engineers"),
    "artists_only": _l("Artists only"),
    "engineers_only": _l("Engineers only"),
    "empty": _l("No members yet"),
}


@bp.app_template_global("matching_team_balance")
def team_balance(team: Team) -> TeamBalance:
    """Balanced when both disciplines are there and neither outnumbers the other two to one."""
    artists, engineers = team.artists, team.engineers
    if not artists and not engineers:
        key = "empty"
    elif not engineers:
        key = "artists_only"
    elif not artists:
        key = "engineers_only"
    elif artists > 2 * engineers:
        key = "mostly_artists"
    elif engineers > 2 * artists:
        key = "mostly_engineers"
    else:
        key = "balanced"
    return TeamBalance(artists, engineers, key)


@bp.app_template_global("matching_team_organisations")
def team_organisations(team: Team) -> list:
    """The organisations the team's people come from, each once, in the order they joined."""
    seen = {}
    for member in team.members:
        seen.setdefault(member.organisation_id, member.organisation)
    return list(seen.values())


# An academic's own profile ------------------------------------------------------------------


def _academic_profile_form() -> AcademicProfileForm:
    profile = queries.academic_profile_of(current_user)
    data = {"listed": True, "availability": Availability.AVAILABLE.value}
    if profile is not None:
        data = {
            "organisation": profile.organisation_id, "position": profile.position.value,
            "discipline": profile.discipline.value, "skills": profile.skills,
            "availability": profile.availability.value, "bio": profile.bio,
            "listed": profile.listed,
        }
    form = AcademicProfileForm(data=data)
    form.set_organisations(academic_organisations(current_user), select_locale())
    return form


@bp.route("/profile/academic", methods=["GET", "POST"])
@guard(can_keep_academic_profile)
def academic_profile():
    form = _academic_profile_form()
    if form.validate_on_submit():
        organisations = {o.id: o for o in academic_organisations(current_user)}
        try:
            teams.save_academic_profile(
                current_user,
                organisation=organisations[form.organisation.data],
                position=AcademicPosition(form.position.data),
                discipline=Discipline(form.discipline.data),
                skills=form.skills.data or "",
                availability=Availability(form.availability.data),
                bio=form.bio.data or "",
                listed=form.listed.data,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your academic profile has been saved."), "success")
            return redirect(url_for("matching.academic_profile"))
    status = 422 if form.is_submitted() else 200
    return render_template("matching/academic_profile.html", form=form,
                           my_teams=queries.teams_of(current_user)), status


# People -------------------------------------------------------------------------------------


@bp.route("/people")
@guard(can_view_people)
def people():
    filters = queries.PeopleFilters(
        q=" ".join(request.args.get("q", "").split())[:QUERY_MAX],
        discipline=enum_arg(Discipline, "discipline"),
        available_only=request.args.get("available") == "1",
    )
    return render_template("matching/people.html", filters=filters,
                           page=paginate(queries.people_query(filters)),
                           disciplines=list(Discipline),
                           may_create_team=allowed(can_create_team))


# Teams --------------------------------------------------------------------------------------


def _team_or_404(team_id: int) -> Team:
    return found_or_404(queries.team_by_id(team_id))


def _member_of(team: Team, member_id: int) -> TeamMember:
    return found_or_404(next((m for m in team.members if m.id == member_id), None))


# Endpoint "matching.teams"; the function's own name keeps clear of the `teams` services.
@bp.route("/teams", endpoint="teams")
@guard(anyone)
def teams_list():
    filters = queries.TeamFilters(
        q=" ".join(request.args.get("q", "").split())[:QUERY_MAX],
        specialty_id=id_arg("specialty"),
        balanced=request.args.get("balanced") == "1",
    )
    return render_template("matching/teams.html", filters=filters,
                           page=paginate(queries.teams_query(filters)),
                           specialties=all_specialties(),
                           may_create_team=allowed(can_create_team))


def _team_page(team: Team, *, member_form: TeamMemberForm | None = None, status: int = 200):
    see_members = allowed(can_see_team_members, team)
    return render_template(
        "matching/team.html",
        team=team,
        see_members=see_members,
        profiles=(queries.academic_profiles([m.user_id for m in team.members])
                  if see_members else {}),
        can_edit=allowed(can_edit_team, team),
        member_form=member_form or TeamMemberForm(formdata=None),
    ), status


@bp.route("/teams/<int:team_id>")
@guard(anyone)
def team(team_id: int):
    team = _team_or_404(team_id)
    authorize(can_view_team, team)
    return _team_page(team)


def _team_form(form_class, team: Team | None = None):
    data = None
    if team is not None:
        data = {"name": team.name, "description": team.description, "listed": team.listed,
                "specialties": [t.code for t in team.specialties],
                "service_types": [t.code for t in team.service_types]}
    form = form_class(data=data) if data else form_class()
    specialties, service_types = all_specialties(), all_service_types()
    form.set_terms(specialties, service_types, select_locale())
    return form, specialties, service_types


@bp.route("/teams/new", methods=["GET", "POST"])
@guard(can_create_team)
def new_team():
    form, specialties, service_types = _team_form(TeamForm)
    homes = team_home_organisations(current_user)
    form.set_organisations(homes, select_locale())
    if form.validate_on_submit():
        try:
            team = teams.create_team(
                current_user,
                organisation={o.id: o for o in homes}[form.organisation.data],
                name=form.name.data or "",
                description=form.description.data or "",
                listed=form.listed.data,
                discipline=Discipline(form.discipline.data),
                role=form.role.data or "",
                **form.terms(specialties, service_types),
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The team %(name)s has been formed. Add its people below.",
                    name=team.name), "success")
            return redirect(url_for("matching.team", team_id=team.id))
    status = 422 if form.is_submitted() else 200
    return render_template("matching/team_form.html", form=form, team=None), status


@bp.route("/teams/<int:team_id>/edit", methods=["GET", "POST"])
@guard(signed_in)
def edit_team(team_id: int):
    team = _team_or_404(team_id)
    authorize(can_edit_team, team)
    form, specialties, service_types = _team_form(EditTeamForm, team)
    if form.validate_on_submit():
        try:
            teams.update_team(current_user, team, name=form.name.data or "",
                              description=form.description.data or "",
                              listed=form.listed.data,
                              **form.terms(specialties, service_types))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The team has been saved."), "success")
            return redirect(url_for("matching.team", team_id=team.id))
    status = 422 if form.is_submitted() else 200
    return render_template("matching/team_form.html", form=form, team=team), status


@bp.route("/teams/<int:team_id>/members", methods=["POST"])
@guard(signed_in)
def add_team_member(team_id: int):
    team = _team_or_404(team_id)
    authorize(can_edit_team, team)
    form = TeamMemberForm()
    if form.validate_on_submit():
        try:
            member = teams.add_team_member(current_user, team, email=form.email.data or "",
                                           discipline=Discipline(form.discipline.data),
                                           role=form.role.data or "")
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("%(name)s has joined the team.", name=member.user.name), "success")
            return redirect(url_for("matching.team", team_id=team.id, _anchor="members"))
    return _team_page(team, member_form=form, status=422)


@bp.route("/teams/<int:team_id>/members/<int:member_id>/delete", methods=["POST"])
@guard(signed_in)
def remove_team_member(team_id: int, member_id: int):
    team = _team_or_404(team_id)
    authorize(can_edit_team, team)
    member = _member_of(team, member_id)
    if ConfirmForm().validate_on_submit():
        name = member.user.name
        try:
            teams.remove_team_member(current_user, member)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("%(name)s is no longer on the team.", name=name), "success")
    return redirect(url_for("matching.team", team_id=team.id, _anchor="members"))
