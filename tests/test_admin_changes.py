"""Unacknowledged changes in the desk: the list (open first), each change's page
with what changed word by word, its two moves (link, dismiss) through the
workflow, and the refusals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage.models import AuditAction, AuditEntry, Correction, UnacknowledgedChange
from tests.factories import CorrectionFactory, UnacknowledgedChangeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:coverage_unacknowledgedchange_changelist")


def page_of(change):
    return reverse("admin:coverage_unacknowledgedchange_change", args=[change.pk])


def move_url(change, move):
    return reverse("admin:coverage_unacknowledgedchange_move", args=[change.pk, move])


def rows(obj):
    return list(AuditEntry.objects.for_object(obj).values_list("action", flat=True))


def post_move(client, change, move, **data):
    return client.post(move_url(change, move), {"version": change.version, **data})


@pytest.mark.parametrize("client_name", ["editor_client", "reporter_client"])
def test_list_shows_open_changes_first_with_their_reasons(request, client_name):
    client = request.getfixturevalue(client_name)
    dismissed = UnacknowledgedChangeFactory(
        status=UnacknowledgedChange.Status.DISMISSED, dismiss_reason="A typo."
    )
    waiting = UnacknowledgedChangeFactory()
    response = client.get(LIST)
    assert response.status_code == 200
    assert [c.pk for c in response.context["cl"].result_list] == [
        waiting.pk,
        dismissed.pk,
    ]
    text = response.content.decode()
    assert "figure 15 million → 12 million" in text
    assert "Waiting for the desk" in text


def test_change_page_shows_the_word_diff_and_the_moves_to_an_editor(editor_client):
    change = UnacknowledgedChangeFactory()
    text = editor_client.get(page_of(change)).content.decode()
    assert "figure 15 million → 12 million" in text
    assert '<del><span class="visually-hidden">removed: </span>15' in text
    assert '<ins><span class="visually-hidden">added: </span>12' in text
    assert "style=" not in text.split('id="change-moves"')[1].split("</form>")[0]
    assert move_url(change, "link_change") in text
    assert move_url(change, "dismiss_change") in text


def test_the_diff_is_escaped(editor_client):
    change = UnacknowledgedChangeFactory(
        revision__body="Officials said <script>alert(1)</script> 15 million."
    )
    text = editor_client.get(page_of(change)).content.decode()
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;" in text


def test_a_reporter_reads_the_page_without_moves(reporter_client):
    change = UnacknowledgedChangeFactory()
    response = reporter_client.get(page_of(change))
    assert response.status_code == 200
    text = response.content.decode()
    assert "figure 15 million → 12 million" in text
    assert move_url(change, "link_change") not in text
    assert move_url(change, "dismiss_change") not in text


@pytest.mark.parametrize(
    ("move", "data"),
    [("link_change", {}), ("dismiss_change", {"reason": "Only a typo."})],
)
def test_a_reporters_crafted_post_is_refused_and_writes_nothing(
    reporter_client, move, data
):
    change = UnacknowledgedChangeFactory()
    response = post_move(reporter_client, change, move, **data)
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.status == UnacknowledgedChange.Status.OPEN
    assert rows(change) == []
    assert not Correction.objects.exists()


def test_link_to_an_existing_correction(editor_client, editor):
    change = UnacknowledgedChangeFactory()
    existing = CorrectionFactory(article=change.article)
    response = post_move(editor_client, change, "link_change", correction=existing.pk)
    assert response.status_code == 302
    change.refresh_from_db()
    assert (change.status, change.correction, change.decided_by) == (
        UnacknowledgedChange.Status.LINKED,
        existing,
        editor,
    )
    assert rows(change) == [AuditAction.CHANGE_LINK]
    assert Correction.objects.count() == 1


def test_a_correction_of_another_article_is_not_offered(editor_client):
    change = UnacknowledgedChangeFactory()
    elsewhere = CorrectionFactory()
    response = post_move(editor_client, change, "link_change", correction=elsewhere.pk)
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == UnacknowledgedChange.Status.OPEN
    assert rows(change) == []


def test_link_drafting_a_new_correction(standards_client, standards_editor):
    change = UnacknowledgedChangeFactory()
    response = post_move(
        standards_client,
        change,
        "link_change",
        kind="correction",
        what_is_right="About 12 million people.",
    )
    change.refresh_from_db()
    correction = change.correction
    assert response.status_code == 302
    assert response.url == reverse(
        "admin:coverage_correction_change", args=[correction.pk]
    )
    assert correction.status == Correction.Status.DRAFT
    assert correction.author == standards_editor
    assert correction.what_is_right == "About 12 million people."
    assert "figure 15 million → 12 million" in correction.what_was_wrong
    assert rows(change) == [AuditAction.CHANGE_LINK]


def test_dismiss_with_a_reason(editor_client, editor):
    change = UnacknowledgedChangeFactory()
    response = post_move(editor_client, change, "dismiss_change", reason="Updated.")
    assert response.status_code == 302
    change.refresh_from_db()
    assert (change.status, change.dismiss_reason) == (
        UnacknowledgedChange.Status.DISMISSED,
        "Updated.",
    )
    assert rows(change) == [AuditAction.CHANGE_DISMISS]


def test_dismiss_without_a_reason_is_a_clear_form_error(editor_client):
    change = UnacknowledgedChangeFactory()
    response = post_move(editor_client, change, "dismiss_change", reason="  ")
    page = editor_client.get(response.url).content.decode()
    assert "Dismiss: Reason: This field is required." in page
    change.refresh_from_db()
    assert change.status == UnacknowledgedChange.Status.OPEN
    assert rows(change) == []


def test_a_decided_change_offers_no_moves(editor_client, editor):
    change = UnacknowledgedChangeFactory()
    post_move(editor_client, change, "dismiss_change", reason="Updated.")
    change.refresh_from_db()
    text = editor_client.get(page_of(change)).content.decode()
    assert move_url(change, "link_change") not in text
    response = post_move(editor_client, change, "link_change")
    assert rows(change) == [AuditAction.CHANGE_DISMISS]
    assert "Cannot link" in editor_client.get(response.url).content.decode()


def test_no_add_edit_or_delete_for_the_desk(editor_client):
    change = UnacknowledgedChangeFactory()
    add = reverse("admin:coverage_unacknowledgedchange_add")
    delete = reverse("admin:coverage_unacknowledgedchange_delete", args=[change.pk])
    assert editor_client.get(add).status_code == 403
    assert editor_client.get(delete).status_code == 403
    editor_client.post(page_of(change), {"dismiss_reason": "Edited."})
    change.refresh_from_db()
    assert change.dismiss_reason == ""


def test_list_query_count_does_not_grow_with_rows(editor_client):
    UnacknowledgedChangeFactory()
    with CaptureQueriesContext(connection) as one_row:
        assert editor_client.get(LIST).status_code == 200
    UnacknowledgedChangeFactory.create_batch(9)
    with CaptureQueriesContext(connection) as ten_rows:
        response = editor_client.get(LIST)
    assert len(response.context["cl"].result_list) == 10
    assert len(ten_rows) == len(one_row)


def test_the_desk_lists_open_changes_with_a_link(reporter_client):
    waiting = UnacknowledgedChangeFactory()
    UnacknowledgedChangeFactory(
        status=UnacknowledgedChange.Status.DISMISSED, dismiss_reason="A typo."
    )
    response = reporter_client.get(reverse("admin:coverage_claim_desk"))
    assert [c.pk for c in response.context["open_changes"]] == [waiting.pk]
    assert page_of(waiting) in response.content.decode()


def test_the_articles_versions_show_grade_and_reasons(editor_client):
    change = UnacknowledgedChangeFactory()
    page = reverse("admin:coverage_article_change", args=[change.article_id])
    text = editor_client.get(page).content.decode()
    assert "Substantive" in text
    assert "figure 15 million → 12 million" in text
