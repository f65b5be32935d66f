"""The period a dashboard, report or funnel covers: this quarter, this year, all time or two
dates, read from the query string in the park's days and turned into UTC moments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from park.core.forms import parse_day
from park.core.time import park_today, park_zone

PERIODS = {
    "quarter": _l("This quarter"),
    "year": _l("This year"),
    "all": _l("All time"),
    "custom": _l("Between dates"),
}


@dataclass
class Period:
    key: str
    first_day: date | None  # in the park's days, both ends included
    last_day: date | None
    error: str = ""

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The period as UTC moments [start, end): park midnights. A period with an error
        covers all time (the page says why)."""
        if self.error:
            return None, None

        def midnight(day):
            return datetime.combine(day, time.min, tzinfo=park_zone()).astimezone(UTC)

        return (midnight(self.first_day) if self.first_day else None,
                midnight(self.last_day + timedelta(days=1)) if self.last_day else None)

    def days(self) -> tuple[date | None, date | None]:
        """The period as park days (for date columns), both ends included."""
        return (None, None) if self.error else (self.first_day, self.last_day)

    def query_args(self) -> dict[str, str]:
        """The query-string arguments that select this period again (for links)."""
        args = {"period": self.key}
        if self.key == "custom":
            if self.first_day:
                args["from"] = self.first_day.isoformat()
            if self.last_day:
                args["to"] = self.last_day.isoformat()
        return args


def period_from_args(args, default: str = "year", today: date | None = None) -> Period:
    """The period a page's query string asks for; anything unreadable falls back kindly."""
    key = args.get("period", default)
    today = today or park_today()
    if key == "quarter":
        return Period(key, date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today)
    if key == "all":
        return Period(key, None, None)
    if key == "custom":
        first, last = parse_day(args.get("from")), parse_day(args.get("to"))
        if first and last and last < first:
            return Period(key, first, last,
                          _("The end date is before the start date: showing all time."))
        if first or last:
            return Period(key, first, last)
        return Period(key, None, None, _("Choose a start or an end date."))
    return Period("year", date(today.year, 1, 1), today)
