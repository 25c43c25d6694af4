"""Copy the old records into the audit trail, oldest first: each claim's
verification events, and the history the admin's log kept for corrections."""

from django.db import migrations

CLAIM_ACTIONS = {
    "start_review": "claim.start_review",
    "verdict": "claim.verdict",
    "reopen": "claim.reopen",
    "assign": "claim.assign",
}
PUBLIC_CLAIM_ACTIONS = {"verdict", "reopen"}
# What publish, submit and return wrote to the admin's log, as (action, from, to).
CORRECTION_MESSAGES = {
    "Submitted for approval.": ("correction.submit", "draft", "submitted"),
    "Approved and published.": ("correction.publish", "submitted", "published"),
    "Returned to draft.": ("correction.return", "submitted", "draft"),
}
CHANGE = 2  # django.contrib.admin.models.CHANGE


def claim_repr(text: str) -> str:
    return text if len(text) <= 80 else text[:79] + "…"


def claim_rows(apps, content_type):
    VerificationEvent = apps.get_model("coverage", "VerificationEvent")
    assignee_before = {}
    events = VerificationEvent.objects.select_related("claim", "assignee")
    for event in events.order_by("created_at", "id"):
        changes = {}
        if event.from_status != event.to_status:
            changes["status"] = [event.from_status, event.to_status]
        before = assignee_before.get(event.claim_id)
        after = event.assignee.username if event.assignee else None
        if before != after:
            changes["assignee"] = [before, after]
        assignee_before[event.claim_id] = after
        yield {
            "created_at": event.created_at,
            "actor_id": event.actor_id,
            "action": CLAIM_ACTIONS[event.action],
            "content_type": content_type,
            "object_id": event.claim_id,
            "object_repr": claim_repr(event.claim.text),
            "changes": changes,
            "note": event.note,
            "public": event.action in PUBLIC_CLAIM_ACTIONS,
        }


def correction_rows(apps, content_type):
    LogEntry = apps.get_model("admin", "LogEntry")
    entries = LogEntry.objects.filter(content_type=content_type, action_flag=CHANGE)
    for entry in entries.order_by("action_time", "id"):
        message = entry.change_message
        prefix = next((p for p in CORRECTION_MESSAGES if message.startswith(p)), None)
        if prefix is None:
            continue
        action, from_status, to_status = CORRECTION_MESSAGES[prefix]
        yield {
            "created_at": entry.action_time,
            "actor_id": entry.user_id,
            "action": action,
            "content_type": content_type,
            "object_id": int(entry.object_id),
            "object_repr": entry.object_repr[:200],
            "changes": {"status": [from_status, to_status]},
            "note": message.removeprefix(prefix).strip(),
            "public": action == "correction.publish",
        }


def copy_records(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("coverage", "AuditEntry")
    claim_type, _ = ContentType.objects.get_or_create(
        app_label="coverage", model="claim"
    )
    correction_type, _ = ContentType.objects.get_or_create(
        app_label="coverage", model="correction"
    )
    rows = [
        *claim_rows(apps, claim_type),
        *correction_rows(apps, correction_type),
    ]
    rows.sort(key=lambda row: row["created_at"])
    AuditEntry.objects.bulk_create(AuditEntry(**row) for row in rows)


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0006_audit_entry"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [
        # The copies cannot be removed again: the audit trail is append-only.
        migrations.RunPython(copy_records, migrations.RunPython.noop),
    ]
