"""Pagination of select() queries, bounded so no page asks for everything."""

from __future__ import annotations

from flask import current_app, request

from park.extensions import db

MAX_PER_PAGE = 100


def paginate(query, per_page: int | None = None):
    per_page = per_page or current_app.config["PER_PAGE"]
    return db.paginate(
        query,
        page=request.args.get("page", 1, type=int),
        per_page=min(request.args.get("per_page", per_page, type=int), MAX_PER_PAGE),
        max_per_page=MAX_PER_PAGE,
        error_out=False,
    )
