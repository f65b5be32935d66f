"""Reports and their downloads: the park office's page of reports, each as CSV or XLSX for a
period, and an organisation's export of its own projects and IP records."""

from __future__ import annotations

from flask import Response, render_template, request, stream_with_context

from park.accounts.services import organisation_by_slug
from park.core.authz import authorize, guard
from park.core.errors import found_or_404
from park.core.policy import signed_in
from park.core.time import park_today
from park.dashboard import exports, streaming
from park.dashboard.periods import PERIODS, Period, period_from_args
from park.dashboard.policy import can_export_organisation_reports, can_export_park_reports
from park.dashboard.views import bp


def _download(report: exports.Report, fmt: str, period: Period, filename_stem: str,
              organisation=None) -> Response:
    if fmt not in exports.FORMATS:
        found_or_404(None)
    columns = report.columns()
    rows = report.rows(period, organisation)
    if fmt == "csv":
        chunks, mimetype = streaming.csv_chunks(columns, rows), streaming.CSV_MIMETYPE
    else:
        chunks = streaming.xlsx_chunks(str(report.title), columns, rows)
        mimetype = streaming.XLSX_MIMETYPE
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    filename = f"{filename_stem}-{report.key}-{park_today().isoformat()}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/reports")
@guard(can_export_park_reports)
def reports():
    return render_template(
        "dashboard/reports.html",
        reports=list(exports.REPORTS.values()),
        formats=exports.FORMATS,
        period=period_from_args(request.args),
        periods=PERIODS,
    )


@bp.route("/admin/reports/<report>.<fmt>")
@guard(can_export_park_reports)
def export(report: str, fmt: str):
    definition = found_or_404(exports.park_report(report))
    return _download(definition, fmt, period_from_args(request.args), "park")


@bp.route("/orgs/<slug>/reports/<report>.<fmt>")
@guard(signed_in)
def organisation_export(slug: str, report: str, fmt: str):
    organisation = found_or_404(organisation_by_slug(slug))
    authorize(can_export_organisation_reports, organisation)
    definition = found_or_404(exports.organisation_report(report))
    # An organisation exports its whole record unless it asks for a period.
    return _download(definition, fmt, period_from_args(request.args, default="all"),
                     organisation.slug, organisation)
