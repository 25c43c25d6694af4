"""Every change of state on the standards desk: claims and corrections.

Each function checks, in order, that the actor may act (``WorkflowPermissionDenied``),
that the move is possible from the current state (``InvalidTransition``), writes with
a filtered ``update()`` that also checks the version the actor saw (``StaleEdit``),
and writes its audit row in the same transaction. The rules themselves, the
transition tables and the ``can_…`` checks, are in ``rules.py``; the admin's
buttons and actions ask the same checks before offering a move.
"""

from coverage.workflow.claims import (
    CLAIM_EDITABLE_FIELDS,
    assign,
    create_claim,
    give_verdict,
    reopen,
    start_review,
    update_claim,
)
from coverage.workflow.corrections import (
    CORRECTION_EDITABLE_FIELDS,
    draft_correction,
    publish_correction,
    return_correction,
    submit_correction,
    supersede_correction,
    update_correction,
)
from coverage.workflow.records import AuditOutsideTransaction, apply_to_each, record
from coverage.workflow.rules import (
    ALLOWED_TRANSITIONS,
    ASSIGNABLE_STATUSES,
    CORRECTION_TRANSITIONS,
    InvalidTransition,
    StaleEdit,
    WorkflowPermissionDenied,
    can_add_claim,
    can_assign,
    can_draft_correction,
    can_edit_claim,
    can_edit_correction,
    can_give_verdict,
    can_publish_correction,
    can_reopen,
    can_return_correction,
    can_start_review,
    can_submit_correction,
    can_supersede_correction,
    message_of,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "ASSIGNABLE_STATUSES",
    "AuditOutsideTransaction",
    "CLAIM_EDITABLE_FIELDS",
    "CORRECTION_EDITABLE_FIELDS",
    "CORRECTION_TRANSITIONS",
    "InvalidTransition",
    "StaleEdit",
    "WorkflowPermissionDenied",
    "apply_to_each",
    "assign",
    "can_add_claim",
    "can_assign",
    "can_draft_correction",
    "can_edit_claim",
    "can_edit_correction",
    "can_give_verdict",
    "can_publish_correction",
    "can_reopen",
    "can_return_correction",
    "can_start_review",
    "can_submit_correction",
    "can_supersede_correction",
    "create_claim",
    "draft_correction",
    "give_verdict",
    "message_of",
    "publish_correction",
    "record",
    "reopen",
    "return_correction",
    "start_review",
    "submit_correction",
    "supersede_correction",
    "update_claim",
    "update_correction",
]
