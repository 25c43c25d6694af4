"""What the public sees changes only through a workflow function that records the
old and new values: evidence under a published verdict, the claimant and the
articles a correction or fact check cites, and a published verdict's summary."""

import pytest
from django.core.exceptions import ValidationError

from coverage import workflow
from coverage.models import AuditAction, AuditEntry, ClaimLink, Evidence
from coverage.workflow import InvalidTransition, WorkflowPermissionDenied
from tests.admin_pages import change_url, form_data
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    PublishedCorrectionFactory,
    SourceFactory,
    UserFactory,
)
from tests.logins import log_in
from tests.verdicts import published_claim

pytestmark = pytest.mark.django_db

PHISHING = "https://agency-report.test.example/login"


def rows_after(before: int, *actions):
    rows = list(AuditEntry.objects.filter(id__gt=before).order_by("id"))
    if actions:
        rows = [row for row in rows if row.action in actions]
    return rows


def newest_row_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


# Evidence under a published verdict.


def test_reporter_cannot_point_published_evidence_at_another_page(reporter, editor):
    claim = published_claim(editor)
    evidence = EvidenceFactory(claim=claim)
    before = newest_row_id()

    with pytest.raises(
        WorkflowPermissionDenied,
        match=rf"reporter may not change the evidence of claim {claim.pk}: its "
        r"verdict is published \(a standards editor may, or reopen it\)\.",
    ):
        workflow.change_evidence(evidence, actor=reporter, url=PHISHING)
    with pytest.raises(WorkflowPermissionDenied, match="its verdict is published"):
        workflow.add_evidence(
            claim, actor=reporter, stance="supports", citation="My blog", url=PHISHING
        )

    assert Evidence.objects.get().url == "https://agency.test/report"
    assert rows_after(before) == []


def test_standards_editor_amends_published_evidence_with_a_public_record(
    editor, standards_editor
):
    claim = published_claim(editor)
    evidence = EvidenceFactory(claim=claim)
    before = newest_row_id()

    workflow.change_evidence(
        evidence, actor=standards_editor, url="https://agency.test/report-2"
    )

    [row] = rows_after(before)
    assert (row.action, row.actor, row.object_id, row.public) == (
        AuditAction.EVIDENCE_CHANGE,
        standards_editor,
        claim.pk,
        True,
    )
    assert row.changes == {
        "evidence.url": ["https://agency.test/report", "https://agency.test/report-2"]
    }


def test_saving_evidence_unchanged_records_nothing(editor, standards_editor):
    evidence = EvidenceFactory(claim=published_claim(editor))
    before = newest_row_id()
    workflow.change_evidence(evidence, actor=standards_editor, url=evidence.url)
    assert rows_after(before) == []


def test_evidence_is_proposed_by_anyone_while_in_review_and_recorded_privately(
    reporter,
):
    claim = ClaimFactory()
    before = newest_row_id()

    evidence = workflow.add_evidence(
        claim, actor=reporter, stance="refutes", citation="Agency count, 2017"
    )

    [row] = rows_after(before)
    assert (row.action, row.public, evidence.added_by) == (
        AuditAction.EVIDENCE_ADD,
        False,
        reporter,
    )
    assert row.changes == {
        "evidence.stance": [None, "refutes"],
        "evidence.citation": [None, "Agency count, 2017"],
    }


def test_reopened_claim_frees_its_evidence(reporter, editor, standards_editor):
    claim = published_claim(editor)
    evidence = EvidenceFactory(claim=claim)
    workflow.reopen(claim, actor=standards_editor, note="New figures.")
    workflow.change_evidence(evidence, actor=reporter, citation="Agency, revised")
    assert Evidence.objects.get().citation == "Agency, revised"


def test_removing_evidence_needs_the_delete_permission_and_is_recorded(
    reporter, editor
):
    claim = published_claim(editor)
    evidence = EvidenceFactory(claim=claim)
    boss = UserFactory(username="boss", is_superuser=True)
    before = newest_row_id()

    with pytest.raises(WorkflowPermissionDenied):
        workflow.remove_evidence(evidence, actor=reporter)
    workflow.remove_evidence(evidence, actor=boss)

    [row] = rows_after(before)
    assert (row.action, row.public) == (AuditAction.EVIDENCE_REMOVE, True)
    assert row.changes["evidence.url"] == ["https://agency.test/report", None]
    assert not Evidence.objects.exists()


def test_published_evidence_is_read_only_in_the_admin_for_a_reporter(
    client, reporter, editor
):
    claim = published_claim(editor)
    evidence = EvidenceFactory(claim=claim)
    log_in(client, reporter)

    page = client.get(change_url(claim))
    assert 'name="evidence-0-url"' not in page.content.decode()
    assert "https://agency.test/report" in page.content.decode()
    crafted = client.post(
        change_url(evidence),
        {"stance": "supports", "citation": "Agency", "url": PHISHING},
    )

    assert crafted.status_code == 403
    assert Evidence.objects.get().url == "https://agency.test/report"


def test_claim_page_saves_evidence_and_links_through_the_workflow(client, editor):
    claim = ClaimFactory()
    other = ClaimFactory()
    log_in(client, editor)
    page = client.get(change_url(claim))
    before = newest_row_id()

    response = client.post(
        change_url(claim),
        form_data(
            page,
            **{
                "evidence-TOTAL_FORMS": "1",
                "evidence-0-stance": "refutes",
                "evidence-0-citation": "Agency count, 2017",
                "evidence-0-url": "https://agency.test/2017",
                "links_out-TOTAL_FORMS": "1",
                "links_out-0-relation": "contradicts",
                "links_out-0-to_claim": str(other.pk),
            },
        ),
    )

    assert response.status_code == 302
    rows = rows_after(before, AuditAction.EVIDENCE_ADD, AuditAction.LINK_ADD)
    assert [(row.action, row.object_id) for row in rows] == [
        (AuditAction.EVIDENCE_ADD, claim.pk),
        (AuditAction.LINK_ADD, claim.pk),
    ]
    assert Evidence.objects.get().added_by == editor
    assert ClaimLink.objects.get().created_by == editor


# Sources and articles the public pages cite.


def test_editing_a_published_claimants_name_is_recorded_publicly(client, editor):
    source = SourceFactory(name="Dr. Susan Crockford", description="zoologist")
    published_claim(editor, claimant=source)
    log_in(client, editor)
    page = client.get(change_url(source))
    before = newest_row_id()

    client.post(change_url(source), form_data(page, description="paid by the industry"))

    [row] = rows_after(before)
    assert (row.action, row.actor, row.public) == (
        AuditAction.SOURCE_EDIT,
        editor,
        True,
    )
    assert row.changes == {"description": ["zoologist", "paid by the industry"]}


def test_editing_a_source_no_page_shows_is_recorded_privately(reporter):
    source = SourceFactory(description="zoologist")
    ClaimFactory(claimant=source)  # not published
    before = newest_row_id()

    workflow.update_source(source, actor=reporter, description="marine biologist")

    [row] = rows_after(before)
    assert row.public is False


def test_renaming_a_source_onto_another_is_refused_by_name(reporter):
    SourceFactory(name="Susan Crockford")
    source = SourceFactory(name="Someone Else")
    before = newest_row_id()
    with pytest.raises(ValidationError, match="Cannot save source"):
        workflow.update_source(source, actor=reporter, name="Dr. Susan Crockford")
    assert rows_after(before) == []


def test_editing_an_article_under_a_published_correction_is_recorded_publicly(
    client, editor
):
    correction = PublishedCorrectionFactory(
        article__headline="Cliff is 800 m", article__url="https://news.test/cliff"
    )
    article = correction.article
    log_in(client, editor)
    page = client.get(change_url(article))
    before = newest_row_id()

    client.post(
        change_url(article),
        form_data(page, headline="Cliff is 80 m", url=PHISHING),
    )

    [row] = rows_after(before)
    assert (row.action, row.object_id, row.public) == (
        AuditAction.ARTICLE_EDIT,
        article.pk,
        True,
    )
    assert row.changes == {
        "headline": ["Cliff is 800 m", "Cliff is 80 m"],
        "url": ["https://news.test/cliff", PHISHING],
    }


def test_a_reporter_may_not_edit_what_a_public_page_shows(client, reporter, editor):
    source = SourceFactory(description="zoologist")
    published_claim(editor, claimant=source)
    article = PublishedCorrectionFactory(article__headline="Cliff is 800 m").article
    before = newest_row_id()

    with pytest.raises(
        WorkflowPermissionDenied,
        match=rf"^reporter may not edit article {article.pk}: a public page shows it "
        r"\(an editor may\)\.$",
    ):
        workflow.update_article(article, actor=reporter, headline="Cliff is 80 m")
    with pytest.raises(WorkflowPermissionDenied, match="a public page shows it"):
        workflow.update_source(source, actor=reporter, description="paid")
    log_in(client, reporter)
    page = client.get(change_url(article)).content.decode()
    crafted = client.post(change_url(article), {"headline": "Cliff is 80 m"})

    assert 'name="headline"' not in page
    assert "Cliff is 800 m" in page
    assert crafted.status_code == 403
    assert rows_after(before) == []
    article.refresh_from_db()
    source.refresh_from_db()
    assert (article.headline, source.description) == ("Cliff is 800 m", "zoologist")


def test_editing_an_article_no_page_shows_is_recorded_privately(reporter):
    article = ArticleFactory(story=None)
    before = newest_row_id()
    workflow.update_article(article, actor=reporter, headline="Tidied headline")
    [row] = rows_after(before)
    assert row.public is False


# A published verdict's summary.


def test_only_a_standards_editor_amends_a_published_summary_and_it_is_recorded(
    editor, standards_editor
):
    claim = published_claim(editor)
    before = newest_row_id()

    with pytest.raises(WorkflowPermissionDenied, match="editor may not amend"):
        workflow.amend_verdict_summary(
            claim, actor=editor, summary="Accurate after all.", note="Rethink."
        )
    workflow.amend_verdict_summary(
        claim,
        actor=standards_editor,
        summary="The agency counted 12 deaths in 2017, not 700.",
        note="Add the year.",
    )

    [row] = rows_after(before)
    assert (row.action, row.public, row.note) == (
        AuditAction.CLAIM_AMEND_SUMMARY,
        True,
        "Add the year.",
    )
    assert row.changes == {
        "verdict_summary": [
            "The agency counted 12 deaths that year, not hundreds.",
            "The agency counted 12 deaths in 2017, not 700.",
        ]
    }


def test_a_summary_is_amended_only_on_a_published_verdict(standards_editor):
    claim = ClaimFactory()
    with pytest.raises(
        InvalidTransition,
        match=rf"Cannot amend the verdict summary of claim {claim.pk}: it is "
        "unreviewed, not published.",
    ):
        workflow.amend_verdict_summary(
            claim, actor=standards_editor, summary="x", note="y"
        )


def test_claim_form_no_longer_rewrites_a_published_summary(editor):
    claim = published_claim(editor)
    with pytest.raises(ValidationError, match="Cannot edit the verdict summary"):
        workflow.update_claim(
            claim,
            actor=editor,
            seen_version=claim.version,
            verdict_summary="Accurate after all.",
        )


def test_published_summary_is_read_only_on_the_claim_page_for_an_editor(client, editor):
    claim = published_claim(editor)
    log_in(client, editor)
    page = client.get(change_url(claim))
    assert 'name="verdict_summary"' not in page.content.decode()


def test_claim_page_amends_a_published_summary_for_a_standards_editor(
    client, editor, standards_editor
):
    claim = published_claim(editor)
    log_in(client, standards_editor)
    page = client.get(change_url(claim))
    before = newest_row_id()

    client.post(change_url(claim), form_data(page, verdict_summary="Reworded."))

    [row] = rows_after(before, AuditAction.CLAIM_AMEND_SUMMARY)
    assert row.changes["verdict_summary"][1] == "Reworded."
