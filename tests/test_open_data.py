"""The open-data feeds: corrections as JSON Feed 1.1 (/corrections/feed.json) and
fact checks as a schema.org DataFeed of ClaimReview (/claims/feed.json)."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from coverage.models import ClaimStatus, Correction
from coverage.public.feeds import FEED_SIZE
from coverage.public.views import CLAIM_FEED_SIZE
from tests import factories
from tests.factories import days_ago

pytestmark = pytest.mark.django_db

JSON_FEED_1_1 = "https://jsonfeed.org/version/1.1"


@pytest.fixture
def corrections():
    now = timezone.now()
    older = factories.PublishedCorrectionFactory(
        article__headline="Floods & fires",
        article__outlet__name="Gazette",
        what_was_wrong="OLDER-FIX",
        published_at=now - datetime.timedelta(days=1),
    )
    newer = factories.PublishedCorrectionFactory(
        kind=Correction.Kind.RETRACTION, what_was_wrong="NEWER-FIX", published_at=now
    )
    factories.CorrectionFactory(article=older.article, what_was_wrong="DRAFT-FIX")
    factories.CorrectionFactory(
        what_was_wrong="SUBMITTED-FIX",
        status=Correction.Status.SUBMITTED,
        submitted_at=now,
    )
    return [newer, older]


def json_feed(client) -> dict:
    response = client.get("/corrections/feed.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    return response.json()


def assert_valid_json_feed(feed: dict) -> None:
    """JSON Feed 1.1's required fields and their types (jsonfeed.org/version/1.1)."""
    assert feed["version"] == JSON_FEED_1_1
    assert isinstance(feed["title"], str)
    assert feed["title"]
    assert isinstance(feed["items"], list)
    for author in feed.get("authors", []):
        assert set(author) <= {"name", "url", "avatar"}
        assert author.get("name") or author.get("url")
    ids = [item["id"] for item in feed["items"]]
    assert len(set(ids)) == len(ids)
    for item in feed["items"]:
        assert isinstance(item["id"], str)
        assert "content_html" in item or "content_text" in item
        for moment in ("date_published", "date_modified"):
            if moment in item:  # RFC 3339: a full date and time with its offset
                parsed = datetime.datetime.fromisoformat(item[moment])
                assert parsed.utcoffset() is not None
        for author in item.get("authors", []):
            assert author.get("name") or author.get("url")


def test_json_feed_is_a_valid_json_feed_1_1(client, corrections):
    feed = json_feed(client)

    assert_valid_json_feed(feed)
    assert feed["home_page_url"] == "http://testserver/corrections/"
    assert feed["feed_url"] == "http://testserver/corrections/feed.json"
    assert feed["authors"] == [
        {"name": "Newsroom Standards Desk", "url": "http://testserver/"}
    ]


def test_json_feed_lists_published_corrections_newest_first(client, corrections):
    items = json_feed(client)["items"]

    assert [item["url"] for item in items] == [
        f"http://testserver/corrections/{c.pk}/" for c in corrections
    ]
    newer, older = items
    assert newer["title"].startswith("Retraction: ")
    assert newer["tags"] == ["Retraction"]
    assert "NEWER-FIX" in newer["content_html"]
    assert older["authors"] == [{"name": "Gazette"}]
    assert datetime.datetime.fromisoformat(older["date_published"]) == (
        corrections[1].published_at
    )


def test_json_feed_never_shows_unpublished_corrections(client, corrections):
    body = client.get("/corrections/feed.json").content.decode()

    assert "DRAFT-FIX" not in body
    assert "SUBMITTED-FIX" not in body


def test_json_feed_items_are_the_rss_items(client, corrections):
    """One Feed class gives both: the same titles, links and dates."""
    items = json_feed(client)["items"]
    channel = ET.fromstring(client.get("/corrections/feed/rss/").content)
    rss = channel.find("channel").findall("item")

    assert [i["url"] for i in items] == [r.findtext("link") for r in rss]
    # RSS titles are HTML (escaped again); JSON Feed's are plain text.
    assert items[1]["title"] == "Correction: Floods & fires"
    assert rss[1].findtext("title") == "Correction: Floods &amp; fires"


def test_json_feed_item_image_is_its_share_card(client, corrections):
    item = json_feed(client)["items"][0]

    assert (
        item["image"] == f"http://testserver/corrections/{corrections[0].pk}/card.png"
    )
    card = client.get(item["image"].removeprefix("http://testserver"))
    assert card.status_code == 200
    assert card["Content-Type"] == "image/png"


def test_json_feed_is_bounded(client):
    factories.PublishedCorrectionFactory.create_batch(FEED_SIZE + 1)

    assert len(json_feed(client)["items"]) == FEED_SIZE


def test_empty_json_feed_is_valid(client):
    feed = json_feed(client)

    assert_valid_json_feed(feed)
    assert feed["items"] == []


# The ClaimReview DataFeed.


@pytest.fixture
def checked_claims():
    first = factories.PublishedClaimFactory(
        text="The cliff is 800 metres high.",
        status=ClaimStatus.MISLEADING,
        claimant__name="Dr. Ada Example",
        verdict_published_at=days_ago(2),
    )
    factories.ClaimAppearanceFactory(
        claim=first,
        article__url="https://gazette.test/cliff",
        article__published_at=days_ago(3),
    )
    second = factories.PublishedClaimFactory(
        text="Walruses fell from the cliff.", status=ClaimStatus.ACCURATE
    )
    factories.ClaimFactory(text="HIDDEN-UNREVIEWED")
    factories.ClaimFactory(text="HIDDEN-IN-REVIEW", status=ClaimStatus.IN_REVIEW)
    factories.ClaimFactory(
        text="HIDDEN-NOT-STAMPED",
        status=ClaimStatus.ACCURATE,
        verdict_summary="Not yet published.",
    )
    return [second, first]


def claim_feed(client) -> dict:
    response = client.get("/claims/feed.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return response.json()


def page_claim_review(client, claim) -> dict:
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    return json.loads(block)


def test_claim_feed_is_a_data_feed_of_claim_reviews(client, checked_claims):
    feed = claim_feed(client)

    assert feed["@context"] == "https://schema.org"
    assert feed["@type"] == "DataFeed"
    assert feed["url"] == "http://testserver/claims/"
    elements = feed["dataFeedElement"]
    assert [e["@type"] for e in elements] == ["DataFeedItem", "DataFeedItem"]
    for element, claim in zip(elements, checked_claims, strict=True):
        (review,) = element["item"]
        assert review["@type"] == "ClaimReview"
        assert review["url"] == f"http://testserver/claims/{claim.pk}/"
        assert element["dateCreated"] == claim.verdict_published_at.isoformat()
        assert review["datePublished"] == element["dateCreated"]


def test_claim_feed_items_are_the_pages_claim_reviews(client, checked_claims):
    """One builder (structured_data.claim_review) for the page and the feed."""
    elements = claim_feed(client)["dataFeedElement"]

    for element, claim in zip(elements, checked_claims, strict=True):
        on_page = page_claim_review(client, claim)
        del on_page["@context"]  # the feed states it once, at its top
        assert element["item"] == [on_page]


def test_claim_feed_never_shows_unpublished_claims(client, checked_claims):
    body = client.get("/claims/feed.json").content.decode()

    assert "HIDDEN-" not in body


def test_claim_feed_is_bounded_to_the_newest(client):
    factories.PublishedClaimFactory.create_batch(
        CLAIM_FEED_SIZE, verdict_published_at=days_ago(1)
    )
    newest = factories.PublishedClaimFactory()

    elements = claim_feed(client)["dataFeedElement"]

    assert len(elements) == CLAIM_FEED_SIZE
    assert elements[0]["item"][0]["url"].endswith(f"/claims/{newest.pk}/")


def test_claim_feed_query_count_does_not_grow_with_claims(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    factories.ClaimAppearanceFactory(claim=factories.PublishedClaimFactory())
    # The state; the claims with their claimants and stories; their appearances
    # with articles and outlets; their evidence.
    with django_assert_num_queries(4):
        client.get("/claims/feed.json")
    for _ in range(5):
        claim = factories.PublishedClaimFactory()
        factories.ClaimAppearanceFactory.create_batch(2, claim=claim)
    with django_assert_num_queries(4):
        client.get("/claims/feed.json")


def test_feeds_are_cached_with_the_public_state(
    client, checked_claims, corrections, django_assert_num_queries
):
    for path in ("/claims/feed.json", "/corrections/feed.json"):
        first = client.get(path)
        with django_assert_num_queries(1):  # the state; the feed from the cache
            again = client.get(path)
        assert again.content == first.content
        assert again["Content-Type"] == first["Content-Type"]
        with django_assert_num_queries(1):  # the state, then 304
            unchanged = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert unchanged.status_code == 304


def test_a_new_verdict_shows_in_the_claim_feed_at_once(client, checked_claims):
    client.get("/claims/feed.json")
    factories.PublishedClaimFactory(text="NEW-VERDICT")

    assert "NEW-VERDICT" in client.get("/claims/feed.json").content.decode()


# Where readers and tools find them.


def test_pages_announce_the_json_feed(client, corrections):
    for path in ("/", "/corrections/", f"/corrections/{corrections[0].pk}/"):
        html = client.get(path).content.decode()
        assert (
            '<link rel="alternate" type="application/feed+json" '
            'title="Corrections (JSON Feed)" href="/corrections/feed.json">'
        ) in html
    log = client.get("/corrections/").content.decode()
    assert 'href="/corrections/feed.json" type="application/feed+json"' in log


def test_fact_check_list_links_the_claim_review_feed(client, checked_claims):
    html = client.get("/claims/").content.decode()

    assert (
        '<link rel="alternate" type="application/ld+json" '
        'title="Fact checks (schema.org ClaimReview DataFeed)" '
        'href="/claims/feed.json">'
    ) in html
    assert 'href="/claims/feed.json" type="application/ld+json"' in html
