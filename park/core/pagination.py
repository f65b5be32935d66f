"""Pagination of select() queries, bounded so no page asks for everything."""

from __future__ import annotations

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination, SelectPagination

from park.extensions import db

MAX_PER_PAGE = 100


class RowPagination(SelectPagination):
    """Pages of a select() of several columns (an object with computed values): the items are
    rows, where Flask-SQLAlchemy's own pages keep only the first column."""

    def _query_items(self) -> list:
        select = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(select).unique().all())


class ListPagination(Pagination):
    """Pages of a list already in memory (a ranking computed in Python)."""

    def _query_items(self) -> list:
        items = self._query_args["items"]
        return list(items[self._query_offset:self._query_offset + self.per_page])

    def _query_count(self) -> int:
        return len(self._query_args["items"])


def _page_args(per_page: int | None) -> dict:
    per_page = per_page or current_app.config["PER_PAGE"]
    return dict(
        page=request.args.get("page", 1, type=int),
        per_page=min(request.args.get("per_page", per_page, type=int), MAX_PER_PAGE),
        max_per_page=MAX_PER_PAGE,
        error_out=False,
    )


def paginate(query, per_page: int | None = None, *, rows: bool = False):
    """A page of `query`'s results; with `rows`, whole result rows rather than scalars."""
    if rows:
        return RowPagination(select=query, session=db.session(), **_page_args(per_page))
    return db.paginate(query, **_page_args(per_page))


def paginate_list(items: list, per_page: int | None = None):
    return ListPagination(items=items, **_page_args(per_page))
