"""Readers' correction requests: received from the public form, then triaged,
assigned and decided by the desk; the reader is told the outcome.

    new ──triage──▶ triaged ──uphold──▶ upheld ──(its correction published)──▶ closed
                            ──decline (a reason the reader is told)──▶ declined
       ──────────── duplicate (of another request) ─────────────────▶ duplicate

Each function checks the actor's permission, then the move's legality, writes
over the version the actor saw, and records one audit row (the request's
timeline) in the same transaction; e-mails are written to the outbox there too.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coverage import webhooks
from coverage.models import (
    Article,
    AuditAction,
    AuditEntry,
    Correction,
    CorrectionRequest,
    Notification,
)
from coverage.notifications import erase_reader_messages, notify_assignee, notify_reader
from coverage.workflow.corrections import draft_correction
from coverage.workflow.records import (
    changes_since,
    record,
    record_each,
    snapshot,
    write_if_unchanged,
)
from coverage.workflow.rules import (
    MOVES,
    InvalidTransition,
    can_decide_request,
    can_uphold_request,
    label,
    refuse,
    require_text,
)

Status = CorrectionRequest.Status


def _check_request_move(correction_request: CorrectionRequest, move: str) -> None:
    """Names both states: "Cannot decline request 3: it is new, not triaged"."""
    rule = MOVES[move]
    if rule.is_possible(correction_request):
        return
    expected = " or ".join(sorted(label(Status, s) for s in rule.from_))
    raise InvalidTransition(
        f"Cannot {rule.label.lower()} request {correction_request.pk}: it is "
        f"{label(Status, correction_request.status)}, not {expected}."
    )


def _move_request(
    correction_request: CorrectionRequest,
    *,
    actor,
    action: AuditAction,
    note: str = "",
    **values,
) -> AuditEntry:
    before = snapshot(correction_request, values)
    write_if_unchanged(
        correction_request, seen_version=correction_request.version, **values
    )
    return record(
        actor,
        action,
        correction_request,
        changes=changes_since(before, correction_request),
        note=note,
    )


@transaction.atomic
def receive_request(
    *,
    article_given: str,
    quote: str,
    what_is_wrong: str,
    supporting_link: str,
    email: str,
    client_hash: str,
    actor=None,
) -> CorrectionRequest:
    """File a reader's request from the public form (already cleaned there). The
    reader has no account: the audit row's actor is empty, unless a newsroom
    system filed it through the API (the token's owner); the row keeps neither
    their address nor their text (the request holds those)."""
    require_text(
        article=article_given.strip(),
        words_in_question=quote.strip(),
        description_of_what_is_wrong=what_is_wrong.strip(),
    )
    now = timezone.now()
    correction_request = CorrectionRequest.objects.create(
        article_given=article_given,
        article=resolve_article(article_given),
        quote=quote,
        what_is_wrong=what_is_wrong,
        supporting_link=supporting_link,
        email=email,
        client_hash=client_hash,
        received_at=now,
        deadline=now + datetime.timedelta(days=settings.NEWSROOM_REQUEST_DEADLINE_DAYS),
    )
    entry = record(
        actor,
        AuditAction.REQUEST_RECEIVE,
        correction_request,
        changes={
            "status": (None, correction_request.status),
            "article": (None, correction_request.article),
            "deadline": (None, correction_request.deadline),
        },
    )
    notify_reader(
        correction_request, event=Notification.Event.REQUEST_RECEIVED, entry=entry
    )
    webhooks.request_received(correction_request, entry=entry)
    return correction_request


def resolve_article(given: str) -> Article | None:
    """The known article a reader's URL or headline names, if exactly one does."""
    given = given.strip()
    if given.startswith(("http://", "https://")):
        bare = given.split("#")[0].rstrip("/")
        candidates = Article.objects.filter(url__in=[bare, bare + "/"])
    else:
        candidates = Article.objects.filter(headline__iexact=given)
    found = list(candidates.order_by("pk")[:2])
    return found[0] if len(found) == 1 else None


@transaction.atomic
def triage_request(
    correction_request: CorrectionRequest, *, actor, note: str = ""
) -> CorrectionRequest:
    """Read and sorted: it is the desk's to decide. An unassigned request goes to
    whoever triages it."""
    refuse(can_decide_request(actor, correction_request), actor, "triage requests")
    _check_request_move(correction_request, "triage_request")
    _move_request(
        correction_request,
        actor=actor,
        action=AuditAction.REQUEST_TRIAGE,
        note=note,
        status=Status.TRIAGED,
        assignee=correction_request.assignee or actor,
    )
    return correction_request


@transaction.atomic
def assign_request(
    correction_request: CorrectionRequest, *, actor, assignee, note: str = ""
) -> CorrectionRequest:
    refuse(can_decide_request(actor, correction_request), actor, "assign requests")
    _check_request_move(correction_request, "assign_request")
    if assignee is not None and not assignee.has_perm(
        "coverage.decide_correctionrequest"
    ):
        raise ValidationError(f"{assignee} may not decide correction requests.")
    if assignee == correction_request.assignee:
        return correction_request
    entry = _move_request(
        correction_request,
        actor=actor,
        action=AuditAction.REQUEST_ASSIGN,
        note=note,
        assignee=assignee,
    )
    notify_assignee(correction_request, entry=entry)
    return correction_request


@transaction.atomic
def note_request(
    correction_request: CorrectionRequest, *, actor, internal_notes: str
) -> CorrectionRequest:
    """The desk's own notes on the request: never shown to the reader."""
    refuse(can_decide_request(actor, correction_request), actor, "edit requests")
    if internal_notes != correction_request.internal_notes:
        _move_request(
            correction_request,
            actor=actor,
            action=AuditAction.REQUEST_NOTE,
            internal_notes=internal_notes,
        )
    return correction_request


@transaction.atomic
def uphold_request(
    correction_request: CorrectionRequest,
    *,
    actor,
    kind: str,
    what_was_wrong: str,
    what_is_right: str,
    public_explanation: str,
    article: Article | None = None,
    note: str = "",
) -> Correction:
    """The reader is right: draft the correction (the ordinary draft, submitted and
    approved by two people as any other) and link it to the request. The reader
    is told when that correction is published."""
    refuse(can_uphold_request(actor, correction_request), actor, "uphold requests")
    _check_request_move(correction_request, "uphold_request")
    article = article or correction_request.article
    if article is None:
        raise ValidationError(
            f"Request {correction_request.pk} names no known article: choose the "
            "article the correction is on."
        )
    correction = draft_correction(
        article,
        actor=actor,
        kind=kind,
        what_was_wrong=what_was_wrong,
        what_is_right=what_is_right,
        public_explanation=public_explanation,
    )
    _move_request(
        correction_request,
        actor=actor,
        action=AuditAction.REQUEST_UPHOLD,
        note=note,
        status=Status.UPHELD,
        article=article,
        correction=correction,
    )
    return correction


@transaction.atomic
def decline_request(
    correction_request: CorrectionRequest, *, actor, reason: str, note: str = ""
) -> CorrectionRequest:
    """No correction: the reason is the reader's answer, on their page and in
    their e-mail."""
    refuse(can_decide_request(actor, correction_request), actor, "decline requests")
    require_text(reason=reason.strip())
    _check_request_move(correction_request, "decline_request")
    entry = _move_request(
        correction_request,
        actor=actor,
        action=AuditAction.REQUEST_DECLINE,
        note=note,
        status=Status.DECLINED,
        decline_reason=reason.strip(),
        closed_at=timezone.now(),
    )
    notify_reader(
        correction_request, event=Notification.Event.REQUEST_CLOSED, entry=entry
    )
    webhooks.request_closed(correction_request, entry=entry)
    return correction_request


@transaction.atomic
def mark_duplicate(
    correction_request: CorrectionRequest,
    *,
    actor,
    original: CorrectionRequest,
    note: str = "",
) -> CorrectionRequest:
    """Another request reports the same thing; the desk answers that one. A
    duplicate of a duplicate points at the request being answered."""
    refuse(can_decide_request(actor, correction_request), actor, "close requests")
    _check_request_move(correction_request, "duplicate_request")
    while original.duplicate_of_id is not None:
        original = original.duplicate_of
    if original.pk == correction_request.pk:
        raise ValidationError(
            f"Request {correction_request.pk} cannot be a duplicate of itself."
        )
    entry = _move_request(
        correction_request,
        actor=actor,
        action=AuditAction.REQUEST_DUPLICATE,
        note=note,
        status=Status.DUPLICATE,
        duplicate_of=original,
        closed_at=timezone.now(),
    )
    notify_reader(
        correction_request, event=Notification.Event.REQUEST_CLOSED, entry=entry
    )
    webhooks.request_closed(correction_request, entry=entry)
    return correction_request


def close_corrected_request(correction: Correction, *, actor) -> None:
    """Called by ``publish_correction`` in its transaction: the request the
    correction was drafted from is answered, and its reader told."""
    correction_request = (
        CorrectionRequest.objects.filter(correction=correction, closed_at=None)
        .select_for_update()
        .first()
    )
    if correction_request is None:
        return
    entry = _move_request(
        correction_request,
        actor=actor,
        action=AuditAction.REQUEST_CORRECTED,
        closed_at=correction.published_at,
    )
    correction_request.correction = correction
    notify_reader(
        correction_request, event=Notification.Event.REQUEST_CLOSED, entry=entry
    )
    webhooks.request_closed(correction_request, entry=entry)


@transaction.atomic
def erase_expired_emails(*, now: datetime.datetime | None = None) -> int:
    """The retention rule: a reader's address is kept while the request is open
    and for NEWSROOM_REQUEST_EMAIL_RETENTION_DAYS after it closed; then it is
    erased, from the request and from the e-mails sent to it. One audit row each,
    without the address. Returns how many requests were erased."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(
        days=settings.NEWSROOM_REQUEST_EMAIL_RETENTION_DAYS
    )
    expired = list(
        CorrectionRequest.objects.past_retention(cutoff)
        .select_for_update()
        .order_by("pk")[:1000]
    )
    for correction_request in expired:
        erase_reader_messages(correction_request)
    CorrectionRequest.objects.filter(pk__in=[r.pk for r in expired]).update(
        email="", updated_at=now
    )
    record_each(
        None,
        AuditAction.REQUEST_ERASE_EMAIL,
        [(r, {"email": ("(kept)", "")}, "") for r in expired],
    )
    return len(expired)
