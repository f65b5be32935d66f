"""Organisations: the directory of design service providers with its filters, and one
provider's profile."""

from __future__ import annotations

from flask import abort, request
from marshmallow import fields, validate

from park.accounts.models import OrgKind
from park.api.schemas import (
    PageArgs,
    Schema,
    TermSchema,
    UtcDateTime,
    enum_field,
    page_body,
    page_of,
)
from park.api.setup import api_blueprint
from park.core.authz import allowed, guard
from park.core.i18n import select_locale
from park.core.pagination import paginate
from park.core.policy import anyone
from park.directory import forms, queries
from park.directory.models import PROVIDER_KINDS
from park.directory.policy import can_view_profile
from park.tenants.models import TenancyStatus

blp = api_blueprint("api_organisations", __name__,
                    "The directory of design service providers and their profiles.")


class DirectoryArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=200),
                      metadata={"description": "Words in the name, description or terms."})
    specialty = fields.List(fields.String(), metadata={"description": "Specialty codes (any)."})
    service = fields.List(fields.String(), metadata={"description": "Service codes (any)."})
    kind = fields.List(fields.String(validate=validate.OneOf([k.value for k in PROVIDER_KINDS])))
    in_park = fields.List(fields.String(validate=validate.OneOf(["yes", "no"])),
                          metadata={"description": "yes: settled in the park; no: not."})
    sort = fields.String(validate=validate.OneOf(queries.SORTS), load_default="name")


class OrganisationSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    name_zh = fields.String(required=True)
    kind = enum_field(OrgKind, required=True)
    description = fields.String(required=True)
    description_zh = fields.String(required=True)
    website = fields.String(required=True)
    in_park = fields.Function(
        lambda org: org.tenancy is not None and org.tenancy.status is TenancyStatus.SETTLED,
        required=True, metadata={"type": "boolean", "description": "Settled in the park."})
    specialties = fields.List(fields.Nested(TermSchema), attribute="profile.specialties",
                              dump_default=list, required=True)
    services = fields.List(fields.Nested(TermSchema), attribute="profile.service_types",
                           dump_default=list, required=True)
    capacity = fields.Integer(attribute="profile.capacity", dump_default=0, required=True,
                              metadata={"description": "Projects the provider takes at once."})
    created_at = UtcDateTime(required=True)


@blp.route("/organisations", methods=["GET"])
@guard(anyone)
@blp.arguments(DirectoryArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(OrganisationSchema))
def list_organisations(**_args):
    """The directory: listed design service providers, with the site's filters and sorts."""
    filters = forms.search_filters(request.args)
    return page_body(paginate(queries.search_query(filters, select_locale()),
                              per_page=queries.PER_PAGE))


@blp.route("/organisations/<slug>", methods=["GET"])
@guard(anyone)
@blp.response(200, OrganisationSchema)
def get_organisation(slug: str):
    """One provider's profile (listed providers are public; others only to their members)."""
    organisation = queries.provider_by_slug(slug)
    if organisation is None or not allowed(can_view_profile, organisation):
        abort(404)
    return organisation
