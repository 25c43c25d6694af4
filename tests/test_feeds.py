import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def record():
    gazette = factories.OutletFactory(name="Gazette", slug="gazette")
    flood = factories.StoryFactory(title="Flood", slug="flood")
    now = timezone.now()
    in_both = factories.PublishedCorrectionFactory(
        article__outlet=gazette,
        article__story=flood,
        what_was_wrong="BOTH-FIX",
        published_at=now - datetime.timedelta(days=1),
    )
    outlet_only = factories.PublishedCorrectionFactory(
        article__outlet=gazette, what_was_wrong="OUTLET-FIX", published_at=now
    )
    story_only = factories.PublishedCorrectionFactory(
        article__story=flood,
        what_was_wrong="STORY-FIX",
        published_at=now - datetime.timedelta(days=2),
    )
    factories.CorrectionFactory(article=in_both.article, what_was_wrong="DRAFT-FIX")
    return {"both": in_both, "outlet": outlet_only, "story": story_only}


def rss_items(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def atom_entries(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def test_rss_lists_every_published_correction_newest_first(client, record):
    channel, items = rss_items(client, "/corrections/feed/rss/")

    links = [item.findtext("link") for item in items]
    assert links == [
        f"http://testserver/corrections/{record[key].pk}/"
        for key in ("outlet", "both", "story")
    ]
    assert channel.findtext("title") == "Corrections"
    assert "OUTLET-FIX" in items[0].findtext("description")
    assert items[0].findtext("title").startswith("Correction: ")


def test_atom_lists_every_published_correction(client, record):
    feed, entries = atom_entries(client, "/corrections/feed/atom/")

    assert len(entries) == 3
    assert feed.findtext(f"{ATOM}title") == "Corrections"
    assert entries[0].find(f"{ATOM}updated") is not None


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_outlet_feed_has_only_that_outlets_corrections(client, record, kind):
    path = f"/outlets/gazette/corrections/feed/{kind}/"
    if kind == "rss":
        channel, items = rss_items(client, path)
        body = "".join(item.findtext("description") for item in items)
        title = channel.findtext("title")
    else:
        feed, items = atom_entries(client, path)
        body = "".join(item.findtext(f"{ATOM}summary") for item in items)
        title = feed.findtext(f"{ATOM}title")

    assert len(items) == 2
    assert "BOTH-FIX" in body
    assert "OUTLET-FIX" in body
    assert title == "Corrections: Gazette"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_story_feed_has_only_that_storys_corrections(client, record, kind):
    response = client.get(f"/stories/flood/corrections/feed/{kind}/")
    body = response.content.decode()

    assert "BOTH-FIX" in body
    assert "STORY-FIX" in body
    assert "OUTLET-FIX" not in body


def test_feeds_never_include_unpublished_corrections(client, record):
    for path in (
        "/corrections/feed/rss/",
        "/corrections/feed/atom/",
        "/outlets/gazette/corrections/feed/rss/",
        "/stories/flood/corrections/feed/atom/",
    ):
        assert "DRAFT-FIX" not in client.get(path).content.decode()


def test_unknown_outlet_or_story_feed_is_404(client, record):
    assert client.get("/outlets/nowhere/corrections/feed/rss/").status_code == 404
    assert client.get("/stories/nowhere/corrections/feed/atom/").status_code == 404


def test_empty_feed_is_valid(client):
    _, items = rss_items(client, "/corrections/feed/rss/")

    assert items == []


def test_sitemap_lists_only_public_pages(client, record):
    draft = factories.CorrectionFactory(article=record["both"].article)
    claim = factories.PublishedClaimFactory()
    unreviewed = factories.ClaimFactory()

    body = client.get("/sitemap.xml").content.decode()

    assert f"http://testserver/corrections/{record['both'].pk}/" in body
    assert f"http://testserver/claims/{claim.pk}/" in body
    assert "http://testserver/stories/flood/" in body
    assert f"/corrections/{draft.pk}/" not in body
    assert f"/claims/{unreviewed.pk}/" not in body


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.content == b"ok"


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_feed_items_carry_imported_text_as_text_not_markup(client):
    factories.PublishedCorrectionFactory(
        article__headline=HOSTILE,
        article__outlet__name=HOSTILE,
        what_was_wrong=f"{HOSTILE}\nsecond line",
        what_is_right=HOSTILE,
        public_explanation=HOSTILE,
    )
    _, (item,) = rss_items(client, "/corrections/feed/rss/")
    _, (entry,) = atom_entries(client, "/corrections/feed/atom/")

    # What a reader renders as HTML: the description, Atom's type="html" summary
    # and (readers do) RSS titles. Each must show the text, never run it.
    for rendered in (
        item.findtext("description"),
        item.findtext("title"),
        entry.findtext(f"{ATOM}summary"),
    ):
        assert "<script" not in rendered
        assert "<img" not in rendered
        assert "&lt;script&gt;" in rendered
    assert "second line" in item.findtext("description")
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    assert entry.findtext(f"{ATOM}title").endswith(HOSTILE)


def test_feeds_of_an_outlet_or_story_with_nothing_published_are_not_found(client):
    article = factories.ArticleFactory(
        outlet__slug="unreviewed-outlet", story__slug="unreviewed-story"
    )
    factories.CorrectionFactory(article=article)  # a draft only

    for path in (
        "/outlets/unreviewed-outlet/corrections/feed/rss/",
        "/outlets/unreviewed-outlet/corrections/feed/atom/",
        "/stories/unreviewed-story/corrections/feed/rss/",
        "/stories/unreviewed-story/corrections/feed/atom/",
    ):
        assert client.get(path).status_code == 404, path


def test_sitemap_lists_only_stories_with_something_published(client, record):
    factories.ArticleFactory(story__slug="unreviewed-story")
    claimed = factories.PublishedClaimFactory(story__slug="checked-story")

    body = client.get("/sitemap.xml").content.decode()

    assert "http://testserver/stories/flood/" in body
    assert f"http://testserver/stories/{claimed.story.slug}/" in body
    assert "/stories/unreviewed-story/" not in body
