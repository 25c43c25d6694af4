"""A claim's page says when its sentence changed or vanished in a later version
of an article, read from the versions."""

import pytest
from django.urls import reverse

from coverage.models import ArticleRevision
from coverage.versions import (
    CHANGED,
    VANISHED,
    article_versions,
    sentence_fate,
    sentence_fates,
)
from tests.factories import ClaimAppearanceFactory, ClaimFactory
from tests.versions import FIRST, SECOND, THIRD, article_with_versions

pytestmark = pytest.mark.django_db

BRIDGES = "Councillor Ann Blake said the money would mend 40 bridges."
BUDGET = "The council approved a budget of 15 million pounds on Monday."


def claim_page(claim):
    return reverse("admin:coverage_claim_change", args=[claim.pk])


def quoted(article, sentence, claim=None):
    """The claim as the import leaves it: its appearance on the newest revision
    that still held the sentence, or on the current text."""
    holding = [v for v in article_versions(article) if v.carries(sentence)]
    return ClaimAppearanceFactory(
        article=article,
        claim=claim or ClaimFactory(text=sentence, story=article.story),
        quote=sentence,
        revision=holding[-1].revision if holding else None,
    ).claim


def test_a_changed_sentence_is_named_with_the_version_and_its_new_wording(
    reporter_client,
):
    article = article_with_versions(FIRST, SECOND, THIRD)
    claim = quoted(article, BRIDGES)
    third = article_versions(article)[2]
    text = reporter_client.get(claim_page(claim)).content.decode()
    assert (
        f"This sentence changed in the version seen {third.seen_at:%Y-%m-%d %H:%M}"
        in text
    )
    assert "it now reads “Councillor Ann Blake said the money would mend 30 old" in text
    second = article.revisions.order_by("replaced_at").last()
    compare = reverse("admin:coverage_article_versions", args=[article.pk])
    assert f"{compare}?a={second.pk}&amp;b=current" in text


def test_a_vanished_sentence_is_said_to_have_vanished():
    article = article_with_versions(
        FIRST + "\n\nThe mayor promised a new library by spring.", FIRST
    )
    fate = sentence_fate(
        article,
        "The mayor promised a new library by spring.",
        article_versions(article),
    )
    assert fate.verb == VANISHED
    assert (fate.before.number, fate.version.key) == (1, "current")


def test_a_sentence_changed_in_a_middle_version_is_dated_from_it():
    article = article_with_versions(FIRST, SECOND, THIRD)
    fate = sentence_fate(article, BUDGET, article_versions(article))
    assert fate.verb == CHANGED
    assert fate.version.number == 2
    assert fate.now.startswith("The council approved a budget of 12 million")


def test_a_sentence_still_in_the_current_text_has_no_notice(reporter_client):
    article = article_with_versions(FIRST, SECOND, THIRD)
    claim = quoted(article, "Councillor Ann Blake said")
    text = reporter_client.get(claim_page(claim)).content.decode()
    assert "This sentence changed" not in text
    assert "Unchanged in the current text of every article that quotes it." in text


def test_the_notice_follows_a_new_version_without_anything_kept_by_hand(
    reporter_client,
):
    article = article_with_versions(FIRST, SECOND)
    claim = quoted(article, BRIDGES)
    assert (
        "This sentence" not in reporter_client.get(claim_page(claim)).content.decode()
    )
    # A later re-import (as the importer keeps it) drops the sentence.
    ArticleRevision.objects.create(
        article=article,
        headline=article.headline,
        body=article.body,
        raw_text=article.raw_text,
        content_hash="x",
    )
    article.body = article.raw_text = "The council approved a budget on Monday."
    article.save()
    text = reporter_client.get(claim_page(claim)).content.decode()
    assert "This sentence vanished in the version seen" in text


def test_the_notice_costs_two_queries_for_any_number_of_articles(
    reporter_client, django_assert_num_queries
):
    claim = quoted(article_with_versions(FIRST, SECOND, THIRD), BRIDGES)
    for _ in range(4):
        quoted(article_with_versions(FIRST, SECOND, THIRD), BRIDGES, claim=claim)
    # The claim's appearances with their articles; the articles' revisions.
    with django_assert_num_queries(2):
        fates = sentence_fates(claim)
    assert [fate.verb for fate in fates] == [CHANGED] * 5
    text = reporter_client.get(claim_page(claim)).content.decode()
    assert text.count("This sentence changed") == 5
