"""Dashboard charts as geometry: horizontal bars, columns per period (one or two series) and a
progress figure against a target. Computed here; templates/macros/charts.html draws them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from babel.dates import format_skeleton
from flask import url_for
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _

from park.core.time import park_today
from park.dashboard import figures as park_figures
from park.matching.charts import build_funnel_chart
from park.projects.lifecycle import STAGE_ORDER
from park.tenants.models import TenancyStatus


def number(value: int | float) -> str:
    return format_decimal(value)


def percent(rate: float | None) -> str:
    return format_percent(rate, "#,##0%") if rate is not None else ""


# Horizontal bars ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarItem:
    """What a bar chart is built from: one labelled count and the list it counts."""

    key: str
    label: str
    value: int
    url: str | None = None


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int
    value_text: str
    url: str | None
    y: float
    text_y: float
    width: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    bar_height: int
    plot_left: int
    plot_width: int
    value_label: str  # the table's column heading: "Firms", "Projects"
    total: int
    target: int | None = None
    target_x: float | None = None
    target_label: str = ""

    @property
    def empty(self) -> bool:
        return self.total == 0


def build_bar_chart(items: list[BarItem], *, value_label: str, width: int = 640,
                    row_height: int = 34, label_width: int = 210, figures_width: int = 64,
                    target: int | None = None, target_label: str = "") -> BarChart:
    """Bars from zero, scaled to the largest count (or the target, if it is larger); a dashed
    line marks the target."""
    plot_left = label_width
    plot_width = width - label_width - figures_width
    top = 22 if target else 0
    scale = max([item.value for item in items] + [target or 0, 1])
    bar_height = row_height - 12
    bars = []
    for index, item in enumerate(items):
        y = top + index * row_height
        # One still shows as a sliver, so "one" never looks like "none".
        bar_width = max(item.value / scale * plot_width, 3.0) if item.value else 0.0
        bars.append(Bar(
            key=item.key, label=item.label, value=item.value, value_text=number(item.value),
            url=item.url, y=y + (row_height - bar_height) / 2, text_y=y + row_height / 2,
            width=round(bar_width, 1), value_x=round(plot_left + bar_width + 8, 1),
        ))
    return BarChart(
        bars=bars, width=width, height=top + row_height * len(items), bar_height=bar_height,
        plot_left=plot_left, plot_width=plot_width, value_label=value_label,
        total=sum(item.value for item in items), target=target,
        target_x=round(plot_left + target / scale * plot_width, 1) if target else None,
        target_label=target_label,
    )


# Columns per period ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    index: int  # 1 or 2: solid or hatched, so print and colour-blind readers tell them apart


@dataclass(frozen=True)
class Column:
    series: Series
    value: int
    value_text: str
    url: str | None
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class ColumnGroup:
    key: str
    label: str
    columns: list[Column]
    label_x: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class ColumnChart:
    groups: list[ColumnGroup]
    series: list[Series]
    ticks: list[Tick]
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    baseline: float
    total: int
    percent: bool = False  # values are shares (0–100) rather than counts

    @property
    def empty(self) -> bool:
        return self.total == 0


@dataclass(frozen=True)
class ColumnPeriod:
    """What a column chart is built from: one period, its value per series and their lists."""

    key: str
    label: str
    values: list[int | float]
    urls: list[str | None] = field(default_factory=list)


def _nice_step(largest: float, ticks: int = 4) -> float:
    if largest <= 0:
        return 1
    rough = largest / ticks
    magnitude = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= rough:
            step = factor * magnitude
            return max(step, 1)
    return 10 * magnitude


def build_column_chart(periods: list[ColumnPeriod], series: list[tuple[str, str]], *,
                       width: int = 640, height: int = 240, as_percent: bool = False,
                       ceiling: float | None = None) -> ColumnChart:
    """Columns per period, side by side per series, on a y axis with round ticks. With
    `as_percent` the values are shares from 0 to 100 and the axis stops at `ceiling` (100)."""
    plot_left, plot_right, plot_top, bottom_room = 44, width - 8, 20, 28
    baseline = height - bottom_room
    plot_height = baseline - plot_top
    largest = max([v for period in periods for v in period.values] + [0])
    if ceiling is not None:
        largest = max(largest, ceiling)
    step = _nice_step(largest)
    top = step * max(math.ceil(largest / step), 1)
    ticks = []
    value = 0.0
    while value <= top + 1e-9:
        label = percent(value / 100) if as_percent else number(value)
        ticks.append(Tick(y=round(baseline - value / top * plot_height, 1), label=label))
        value += step
    kinds = [Series(key, label, index + 1) for index, (key, label) in enumerate(series)]
    slot = (plot_right - plot_left) / max(len(periods), 1)
    gap = min(slot * 0.25, 18)
    column_width = (slot - gap) / max(len(kinds), 1)
    groups = []
    for p_index, period in enumerate(periods):
        left = plot_left + p_index * slot + gap / 2
        columns = []
        for s_index, kind in enumerate(kinds):
            v = period.values[s_index] if s_index < len(period.values) else 0
            h = v / top * plot_height if top else 0
            if v and h < 2:
                h = 2.0
            x = left + s_index * column_width
            columns.append(Column(
                series=kind, value=v,
                value_text=percent(v / 100) if as_percent else number(v),
                url=period.urls[s_index] if s_index < len(period.urls) else None,
                x=round(x + 1, 1), y=round(baseline - h, 1), width=round(column_width - 2, 1),
                height=round(h, 1), text_x=round(x + column_width / 2, 1),
                text_y=round(baseline - h - 5, 1),
            ))
        groups.append(ColumnGroup(key=period.key, label=period.label, columns=columns,
                                  label_x=round(left + (slot - gap) / 2, 1)))
    total = sum(1 for p in periods for v in p.values if v) if as_percent else \
        sum(v for p in periods for v in p.values)
    return ColumnChart(groups=groups, series=kinds, ticks=ticks, width=width, height=height,
                       plot_left=plot_left, plot_right=plot_right, plot_top=plot_top,
                       baseline=baseline, total=total, percent=as_percent)


# A figure against its target ------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    value: int
    target: int
    value_text: str
    target_text: str
    share_text: str  # "45%" of the target
    fill_width: float  # out of `width`
    width: int = 300
    reached: bool = False


def build_progress(value: int, target: int, *, width: int = 300) -> Progress:
    share = value / target if target else 0
    return Progress(value=value, target=target, value_text=number(value),
                    target_text=number(target), share_text=percent(share),
                    fill_width=round(min(share, 1) * width, 1), width=width,
                    reached=value >= target)


# The park dashboard: figures turned into charts, every one linking to its list ------------------


@dataclass
class ParkDashboard:
    figures: park_figures.ParkFigures
    tenants: BarChart
    settled: Progress
    occupancy_history: ColumnChart
    stages: BarChart
    completed: ColumnChart
    ip: ColumnChart
    funnel: object  # park.matching.charts.FunnelChart
    links: dict[str, str]
    attendance_text: str
    let_area_text: str
    area_text: str
    occupancy_share_text: str


def quarter_label(quarter) -> str:
    return _("Q%(number)d %(year)d", number=quarter.number, year=quarter.year)


def park_dashboard(period) -> ParkDashboard:
    """The park office's dashboard for `period`: its figures (a fixed number of queries) as
    charts and numbers, each with the URL of the list it counts."""
    data = park_figures.cached_park_figures(period, park_today())
    locale = get_locale()

    tenants = build_bar_chart(
        [BarItem(s.value, str(s.label), data.tenants.by_status[s],
                 url_for("tenants.tenant_list", status=s.value)) for s in TenancyStatus],
        value_label=_("Tenant firms"))

    history = build_column_chart(
        [ColumnPeriod(day.isoformat(), format_skeleton("MMM", day, locale=locale),
                      [round(point.units_share, 1), round(point.area_share, 1)],
                      [url_for("tenants.buildings", on=day.isoformat())] * 2)
         for day, point in ((p.day, p) for p in data.occupancy_history)],
        [("units", _("Units let")), ("area", _("Floor area let"))],
        as_percent=True, ceiling=100, width=1040)

    stages = build_bar_chart(
        [BarItem(kind.value, str(kind.label), data.stages.get(kind, 0),
                 url_for("projects.park_projects", status="active", stage=kind.value))
         for kind in STAGE_ORDER],
        value_label=_("Active projects"))

    completed = build_column_chart(
        [ColumnPeriod(q.key, quarter_label(q), [n],
                      [url_for("projects.park_projects", status="completed",
                               completed_from=q.first_day.isoformat(),
                               completed_to=q.last_day.isoformat())])
         for q, n in zip(data.quarters, data.completed, strict=True)],
        [("completed", _("Projects completed"))], width=520)

    ip = build_column_chart(
        [ColumnPeriod(q.key, quarter_label(q), [filed, granted],
                      [url_for("projects.park_ip", filed_from=q.first_day.isoformat(),
                               filed_to=q.last_day.isoformat()),
                       url_for("projects.park_ip", granted_from=q.first_day.isoformat(),
                               granted_to=q.last_day.isoformat())])
         for q, (filed, granted) in zip(data.quarters, data.ip, strict=True)],
        [("filed", _("Filings")), ("granted", _("Grants"))], width=520)

    first, last = period.days()
    achieved_args = {}
    if first:
        achieved_args["achieved_from"] = first.isoformat()
    achieved_args["achieved_to"] = (last or data.today).isoformat()
    links = {
        "settled": url_for("tenants.tenant_list", status=TenancyStatus.SETTLED.value),
        "buildings": url_for("tenants.buildings"),
        "active_projects": url_for("projects.park_projects", status="active"),
        "achieved": url_for("projects.park_projects", **achieved_args),
        "overdue": url_for("projects.park_projects", overdue=1),
        "events": url_for("events.manage_events", when="past", status="published",
                          **period.query_args()),
        "funnel": url_for("matching.funnel", **period.query_args()),
    }
    occupancy = data.occupancy
    return ParkDashboard(
        figures=data, tenants=tenants,
        settled=build_progress(data.tenants.settled, data.tenants.target),
        occupancy_history=history, stages=stages, completed=completed, ip=ip,
        funnel=build_funnel_chart(data.funnel), links=links,
        attendance_text=percent(data.events.attendance_rate),
        let_area_text=number(round(occupancy.area_let_m2)),
        area_text=number(round(occupancy.area_m2)),
        occupancy_share_text=percent(occupancy.let_ratio),
    )
