"""Times are stored in UTC and shown in the park's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def now_utc() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were written as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def park_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["PARK_TIMEZONE"])


def to_park_time(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return as_utc(value).astimezone(park_zone())


def park_today() -> date:
    """Today's date in the park's zone: leases and tenancies are dated in local days."""
    return now_utc().astimezone(park_zone()).date()
