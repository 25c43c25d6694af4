"""An article's versions in the desk: every text it has had, the claims each
carries, and any two compared word by word with the grade and reasons."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage.models import ArticleRevision
from coverage.versions import CURRENT
from tests.factories import (
    ArticleRevisionFactory,
    ClaimAppearanceFactory,
    UserFactory,
)
from tests.logins import log_in
from tests.versions import FIRST, SECOND, THIRD, article_with_versions

pytestmark = pytest.mark.django_db


def versions_url(article, **choice):
    url = reverse("admin:coverage_article_versions", args=[article.pk])
    return url + (
        "?" + "&".join(f"{k}={v}" for k, v in choice.items()) if choice else ""
    )


def revision_ids(article):
    return [
        str(pk)
        for pk in article.revisions.order_by("replaced_at").values_list("pk", flat=True)
    ]


def test_the_article_page_links_to_its_versions(reporter_client):
    article = article_with_versions(FIRST, SECOND)
    page = reverse("admin:coverage_article_change", args=[article.pk])
    assert versions_url(article) in reporter_client.get(page).content.decode()


def test_by_default_the_last_change_is_shown_with_its_kept_grade(reporter_client):
    article = article_with_versions(FIRST, SECOND, THIRD)
    response = reporter_client.get(versions_url(article))
    assert response.status_code == 200
    comparison = response.context["page"].comparison
    assert (comparison.old.number, comparison.new.key) == (2, CURRENT)
    assert comparison.kept
    text = response.content.decode()
    assert "Grade: substantive</strong> (as graded at the import)" in text
    assert "figure 40 → 30 in paragraph 2" in text
    assert "The outlet's notice: “Correction: an earlier version" in text
    assert '<ins><span class="visually-hidden">added: </span>30 old' in text


def test_any_two_versions_are_compared_and_graded_now(reporter_client):
    article = article_with_versions(FIRST, SECOND, THIRD)
    first, _second = revision_ids(article)
    response = reporter_client.get(versions_url(article, a=CURRENT, b=first))
    comparison = response.context["page"].comparison
    # Given newest first, shown oldest first.
    assert (comparison.old.number, comparison.new.number) == (1, 3)
    assert not comparison.kept
    reasons = comparison.change.reasons
    assert "figure 15 million pounds → 12 million pounds in paragraph 1" in reasons
    assert "figure 40 → 30 in paragraph 2" in reasons
    text = response.content.decode()
    assert "(graded now)" in text
    assert '<del><span class="visually-hidden">removed: </span>15' in text


def test_each_version_lists_the_claims_it_carries(reporter_client):
    article = article_with_versions(FIRST, SECOND, THIRD)
    bridges = ClaimAppearanceFactory(
        article=article,
        claim__story=article.story,
        claim__text="Councillor Ann Blake said the money would mend 40 bridges.",
        revision=article.revisions.order_by("replaced_at").last(),
    )
    response = reporter_client.get(versions_url(article))
    carried = {
        version.number: [a.claim_id for a in appearances]
        for version, appearances in response.context["page"].versions
    }
    assert carried == {1: [bridges.claim_id], 2: [bridges.claim_id], 3: []}
    # The claim sentence the older version carried counts in grading it now.
    first, _ = revision_ids(article)
    response = reporter_client.get(versions_url(article, a=first, b=CURRENT))
    reasons = response.context["page"].comparison.change.reasons
    assert any(r.startswith("claim sentence changed: “Councillor") for r in reasons)


def test_an_unknown_version_is_a_400_naming_it(reporter_client):
    article = article_with_versions(FIRST, SECOND)
    response = reporter_client.get(versions_url(article, a="999999"))
    assert response.status_code == 400
    assert "The article has no version &#x27;999999&#x27;." in response.content.decode()


def test_the_diff_is_escaped(reporter_client):
    article = article_with_versions(
        "Officials said 15 people came.",
        "Officials said <script>alert(1)</script> 12 people came.",
    )
    text = reporter_client.get(versions_url(article)).content.decode()
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;" in text


def test_an_article_never_reimported_has_one_version_and_no_diff(reporter_client):
    article = article_with_versions(FIRST)
    response = reporter_client.get(versions_url(article))
    assert response.status_code == 200
    assert len(response.context["page"].versions) == 1
    assert "The two texts are the same." in response.content.decode()


def test_the_page_needs_a_desk_login(client):
    article = article_with_versions(FIRST, SECOND)
    response = client.get(versions_url(article))
    assert response.status_code == 302


def test_the_query_count_does_not_grow_with_versions_or_claims(reporter_client):
    article = article_with_versions(FIRST, SECOND)
    ClaimAppearanceFactory(article=article, claim__story=article.story)
    with CaptureQueriesContext(connection) as few:
        assert reporter_client.get(versions_url(article)).status_code == 200
    for n in range(8):
        ArticleRevisionFactory(
            article=article, raw_text=f"Text {n}.", body=f"Text {n}."
        )
    ClaimAppearanceFactory.create_batch(5, article=article, claim__story=article.story)
    assert article.revisions.count() == 9
    with CaptureQueriesContext(connection) as many:
        assert reporter_client.get(versions_url(article)).status_code == 200
    assert len(many) == len(few)
    assert ArticleRevision.objects.filter(article=article).count() == 9


def test_a_staff_user_without_the_view_permission_is_refused(client):
    article = article_with_versions(FIRST, SECOND)
    log_in(client, UserFactory(username="nobody"))
    assert client.get(versions_url(article)).status_code == 403
