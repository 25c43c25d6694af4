"""Claims that say the same thing in other words: suggestions and confirmed groups.

A suggestion (``ClaimMatch``) pairs a claim with an existing one found similar
(``coverage.matching``); an editor confirms or rejects it. Confirmed matches put
both claims in one ``ClaimGroup``.

Groups are rows of their own, with their members in ``ClaimGroupMember``, rather
than a ``group`` column on ``Claim``: joining a group is not an edit of the claim,
so it neither bumps the claim's version (a desk member's open claim form stays
valid) nor changes the claim's table; and a claim is in at most one group, which
the member's one-to-one key says in the database.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .claims import Claim


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed: the same claim"
    REJECTED = "rejected", "Rejected: a different claim"


class ClaimMatchQuerySet(models.QuerySet):
    def suggested(self):
        return self.filter(status=MatchStatus.SUGGESTED)

    def involving(self, claim: Claim):
        """Suggestions either way: on the claim, or offering it to another."""
        return self.filter(Q(claim=claim) | Q(candidate=claim))


class ClaimMatch(models.Model):
    """``candidate`` is an existing claim that ``claim`` may repeat in other words.

    ``matched_words`` are the words both share, as ``claim`` writes them;
    ``differences`` say why the pair may not be the same claim after all
    ("figures differ: 700 vs 600", "one of them is negated")."""

    Status = MatchStatus

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="match_suggestions"
    )
    candidate = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="offered_as_match"
    )
    score = models.FloatField(help_text="Similarity from 0 to 1.")
    matched_words = models.JSONField(default=list, blank=True)
    differences = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=20, choices=MatchStatus.choices, default=MatchStatus.SUGGESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimMatchQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "id"]
        verbose_name_plural = "claim matches"
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "candidate"], name="claimmatch_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(claim=models.F("candidate")), name="claimmatch_not_self"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MatchStatus.values),
                name="claimmatch_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0.0, score__lte=1.0),
                name="claimmatch_score_range",
            ),
            models.CheckConstraint(
                condition=Q(status=MatchStatus.SUGGESTED) | Q(decided_at__isnull=False),
                name="claimmatch_decision_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["candidate", "status"], name="claimmatch_candidate"),
            models.Index(fields=["status", "-score"], name="claimmatch_queue"),
        ]
        permissions = [
            ("decide_claimmatch", "Can confirm or reject suggested claim matches"),
        ]

    def __str__(self):
        return f"claim {self.claim_id} ~ claim {self.candidate_id} ({self.score:.2f})"


class ClaimGroup(models.Model):
    """Claims an editor confirmed say the same thing; ``canonical`` is the one a
    verdict and its fact check are written for (the earliest, unless chosen)."""

    canonical = models.OneToOneField(
        Claim, on_delete=models.PROTECT, related_name="canonical_of"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"group of claim {self.canonical_id}"


class ClaimGroupMember(models.Model):
    group = models.ForeignKey(
        ClaimGroup, on_delete=models.CASCADE, related_name="members"
    )
    claim = models.OneToOneField(
        Claim, on_delete=models.PROTECT, related_name="group_membership"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group_id", "claim_id"]

    def __str__(self):
        return f"claim {self.claim_id} in group {self.group_id}"
