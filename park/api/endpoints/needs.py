"""Needs: the briefs the caller may see (those that fit them first), posting one, one need, and
its ranked providers with where each score comes from."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError, fields, validate
from sqlalchemy import select

from park.accounts.models import OrgKind
from park.api.schemas import (
    OrganisationRefSchema,
    PageArgs,
    Schema,
    Shown,
    TermSchema,
    UtcDateTime,
    enum_field,
    page_body,
    page_of,
)
from park.api.setup import api_blueprint
from park.core.authz import authorize, guard
from park.core.errors import DomainError, found_or_404
from park.core.i18n import select_locale
from park.core.pagination import paginate, paginate_slices
from park.directory.models import ServiceType, Specialty
from park.extensions import db
from park.matching import queries, scoring, services
from park.matching.forms import BUDGET_MAX, NEED_QUERY_MAX, NEED_SCOPES, need_filters
from park.matching.models import MatchStatus, Need, NeedStatus, NeedVisibility
from park.matching.policy import (
    can_post_needs,
    can_see_ranking,
    can_view_need,
    can_view_needs,
    need_owner_organisations,
    provider_organisations,
)

blp = api_blueprint("api_needs", __name__,
                    "Needs posted in the park and the providers ranked for them.")

# The form's own message for a term not offered.
NOT_IN_LIST = _l("Please choose only from the list.")
MAX_TERMS = 100
CODE_MAX = 40  # the length of a term code (its column)


# Terms by code -------------------------------------------------------------------------------


def _terms_by_code(model, codes) -> dict:
    return {term.code: term for term in db.session.scalars(
        select(model).where(model.code.in_(list(codes))))} if codes else {}


class TermCode(fields.String):
    """A service or field named by its code, read as the term's id."""

    def __init__(self, model, **kwargs):
        kwargs.setdefault("metadata", {})["maxLength"] = CODE_MAX
        super().__init__(**kwargs)
        self.model = model

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs)
        readable = len(code) <= CODE_MAX and "\x00" not in code
        term = _terms_by_code(self.model, [code]).get(code) if readable else None
        if term is None:
            raise ValidationError(str(NOT_IN_LIST))
        return term.id


class TermCodes(fields.List):
    """Services or fields named by their codes, read as the terms (one query for them all)."""

    def __init__(self, model, **kwargs):
        super().__init__(fields.String(validate=validate.Length(max=CODE_MAX)),
                         validate=validate.Length(max=MAX_TERMS), **kwargs)
        self.model = model

    def _deserialize(self, value, attr, data, **kwargs):
        codes = list(dict.fromkeys(super()._deserialize(value, attr, data, **kwargs)))
        if len(codes) > MAX_TERMS:
            return codes  # not looked up: the length validator refuses them
        found = _terms_by_code(self.model, codes)
        if any(code not in found for code in codes):
            raise ValidationError(str(NOT_IN_LIST))
        return [found[code] for code in codes]


# Schemas -------------------------------------------------------------------------------------


class NeedsArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=NEED_QUERY_MAX),
                      metadata={"description": "Words in the title or description."})
    service = TermCode(ServiceType, metadata={"description": "A service code: needs asking "
                                                             "for it."})
    specialty = TermCode(Specialty, metadata={"description": "A field (specialty) code."})
    status = enum_field(NeedStatus)
    scope = fields.String(
        validate=validate.OneOf(NEED_SCOPES), load_default="all",
        metadata={"description": "all; mine: posted by your organisations; invited: needs your "
                                 "organisations or teams are invited to."})


class NeedSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    owner = fields.Nested(OrganisationRefSchema, required=True,
                          metadata={"description": "The organisation that posted the need."})
    service_types = fields.List(fields.Nested(TermSchema), required=True,
                                metadata={"description": "Services wanted."})
    specialties = fields.List(fields.Nested(TermSchema), required=True,
                              metadata={"description": "Fields (specialties) of the product."})
    budget_min = fields.Integer(required=True, allow_none=True,
                                metadata={"description": "Yuan."})
    budget_max = fields.Integer(required=True, allow_none=True,
                                metadata={"description": "Yuan."})
    deadline = fields.Date(required=True, allow_none=True)
    visibility = enum_field(NeedVisibility, required=True, metadata={
        "description": "park: everyone signed in for a park organisation; invited: only the "
                       "providers and teams invited."})
    status = enum_field(NeedStatus, required=True)
    answerable = fields.Boolean(required=True,
                                metadata={"description": "Providers may still answer it."})
    closed_reason = fields.String(required=True)
    project_id = fields.Integer(required=True, allow_none=True,
                                metadata={"description": "The project it became, if converted."})
    version = fields.Integer(required=True,
                             metadata={"description": "Changes with every save."})
    created_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)


class FitSchema(Schema):
    covered = fields.Integer(required=True,
                             metadata={"description": "Wanted services you (your organisations "
                                                      "or teams) offer."})
    wanted = fields.Integer(required=True, metadata={"description": "Services the need wants."})


class ListedNeedSchema(NeedSchema):
    fit = fields.Nested(FitSchema, required=True, allow_none=True, metadata={
        "description": "How well the need fits what you offer; null when you offer no "
                       "services (no provider organisation and no team)."})


class NewNeedSchema(Schema):
    owner = fields.String(required=True, validate=validate.Length(max=80), metadata={
        "description": "The slug of your approved organisation that posts the need."})
    title = fields.String(required=True, validate=validate.Length(max=200))
    description = fields.String(load_default="", validate=validate.Length(max=6000))
    service_types = TermCodes(ServiceType, load_default=list,
                              metadata={"description": "Service codes (at least one)."})
    specialties = TermCodes(Specialty, load_default=list,
                            metadata={"description": "Field (specialty) codes."})
    budget_min = fields.Integer(strict=True, allow_none=True, load_default=None,
                                validate=validate.Range(min=0, max=BUDGET_MAX),
                                metadata={"description": "Yuan."})
    budget_max = fields.Integer(strict=True, allow_none=True, load_default=None,
                                validate=validate.Range(min=0, max=BUDGET_MAX),
                                metadata={"description": "Yuan; not below budget_min."})
    deadline = fields.Date(allow_none=True, load_default=None,
                           metadata={"description": "Not in the past (park time)."})
    visibility = enum_field(NeedVisibility, load_default=NeedVisibility.PARK)


class ScorePartSchema(Schema):
    key = fields.String(required=True, validate=validate.OneOf(list(scoring.WEIGHTS)))
    points = fields.Float(required=True, metadata={"description": "Points earned, of weight."})
    weight = fields.Integer(required=True, metadata={
        "description": "The most the part can earn. Parts that do not apply to a provider "
                       "(balance, for anyone but a team) are left out and the score scaled "
                       "to 100."})
    text = fields.String(required=True, metadata={"description": "Where the points come from, "
                                                                 "in a sentence."})


class RankedMatchSchema(Schema):
    id = fields.Integer(required=True)
    status = enum_field(MatchStatus, required=True)


class RankedProviderSchema(Schema):
    rank = fields.Integer(required=True, metadata={"description": "1 for the best fit."})
    kind = fields.String(required=True, validate=validate.OneOf(["organisation", "team"]))
    id = fields.Integer(required=True, metadata={"description": "The organisation's or team's."})
    name = fields.String(required=True)
    name_zh = fields.String(required=True)
    slug = fields.String(required=True, allow_none=True,
                         metadata={"description": "An organisation's slug; null for a team."})
    organisation_kind = enum_field(OrgKind, required=True, allow_none=True)
    score = fields.Integer(required=True, metadata={"description": "Out of 100."})
    parts = fields.List(fields.Nested(ScorePartSchema), required=True)
    invited = fields.Boolean(required=True)
    match = fields.Nested(RankedMatchSchema, required=True, allow_none=True,
                          metadata={"description": "The provider's match for the need, if "
                                                   "it is in play."})


# Views ---------------------------------------------------------------------------------------


def _offers_services(user) -> bool:
    return bool(provider_organisations(user)) or bool(queries.teams_of(user))


@blp.route("/needs", methods=["GET"])
@guard(can_view_needs)
@blp.arguments(NeedsArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(ListedNeedSchema))
def list_needs(service=None, specialty=None, **_args):
    """The needs you may see, those that fit what you offer first.

    Open needs first, by how many of their services you offer, then the newest: needs for
    the whole park, your organisations' own, and invited-only ones your organisations or
    teams are invited to; with the site's filters.
    """
    filters = replace(need_filters(), service_type_id=service, specialty_id=specialty)
    page = paginate(queries.needs_query(current_user, filters), rows=True)
    provider = _offers_services(current_user)
    page.items = [Shown(need, fit={"covered": fit, "wanted": wanted} if provider else None)
                  for need, fit, wanted in page.items]
    return page_body(page)


@blp.route("/needs", methods=["POST"])
@guard(can_post_needs)
@blp.arguments(NewNeedSchema)
@blp.response(201, NeedSchema)
def create_need(details):
    """Post a need for one of your organisations.

    Say what you need designed, the services and fields it takes, a budget and a deadline;
    the park then ranks the providers that fit. `visibility: invited` keeps it to the
    providers you invite.
    """
    slug = details.pop("owner")
    owner = next((o for o in need_owner_organisations(current_user) if o.slug == slug), None)
    if owner is None:
        raise DomainError(services.OWN_ORGANISATION_ONLY, "owner")
    return services.post_need(current_user, owner, **details)


def _need_or_404(need_id: int) -> Need:
    need = found_or_404(queries.need_by_id(need_id))
    authorize(can_view_need, need)
    return need


@blp.route("/needs/<int:need_id>", methods=["GET"])
@guard(can_view_needs)
@blp.response(200, NeedSchema)
def get_need(need_id: int):
    """One need (invited-only needs: to their owner, the invited and the park office)."""
    return _need_or_404(need_id)


def _ranked_item(rank: int, row: scoring.RankedProvider) -> dict:
    candidate = row.candidate
    return {
        "rank": rank, "kind": candidate.kind, "id": candidate.id, "name": candidate.name,
        "name_zh": candidate.name_zh, "slug": candidate.slug or None,
        "organisation_kind": candidate.org_kind, "score": row.score,
        "parts": [{"key": part.key, "points": round(part.points, 2), "weight": part.weight,
                   "text": part.text} for part in row.parts],
        "invited": row.invited,
        "match": {"id": row.match.id, "status": row.match.status} if row.match else None,
    }


@blp.route("/needs/<int:need_id>/matches", methods=["GET"])
@guard(can_view_needs)
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(RankedProviderSchema))
def list_need_matches(need_id: int, **_args):
    """The providers that fit a need, best first, with where each score comes from.

    Firms and teams, each with its score out of 100 and every part's points and sentence
    (the explanations the need's page shows). For the need's owner and the park office. Only
    providers offering a wanted service or working in a wanted field are ranked.
    """
    need = _need_or_404(need_id)
    authorize(can_see_ranking, need)
    page = paginate_slices(partial(scoring.ranking_page, need, select_locale()),
                           scoring.RANKING_PER_PAGE)
    first = (page.page - 1) * page.per_page + 1
    page.items = [_ranked_item(first + index, row) for index, row in enumerate(page.items)]
    return page_body(page)
