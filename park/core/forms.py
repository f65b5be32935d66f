"""Helpers shared by every feature's forms and views."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import flash, request
from flask_wtf import FlaskForm

from park.core.errors import DomainError


def show_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Put a service's refusal next to the field it concerns, or on top of the page."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "danger")


def safe_next(target: str | None) -> str | None:
    """Only same-site, relative redirect targets; anything else is dropped."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def enum_arg(enum_class, name: str):
    """A filter from the query string as a member of `enum_class`; unreadable means no filter."""
    value = request.args.get(name, "")
    try:
        return enum_class(value) if value else None
    except ValueError:
        return None


def id_arg(name: str) -> int | None:
    """A positive id from the query string; anything else (or too big for the database's
    integers) means no filter."""
    value = request.args.get(name, type=int)
    return value if value and 0 < value < 2**31 else None


def parse_day(value: str | None) -> date | None:
    """A day written YYYY-MM-DD, or None for anything else."""
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


def day_arg(name: str) -> date | None:
    """A day from the query string; anything unreadable means no filter."""
    return parse_day(request.args.get(name))
