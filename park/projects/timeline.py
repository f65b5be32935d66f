"""The project timeline: planned against actual dates of each stage, laid out as the geometry
of a server-drawn SVG chart (the template only draws what this computes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from babel.dates import format_skeleton
from flask_babel import gettext as _

from park.projects.lifecycle import DONE_STATUSES, StageStatus

# The chart's coordinate system (the SVG scales to its container through its viewBox).
WIDTH = 960
LABEL_WIDTH = 200
RIGHT_PAD = 16
HEADER = 30
ROW = 36
FOOTER = 26
PLOT_LEFT = LABEL_WIDTH
PLOT_RIGHT = WIDTH - RIGHT_PAD


@dataclass
class Bar:
    x: float
    width: float
    css: str
    y: float
    height: float


@dataclass
class TimelineRow:
    stage: object
    y: float
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    ongoing: bool
    late_days: int
    bars: list[Bar] = field(default_factory=list)

    @property
    def text_y(self) -> float:
        return self.y + ROW / 2

    @property
    def late(self) -> bool:
        return self.late_days > 0


@dataclass
class Tick:
    x: float
    label: str | None  # None: a grid line without a label (labels thin out on long spans)


@dataclass
class TimelineChart:
    first: date
    last: date
    rows: list[TimelineRow]
    ticks: list[Tick]
    today: date
    today_x: float | None
    width: int = WIDTH
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    header: int = HEADER
    row_height: int = ROW

    @property
    def height(self) -> int:
        return HEADER + ROW * len(self.rows) + FOOTER

    @property
    def rows_bottom(self) -> int:
        return HEADER + ROW * len(self.rows)

    @property
    def late_rows(self) -> list[TimelineRow]:
        return [row for row in self.rows if row.late]


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _actual_span(stage, today: date) -> tuple[date | None, date | None, bool]:
    """Where the solid bar runs: from the actual start to the actual end, or to today while
    the stage is still under way."""
    start = stage.actual_start_on
    if start is None:
        return None, None, False
    if stage.actual_end_on is not None:
        return start, stage.actual_end_on, False
    if stage.status in (StageStatus.IN_PROGRESS, StageStatus.AWAITING_APPROVAL):
        return start, max(today, start), True
    return start, start, False


def _late_days(stage, actual_end: date | None, ongoing: bool, today: date) -> int:
    planned_end = stage.planned_end_on
    if planned_end is None or stage.status is StageStatus.SKIPPED:
        return 0
    if stage.status in DONE_STATUSES:
        return max(((actual_end or planned_end) - planned_end).days, 0)
    # Not done yet: late as soon as its planned end has passed.
    return max((today - planned_end).days, 0) if ongoing or today > planned_end else 0


def _ticks(first: date, last: date, x_of, locale: str) -> list[Tick]:
    months = []
    day = first
    while day <= last:
        months.append(day)
        day = _next_month(day)
    step = next(s for limit, s in ((9, 1), (18, 2), (36, 3), (72, 6), (10**6, 12))
                if len(months) <= limit)
    ticks = []
    labelled_year = None
    for index, month in enumerate(months[:-1] if len(months) > 1 else months):
        label = None
        if index % step == 0:
            # The year with the first month shown of each year, the month alone otherwise.
            skeleton = "MMM" if month.year == labelled_year else "yMMM"
            label = format_skeleton(skeleton, month, locale=locale)
            labelled_year = month.year
        ticks.append(Tick(x_of(month), label))
    return ticks


def build_timeline(stages, *, today: date, locale: str, project_start: date | None = None,
                   project_end: date | None = None) -> TimelineChart | None:
    """Rows of bars for `stages` (in order); None when nothing has a date yet."""
    spans = [(stage, *_actual_span(stage, today)) for stage in stages]
    dates = [d for stage in stages for d in (stage.planned_start_on, stage.planned_end_on)
             if d is not None]
    dates += [d for _stage, start, end, _ongoing in spans for d in (start, end) if d]
    if not dates:
        return None
    dates += [d for d in (project_start, project_end) if d is not None]
    first = _month_start(min(dates))
    last = _next_month(max(dates))
    total_days = (last - first).days
    scale = (PLOT_RIGHT - PLOT_LEFT) / total_days

    def x_of(day: date) -> float:
        return round(PLOT_LEFT + (day - first).days * scale, 1)

    def width_of(start: date, end: date) -> float:
        # Both ends inclusive: a one-day stage still gets a visible sliver.
        return round(max((end - start).days + 1, 1) * scale, 1)

    rows = []
    for index, (stage, actual_start, actual_end, ongoing) in enumerate(spans):
        y = HEADER + index * ROW
        row = TimelineRow(stage=stage, y=y, planned_start=stage.planned_start_on,
                          planned_end=stage.planned_end_on, actual_start=actual_start,
                          actual_end=None if ongoing else actual_end, ongoing=ongoing,
                          late_days=_late_days(stage, actual_end, ongoing, today))
        if stage.planned_start_on or stage.planned_end_on:
            start = stage.planned_start_on or stage.planned_end_on
            end = stage.planned_end_on or stage.planned_start_on
            row.bars.append(Bar(x_of(start), width_of(start, end), "timeline-planned",
                                y + 7, ROW - 14))
        if actual_start is not None:
            status_class = f"timeline-actual timeline-{stage.status.value}"
            planned_end = stage.planned_end_on
            if planned_end is not None and actual_end > planned_end and actual_start <= planned_end:
                row.bars.append(Bar(x_of(actual_start), width_of(actual_start, planned_end),
                                    status_class, y + 12, ROW - 24))
                overrun_start = planned_end + timedelta(days=1)
                row.bars.append(Bar(x_of(overrun_start), width_of(overrun_start, actual_end),
                                    "timeline-actual timeline-overrun", y + 12, ROW - 24))
            elif planned_end is not None and actual_start > planned_end:
                row.bars.append(Bar(x_of(actual_start), width_of(actual_start, actual_end),
                                    "timeline-actual timeline-overrun", y + 12, ROW - 24))
            else:
                row.bars.append(Bar(x_of(actual_start), width_of(actual_start, actual_end),
                                    status_class, y + 12, ROW - 24))
        rows.append(row)

    today_x = x_of(today) if first <= today < last else None
    return TimelineChart(first=first, last=last - timedelta(days=1), rows=rows,
                         ticks=_ticks(first, last, x_of, locale), today=today, today_x=today_x)


def timeline_summary(chart: TimelineChart, project) -> str:
    """One paragraph a screen reader can read instead of the chart."""
    done = sum(1 for row in chart.rows if row.stage.status in DONE_STATUSES)
    parts = [_("%(count)d stages between %(first)s and %(last)s; %(done)d of them done.",
               count=len(chart.rows), first=chart.first.isoformat(),
               last=chart.last.isoformat(), done=done)]
    current = project.current
    if current is not None:
        parts.append(_("The current stage is %(stage)s (%(status)s).", stage=current.label,
                       status=current.status.label))
    late = chart.late_rows
    if late:
        parts.append(_("Behind plan: %(stages)s.",
                       stages=", ".join(str(row.stage.label) for row in late)))
    return " ".join(parts)
