"""Needs: the list (those that fit the user first), posting and editing one, and its page: the
ranked providers for its owner, the interest form for providers; invitations, interest and
shortlisting from the ranking."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from park.accounts.forms import ConfirmForm
from park.accounts.models import Organisation
from park.core.authz import allowed, authorize, guard
from park.core.caching import cache_key, shared_fragment, watch
from park.core.errors import DomainError, found_or_404
from park.core.forms import show_domain_error
from park.core.i18n import select_locale
from park.core.pagination import page_position, paginate, paginate_slices
from park.core.templating import render_fragment
from park.directory.queries import all_service_types, all_specialties
from park.matching import queries, scoring, services
from park.matching.forms import (
    CandidateForm,
    CloseNeedForm,
    EditNeedForm,
    InterestForm,
    NeedForm,
    ReopenNeedForm,
    need_filters,
)
from park.matching.models import Match, Need, NeedInvitation, NeedStatus, Team
from park.matching.policy import (
    can_answer_as,
    can_answer_need,
    can_edit_need,
    can_invite_to_need,
    can_post_needs,
    can_see_ranking,
    can_shortlist,
    can_view_need,
    can_view_needs,
    need_owner_organisations,
    provider_organisations,
)
from park.matching.views import bp


def _need_or_404(need_id: int) -> Need:
    need = found_or_404(queries.need_by_id(need_id))
    authorize(can_view_need, need)
    return need


def _provider_or_404(value: str | None) -> Organisation | Team:
    return found_or_404(queries.provider_by_value(value))


def _as_provider(provider) -> dict:
    """The keyword the services take for a provider: organisation= or team=."""
    return {"team": provider} if isinstance(provider, Team) else {"organisation": provider}


def _need_url(need: Need, anchor: str | None = None) -> str:
    return url_for("matching.need", need_id=need.id, _anchor=anchor)


# The list ------------------------------------------------------------------------------------


@bp.route("/needs")
@guard(can_view_needs)
def needs():
    filters = need_filters()
    return render_template(
        "matching/needs.html",
        page=paginate(queries.needs_query(current_user, filters), rows=True),
        filters=filters,
        filtered=bool(filters.q or filters.specialty_id or filters.service_type_id
                      or filters.status or filters.scope != "all"),
        specialties=all_specialties(),
        service_types=all_service_types(),
        statuses=list(NeedStatus),
        can_post=allowed(can_post_needs),
    )


# Posting and editing -------------------------------------------------------------------------


@bp.route("/needs/new", methods=["GET", "POST"])
@guard(can_post_needs)
def new_need():
    locale = select_locale()
    specialties, service_types = all_specialties(), all_service_types()
    organisations = need_owner_organisations(current_user)
    form = NeedForm()
    form.set_organisations(organisations, locale)
    form.set_terms(specialties, service_types, locale)
    if form.validate_on_submit():
        owner = next(o for o in organisations if o.id == form.organisation.data)
        try:
            need = services.post_need(current_user, owner,
                                      **form.details(specialties, service_types))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your need \u201c%(title)s\u201d has been posted.", title=need.title),
                  "success")
            return redirect(_need_url(need))
    status = 422 if form.is_submitted() else 200
    return render_template("matching/need_form.html", form=form, need=None), status


def _edit_form(need: Need, locale: str, specialties, service_types) -> EditNeedForm:
    form = EditNeedForm(data={
        "title": need.title, "description": need.description,
        "specialties": [t.code for t in need.specialties],
        "service_types": [t.code for t in need.service_types],
        "budget_min": need.budget_min, "budget_max": need.budget_max,
        "deadline": need.deadline, "visibility": need.visibility.value,
        "version": need.version,
    })
    form.set_terms(specialties, service_types, locale)
    return form


def _refused(form, error: DomainError) -> int:
    """Show a refusal; a save from a stale page is a conflict, told at the top of the page."""
    if error.field == "version":
        flash(error.message, "danger")
        return 409
    show_domain_error(form, error)
    return 422


@bp.route("/needs/<int:need_id>/edit", methods=["GET", "POST"])
@guard(can_view_needs)
def edit_need(need_id: int):
    need = _need_or_404(need_id)
    authorize(can_edit_need, need)
    specialties, service_types = all_specialties(), all_service_types()
    form = _edit_form(need, select_locale(), specialties, service_types)
    status = 200
    if form.validate_on_submit():
        try:
            services.update_need(current_user, need, expected_version=form.version.data,
                                 **form.details(specialties, service_types))
        except DomainError as error:
            status = _refused(form, error)
        else:
            flash(_("The need has been saved."), "success")
            return redirect(_need_url(need))
    elif form.is_submitted():
        status = 422
    return render_template("matching/need_form.html", form=form, need=need), status


@bp.route("/needs/<int:need_id>/close", methods=["POST"])
@guard(can_view_needs)
def close_need(need_id: int):
    need = _need_or_404(need_id)
    authorize(can_edit_need, need)
    form = CloseNeedForm()
    if form.validate_on_submit():
        try:
            services.close_need(current_user, need, expected_version=form.version.data,
                                reason=form.reason.data or "")
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("The need is closed: providers can no longer answer it."), "success")
    else:
        flash(_("The need could not be closed: please check the reason and try again."),
              "danger")
    return redirect(_need_url(need))


@bp.route("/needs/<int:need_id>/reopen", methods=["POST"])
@guard(can_view_needs)
def reopen_need(need_id: int):
    need = _need_or_404(need_id)
    authorize(can_edit_need, need)
    form = ReopenNeedForm()
    if form.validate_on_submit():
        try:
            services.reopen_need(current_user, need, expected_version=form.version.data)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("The need is open again."), "success")
    return redirect(_need_url(need))


# The need page -------------------------------------------------------------------------------


def _interest_form(need: Need, mine, locale: str, form: InterestForm | None = None):
    """The interest form offering the user's organisations and teams not yet in play for the
    need; None when none is left."""
    taken_orgs = {m.provider_id for m in mine if m.provider_id}
    taken_teams = {m.team_id for m in mine if m.team_id}
    organisations = [o for o in provider_organisations(current_user, need)
                     if o.id not in taken_orgs]
    teams = [t for t in queries.teams_of(current_user) if t.id not in taken_teams]
    if not organisations and not teams:
        return None
    form = form or InterestForm(formdata=None)
    form.set_providers(organisations, teams, locale)
    return form


def _need_page(need: Need, *, interest_form: InterestForm | None = None, status: int = 200):
    """The need page. Its content is the same for everyone who may do the same things with the
    need (see the ranking, edit, shortlist, invite) on the same page of the ranking in the same
    language; a provider who may answer gets a page of their own (their answers, the
    organisations they may answer for). It is shared through the cache until the need, its
    matches or invitations change, for at most RANKING_CACHE_SECONDS (the providers' facts in
    the ranking, names). A page showing a form's errors is the reader's own."""
    if interest_form is not None:
        content = _need_content(need, interest_form=interest_form)
    else:
        answering = allowed(can_answer_need, need)
        key = cache_key(f"need:{need.id}", select_locale(),
                        *page_position(scoring.RANKING_PER_PAGE),
                        allowed(can_see_ranking, need), allowed(can_edit_need, need),
                        allowed(can_shortlist, need), allowed(can_invite_to_need, need),
                        current_user.id if answering else None)
        content = shared_fragment(key, partial(_need_content, need),
                                  timeout=scoring.RANKING_CACHE_SECONDS)
    return render_template("matching/need.html", need=need, content=content), status


def _need_content(need: Need, *, interest_form: InterestForm | None = None) -> Markup:
    need = found_or_404(queries.need_by_id(need.id))  # the page's relations, loaded now
    locale = select_locale()
    context = {"need": need, "locale": locale}
    if allowed(can_see_ranking, need):
        context.update(
            ranking_section=_ranking_section(need, locale, allowed(can_shortlist, need),
                                             allowed(can_invite_to_need, need)),
            matches=queries.matches_of_need(need),
        )
    if allowed(can_edit_need, need):
        context.update(close_form=CloseNeedForm(formdata=None, version=need.version),
                       reopen_form=ReopenNeedForm(formdata=None, version=need.version),
                       can_edit=True)
    if allowed(can_answer_need, need) or interest_form is not None:
        mine = queries.my_matches(current_user, need)
        context.update(my_matches=mine,
                       interest_form=_interest_form(need, mine, locale, interest_form))
    return render_fragment("matching/_need.html", **context)


def _ranking_section(need: Need, locale: str, shortlist: bool, invite: bool) -> Markup:
    ranking = paginate_slices(partial(scoring.ranking_page, need, locale),
                              scoring.RANKING_PER_PAGE)
    return render_fragment("matching/_ranking.html", need=need, locale=locale, ranking=ranking,
                           ranked_count=ranking.total, weights=scoring.WEIGHTS,
                           can_shortlist=shortlist, can_invite=invite)


def _need_namespace(obj: Need | Match | NeedInvitation) -> str | None:
    """The cache namespace of the need a need, match or invitation is about (a new match or
    invitation may know its need only by the relationship before its first flush)."""
    if isinstance(obj, Need):
        need_id = obj.id
    else:
        need_id = obj.need_id or (obj.need.id if obj.need is not None else None)
    return f"need:{need_id}" if need_id else None


watch(Need, Match, NeedInvitation, namespace=_need_namespace)


@bp.route("/needs/<int:need_id>")
@guard(can_view_needs)
def need(need_id: int):
    # Who may see and do what needs the need alone (invitations load if a policy asks); the
    # rest loads when the page is not in the cache.
    need = found_or_404(queries.need_alone(need_id))
    authorize(can_view_need, need)
    return _need_page(need)


# Answering, inviting, shortlisting -----------------------------------------------------------


@bp.route("/needs/<int:need_id>/interest", methods=["POST"])
@guard(can_view_needs)
def express_interest(need_id: int):
    need = _need_or_404(need_id)
    authorize(can_answer_need, need)
    mine = queries.my_matches(current_user, need)
    form = _interest_form(need, mine, select_locale(), InterestForm())
    if form is None:
        flash(_("Everyone you could answer for is already in play for this need."), "info")
        return redirect(_need_url(need))
    if form.validate_on_submit():
        provider = _provider_or_404(form.provider.data)
        authorize(can_answer_as, need, provider)
        try:
            match = services.express_interest(current_user, need, message=form.message.data or "",
                                              **_as_provider(provider))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The owner of the need has been told you are interested."), "success")
            return redirect(url_for("matching.match", match_id=match.id))
    return _need_page(need, interest_form=form, status=422)


@bp.route("/needs/<int:need_id>/shortlist", methods=["POST"])
@guard(can_view_needs)
def shortlist_candidate(need_id: int):
    need = _need_or_404(need_id)
    authorize(can_shortlist, need)
    form = CandidateForm()
    if not form.validate_on_submit():
        abort(400)
    provider = _provider_or_404(form.provider.data)
    try:
        match = services.shortlist_candidate(current_user, need, **_as_provider(provider))
    except DomainError as error:
        flash(error.message, "danger")
        return redirect(_need_url(need, "ranking"))
    flash(_("%(provider)s is on your shortlist and has been told.",
            provider=match.provider_name(select_locale())), "success")
    return redirect(url_for("matching.match", match_id=match.id))


@bp.route("/needs/<int:need_id>/invitations", methods=["POST"])
@guard(can_view_needs)
def invite(need_id: int):
    need = _need_or_404(need_id)
    authorize(can_invite_to_need, need)
    form = CandidateForm()
    if not form.validate_on_submit():
        abort(400)
    provider = _provider_or_404(form.provider.data)
    try:
        services.invite_to_need(current_user, need, **_as_provider(provider))
    except DomainError as error:
        flash(error.message, "danger")
    else:
        name = provider.name if isinstance(provider, Team) \
            else provider.display_name(select_locale())
        flash(_("%(provider)s has been invited to answer the need.", provider=name), "success")
    return redirect(_need_url(need, "ranking"))


def _invitation_of(need: Need, invitation_id: int) -> NeedInvitation:
    return found_or_404(next((i for i in need.invitations if i.id == invitation_id), None))


@bp.route("/needs/<int:need_id>/invitations/<int:invitation_id>/delete", methods=["POST"])
@guard(can_view_needs)
def withdraw_invitation(need_id: int, invitation_id: int):
    need = _need_or_404(need_id)
    authorize(can_edit_need, need)
    invitation = _invitation_of(need, invitation_id)
    if ConfirmForm().validate_on_submit():
        services.withdraw_invitation(current_user, invitation)
        flash(_("The invitation has been withdrawn."), "success")
    return redirect(_need_url(need, "invitations"))
