"""Watching outlets: register a feed, poll it, import what is new through the
importer, and re-fetch what it brought on a schedule that backs off with age.

Every HTTP call happens outside any transaction; each article is written in a
transaction of its own, and a feed's ETag is stored only after every entry was
handled, so a poll cut short (a worker killed) is finished by the next one."""

import datetime
import json
from dataclasses import dataclass, field, replace
from html import escape

import defusedxml.ElementTree
import feedparser
from defusedxml import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coverage.fetching import FetchFailed, FetchRefused, checked_address, polite_get
from coverage.importers import store
from coverage.importers.html import parse_html
from coverage.importers.parsed import ImportFailed
from coverage.models import AuditAction, FeedKind, WatchedArticle, WatchedFeed
from coverage.workflow.records import record, save_changes
from coverage.workflow.rules import can_import, refuse

# How long after it was first seen an article waits for its next re-fetch.
REFETCH_SCHEDULE = [
    (datetime.timedelta(hours=1), datetime.timedelta(minutes=15)),
    (datetime.timedelta(hours=6), datetime.timedelta(hours=1)),
    (datetime.timedelta(days=1), datetime.timedelta(hours=3)),
    (datetime.timedelta(days=7), datetime.timedelta(days=1)),
    (datetime.timedelta(days=30), datetime.timedelta(days=7)),
]
LONGEST_WAIT = datetime.timedelta(days=30)
MAX_BACKOFF = datetime.timedelta(days=1)
CLAIM_LEASE = datetime.timedelta(minutes=10)
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


class FeedMalformed(ValueError):
    """The feed's answer cannot be read as its kind; the message says where."""


@dataclass(frozen=True)
class Entry:
    url: str
    title: str = ""
    content: str = ""


@dataclass
class PollReport:
    feed: WatchedFeed
    not_modified: bool = False
    imported: int = 0
    known: int = 0
    errors: list[str] = field(default_factory=list)


def refetch_delay(age: datetime.timedelta) -> datetime.timedelta:
    for younger_than, wait in REFETCH_SCHEDULE:
        if age < younger_than:
            return wait
    return LONGEST_WAIT


@transaction.atomic
def watch_feed(*, outlet, url: str, kind: str, actor, interval_minutes: int = 30):
    """Start watching ``url`` for ``outlet``; imports are made in ``actor``'s name."""
    refuse(can_import(actor), actor, "watch feeds")
    if kind not in FeedKind.values:
        raise ValidationError(f"kind {kind!r}: one of {', '.join(FeedKind.values)}")
    _check_url(url)
    feed = WatchedFeed.objects.create(
        outlet=outlet,
        url=url,
        kind=kind,
        interval_minutes=interval_minutes,
        owner=actor,
        next_poll_at=timezone.now(),
    )
    record(
        actor,
        AuditAction.FEED_WATCH,
        feed,
        changes={
            "url": (None, url),
            "kind": (None, kind),
            "outlet": (None, outlet.name),
        },
    )
    return feed


EDITABLE_FIELDS = ("url", "kind", "interval_minutes", "active", "outlet")


@transaction.atomic
def edit_feed(feed: WatchedFeed, *, actor, **fields) -> WatchedFeed:
    refuse(can_import(actor), actor, "edit watched feeds")
    current = WatchedFeed.objects.select_for_update().get(pk=feed.pk)
    if fields.get("url", current.url) != current.url:
        _check_url(fields["url"])
        current.etag = current.last_modified = ""  # another feed's validators
    changes = save_changes(current, fields, editable=EDITABLE_FIELDS)
    if changes:
        record(actor, AuditAction.FEED_EDIT, current, changes=changes)
    return current


def _check_url(url: str) -> None:
    try:
        checked_address(url)
    except FetchRefused as error:
        raise ValidationError(str(error)) from error
    if WatchedFeed.objects.filter(url=url).exists():
        raise ValidationError(f"{url} is already watched.")


def parse_feed(data: bytes, *, kind: str, source: str) -> list[Entry]:
    """The entries of a feed's answer, or ``FeedMalformed`` saying why not."""
    if kind == FeedKind.JSON_FEED:
        return _json_feed(data, source)
    if kind == FeedKind.NEWS_SITEMAP:
        return _news_sitemap(data, source)
    if b"<!ENTITY" in data.upper():
        # Expat would expand them (billion laughs); no honest feed declares any.
        raise FeedMalformed(f"{source}: the feed declares XML entities: refused")
    parsed = feedparser.parse(data)
    entries = []
    for item in parsed.entries:
        if item.get("link"):
            content = item.get("content") or [{"value": item.get("summary", "")}]
            entries.append(Entry(item.link, item.get("title", ""), content[0]["value"]))
    if parsed.bozo and not entries:
        raise FeedMalformed(f"{source}: not a readable feed ({parsed.bozo_exception})")
    return entries


def _json_feed(data: bytes, source: str) -> list[Entry]:
    try:
        document = json.loads(data)
        items = document["items"]
        return [
            Entry(
                item["url"],
                item.get("title", ""),
                item.get("content_html") or escape(item.get("content_text", "")),
            )
            for item in items
            if item.get("url")
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise FeedMalformed(f"{source}: not a JSON Feed ({error!r})") from None


def _news_sitemap(data: bytes, source: str) -> list[Entry]:
    try:
        root = defusedxml.ElementTree.fromstring(data)
    except (DefusedXmlException, defusedxml.ElementTree.ParseError) as error:
        raise FeedMalformed(f"{source}: not a readable sitemap ({error})") from None
    entries = []
    for url in root.iter(f"{SITEMAP}url"):
        location = (url.findtext(f"{SITEMAP}loc") or "").strip()
        if location:
            title = url.findtext(f"{NEWS}news/{NEWS}title") or ""
            entries.append(Entry(location, title.strip()))
    return entries


def poll_feed(feed_id: int) -> PollReport:
    """Poll one feed now. Failures are stored on the feed, never raised."""
    feed = WatchedFeed.objects.select_related("outlet", "owner").get(pk=feed_id)
    report = PollReport(feed)
    try:
        _url, answer = polite_get(
            feed.url, etag=feed.etag, last_modified=feed.last_modified
        )
        if answer.status == 304:
            report.not_modified = True
        else:
            for entry in parse_feed(answer.body, kind=feed.kind, source=feed.url):
                _take(feed, entry, report)
    except (FetchFailed, FeedMalformed) as error:
        _failed(feed, str(error))
        report.errors.append(str(error))
        return report
    now = timezone.now()
    feed.last_success_at = now
    feed.last_error = ""
    feed.consecutive_failures = 0
    feed.next_poll_at = now + datetime.timedelta(minutes=feed.interval_minutes)
    if answer.status != 304:
        feed.etag = answer.headers.get("ETag", "")[:500]
        feed.last_modified = answer.headers.get("Last-Modified", "")[:100]
    feed.save()
    return report


def _failed(feed: WatchedFeed, error: str) -> None:
    now = timezone.now()
    feed.consecutive_failures += 1
    feed.last_error = error
    feed.last_error_at = now
    wait = datetime.timedelta(minutes=feed.interval_minutes) * 2 ** min(
        feed.consecutive_failures, 10
    )
    feed.next_poll_at = now + min(wait, MAX_BACKOFF)
    feed.save()


def _take(feed: WatchedFeed, entry: Entry, report: PollReport) -> None:
    if WatchedArticle.objects.filter(url=entry.url).exists():
        report.known += 1
        return
    try:
        _url, answer = polite_get(entry.url, accept="text/html")
        parsed = parse_html(answer.body, source=entry.url)
    except (FetchFailed, ImportFailed) as error:
        if not entry.content:
            report.errors.append(str(error))
            return
        page = f"<html><body><article><h1>{escape(entry.title)}</h1>{entry.content}"
        try:
            parsed = parse_html(page.encode(), source=entry.url)
        except ImportFailed as second:
            report.errors.append(f"{error}; from the feed: {second}")
            return
        answer = None
    parsed = replace(parsed, url=entry.url, outlet_name=feed.outlet.name)
    now = timezone.now()
    with transaction.atomic():
        result = store.save_article(parsed, actor=feed.owner)
        WatchedArticle.objects.get_or_create(
            article=result.article,
            defaults={
                "url": entry.url,
                "feed": feed,
                "first_seen_at": now,
                "last_fetched_at": now,
                "next_fetch_at": now + refetch_delay(datetime.timedelta()),
                "watch_until": now
                + datetime.timedelta(days=settings.NEWSROOM_WATCH_HORIZON_DAYS),
                "etag": answer.headers.get("ETag", "")[:500] if answer else "",
                "last_modified": (
                    answer.headers.get("Last-Modified", "")[:100] if answer else ""
                ),
            },
        )
    report.imported += 1


def refetch_article(watch_id: int) -> str:
    """Fetch a watched article again; a changed page goes through the importer
    (so it becomes a revision). Returns what happened: ``not modified``,
    ``unchanged``, ``updated`` or the error, which is also stored on the watch."""
    watch = WatchedArticle.objects.select_related(
        "feed__outlet", "feed__owner", "article"
    ).get(pk=watch_id)
    now = timezone.now()
    outcome, etag, modified = "not modified", watch.etag, watch.last_modified
    if watch.feed is None:
        outcome = "no feed, so nobody to import in the name of"
    else:
        try:
            _url, answer = polite_get(
                watch.url, etag=watch.etag, last_modified=watch.last_modified
            )
            if answer.status != 304:
                parsed = replace(
                    parse_html(answer.body, source=watch.url),
                    url=watch.url,
                    outlet_name=watch.feed.outlet.name,
                )
                outcome = store.save_article(parsed, actor=watch.feed.owner).action
                etag = answer.headers.get("ETag", "")[:500]
                modified = answer.headers.get("Last-Modified", "")[:100]
        except (FetchFailed, ImportFailed) as error:
            outcome = str(error)
    ok = outcome in {"not modified", store.UNCHANGED, store.UPDATED, store.CREATED}
    WatchedArticle.objects.filter(pk=watch.pk).update(
        last_fetched_at=now,
        next_fetch_at=now + refetch_delay(now - watch.first_seen_at),
        etag=etag,
        last_modified=modified,
        last_error="" if ok else outcome,
    )
    return outcome


def claim_due(now=None) -> tuple[list[int], list[int]]:
    """Ids of the feeds due for a poll and of the articles due for a re-fetch,
    each put off by ``CLAIM_LEASE`` so the next beat does not queue them again
    while their task waits or runs (the task sets the real next time)."""
    now = now or timezone.now()
    with transaction.atomic():
        feeds = list(
            WatchedFeed.objects.due(now)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        articles = list(
            WatchedArticle.objects.due(now)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        WatchedFeed.objects.filter(pk__in=feeds).update(next_poll_at=now + CLAIM_LEASE)
        WatchedArticle.objects.filter(pk__in=articles).update(
            next_fetch_at=now + CLAIM_LEASE
        )
    return feeds, articles
