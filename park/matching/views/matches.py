"""A match's page and its moves (shortlist, introduction, meeting, decline, withdrawal and the
conversion into a project), the provider's inbox and the park office's funnel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from park.core.authz import authorize, guard
from park.core.errors import DomainError, found_or_404
from park.core.forms import safe_next, show_domain_error
from park.core.i18n import select_locale
from park.core.pagination import paginate
from park.core.policy import signed_in
from park.dashboard.periods import PERIODS, period_from_args
from park.directory.queries import all_specialties
from park.matching import queries, services
from park.matching.charts import FUNNEL_STEP_HELP, build_funnel_chart
from park.matching.forms import ConvertForm, MatchMoveForm, MeetingProposalForm, slot_value
from park.matching.lifecycle import MatchAction
from park.matching.models import Match, MatchStatus
from park.matching.notices import when
from park.matching.policy import (
    can_move_match,
    can_view_funnel,
    can_view_inbox,
    can_view_match,
    match_actions_for,
)
from park.matching.views import bp
from park.projects.lifecycle import TEMPLATES
from park.projects.models import Visibility

# The moves made with a plain form on the match page; a meeting and a conversion have pages.
FORM_MOVES = (MatchAction.SHORTLIST, MatchAction.REQUEST_INTRO, MatchAction.INTRODUCE,
              MatchAction.DECLINE, MatchAction.WITHDRAW)
MOVE_VALUES = ", ".join(f"'{action.value}'" for action in FORM_MOVES)

MOVE_DONE = {
    MatchAction.SHORTLIST: _l("%(provider)s is on your shortlist. They have been told."),
    MatchAction.REQUEST_INTRO: _l("The park office has been asked to introduce %(provider)s."),
    MatchAction.INTRODUCE: _l("You introduced them: both sides have been told."),
    MatchAction.DECLINE: _l("You declined %(provider)s. They have been told why."),
    MatchAction.WITHDRAW: _l("You withdrew from this need. Its owner has been told why."),
}


def match_or_404(match_id: int) -> Match:
    return found_or_404(queries.match_by_id(match_id))


# The step indicator --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressStep:
    key: str
    label: str
    state: str  # done, passed (jumped over), current, todo, closed
    at: datetime | None


_LEVEL = {MatchStatus.INTERESTED: 0, MatchStatus.SHORTLISTED: 1,
          MatchStatus.INTRO_REQUESTED: 1, MatchStatus.INTRODUCED: 1, MatchStatus.MEETING: 2,
          MatchStatus.CONVERTED: 3}


def match_progress(match: Match) -> list[ProgressStep]:
    """Interested → shortlisted or introduced → meeting → project; a declined or withdrawn
    match shows how far it got, then where it stopped."""
    contact_at = match.introduced_at or match.shortlisted_at
    if match.status in (MatchStatus.SHORTLISTED, MatchStatus.INTRO_REQUESTED,
                        MatchStatus.INTRODUCED):
        contact_label = match.status.label
    elif match.introduced_at:
        contact_label = MatchStatus.INTRODUCED.label
    elif match.shortlisted_at:
        contact_label = MatchStatus.SHORTLISTED.label
    else:
        contact_label = _("Shortlisted or introduced")
    stages = [
        ("interested", MatchStatus.INTERESTED.label, match.interested_at),
        ("contact", contact_label, contact_at),
        ("meeting", _("Meeting"), match.meeting_at),
        ("converted", _("Project"), match.converted_at),
    ]
    if match.closed and match.status is not MatchStatus.CONVERTED:
        reached = max((i for i, stage in enumerate(stages) if stage[2]), default=0)
        steps = [ProgressStep(key, str(label), "done" if at else "passed", at)
                 for key, label, at in stages[:reached + 1]]
        return steps + [ProgressStep(match.status.value, str(match.status.label), "closed",
                                     match.closed_at)]
    level = _LEVEL[match.status]
    steps = []
    for i, (key, label, at) in enumerate(stages):
        if i < level:
            state = "done" if at else "passed"
        elif i == level:
            state = "current"
        else:
            state = "todo"
        steps.append(ProgressStep(key, str(label), state, at))
    return steps


# The match page ------------------------------------------------------------------------------


# What the note means for each move: (label, help, required).
NOTE_FIELDS = {
    MatchAction.SHORTLIST: (_l("Note"), "", False),
    MatchAction.REQUEST_INTRO: (_l("Note for the park office (optional)"),
                                _l("What you would like the introduction to cover."), False),
    MatchAction.INTRODUCE: (_l("Note to both sides (optional)"),
                            _l("Who should talk to whom, and anything they should know first."),
                            False),
    MatchAction.DECLINE: (_l("Why do you decline?"),
                          _l("The provider reads this: a clear reason helps them answer better "
                             "next time."), True),
    MatchAction.WITHDRAW: (_l("Why do you withdraw?"), _l("The need’s owner reads this."), True),
}


def _with_ids(form, suffix: str):
    """Each move's form on the page gets ids of its own (the names stay: the route reads them)."""
    for field in form:
        if field.type != "CSRFTokenField":
            field.id = f"{field.name}-{suffix}"
            field.label.field_id = field.id
    return form


def _move_form(match: Match, action: MatchAction, form: MatchMoveForm | None = None,
               suffix: str | None = None) -> MatchMoveForm:
    """The form of one move, its note labelled for that move."""
    if form is None:
        form = MatchMoveForm(formdata=None, data={"version": match.version})
    label, help_text, required = NOTE_FIELDS[action]
    form.note.label.text = label
    form.note.description = help_text
    form.note.flags.required = required
    return _with_ids(form, suffix or action.value)


def _match_page(match: Match, *, failed: tuple[MatchAction, MatchMoveForm] | None = None,
                status: int = 200):
    actions = match_actions_for(current_user, match)
    forms = {action: _move_form(match, action) for action in actions if action in FORM_MOVES}
    if failed is not None:
        forms[failed[0]] = _move_form(match, *failed)
    return render_template(
        "matching/match.html",
        match=match,
        need=match.need,
        progress=match_progress(match),
        actions=actions,
        forms=forms,
    ), status


@bp.route("/matches/<int:match_id>")
@guard(signed_in)
def match(match_id: int):
    match = match_or_404(match_id)
    authorize(can_view_match, match)
    return _match_page(match)


def _refused(form, error: DomainError) -> int:
    """A save from a stale page is a conflict told at the top; other refusals at the field."""
    if error.field == "version":
        flash(error.message, "danger")
        return 409
    show_domain_error(form, error)
    return 422


@bp.route(f"/matches/<int:match_id>/move/<any({MOVE_VALUES}):move>", methods=["POST"])
@guard(signed_in)
def move_match(match_id: int, move: str):
    match = match_or_404(match_id)
    action = MatchAction(move)
    authorize(can_move_match, match, action)
    form = MatchMoveForm()
    status = 422
    if form.validate_on_submit():
        provider = match.provider_name(select_locale())
        try:
            services.move_match(current_user, match, action, expected_version=form.version.data,
                                note=form.note.data or "")
        except DomainError as error:
            status = _refused(form, error)
        else:
            flash(str(MOVE_DONE[action]) % {"provider": provider}, "success")
            back = safe_next(request.form.get("next"))
            return redirect(back or url_for("matching.match", match_id=match.id))
    match = match_or_404(match_id)  # a refused move rolled back: show what is stored
    # A stale page gets fresh forms; any other refusal keeps what was typed, at its field.
    return _match_page(match, failed=None if status == 409 else (action, form), status=status)


# Proposing a meeting -------------------------------------------------------------------------


def describe_slot(option: queries.SlotOption) -> str:
    return _("%(event)s — %(when)s", event=option.event.display_title(select_locale()),
             when=when(option.starts_at))


@bp.route("/matches/<int:match_id>/meeting", methods=["GET", "POST"])
@guard(signed_in)
def propose_meeting(match_id: int):
    match = match_or_404(match_id)
    authorize(can_move_match, match, MatchAction.PROPOSE_MEETING)
    owner, provider = services.meeting_parties(match)
    options = queries.fitting_slots(owner.id, provider.id)
    offered = {slot_value(o.event.id, o.starts_at): o for o in options}
    form = MeetingProposalForm(data={"version": match.version, "slot": ""})
    form.set_slots(options, describe_slot)
    status = 200
    if form.validate_on_submit():
        slot = offered.get(form.slot.data or "")
        try:
            services.propose_meeting(
                current_user, match, expected_version=form.version.data, slot=slot,
                starts_at=None if slot else form.starts_at.utc,
                place=form.place.data or "", message=form.message.data or "")
        except DomainError as error:
            if slot is not None and error.field not in (None, "version"):
                # The event's booking rules speak of its slot: tell it at the slot chosen.
                error = DomainError(error.message, "slot")
            status = _refused(form, error)
        else:
            flash(_("Meeting proposed to %(provider)s. They have been told.",
                    provider=match.provider_name(select_locale())), "success")
            return redirect(url_for("matching.match", match_id=match.id))
        match = match_or_404(match_id)
    elif form.is_submitted():
        status = 422
    return render_template("matching/match_meeting.html", match=match, need=match.need,
                           form=form, options=options, owner=owner, provider=provider), status


# Converting into a project -------------------------------------------------------------------


def _convert_form(match: Match, specialties) -> ConvertForm:
    need = match.need
    if request.method == "POST":
        form = ConvertForm()
    else:
        form = ConvertForm(data={
            "title": need.title, "summary": need.description,
            "specialty": need.specialties[0].id if need.specialties else None,
            "target_end_on": need.deadline, "version": match.version,
            "need_version": need.version,
        })
    form.set_choices(specialties, select_locale())
    return form


@bp.route("/matches/<int:match_id>/convert", methods=["GET", "POST"])
@guard(signed_in)
def convert_match(match_id: int):
    match = match_or_404(match_id)
    authorize(can_move_match, match, MatchAction.CONVERT)
    specialties = all_specialties()
    form = _convert_form(match, specialties)
    status = 200
    if form.validate_on_submit():
        specialty = next((s for s in specialties if s.id == form.specialty.data), None)
        try:
            project = services.convert_match(
                current_user, match, expected_version=form.version.data,
                need_version=form.need_version.data, title=form.title.data or "",
                summary=form.summary.data or "", specialty=specialty,
                template=form.template.data, start_on=form.start_on.data,
                target_end_on=form.target_end_on.data,
                visibility=Visibility(form.visibility.data))
        except DomainError as error:
            status = _refused(form, error)
            match = match_or_404(match_id)
        else:
            flash(_("“%(title)s” is now a project of %(firm)s, with %(client)s as its client.",
                    title=project.title, firm=project.firm.display_name(select_locale()),
                    client=project.client.display_name(select_locale())), "success")
            return redirect(url_for("projects.project", project_id=project.id))
    elif form.is_submitted():
        status = 422
    firm, partners = services.conversion_parties(match)
    return render_template("matching/match_convert.html", match=match, need=match.need,
                           form=form, firm=firm, partners=partners, templates=TEMPLATES,
                           visibilities={v.value: v for v in Visibility}), status


# The provider's inbox ------------------------------------------------------------------------


@bp.route("/inbox")
@guard(can_view_inbox)
def inbox():
    closed = request.args.get("closed") == "1"
    page = paginate(queries.inbox_query(current_user, closed=closed))
    return render_template("matching/inbox.html", page=page, closed=closed,
                           invitations=[] if closed else queries.open_invitations(current_user))


# The park office's funnel --------------------------------------------------------------------


@bp.route("/admin/matching")
@guard(can_view_funnel)
def funnel():
    period = period_from_args(request.args)
    start, end = period.bounds()
    chart = build_funnel_chart(queries.funnel(start, end))
    requests_ = queries.introduction_requests()
    return render_template(
        "matching/funnel.html",
        period=period,
        periods=PERIODS,
        chart=chart,
        step_help=FUNNEL_STEP_HELP,
        introduction_requests=requests_,
        intro_forms={m.id: _move_form(m, MatchAction.INTRODUCE, suffix=f"intro-{m.id}")
                     for m in requests_},
        conversions=queries.recent_conversions(),
    )
