"""Watching outlets against a real HTTP server on 127.0.0.1: polls import new
articles through the importer, politely and safely, and a second poll writes
nothing."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from coverage import tasks, watching
from coverage.fetching import FetchFailed, polite_get
from coverage.models import (
    Article,
    ArticleRevision,
    AuditEntry,
    FeedKind,
    WatchedArticle,
    WatchedFeed,
)
from tests.factories import OutletFactory, UserFactory
from tests.logins import log_in
from tests.outlet_server import Outlet, page, rss

pytestmark = pytest.mark.django_db

PARAGRAPHS = (
    "The council voted on Tuesday to close the riverside library after a long debate.",
    "Officials said the building needed repairs that the city could not afford this year.",
    "Residents who use the library every week said they would appeal the decision.",
)


@pytest.fixture
def outlet_server(settings):
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    settings.NEWSROOM_FETCH_HOST_DELAY = 0
    settings.NEWSROOM_FETCH_TIMEOUT = 2
    with Outlet() as server:
        server.routes["/robots.txt"] = (
            200,
            {},
            b"User-agent: *\nDisallow: /private/\n",
        )
        yield server


def add_pages(server, *paths):
    for number, path in enumerate(paths):
        server.routes[path] = (
            200,
            {"Content-Type": "text/html", "ETag": f'"{path}-1"'},
            page(f"Library story {number}", *PARAGRAPHS),
        )


def watch(server, path, reporter, kind=FeedKind.RSS, outlet=None):
    return watching.watch_feed(
        outlet=outlet or OutletFactory(name="Riverside Gazette"),
        url=server.url(path),
        kind=kind,
        actor=reporter,
    )


def test_rss_poll_imports_new_articles_and_a_second_poll_writes_nothing(
    outlet_server, reporter
):
    add_pages(outlet_server, "/a", "/b")
    outlet_server.routes["/feed"] = (
        200,
        {"ETag": '"feed-1"'},
        rss(outlet_server.url("/a"), outlet_server.url("/b")),
    )
    feed = watch(outlet_server, "/feed", reporter)

    report = watching.poll_feed(feed.pk)

    assert (report.imported, report.errors) == (2, [])
    assert Article.objects.filter(outlet=feed.outlet).count() == 2
    assert WatchedArticle.objects.filter(feed=feed).count() == 2
    assert AuditEntry.objects.filter(action="import.created").count() == 2
    assert {path for path, h in outlet_server.seen} >= {"/robots.txt", "/feed", "/a"}
    agent = outlet_server.seen[-1][1]["User-Agent"]
    assert agent.startswith("NewsroomStandardsDesk")
    audit_rows = AuditEntry.objects.count()

    again = watching.poll_feed(feed.pk)

    assert again.not_modified
    assert outlet_server.seen[-1][0] == "/feed"
    assert outlet_server.seen[-1][1]["If-None-Match"] == '"feed-1"'
    assert AuditEntry.objects.count() == audit_rows
    feed.refresh_from_db()
    assert (feed.last_error, feed.consecutive_failures) == ("", 0)
    assert feed.last_success_at is not None


def test_atom_json_feed_and_news_sitemap(outlet_server, reporter):
    add_pages(outlet_server, "/atom-1", "/json-1", "/map-1")
    outlet_server.routes["/atom"] = (
        200,
        {},
        (
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>O</title><entry><title>A</title>"
            f'<link href="{outlet_server.url("/atom-1")}"/></entry></feed>'
        ).encode(),
    )
    outlet_server.routes["/json"] = (
        200,
        {},
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "items": [{"id": "1", "url": outlet_server.url("/json-1")}],
            }
        ).encode(),
    )
    outlet_server.routes["/map"] = (
        200,
        {},
        (
            '<?xml version="1.0"?><urlset '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"<url><loc>{outlet_server.url('/map-1')}</loc><news:news>"
            "<news:title>M</news:title></news:news></url></urlset>"
        ).encode(),
    )
    outlet = OutletFactory(name="Riverside Gazette")
    for path, kind in [
        ("/atom", FeedKind.ATOM),
        ("/json", FeedKind.JSON_FEED),
        ("/map", FeedKind.NEWS_SITEMAP),
    ]:
        feed = watch(outlet_server, path, reporter, kind=kind, outlet=outlet)
        assert watching.poll_feed(feed.pk).imported == 1, path
    assert Article.objects.filter(outlet=outlet).count() == 3


def test_entry_content_is_imported_when_the_page_fails(outlet_server, reporter):
    outlet_server.routes["/broken"] = (500, {}, b"oops")
    content = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    outlet_server.routes["/feed"] = (
        200,
        {},
        json.dumps(
            {
                "items": [
                    {
                        "url": outlet_server.url("/broken"),
                        "title": "Library",
                        "content_html": content,
                    }
                ]
            }
        ).encode(),
    )
    feed = watch(outlet_server, "/feed", reporter, kind=FeedKind.JSON_FEED)

    assert watching.poll_feed(feed.pk).imported == 1
    article = Article.objects.get()
    assert "riverside library" in article.body


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"<rss><channel><item>", "not a readable feed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;">]><rss><channel><item><link>&b;</link>'
            b"</item></channel></rss>",
            "declares XML entities",
        ),
    ],
)
def test_malformed_and_hostile_feeds_are_an_error_on_the_feed(
    outlet_server, reporter, body, problem
):
    outlet_server.routes["/feed"] = (200, {}, body)
    feed = watch(outlet_server, "/feed", reporter)

    watching.poll_feed(feed.pk)

    feed.refresh_from_db()
    assert problem in feed.last_error
    assert feed.consecutive_failures == 1
    assert feed.next_poll_at > feed.last_error_at
    assert not Article.objects.exists()


def test_hostile_sitemap_is_refused(outlet_server, reporter):
    outlet_server.routes["/map"] = (
        200,
        {},
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<urlset><url><loc>&x;</loc></url></urlset>",
    )
    feed = watch(outlet_server, "/map", reporter, kind=FeedKind.NEWS_SITEMAP)

    watching.poll_feed(feed.pk)

    feed.refresh_from_db()
    assert "not a readable sitemap" in feed.last_error


def test_one_failing_feed_does_not_stop_the_others(outlet_server, reporter):
    add_pages(outlet_server, "/a")
    outlet_server.routes["/bad"] = (500, {}, b"down")
    outlet_server.routes["/good"] = (200, {}, rss(outlet_server.url("/a")))
    outlet = OutletFactory(name="Riverside Gazette")
    bad = watch(outlet_server, "/bad", reporter, outlet=outlet)
    watch(outlet_server, "/good", reporter, outlet=outlet)

    call_command("poll_feeds")

    bad.refresh_from_db()
    assert "HTTP 500" in bad.last_error
    assert Article.objects.count() == 1


def test_robots_txt_disallow_is_honoured(outlet_server, reporter):
    add_pages(outlet_server, "/private/a")
    outlet_server.routes["/feed"] = (200, {}, rss(outlet_server.url("/private/a")))
    feed = watch(outlet_server, "/feed", reporter)

    report = watching.poll_feed(feed.pk)

    assert "robots.txt" in report.errors[0]
    assert "/private/a" not in outlet_server.paths()
    assert not Article.objects.exists()


def test_redirect_loops_and_private_addresses_are_refused(
    outlet_server, reporter, settings
):
    outlet_server.routes["/loop"] = (302, {"Location": "/loop2"}, b"")
    outlet_server.routes["/loop2"] = (302, {"Location": "/loop"}, b"")
    feed = watch(outlet_server, "/loop", reporter)

    watching.poll_feed(feed.pk)
    feed.refresh_from_db()
    assert "redirect loop" in feed.last_error

    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = False
    watching.poll_feed(feed.pk)
    feed.refresh_from_db()
    assert "private or reserved address" in feed.last_error
    assert feed.consecutive_failures == 2


def test_a_redirect_to_a_loopback_address_is_refused(outlet_server, reporter, settings):
    """Each hop is checked like the first. The test outlet is itself on 127.0.0.1,
    so it stands in for a public host: private addresses are allowed until it
    answers the redirect, and from then on refused, as in production."""
    port = outlet_server.server.server_port
    outlet_server.routes["/moved"] = (
        302,
        {"Location": f"http://localhost:{port}/internal"},
        b"",
    )
    outlet_server.routes["/internal"] = (200, {}, rss())
    outlet_server.before_answer["/moved"] = lambda: setattr(
        settings, "NEWSROOM_FETCH_ALLOW_PRIVATE", False
    )
    with pytest.raises(
        FetchFailed,
        match=r"^'localhost' resolves to (127\.0\.0\.1|::1), a private or reserved "
        r"address: not fetched",
    ):
        polite_get(outlet_server.url("/moved"))
    assert outlet_server.paths() == ["/robots.txt", "/moved"]

    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    feed = watch(outlet_server, "/moved", reporter)
    watching.poll_feed(feed.pk)
    feed.refresh_from_db()
    assert "'localhost' resolves to" in feed.last_error
    assert "/internal" not in outlet_server.paths()
    assert Article.objects.count() == 0


def test_huge_answers_are_refused(outlet_server, reporter, settings):
    settings.NEWSROOM_FETCH_MAX_BYTES = 1000
    outlet_server.routes["/feed"] = (200, {}, b"<rss>" + b" " * 5000)
    feed = watch(outlet_server, "/feed", reporter)

    watching.poll_feed(feed.pk)

    feed.refresh_from_db()
    assert "more than 1000 bytes" in feed.last_error


def test_refetch_turns_a_changed_page_into_a_revision(outlet_server, reporter):
    add_pages(outlet_server, "/a")
    outlet_server.routes["/feed"] = (200, {}, rss(outlet_server.url("/a")))
    feed = watch(outlet_server, "/feed", reporter)
    watching.poll_feed(feed.pk)
    watch_row = WatchedArticle.objects.get()

    assert watching.refetch_article(watch_row.pk) == "not modified"
    assert outlet_server.seen[-1][1]["If-None-Match"] == '"/a-1"'

    outlet_server.routes["/a"] = (
        200,
        {"ETag": '"/a-2"'},
        page("Library story 0", *PARAGRAPHS, "The council later reversed its vote."),
    )
    call_command("poll_feeds", "--refetch")

    assert ArticleRevision.objects.filter(article=watch_row.article).count() == 1
    watch_row.refresh_from_db()
    assert watch_row.etag == '"/a-2"'
    assert watch_row.next_fetch_at > watch_row.last_fetched_at


def test_watch_feed_command_registers_on_the_record(outlet_server, reporter):
    OutletFactory(name="Riverside Gazette")

    call_command(
        "watch_feed",
        outlet_server.url("/feed"),
        "--outlet",
        "riverside gazette",
        "--as",
        reporter.username,
    )

    feed = WatchedFeed.objects.get()
    assert AuditEntry.objects.get(action="feed.watch").object_id == feed.pk


def test_the_schedule_backs_off_with_age():
    assert watching.refetch_delay(timedelta(minutes=5)) == timedelta(minutes=15)
    assert watching.refetch_delay(timedelta(days=3)) == timedelta(days=1)
    assert watching.refetch_delay(timedelta(days=45)) == timedelta(days=30)


@pytest.fixture
def root_client(client):
    return log_in(
        client, UserFactory(username="root", is_superuser=True, is_staff=True)
    )


@pytest.mark.parametrize(
    "staff", ["root_client", "reporter_client", "editor_client", "standards_client"]
)
def test_staff_register_and_edit_feeds_in_the_admin_on_the_record(
    outlet_server, staff, request
):
    """Every role that imports may say what to watch (migration 0023)."""
    client = request.getfixturevalue(staff)
    user = client.get(reverse("admin:index")).wsgi_request.user
    outlet = OutletFactory(name="Riverside Gazette")
    form = {
        "url": outlet_server.url("/feed"),
        "kind": "rss",
        "interval_minutes": "30",
        "outlet": str(outlet.pk),
    }
    response = client.post(reverse("admin:coverage_watchedfeed_add"), form)
    assert response.status_code == 302
    feed = WatchedFeed.objects.get()
    assert feed.owner == user

    response = client.post(
        reverse("admin:coverage_watchedfeed_change", args=[feed.pk]),
        {**form, "interval_minutes": "60", "active": "on"},
    )
    assert response.status_code == 302
    actions = AuditEntry.objects.order_by("pk").values_list("action", "changes")
    assert list(actions) == [
        (
            "feed.watch",
            {
                "url": [None, form["url"]],
                "kind": [None, "rss"],
                "outlet": [None, "Riverside Gazette"],
            },
        ),
        ("feed.edit", {"interval_minutes": [30, 60]}),
    ]
    page = client.get(reverse("admin:coverage_watchedfeed_changelist"))
    assert b"Next poll" in page.content


def test_a_feed_at_a_private_address_is_refused_in_the_admin(root_client, settings):
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = False
    form = {
        "url": "http://127.0.0.1:9/feed",
        "kind": "rss",
        "interval_minutes": "30",
        "outlet": str(OutletFactory().pk),
    }
    response = root_client.post(
        reverse("admin:coverage_watchedfeed_add"), form, follow=True
    )
    assert b"private or reserved address" in response.content
    assert not WatchedFeed.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_article_page_shows_its_watch(outlet_server, reporter, root_client):
    add_pages(outlet_server, "/a")
    outlet_server.routes["/feed"] = (200, {}, rss(outlet_server.url("/a")))
    watching.poll_feed(watch(outlet_server, "/feed", reporter).pk)

    article = Article.objects.get()
    response = root_client.get(
        reverse("admin:coverage_article_change", args=[article.pk])
    )
    assert b"watched until" in response.content


def test_a_slow_outlet_times_out_and_the_error_is_kept(
    outlet_server, reporter, settings
):
    settings.NEWSROOM_FETCH_TIMEOUT = 0.3
    outlet_server.routes["/feed"] = (200, {}, rss())
    outlet_server.stall_path = "/feed"
    feed = watch(outlet_server, "/feed", reporter)

    watching.poll_feed(feed.pk)

    feed.refresh_from_db()
    assert "timed out" in feed.last_error


def test_a_host_another_worker_is_fetching_from_waits_its_turn(
    outlet_server, reporter, settings
):
    settings.NEWSROOM_FETCH_TIMEOUT = 0.1
    outlet_server.routes["/feed"] = (200, {}, rss())
    feed = watch(outlet_server, "/feed", reporter)
    cache.add("fetch:lock:127.0.0.1", 1, 60)  # as another worker holds it

    watching.poll_feed(feed.pk)

    feed.refresh_from_db()
    assert "another worker is still fetching from 127.0.0.1" in feed.last_error
    assert outlet_server.seen == []


def test_due_feeds_and_articles_are_claimed_once_until_the_horizon(
    outlet_server, reporter
):
    add_pages(outlet_server, "/a")
    outlet_server.routes["/feed"] = (200, {}, rss(outlet_server.url("/a")))
    feed = watch(outlet_server, "/feed", reporter)
    assert watching.claim_due() == ([feed.pk], [])
    assert watching.claim_due() == ([], [])  # queued already: not again

    watching.poll_feed(feed.pk)
    watch_row = WatchedArticle.objects.get()
    later = watch_row.next_fetch_at + timedelta(seconds=1)
    assert watching.claim_due(later)[1] == [watch_row.pk]
    assert watching.claim_due(watch_row.watch_until)[1] == []


def test_the_beat_task_queues_each_due_feed(outlet_server, reporter):
    add_pages(outlet_server, "/a")
    outlet_server.routes["/feed"] = (200, {}, rss(outlet_server.url("/a")))
    watch(outlet_server, "/feed", reporter)

    assert tasks.enqueue_due_watches() == 1  # run in process: no broker here

    assert WatchedArticle.objects.count() == 1


def test_last_modified_alone_makes_the_next_poll_conditional(outlet_server, reporter):
    add_pages(outlet_server, "/a")
    stamp = "Wed, 02 Dec 2026 10:00:00 GMT"
    outlet_server.routes["/feed"] = (
        200,
        {"Last-Modified": stamp},
        rss(outlet_server.url("/a")),
    )
    feed = watch(outlet_server, "/feed", reporter)
    watching.poll_feed(feed.pk)
    rows = AuditEntry.objects.count()

    assert watching.poll_feed(feed.pk).not_modified
    assert outlet_server.seen[-1][1]["If-Modified-Since"] == stamp
    assert "If-None-Match" not in outlet_server.seen[-1][1]
    assert AuditEntry.objects.count() == rows
