"""Re-importing a changed article never destroys what the desk refers to: a claim
under a correction, with evidence or under review is kept, marked as no longer in
the text; an untouched claim may still be replaced."""

import pytest
from django.urls import reverse

from coverage import workflow
from coverage.importers.parsed import ParsedArticle
from coverage.importers.store import UPDATED, save_article
from coverage.models import Claim, ClaimAppearance, Correction
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db

ROADS = "The council said it spent £4 million on 12 roads."
HOMES = "Police said 40 homes flooded on Monday."


def import_text(body: str, *, actor):
    article = ParsedArticle(
        headline="Roads bill",
        body=body,
        raw_text=body,
        source_format="text",
        source_name="roads.txt",
        url="https://gazette.test/roads",
    )
    return save_article(article, actor=actor)


@pytest.fixture
def roads_claim(reporter):
    article = import_text(f"{ROADS} {HOMES}", actor=reporter).article
    return article, Claim.objects.get(text=ROADS)


def correction_on(article, claim, *, actor):
    return workflow.draft_correction(
        article,
        actor=actor,
        kind="correction",
        what_was_wrong="The council spent £3 million.",
        what_is_right="It spent £3 million.",
        public_explanation="We misreported the figure.",
        claim=claim,
    )


def assert_kept_off_the_text(article, claim):
    claim.refresh_from_db()  # still there
    appearance = ClaimAppearance.objects.get(claim=claim, article=article)
    assert not appearance.in_current_text
    assert appearance.revision.article == article  # the text that still quotes it
    assert appearance.text[appearance.start : appearance.end] == ROADS
    assert ROADS not in article.body


def test_claim_under_a_draft_correction_is_kept(reporter, roads_claim):
    article, claim = roads_claim
    correction = correction_on(article, claim, actor=reporter)
    assert import_text(HOMES, actor=reporter).action == UPDATED
    article.refresh_from_db()
    assert_kept_off_the_text(article, claim)
    correction.refresh_from_db()
    assert correction.claim == claim


def test_claim_under_a_published_correction_survives_every_later_reimport(
    reporter, editor, standards_editor, roads_claim
):
    article, claim = roads_claim
    correction = correction_on(article, claim, actor=reporter)
    workflow.submit_correction(correction, actor=editor)
    workflow.publish_correction(correction, actor=standards_editor)
    assert import_text(HOMES, actor=reporter).action == UPDATED
    later = f"{HOMES} Officials said 9 roads shut."
    assert import_text(later, actor=reporter).action == UPDATED
    article.refresh_from_db()
    assert_kept_off_the_text(article, claim)
    assert Correction.objects.get().claim == claim
    assert article.revisions.count() == 2
    assert claim.appearances.get().revision == article.revisions.earliest("id")


def test_claim_with_evidence_is_kept(reporter, roads_claim):
    article, claim = roads_claim
    EvidenceFactory(claim=claim)
    import_text(HOMES, actor=reporter)
    article.refresh_from_db()
    assert_kept_off_the_text(article, claim)
    assert claim.evidence.count() == 1


def test_claim_under_review_is_kept(reporter, editor, roads_claim):
    article, claim = roads_claim
    workflow.start_review(claim, actor=editor)
    import_text(HOMES, actor=reporter)
    article.refresh_from_db()
    assert_kept_off_the_text(article, claim)


def test_untouched_claim_is_replaced(reporter, roads_claim):
    article, claim = roads_claim
    import_text(HOMES, actor=reporter)
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert [a.claim.text for a in article.claim_appearances.all()] == [HOMES]


def test_claim_quoted_again_has_only_its_current_appearance(reporter, roads_claim):
    article, claim = roads_claim
    EvidenceFactory(claim=claim)
    import_text(HOMES, actor=reporter)
    import_text(f"{HOMES} {ROADS}", actor=reporter)
    article.refresh_from_db()
    appearance = ClaimAppearance.objects.get(claim=claim)
    assert appearance.in_current_text
    assert article.body[appearance.start : appearance.end] == ROADS


def test_claim_page_says_the_quote_is_no_longer_in_the_text(
    reporter, editor_client, roads_claim
):
    article, claim = roads_claim
    EvidenceFactory(claim=claim)
    import_text(HOMES, actor=reporter)
    page = editor_client.get(reverse("admin:coverage_claim_change", args=[claim.pk]))
    assert page.status_code == 200
    assert "No longer in the current text" in page.content.decode()
    assert f"<mark>{ROADS}</mark>" in page.content.decode()
