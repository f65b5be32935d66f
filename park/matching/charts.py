"""The matching funnel as a chart: bars centred on one axis, each as wide as its share of the
needs posted, with the figures beside them. Geometry here; templates/macros/charts.html draws."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal, format_percent
from flask_babel import lazy_gettext as _l

from park.matching.queries import FunnelStep

FUNNEL_STEP_LABELS = {
    "posted": _l("Needs posted"),
    "interested": _l("Got interest"),
    "introduced": _l("Introduced"),
    "meeting": _l("Meeting proposed"),
    "converted": _l("Converted to a project"),
}

FUNNEL_STEP_HELP = {
    "posted": _l("Needs posted in the period."),
    "interested": _l("Needs with at least one interested provider."),
    "introduced": _l("Needs where the park office introduced a provider."),
    "meeting": _l("Needs where a meeting was proposed."),
    "converted": _l("Needs that became a project."),
}


@dataclass(frozen=True)
class FunnelRow:
    key: str
    label: str
    count: int
    count_text: str
    from_previous: str  # "50%", or "" for the first step / nothing before
    from_posted: str
    y: float
    text_y: float
    bar_x: float
    bar_width: float


@dataclass(frozen=True)
class FunnelChart:
    rows: list[FunnelRow]
    width: int
    height: int
    row_height: int
    label_width: int
    plot_left: int
    plot_width: int
    figures_x: int
    centre_x: float
    total: int

    @property
    def empty(self) -> bool:
        return self.total == 0


def percent(rate: float | None) -> str:
    return format_percent(rate, "#,##0%") if rate is not None else ""


def build_funnel_chart(steps: list[FunnelStep], *, width: int = 760, row_height: int = 46,
                       label_width: int = 190, figures_width: int = 170) -> FunnelChart:
    plot_left = label_width
    plot_width = width - label_width - figures_width
    centre = plot_left + plot_width / 2
    widest = max((step.count for step in steps), default=0)
    bar_height = row_height - 14
    rows = []
    for index, step in enumerate(steps):
        y = index * row_height
        share = step.count / widest if widest else 0
        # A step with any need still shows a sliver, so "one" never looks like "none".
        bar_width = max(share * plot_width, 3.0) if step.count else 0.0
        rows.append(FunnelRow(
            key=step.key,
            label=str(FUNNEL_STEP_LABELS[step.key]),
            count=step.count,
            count_text=format_decimal(step.count),
            from_previous=percent(step.rate_from_previous) if index else "",
            from_posted=percent(step.rate_from_posted) if index else "",
            y=y + (row_height - bar_height) / 2,
            text_y=y + row_height / 2,
            bar_x=round(centre - bar_width / 2, 1),
            bar_width=round(bar_width, 1),
        ))
    return FunnelChart(rows=rows, width=width, height=row_height * len(steps),
                       row_height=bar_height, label_width=label_width, plot_left=plot_left,
                       plot_width=plot_width, figures_x=plot_left + plot_width + 12,
                       centre_x=centre, total=steps[0].count if steps else 0)
