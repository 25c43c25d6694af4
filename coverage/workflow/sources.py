"""Sources: merging the duplicates an import made of one person or organisation."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from coverage.models import (
    AuditAction,
    Claim,
    Evidence,
    Source,
    SourceAlias,
    normalise_name,
)
from coverage.workflow.records import record
from coverage.workflow.rules import (
    InvalidTransition,
    can_merge_sources,
    is_public,
    refuse,
)


@transaction.atomic
def merge_sources(*, actor, keep: Source, merge: Source, note: str = "") -> Source:
    """Fold ``merge`` into ``keep``: its claims and evidence point to ``keep``,
    its names become ``keep``'s aliases (so later imports find ``keep``), its
    description and address fill ``keep``'s where empty, and ``merge`` is
    deleted. One audit row, on ``keep``, names what was merged."""
    refuse(can_merge_sources(actor, keep), actor, "merge sources")
    if keep.pk == merge.pk:
        raise InvalidTransition(f"Cannot merge source {keep.pk} into itself.")
    rows = Source.objects.select_for_update().in_bulk([keep.pk, merge.pk])
    if len(rows) != 2:
        missing = merge.pk if keep.pk in rows else keep.pk
        raise InvalidTransition(
            f"Cannot merge: source {missing} no longer exists (merged already?)."
        )
    keep, merge = rows[keep.pk], rows[merge.pk]
    was_public = is_public(keep) or is_public(merge)
    claims = list(Claim.objects.filter(claimant=merge).values_list("pk", flat=True))
    Claim.objects.filter(pk__in=claims).update(
        claimant=keep, version=F("version") + 1, updated_at=timezone.now()
    )
    evidence = Evidence.objects.filter(source=merge).update(source=keep)
    aliases_before = sorted(keep.aliases.values_list("name", flat=True))
    SourceAlias.objects.filter(source=merge).update(source=keep)
    if normalise_name(merge.name) != keep.normalised_name:
        SourceAlias.objects.get_or_create(
            normalised_name=normalise_name(merge.name),
            defaults={"source": keep, "name": merge.name},
        )
    filled = {
        name: (getattr(keep, name), getattr(merge, name))
        for name in ("description", "url")
        if not getattr(keep, name) and getattr(merge, name)
    }
    for name, (_old, new) in filled.items():
        setattr(keep, name, new)
    merged = {"id": merge.pk, "name": merge.name, "kind": merge.kind}
    merge.delete()
    if filled:
        keep.save(update_fields=list(filled))
    aliases_after = sorted(keep.aliases.values_list("name", flat=True))
    record(
        actor,
        AuditAction.SOURCE_MERGE,
        keep,
        changes={
            "merged_source": (merged, None),
            "claims": (claims, []),
            "aliases": (aliases_before, aliases_after),
            **filled,
        },
        note=note
        or f"Merged “{merged['name']}” into “{keep.name}”: {len(claims)} claim(s), "
        f"{evidence} piece(s) of evidence.",
        public=was_public,
    )
    return keep
