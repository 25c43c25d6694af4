"""Reads: bounded windows of a queryset, answered conditionally.

``conditional`` is the public pages' ``public_page`` (coverage/public/caching.py)
around a ninja operation: the same ETag and Last-Modified from the public state,
the same 304s, the same shared page cache. It must name every query parameter
the operation reads, which the query schema lists. ``read`` registers one for
GET and HEAD."""

from ninja import Router
from ninja.decorators import decorate_view

from coverage.api.schemas import Errors, Window
from coverage.public.caching import public_page

ROW_ID_MAX = 2**63 - 1
READ_ERRORS = {304: None, 400: Errors}


def read(router: Router, path: str, **options):
    """A GET operation that answers HEAD too, as Django's own views do: the same
    status, ETag and Content-Length, no body (the server drops it). Ninja routes
    each method to its own operation, so HEAD is a second one, kept out of the
    OpenAPI description, which lists each read once."""

    def register(view):
        router.api_operation(["HEAD"], path, include_in_schema=False, **options)(view)
        return router.get(path, **options)(view)

    return register


def conditional(query: type[Window] = Window):
    return decorate_view(public_page(reads=query.model_fields))


def window(queryset, query: Window, *, count: int | None = None) -> tuple[int, list]:
    """The total and the rows of ``queryset`` in the window asked for: two
    queries, or one when the total is known, none past its end. A search's
    total is counted no further than search.BOUNDED_COUNT (filters.searched)
    and its rows stop there, as the public pages have no page past it: a deeper
    window would walk every match it skips."""
    total = queryset.count() if count is None else count
    end = min(query.offset + query.limit, total)
    rows = list(queryset[query.offset : end]) if query.offset < end else []
    return total, rows


def answer(query: Window, total: int, results: list, *, more: bool = False) -> dict:
    return {
        "count": total,
        "more": more,
        "limit": query.limit,
        "offset": query.offset,
        "results": results,
    }
