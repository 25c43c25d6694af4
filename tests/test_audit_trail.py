"""The audit trail: one writer, in the change's transaction, and a small read API."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from coverage import workflow
from coverage.models import AuditAction, AuditEntry, ClaimStatus
from coverage.workflow import AuditOutsideTransaction, record
from tests.factories import ClaimFactory, CorrectionFactory, UserFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_record_refuses_to_write_outside_a_transaction():
    claim = ClaimFactory()
    with pytest.raises(AuditOutsideTransaction, match=r"record\('claim.edit'\)"):
        record(UserFactory(), AuditAction.CLAIM_EDIT, claim)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_record_keeps_old_and_new_values_readably(editor):
    claim = ClaimFactory()
    when = timezone.now()
    entry = record(
        editor,
        AuditAction.CLAIM_EDIT,
        claim,
        changes={"assignee": (None, editor), "verdict_published_at": (when, None)},
        note="Tidied.",
    )
    entry.refresh_from_db()
    assert entry.changes == {
        "assignee": [None, "editor"],
        "verdict_published_at": [when.isoformat(), None],
    }
    assert (entry.object_id, entry.object_repr, entry.public) == (
        claim.pk,
        str(claim),
        False,
    )


@pytest.mark.django_db
def test_system_changes_have_no_actor():
    entry = record(None, AuditAction.IMPORT_CREATED, ClaimFactory())
    assert entry.actor is None


@pytest.mark.django_db
def test_for_object_reads_one_objects_rows_oldest_first(editor):
    claim, other = ClaimFactory(), ClaimFactory()
    workflow.start_review(claim, actor=editor)
    workflow.start_review(other, actor=editor)
    workflow.assign(claim, actor=editor, assignee=None)
    assert [e.action for e in AuditEntry.objects.for_object(claim)] == [
        AuditAction.CLAIM_START_REVIEW,
        AuditAction.CLAIM_ASSIGN,
    ]


@pytest.mark.django_db
def test_a_correction_and_a_claim_with_the_same_id_keep_their_own_rows(editor):
    claim = ClaimFactory()
    correction = CorrectionFactory(id=claim.pk, author=editor)
    workflow.start_review(claim, actor=editor)
    workflow.submit_correction(correction, actor=editor)
    assert AuditEntry.objects.for_object(claim).get().action == "claim.start_review"
    assert AuditEntry.objects.for_object(correction).get().action == (
        "correction.submit"
    )


@pytest.mark.django_db
def test_latest_public_id_follows_only_public_changes(editor):
    assert AuditEntry.objects.latest_public_id() == 0
    claim = workflow.start_review(ClaimFactory(), actor=editor)
    assert AuditEntry.objects.latest_public_id() == 0
    workflow.give_verdict(
        claim,
        actor=editor,
        verdict=ClaimStatus.ACCURATE,
        note="Checked.",
        public_summary="Right.",
    )
    verdict_row = AuditEntry.objects.latest("id")
    assert AuditEntry.objects.latest_public_id() == verdict_row.pk
    workflow.update_claim(
        claim, actor=editor, seen_version=claim.version, internal_notes="Internal."
    )
    assert AuditEntry.objects.latest_public_id() == verdict_row.pk


@pytest.mark.django_db
def test_latest_public_id_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        AuditEntry.objects.latest_public_id()


ADMIN_LOG = ("admin", "0003_logentry_add_action_flag_choices")


def migrate(executor, target):
    executor.loader.build_graph()
    executor.migrate([("coverage", target)])
    return executor.loader.project_state([("coverage", target), ADMIN_LOG]).apps


@pytest.mark.postgres  # the rows it leaves are flushed by TRUNCATE, not DELETE
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_verification_events_and_correction_history_move_into_the_trail():
    executor = MigrationExecutor(connection)
    old = migrate(executor, "0006_audit_entry")
    User = old.get_model("auth", "User")
    editor = User.objects.create(username="old-editor")
    writer = User.objects.create(username="old-writer")
    claim = old.get_model("coverage", "Claim").objects.create(
        text="Crime doubled.", fingerprint="x", status="accurate", verdict_summary="Ok"
    )
    Event = old.get_model("coverage", "VerificationEvent")
    for action, from_status, to_status, assignee in [
        ("start_review", "unreviewed", "in_review", editor),
        ("verdict", "in_review", "accurate", editor),
    ]:
        Event.objects.create(
            claim=claim,
            actor=editor,
            action=action,
            from_status=from_status,
            to_status=to_status,
            assignee=assignee,
            note=f"{action} note",
        )
    outlet = old.get_model("coverage", "Outlet").objects.create(name="O", slug="o")
    article = old.get_model("coverage", "Article").objects.create(
        outlet=outlet, headline="H", raw_text="t", body="t", content_hash="h"
    )
    correction = old.get_model("coverage", "Correction").objects.create(
        article=article, what_was_wrong="w", public_explanation="e", author=writer
    )
    ContentType = old.get_model("contenttypes", "ContentType")
    correction_type, _ = ContentType.objects.get_or_create(
        app_label="coverage", model="correction"
    )
    old.get_model("admin", "LogEntry").objects.create(
        user=editor,
        content_type=correction_type,
        object_id=str(correction.pk),
        object_repr="Correction",
        action_flag=2,
        change_message="Returned to draft. Cite it.",
    )

    new = migrate(executor, "0008_delete_verificationevent")
    rows = new.get_model("coverage", "AuditEntry").objects.order_by("id")
    assert [
        (r.action, r.actor.username, r.object_id, r.changes, r.note, r.public)
        for r in rows
    ] == [
        (
            "claim.start_review",
            "old-editor",
            claim.pk,
            {"status": ["unreviewed", "in_review"], "assignee": [None, "old-editor"]},
            "start_review note",
            False,
        ),
        (
            "claim.verdict",
            "old-editor",
            claim.pk,
            {"status": ["in_review", "accurate"]},
            "verdict note",
            True,
        ),
        (
            "correction.return",
            "old-editor",
            correction.pk,
            {"status": ["submitted", "draft"]},
            "Cite it.",
            False,
        ),
    ]
    migrate(executor, executor.loader.graph.leaf_nodes("coverage")[0][1])
