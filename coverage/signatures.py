"""Signatures of the public pages, and what they buy: conditional GET and caching.

Each page has a *signature*: one or two cheap aggregate queries (an indexed
``Max`` of the publication time, and a count where rows can leave the public set)
that change whenever the page's content may. The signature gives the ETag and
Last-Modified, answers conditional requests with 304 before any rendering, and
keys the server-side page cache, so a publication never waits for a cache entry
to expire: it shows within PAGE_SIGNATURE_SECONDS (1 s), the time each worker
keeps a signature it has computed.
"""

import datetime
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from coverage.filters import InvalidParameter
from coverage.memo import Memo
from coverage.models import Claim, Correction, Outlet, Story

BROWSER_MAX_AGE = 60


class Signature(NamedTuple):
    """What a page depends on: its newest moment (Last-Modified) and a version
    string (the ETag); ``count`` is the number of rows when the page shows it."""

    latest: datetime.datetime | None
    version: str
    count: int | None = None


# Signatures: what a page depends on, in one or two indexed queries.


def corrections_signature(**kwargs) -> Signature:
    # Published corrections are append-only, so the newest publication time changes
    # with every publication, including one that supersedes an older correction.
    latest = Correction.objects.published().aggregate(latest=Max("published_at"))
    return Signature(latest["latest"], f"corrections:{latest['latest']}")


def log_signature(**kwargs) -> Signature:
    """The corrections' signature with their count, which the unfiltered log shows:
    read here, once per PAGE_SIGNATURE_SECONDS, it spares that page a count(*) per
    request."""
    state = Correction.objects.published().aggregate(
        latest=Max("published_at"), count=Count("id")
    )
    return Signature(state["latest"], f"corrections:{state['latest']}", state["count"])


def claims_signature(**kwargs) -> Signature:
    # A reopened claim leaves the public set: the count catches that.
    state = Claim.objects.published().aggregate(
        latest=Max("verdict_published_at"), count=Count("id")
    )
    return Signature(state["latest"], f"claims:{state['latest']}:{state['count']}")


def correction_signature(*, pk: int) -> Signature:
    """One correction's page changes when it is published or superseded."""
    state = (
        Correction.objects.published()
        .filter(Q(pk=pk) | Q(supersedes_id=pk))
        .aggregate(latest=Max("published_at"), found=Count("id", filter=Q(pk=pk)))
    )
    if not state["found"]:
        raise Http404("No published correction with that id.")
    return Signature(state["latest"], f"correction:{pk}:{state['latest']}")


def claim_signature(*, pk: int) -> Signature:
    if not Claim.objects.published().filter(pk=pk).exists():
        raise Http404("No published fact check with that id.")
    claims = claims_signature()
    return Signature(claims.latest, f"claim:{pk}:{claims.version}")


def story_signature(*, slug: str) -> Signature:
    story = (
        Story.objects.public()
        .filter(slug=slug)
        .annotate(
            articles_changed=Max("articles__updated_at"),
            article_count=Count("articles"),
        )
        .values("pk", "updated_at", "articles_changed", "article_count")
        .first()
    )
    if story is None:
        raise Http404("No story with that address.")
    corrections = corrections_signature()
    claims = claims_signature()
    moments = [
        story["updated_at"],
        story["articles_changed"],
        corrections.latest,
        claims.latest,
    ]
    return Signature(
        max(m for m in moments if m),
        f"story:{story['pk']}:{story['updated_at']}:{story['articles_changed']}:"
        f"{story['article_count']}:{corrections.version}:{claims.version}",
    )


def home_signature(**kwargs) -> Signature:
    corrections = corrections_signature()
    claims = claims_signature()
    moments = [m for m in (corrections.latest, claims.latest) if m]
    return Signature(
        max(moments) if moments else None,
        f"home:{corrections.version}:{claims.version}",
    )


def sitemap_signature(**kwargs) -> Signature:
    home = home_signature()
    stories = Story.objects.public().aggregate(
        latest=Max("updated_at"), count=Count("id")
    )
    moments = [m for m in (home.latest, stories["latest"]) if m]
    return Signature(
        max(moments) if moments else None,
        f"sitemap:{home.version}:{stories['latest']}:{stories['count']}",
    )


def outlet_signature(*, slug: str) -> Signature:
    get_object_or_404(Outlet.objects.public().only("pk"), slug=slug)
    return corrections_signature()


def story_corrections_signature(*, slug: str) -> Signature:
    get_object_or_404(Story.objects.public().only("pk"), slug=slug)
    return corrections_signature()


# Under load a page's signature query runs about once per PAGE_SIGNATURE_SECONDS
# per worker instead of once per request.
signature_memo = Memo(size=10_000)
# The pages a worker served in the last PAGE_SIGNATURE_SECONDS, by cache key
# (address and ETag), in front of the shared cache: a hot page costs no round trip
# to Redis.
recent_pages = Memo(size=256)


def remembered(signature: Callable[..., Signature], kwargs: dict) -> Signature:
    seconds = settings.PAGE_SIGNATURE_SECONDS
    if not seconds:
        return signature(**kwargs)
    key = (signature.__name__, *sorted((k, str(v)) for k, v in kwargs.items()))
    value = signature_memo.get(key)
    if value is None:
        value = signature(**kwargs)
        signature_memo.put(key, value, seconds)
    return value


def public_page(signature: Callable[..., Signature]):
    """Make a read-only view conditional, cacheable and cached server-side.

    The ETag and the cache key both come from ``signature`` (called with the URL's
    keyword arguments), so a 304 or a cached body costs only the signature query.
    The view finds the signature as ``request.page_signature``.
    """

    def decorator(view):
        @wraps(view)
        @require_safe
        def wrapper(request, *args, **kwargs):
            request.page_signature = page = remembered(signature, kwargs)
            etag = quote_etag(hashlib.sha256(page.version.encode()).hexdigest()[:32])
            last_modified = int(page.latest.timestamp()) if page.latest else None
            response = get_conditional_response(
                request, etag=etag, last_modified=last_modified
            )
            if response is None:
                try:
                    response = cached_response(request, view, etag, args, kwargs)
                except InvalidParameter as error:
                    return HttpResponseBadRequest(
                        str(error), content_type="text/plain; charset=utf-8"
                    )
            if response.status_code in (200, 304):
                response["ETag"] = etag
                if last_modified is not None:
                    response["Last-Modified"] = http_date(last_modified)
                patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
            return response

        return wrapper

    return decorator


def cached_response(request, view, etag, args, kwargs) -> HttpResponse:
    seconds = settings.PAGE_CACHE_SECONDS
    if not seconds:
        return view(request, *args, **kwargs)
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    key = f"public-page:{address}:{etag}"
    stored = recent_pages.get(key)
    if stored is None:
        stored = cache.get(key)
        if stored is not None:
            keep_in_worker(key, stored)
    if stored is not None:
        content, content_type = stored
        return HttpResponse(content, content_type=content_type)
    response = view(request, *args, **kwargs)
    if response.status_code == 200:
        if hasattr(response, "render"):
            response.render()
        stored = (response.content, response["Content-Type"])
        cache.set(key, stored, seconds)
        keep_in_worker(key, stored)
    return response


def keep_in_worker(key: str, stored: tuple) -> None:
    """Keep a page as long as this worker trusts its signature (not at all at 0)."""
    if settings.PAGE_SIGNATURE_SECONDS:
        recent_pages.put(key, stored, settings.PAGE_SIGNATURE_SECONDS)
