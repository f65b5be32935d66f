"""Schemas every API area shares: errors, pages of results, the paging arguments, and the
small shapes (a term, an organisation's reference) that many resources embed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC

import marshmallow as ma
from marshmallow import fields, validate

from park.accounts.models import OrgKind
from park.core.models import MAX_ID
from park.core.pagination import MAX_PER_PAGE
from park.core.security import NUL_CHARACTER


class UtcDateTime(fields.DateTime):
    """ISO 8601 in UTC with an explicit offset, whatever the database handed back (SQLite
    returns naive values, which were written as UTC). Input without an offset is UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.isoformat().replace("+00:00", "Z")

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Schema(ma.Schema):
    """Refuses unknown fields in bodies, so a misspelt field is an error, not a silent no-op,
    and text with NUL characters, which no database column can hold."""

    class Meta:
        unknown = ma.RAISE
        ordered = True

    @ma.pre_load
    def refuse_nul_characters(self, data, **kwargs):
        if isinstance(data, Mapping):
            bad = sorted(str(name) for name, value in data.items() if _holds_nul(value))
            if bad:
                raise ma.ValidationError({name: [str(NUL_CHARACTER)] for name in bad})
        return data


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    return False


class ErrorDetail(Schema):
    code = fields.String(required=True, metadata={
        "description": "bad_request, unauthorized, forbidden, not_found, method_not_allowed, "
                       "conflict, validation_failed, rate_limited, server_error, unavailable"})
    message = fields.String(required=True, metadata={"description": "A sentence for people."})
    fields_ = fields.Dict(
        data_key="fields", required=True,
        metadata={"description": "Messages by field name, for validation errors."},
    )


class Error(Schema):
    error = fields.Nested(ErrorDetail, required=True)


class PageArgs(Schema):
    class Meta:
        unknown = ma.EXCLUDE

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(validate=validate.Range(min=1, max=MAX_PER_PAGE),
                              metadata={"description": f"At most {MAX_PER_PAGE}."})


_pages: dict[str, type[Schema]] = {}


def page_of(item_schema: type[Schema]) -> type[Schema]:
    """The list envelope ``{"items", "page", "per_page", "total"}`` for `item_schema`."""
    name = item_schema.__name__.removesuffix("Schema") + "Page"
    if name not in _pages:
        _pages[name] = type(name, (Schema,), {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "total": fields.Integer(required=True),
        })
    return _pages[name]


def page_body(pagination) -> dict:
    """A Flask-SQLAlchemy pagination as the list envelope."""
    return {"items": pagination.items, "page": pagination.page,
            "per_page": pagination.per_page, "total": pagination.total}


def enum_field(enum_class, **kwargs) -> fields.Enum:
    """An enum by its value, as the UI's query strings write it."""
    return fields.Enum(enum_class, by_value=True, **kwargs)


def id_field(**kwargs) -> fields.Integer:
    """An id sent by a caller: a whole number a row can have."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class Shown:
    """An object as a caller gets to see it: some attributes replaced (withheld, or worked
    out beside it, such as a waitlist place), the rest read from the object, so one schema
    dumps it."""

    def __init__(self, obj, **replaced):
        self._obj = obj
        self._replaced = replaced

    def __getattr__(self, name):
        if name in self._replaced:
            return self._replaced[name]
        return getattr(self._obj, name)


class TermSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    name_zh = fields.String(required=True)


class OrganisationRefSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    name_zh = fields.String(required=True)
    kind = enum_field(OrgKind, required=True)


class UserRefSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
