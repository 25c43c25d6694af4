"""What readers see of issue 11: the proposition as a fact check's headline and
``claimReviewed``, the claimant's role from the article, and figures that
disagree on the story page (published claims only, at a constant query count)."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ClaimAppearanceFactory,
    ClaimFactory,
    ClaimQuantityFactory,
    PublishedClaimFactory,
    SourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


def claim_review(response) -> dict:
    script = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(script.group(1))


def test_fact_check_headline_and_claim_reviewed_use_the_proposition(client):
    claim = PublishedClaimFactory(
        text="In a statement, Streamline said walruses gather on land because "
        "there is less sea ice.",
        proposition="Walruses gather on land because there is less sea ice",
    )
    ClaimAppearanceFactory(claim=claim)

    response = client.get(claim.get_absolute_url())
    page = response.content.decode()

    heading = re.search(r'<h2 id="claim-\d+-title"[^>]*>(.*?)</h2>', page, re.S)
    assert heading.group(1).strip() == (
        "Walruses gather on land because there is less sea ice"
    )
    assert "“In a statement, Streamline said walruses" in page  # the quote stays
    review = claim_review(response)
    assert review["claimReviewed"] == (
        "Walruses gather on land because there is less sea ice"
    )
    assert len(review["claimReviewed"]) < 75


def test_without_a_proposition_the_quote_is_the_headline(client):
    claim = PublishedClaimFactory(text="The cliff is 80 metres high.")
    response = client.get(claim.get_absolute_url())
    assert claim_review(response)["claimReviewed"] == "The cliff is 80 metres high."
    assert "“The cliff is 80 metres high.”" in response.content.decode()


def test_the_claimant_is_described_as_the_article_describes_them(client):
    claim = PublishedClaimFactory(
        claimant=SourceFactory(name="Andy Vesey", description="")
    )
    ClaimAppearanceFactory(
        claim=claim, claimant_role="CEO", claimant_affiliation="Hoosier Power"
    )
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Said by Andy Vesey, CEO, Hoosier Power" in page


def conflicting_story(slug="walrus-deaths", extra_pairs: int = 0):
    story = StoryFactory(slug=slug)
    low = PublishedClaimFactory(story=story, proposition="More than 200 walruses died")
    high = PublishedClaimFactory(story=story, proposition="About 700 walruses died")
    ClaimQuantityFactory(claim=low, value=200, qualifier="more_than")
    ClaimQuantityFactory(claim=high, value=700, qualifier="about")
    hidden = ClaimFactory(story=story, proposition="UNPUBLISHED-FIGURE")
    ClaimQuantityFactory(claim=hidden, value=5000)
    for n in range(extra_pairs):
        ClaimQuantityFactory(
            claim=PublishedClaimFactory(story=story), value=10.0 + n, measure=f"m:{n}"
        )
        ClaimQuantityFactory(
            claim=PublishedClaimFactory(story=story), value=50.0 + n, measure=f"m:{n}"
        )
    return story


def test_story_page_shows_figures_that_disagree_side_by_side(client):
    story = conflicting_story()
    page = client.get(story.get_absolute_url()).content.decode()

    section = page.split('class="figure-conflicts"')[1].split("</section>")[0]
    assert section.count('class="figure-conflict"') == 1
    row = section.split('class="figure-conflict"')[1]
    assert "more than 200 (walrus)" in row
    assert "about 700 (walrus)" in row
    assert "UNPUBLISHED-FIGURE" not in page
    assert "5000" not in section


def test_story_page_without_conflicts_has_no_conflict_section(client):
    story = StoryFactory(slug="calm")
    for value in (700, 710):
        ClaimQuantityFactory(claim=PublishedClaimFactory(story=story), value=value)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "figure-conflicts" not in page


def story_queries(client, story) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(story.get_absolute_url()).status_code == 200
    return len(queries)


def test_story_page_query_count_does_not_grow_with_conflicts(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    one = story_queries(client, conflicting_story("one-conflict"))

    story = conflicting_story("eleven-conflicts", extra_pairs=10)
    page = client.get(story.get_absolute_url()).content.decode()
    assert page.count('class="figure-conflict"') == 11

    assert story_queries(client, story) == one
