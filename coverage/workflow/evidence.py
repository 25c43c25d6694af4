"""What a fact check rests on: evidence and links between claims.

Everyone on the desk proposes evidence and links while a claim is in the works.
Evidence under a published verdict is part of the published fact check: only
someone who may reopen the verdict changes it, and the audit row is public, so
the record keeps the old text and the public pages' signatures follow. Each row
is recorded against its claim, so the claim's timeline shows it, even once the
evidence or link itself is removed.
"""

from django.db import transaction

from coverage.addresses import normalise_addresses
from coverage.models import AuditAction, Claim, ClaimLink, Evidence
from coverage.workflow.records import record, save_changes
from coverage.workflow.rules import (
    can_add_evidence,
    can_add_link,
    can_change_evidence,
    can_change_link,
    can_remove_evidence,
    can_remove_link,
    is_fact_check_published,
    refuse,
)

EVIDENCE_FIELDS = ("stance", "citation", "url", "source", "note")
LINK_FIELDS = ("relation", "to_claim", "note")


def _current(claim: Claim) -> Claim:
    """The claim as it is now, locked until the change commits: a reopening or a
    verdict at the same moment waits, so the check below cannot be outdated."""
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _refuse_evidence(allowed: bool, actor, doing: str, claim: Claim) -> None:
    doing = f"{doing} claim {claim.pk}"
    if is_fact_check_published(claim):
        doing += ": its verdict is published (a standards editor may, or reopen it)"
    refuse(allowed, actor, doing)


def _as_changes(prefix: str, values: dict, *, removed: bool = False) -> dict:
    return {
        f"{prefix}.{name}": (value, None) if removed else (None, value)
        for name, value in values.items()
        if value not in ("", None)
    }


@transaction.atomic
def add_evidence(
    claim: Claim,
    *,
    actor,
    stance: str,
    citation: str,
    url: str = "",
    source=None,
    note: str = "",
) -> Evidence:
    claim = _current(claim)
    _refuse_evidence(can_add_evidence(actor, claim), actor, "add evidence to", claim)
    values = normalise_addresses(
        Evidence,
        {
            "stance": stance,
            "citation": citation,
            "url": url,
            "source": source,
            "note": note,
        },
    )
    evidence = Evidence(claim=claim, added_by=actor, **values)
    evidence.full_clean()
    evidence.save()
    record(
        actor,
        AuditAction.EVIDENCE_ADD,
        claim,
        changes=_as_changes("evidence", values),
        note=f"Evidence {evidence.pk}.",
        public=is_fact_check_published(claim),
    )
    return evidence


@transaction.atomic
def change_evidence(evidence: Evidence, *, actor, **fields) -> Evidence:
    """Saving nothing new changes nothing and records nothing."""
    current = Evidence.objects.get(pk=evidence.pk)
    claim = _current(current.claim)
    _refuse_evidence(
        can_change_evidence(actor, claim), actor, "change the evidence of", claim
    )
    changes = save_changes(current, fields, editable=EVIDENCE_FIELDS)
    if changes:
        record(
            actor,
            AuditAction.EVIDENCE_CHANGE,
            claim,
            changes={f"evidence.{name}": pair for name, pair in changes.items()},
            note=f"Evidence {current.pk}.",
            public=is_fact_check_published(claim),
        )
    return current


@transaction.atomic
def remove_evidence(evidence: Evidence, *, actor) -> None:
    claim = _current(evidence.claim)
    _refuse_evidence(
        can_remove_evidence(actor, claim), actor, "remove the evidence of", claim
    )
    values = {name: getattr(evidence, name) for name in EVIDENCE_FIELDS}
    pk = evidence.pk
    evidence.delete()
    record(
        actor,
        AuditAction.EVIDENCE_REMOVE,
        claim,
        changes=_as_changes("evidence", values, removed=True),
        note=f"Evidence {pk}.",
        public=is_fact_check_published(claim),
    )


def _link_is_public(link: ClaimLink) -> bool:
    """A story page shows a link when both its claims are published."""
    return all(
        is_fact_check_published(claim) for claim in (link.from_claim, link.to_claim)
    )


@transaction.atomic
def add_link(
    from_claim: Claim, *, actor, to_claim: Claim, relation: str, note: str = ""
) -> ClaimLink:
    refuse(can_add_link(actor, from_claim), actor, "link claims")
    link = ClaimLink(
        from_claim=from_claim,
        to_claim=to_claim,
        relation=relation,
        note=note,
        created_by=actor,
    )
    link.full_clean()
    link.save()
    record(
        actor,
        AuditAction.LINK_ADD,
        from_claim,
        changes=_as_changes(
            "link", {name: getattr(link, name) for name in LINK_FIELDS}
        ),
        note=f"Link {link.pk}.",
        public=_link_is_public(link),
    )
    return link


@transaction.atomic
def change_link(link: ClaimLink, *, actor, **fields) -> ClaimLink:
    refuse(can_change_link(actor, link.from_claim), actor, "change links")
    current = ClaimLink.objects.select_related("from_claim", "to_claim").get(pk=link.pk)
    was_public = _link_is_public(current)
    changes = save_changes(current, fields, editable=LINK_FIELDS)
    if changes:
        record(
            actor,
            AuditAction.LINK_CHANGE,
            current.from_claim,
            changes={f"link.{name}": pair for name, pair in changes.items()},
            note=f"Link {current.pk}.",
            public=was_public or _link_is_public(current),
        )
    return current


@transaction.atomic
def remove_link(link: ClaimLink, *, actor) -> None:
    refuse(can_remove_link(actor, link.from_claim), actor, "unlink claims")
    values = {name: getattr(link, name) for name in LINK_FIELDS}
    public, from_claim, pk = _link_is_public(link), link.from_claim, link.pk
    link.delete()
    record(
        actor,
        AuditAction.LINK_REMOVE,
        from_claim,
        changes=_as_changes("link", values, removed=True),
        note=f"Link {pk}.",
        public=public,
    )
