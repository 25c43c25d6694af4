"""A correction's page shows what changed in the article: the version before the
change nearest to the correction's publication and the version that replaced it,
graded from the texts alone, escaped, and kept in the cache under the correction's
id and version and the two texts' identities."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coverage.importers.parsed import ParsedArticle
from coverage.importers.store import save_article
from coverage.models import ArticleRevision
from coverage.public.fragments import correction_change, shown_corrections
from tests.factories import (
    ClaimAppearanceFactory,
    CorrectionFactory,
    PublishedCorrectionFactory,
)
from tests.versions import FIRST, SECOND, THIRD, article_with_versions

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def page_of(correction):
    return f"/corrections/{correction.pk}/"


def changes_of(article):
    """The article's revisions, oldest first: revision k is replaced on day k."""
    return list(article.revisions.order_by("replaced_at"))


@pytest.fixture
def start():
    return timezone.now() - 10 * DAY


def test_the_page_shows_the_change_nearest_to_the_publication(client, start):
    article = article_with_versions(FIRST, SECOND, THIRD, start=start)
    # Published half a day after the first change: that change is nearest.
    correction = PublishedCorrectionFactory(
        article=article, published_at=start + 1.5 * DAY
    )
    text = client.get(page_of(correction)).content.decode()
    assert "What changed in the article" in text
    assert "<strong>Change: substantive.</strong>" in text
    assert "Figure 15 million pounds → 12 million pounds in paragraph 1." in text
    assert '<del><span class="visually-hidden">removed: </span>15' in text
    assert '<ins><span class="visually-hidden">added: </span>12' in text
    assert "30 old" not in text  # the second change is not this one's


def test_a_correction_published_after_the_last_change_shows_it(client, start):
    article = article_with_versions(FIRST, SECOND, THIRD, start=start)
    correction = PublishedCorrectionFactory(
        article=article, published_at=start + 5 * DAY
    )
    text = client.get(page_of(correction)).content.decode()
    assert "Figure 40 → 30 in paragraph 2" in text
    assert "(its text now)" in text
    assert "The outlet&#x27;s own notice: “Correction: an earlier version" in text or (
        "The outlet's own notice: “Correction: an earlier version" in text
    )


def test_an_article_with_one_version_shows_no_change(client):
    correction = PublishedCorrectionFactory(article=article_with_versions(FIRST))
    text = client.get(page_of(correction)).content.decode()
    assert "What changed in the article" not in text


def test_no_claim_the_desk_holds_shows_in_the_public_grade(client, start):
    article = article_with_versions(FIRST, SECOND, THIRD, start=start)
    ClaimAppearanceFactory(
        article=article,
        claim__story=article.story,
        claim__text="Councillor Ann Blake said the money would mend 40 bridges.",
        claim__internal_notes="Check with the council first.",
        revision=changes_of(article)[-1],
    )
    correction = PublishedCorrectionFactory(
        article=article, published_at=start + 5 * DAY
    )
    text = client.get(page_of(correction)).content.decode()
    assert "claim sentence" not in text
    assert "Check with the council" not in text


def test_a_draft_correction_has_no_page_and_no_diff(client, start):
    article = article_with_versions(FIRST, SECOND, start=start)
    draft = CorrectionFactory(article=article)
    assert client.get(page_of(draft)).status_code == 404


def test_the_diff_is_escaped(client):
    article = article_with_versions(
        "Officials said 15 people came.",
        "Officials said <script>alert(1)</script> 12 people came.",
    )
    text = client.get(
        page_of(PublishedCorrectionFactory(article=article))
    ).content.decode()
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_fragment_is_kept_under_id_version_and_texts(
    django_assert_num_queries, start
):
    article = article_with_versions(FIRST, SECOND, start=start)
    published = PublishedCorrectionFactory(article=article, published_at=start + DAY)
    correction = shown_corrections().get(pk=published.pk)
    (revision,) = changes_of(article)
    key = (
        f"public-correction-change:{correction.pk}:{correction.version}:"
        f"{revision.pk}:a{article.content_hash}"
    )
    # The revisions' ids and dates; the two texts.
    with django_assert_num_queries(2):
        first = correction_change(correction)
    assert cache.get(key) == first
    # Kept: the revisions' ids and dates only.
    with django_assert_num_queries(1):
        assert correction_change(correction) == first
    # A new version of the article: the change now ends at a revision, a new key.
    ArticleRevision.objects.create(
        article=article,
        headline=article.headline,
        body=article.body,
        raw_text=article.raw_text,
        content_hash=article.content_hash,
    )
    article.body = article.raw_text = THIRD
    article.save()
    newer = changes_of(article)[-1]
    with django_assert_num_queries(2):
        again = correction_change(correction)
    assert again != first  # it now ends at the version the new text replaced
    assert cache.get(key.rsplit(":", 1)[0] + f":r{newer.pk}") == again


def test_the_page_query_count_does_not_grow_with_versions(
    client, settings, django_assert_num_queries, start
):
    settings.PAGE_CACHE_SECONDS = 0  # the page rendered every time
    few = article_with_versions(FIRST, SECOND, start=start)
    many = article_with_versions(
        FIRST, SECOND, THIRD, FIRST, SECOND, THIRD, start=start
    )
    counts = []
    for article in (few, many):
        correction = PublishedCorrectionFactory(article=article, published_at=start)
        client.get(page_of(correction))  # the state, kept
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_of(correction)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # The public state; the correction; the revisions' ids; the two texts.
    assert counts[0] == 4


def test_a_reimport_of_a_corrected_article_shows_at_once_despite_the_page_cache(
    client, settings, reporter
):
    settings.PAGE_CACHE_SECONDS = 300

    def reimport(body):
        return save_article(
            ParsedArticle(
                headline="Council budget",
                byline="Jane Reporter",
                body=body,
                raw_text=body,
                source_format="html",
                source_name="https://gazette.test/budget",
                url="https://gazette.test/budget",
            ),
            actor=reporter,
        ).article

    article = reimport(FIRST)
    correction = PublishedCorrectionFactory(article=article)
    assert (
        "What changed in the article"
        not in client.get(page_of(correction)).content.decode()
    )
    reimport(SECOND)
    text = client.get(page_of(correction)).content.decode()
    assert "Figure 15 million pounds → 12 million pounds in paragraph 1." in text
