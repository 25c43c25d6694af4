"""Conflicting figures: claims of one story that give one quantity different values.

The rule is ``importers.quantities.conflicts`` (and, for the desk's list over
every story, the same rule as ``ClaimQuantity.objects.conflicting()``). These are
the reads the admin and the public story page make of it.
"""

from django.db.models import Exists, OuterRef

from coverage.importers.quantities import conflicts
from coverage.models import CONFLICT_TOLERANCE, Claim, ClaimQuantity, Story


def conflicting_figures(claim: Claim) -> list[tuple[ClaimQuantity, ClaimQuantity]]:
    """(this claim's figure, another claim's figure) pairs in the claim's story,
    whatever their state: the desk sees unpublished claims too. Two queries."""
    if claim.story_id is None:
        return []
    mine = [q for q in claim.quantities.all() if q.measure]
    if not mine:
        return []
    others = (
        ClaimQuantity.objects.filter(
            claim__story_id=claim.story_id, measure__in={q.measure for q in mine}
        )
        .exclude(claim=claim)
        .select_related("claim")
    )
    figures = [(claim.pk, q) for q in mine] + [(q.claim_id, q) for q in others]
    pairs = []
    for (owner, a), (other, b) in conflicts(figures, tolerance=CONFLICT_TOLERANCE):
        if owner == claim.pk:
            pairs.append((a, b))
        elif other == claim.pk:
            pairs.append((b, a))
    return pairs


def public_conflicts(claims) -> list[tuple]:
    """``((claim, figure), (claim, figure))`` pairs among published claims whose
    ``quantities`` are prefetched: no query of its own."""
    by_id = {claim.pk: claim for claim in claims}
    figures = [(claim.pk, q) for claim in claims for q in claim.quantities.all()]
    return [
        ((by_id[a], qa), (by_id[b], qb))
        for (a, qa), (b, qb) in conflicts(figures, tolerance=CONFLICT_TOLERANCE)
    ]


def stories_with_conflicts():
    """Stories where two claims give one quantity different values, for the desk."""
    conflicting = ClaimQuantity.objects.conflicting().filter(
        claim__story=OuterRef("pk")
    )
    return Story.objects.filter(Exists(conflicting)).order_by("title")
