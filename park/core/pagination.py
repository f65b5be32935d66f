"""Pagination of select() queries, bounded so no page asks for everything."""

from __future__ import annotations

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination, SelectPagination

from park.core.caching import cache_key, remember
from park.extensions import db

MAX_PER_PAGE = 100
# A list's total may lag this many seconds behind its rows where counting every matching row
# on each page costs more than the page itself (tens of thousands of projects).
COUNT_CACHE_SECONDS = 60
# Past any list's end; a larger page number would overflow the database's OFFSET.
MAX_PAGE = 1_000_000


class RowPagination(SelectPagination):
    """Pages of a select() of several columns (an object with computed values): the items are
    rows, where Flask-SQLAlchemy's own pages keep only the first column."""

    def _query_items(self) -> list:
        select = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(select).unique().all())


class CachedCountPagination(SelectPagination):
    """Pages of a select() whose total comes from the cache when a request counted the same
    list (same key) within COUNT_CACHE_SECONDS; the rows are always read fresh."""

    def _query_count(self) -> int:
        return remember(self._query_args["count_key"], super()._query_count,
                        timeout=COUNT_CACHE_SECONDS)


class ListPagination(Pagination):
    """Pages of a list already in memory (a ranking computed in Python)."""

    def _query_items(self) -> list:
        items = self._query_args["items"]
        return list(items[self._query_offset:self._query_offset + self.per_page])

    def _query_count(self) -> int:
        return len(self._query_args["items"])


class SlicePagination(Pagination):
    """Pages whose items and total come from one call, `fetch(page, per_page)` returning
    `(total, items)`: a ranking computed in Python and cached page by page."""

    def _query_items(self) -> list:
        total, items = self._query_args["fetch"](self.page, self.per_page)
        self._query_args["total"] = total
        return list(items)

    def _query_count(self) -> int:
        return self._query_args["total"]


def page_position(per_page: int | None = None) -> tuple[int, int]:
    """The page number and page size this request asks for, as the pages below read them."""
    args = _page_args(per_page)
    return args["page"], args["per_page"]


def _page_args(per_page: int | None) -> dict:
    per_page = per_page or current_app.config["PER_PAGE"]
    return dict(
        page=min(request.args.get("page", 1, type=int), MAX_PAGE),
        per_page=min(request.args.get("per_page", per_page, type=int), MAX_PER_PAGE),
        max_per_page=MAX_PER_PAGE,
        error_out=False,
    )


def paginate(query, per_page: int | None = None, *, rows: bool = False,
             count_key: tuple | None = None):
    """A page of `query`'s results; with `rows`, whole result rows rather than scalars. With
    `count_key` (everything that decides which rows match: the user, the filters), the total
    may be up to COUNT_CACHE_SECONDS old."""
    if count_key is not None:
        return CachedCountPagination(select=query, session=db.session(),
                                     count_key=cache_key("list-total", *count_key),
                                     **_page_args(per_page))
    if rows:
        return RowPagination(select=query, session=db.session(), **_page_args(per_page))
    return db.paginate(query, **_page_args(per_page))


def paginate_list(items: list, per_page: int | None = None):
    return ListPagination(items=items, **_page_args(per_page))


def paginate_slices(fetch, per_page: int | None = None):
    """A page from `fetch(page, per_page) -> (total, items)`."""
    return SlicePagination(fetch=fetch, **_page_args(per_page))
