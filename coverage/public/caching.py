"""Conditional GET and the page cache, both keyed on the public state.

Everything a public page shows is part of one public record: published corrections,
published fact checks, and what they refer to. Its *state* is read in one query of
indexed aggregates: the newest correction publication, the newest verdict, and the
newest audit row that changed what the public sees (every such change is recorded
by a workflow function). Any change to the record changes the state, so:

- a page's ETag is a hash of its address and the state, and Django's ``condition``
  answers a matching ``If-None-Match`` or ``If-Modified-Since`` with a 304 before
  the view runs;
- the rendered page is kept in the shared cache (Redis in production) under its
  ETag, so a publication shows at once, on every worker, without waiting for an
  entry to expire or anything to be deleted.

Nothing is kept in a worker's memory: every worker, and the tests, see the same.
"""

import datetime
import hashlib
from collections.abc import Iterable
from functools import wraps
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Value
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from coverage.models import AuditEntry, Claim, Correction


def digest(values) -> str:
    """A short, stable stamp of ``values`` (their repr) for a cache key: the public
    state's version, a row fragment's stamp, a share card's drawing."""
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


BROWSER_MAX_AGE = 60


class PublicState(NamedTuple):
    latest: datetime.datetime | None  # the newest change: Last-Modified
    version: str  # changes whenever anything public does


def newest(queryset, **aggregates):
    """One row of ``aggregates`` over ``queryset`` (no GROUP BY), for a UNION."""
    return (
        queryset.order_by()
        .annotate(whole=Value(1))
        .values("whole")
        .annotate(**aggregates)
        .values_list(*aggregates)
    )


def read_public_state() -> PublicState:
    """One query: UNION ALL of three rows of aggregates, each read from an index."""
    # Only MAX aggregates, which PostgreSQL answers from the end of an index.
    corrections = newest(
        Correction.objects.published(), moment=Max("published_at"), row=Max("id")
    )
    claims = newest(
        Claim.objects.published(), moment=Max("verdict_published_at"), row=Max("id")
    )
    changes = newest(
        AuditEntry.objects.public(), moment=Max("created_at"), row=Max("id")
    )
    rows = list(corrections.union(claims, changes, all=True))
    moments = [moment for moment, _ in rows if moment is not None]
    return PublicState(
        latest=max(moments) if moments else None,
        version=digest(rows),
    )


def public_state(request) -> PublicState:
    """The state, read once per request whichever of the ETag, Last-Modified, the
    page cache or the view asks first."""
    if not hasattr(request, "public_state"):
        request.public_state = read_public_state()
    return request.public_state


def page_address(request, reads: Iterable[str]) -> str:
    """The scheme, the host, the path and the parameters the page reads, in a
    fixed order: a reordered query or an added ``utm_source`` is the same page,
    and parameters a page ignores cannot make new cache entries. Pages name their
    own absolute addresses (canonical links, feeds, the API's links), so each host
    in ALLOWED_HOSTS (which ``get_host()`` has checked) has a page of its own."""
    query = urlencode(
        [(name, request.GET[name]) for name in sorted(reads) if request.GET.get(name)]
    )
    return f"{request.scheme}://{request.get_host()}{request.path}?{query}"


def public_page(*, reads: Iterable[str] = ()):
    """Make a read-only view conditional, cacheable by browsers and cached here.

    ``reads`` names the query-string parameters the view reads. The page is kept
    for PAGE_CACHE_SECONDS (0 turns the page cache off), but only as long as the
    state it was rendered from is current: its key is its ETag."""
    reads = tuple(reads)

    def etag(request, *args, **kwargs) -> str:
        key = f"{page_address(request, reads)}|{public_state(request).version}"
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def last_modified(request, *args, **kwargs):
        return public_state(request).latest

    def decorator(view):
        @condition(etag_func=etag, last_modified_func=last_modified)
        def cached(request, *args, **kwargs):
            seconds = settings.PAGE_CACHE_SECONDS
            key = f"public-page:{etag(request)}"
            if seconds and (stored := cache.get(key)) is not None:
                content, content_type = stored
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if seconds and response.status_code == 200:
                if hasattr(response, "render"):
                    response.render()
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            return response

        @wraps(view)
        @require_safe
        def page(request, *args, **kwargs):
            response = cached(request, *args, **kwargs)
            if response.status_code in (200, 304):
                patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
            return response

        return page

    return decorator
