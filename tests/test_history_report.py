"""The site-wide history report: the audit trail in the admin, filtered, searched
and exported as CSV, read-only for everyone."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage import workflow
from coverage.models import AuditEntry, ClaimStatus
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    CorrectionFactory,
    UserFactory,
)
from tests.logins import log_in

pytestmark = pytest.mark.django_db

REPORT = reverse("admin:coverage_auditentry_changelist")
EXPORT = reverse("admin:coverage_auditentry_export")


def desk_activity(editor, reporter, claims=1):
    for _ in range(claims):
        claim = workflow.start_review(ClaimFactory(), actor=editor, note="On it.")
        workflow.give_verdict(
            claim,
            actor=editor,
            verdict=ClaimStatus.ACCURATE,
            note="Checked.",
            public_summary="Right.",
        )
    workflow.draft_correction(
        ArticleFactory(headline="=HYPERLINK(evil)"),
        actor=reporter,
        kind="correction",
        what_was_wrong="Wrong year.",
        what_is_right="2017.",
        public_explanation="We gave the wrong year.",
    )


def rows_of(response):
    return list(response.context["cl"].result_list)


def test_report_lists_every_row_newest_first(standards_client, editor, reporter):
    desk_activity(editor, reporter)
    response = standards_client.get(REPORT)
    assert [row.action for row in rows_of(response)] == [
        "correction.draft",
        "claim.verdict",
        "claim.start_review",
    ]


@pytest.mark.parametrize(
    ("query", "actions"),
    [
        ({"action__exact": "claim.verdict"}, ["claim.verdict"]),
        ({"public__exact": "1"}, ["claim.verdict"]),
        ({"q": "On it"}, ["claim.start_review"]),
        ({"q": "HYPERLINK"}, ["correction.draft"]),
    ],
)
def test_report_filters_and_searches(
    standards_client, editor, reporter, query, actions
):
    desk_activity(editor, reporter)
    response = standards_client.get(REPORT, query)
    assert [row.action for row in rows_of(response)] == actions


def test_report_filters_by_who_and_target_type(standards_client, editor, reporter):
    desk_activity(editor, reporter)
    by_reporter = standards_client.get(REPORT, {"actor__id__exact": reporter.pk})
    assert [row.actor for row in rows_of(by_reporter)] == [reporter]
    claim_type = AuditEntry.objects.get(action="claim.verdict").content_type_id
    on_claims = standards_client.get(REPORT, {"content_type__id__exact": claim_type})
    assert {row.action for row in rows_of(on_claims)} == {
        "claim.verdict",
        "claim.start_review",
    }


def test_report_is_read_only_even_for_superusers(client, editor, reporter):
    admin_client = log_in(client, UserFactory(username="root", is_superuser=True))
    desk_activity(editor, reporter)
    entry = AuditEntry.objects.latest("id")
    page = admin_client.get(REPORT)
    assert "delete_selected" not in page.content.decode()
    assert admin_client.get(reverse("admin:coverage_auditentry_add")).status_code == (
        403
    )
    change = admin_client.post(
        reverse("admin:coverage_auditentry_change", args=[entry.pk]), {"note": "x"}
    )
    assert change.status_code == 403
    delete = admin_client.post(
        reverse("admin:coverage_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).note == entry.note


def queries_for(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context)


def test_report_queries_do_not_grow_with_rows(standards_client, editor, reporter):
    desk_activity(editor, reporter, claims=1)
    few = queries_for(standards_client, REPORT)
    desk_activity(editor, reporter, claims=10)
    assert queries_for(standards_client, REPORT) == few


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_export_streams_the_filtered_rows_as_csv(standards_client, editor, reporter):
    desk_activity(editor, reporter)
    response = standards_client.get(EXPORT, {"actor__id__exact": editor.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="audit-trail.csv"'
    header, *rows = read_csv(response)
    assert header[:4] == ["id", "when", "who", "action"]
    assert [(row[2], row[3]) for row in rows] == [
        ("editor", "claim.verdict"),
        ("editor", "claim.start_review"),
    ]
    assert rows[0][7] == "yes"
    assert '"status": ["in_review", "accurate"]' in rows[0][8]


def test_export_keeps_the_report_link_filters(standards_client, editor, reporter):
    desk_activity(editor, reporter)
    page = standards_client.get(REPORT, {"action__exact": "claim.verdict"})
    assert f"{EXPORT}?action__exact=claim.verdict" in page.content.decode()


def test_export_cells_never_run_as_spreadsheet_formulas(
    standards_client, editor, reporter
):
    workflow.start_review(
        ClaimFactory(text="=HYPERLINK(evil) doubled crime"), actor=editor, note="@me"
    )
    _header, *rows = read_csv(standards_client.get(EXPORT))
    assert rows[0][6].startswith("'=HYPERLINK")
    assert rows[0][9] == "'@me"


def test_export_queries_do_not_grow_with_rows(standards_client, editor, reporter):
    desk_activity(editor, reporter, claims=1)
    with CaptureQueriesContext(connection) as few:
        read_csv(standards_client.get(EXPORT))
    desk_activity(editor, reporter, claims=10)
    with CaptureQueriesContext(connection) as many:
        read_csv(standards_client.get(EXPORT))
    assert len(many) == len(few)


def test_export_with_a_bad_filter_goes_back_to_the_report(standards_client):
    response = standards_client.get(EXPORT, {"public__exact": "maybe"})
    assert response.status_code == 302
    assert response["Location"] == f"{REPORT}?e=1"


def test_export_needs_the_view_permission(client, django_user_model):
    outsider = django_user_model.objects.create_user("outsider", is_staff=True)
    client.force_login(outsider)
    response = client.get(EXPORT)
    assert response.status_code in {302, 403}


def test_history_page_of_a_correction_reads_the_trail(
    standards_client, editor, reporter
):
    correction = CorrectionFactory(author=reporter)
    workflow.submit_correction(correction, actor=editor)
    page = standards_client.get(
        reverse("admin:coverage_correction_history", args=[correction.pk])
    )
    assert [row.action for row in page.context["action_list"]] == ["correction.submit"]
