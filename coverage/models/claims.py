"""Contested claims, where they appear, the figures they give, and the evidence on them."""

import re
import unicodedata

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from .newsroom import Article, ArticleRevision, Outlet, Source, Story
from .records import content_hash


class ClaimStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", "Unreviewed"
    IN_REVIEW = "in_review", "In review"
    ACCURATE = "accurate", "Accurate"
    INACCURATE = "inaccurate", "Inaccurate"
    MISLEADING = "misleading", "Misleading"
    DISPUTED = "disputed", "Disputed"
    UNVERIFIABLE = "unverifiable", "Unverifiable"


VERDICT_STATUSES = frozenset(
    {
        ClaimStatus.ACCURATE,
        ClaimStatus.INACCURATE,
        ClaimStatus.MISLEADING,
        ClaimStatus.DISPUTED,
        ClaimStatus.UNVERIFIABLE,
    }
)


class ClaimQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(status__in=[ClaimStatus.UNREVIEWED, ClaimStatus.IN_REVIEW])

    def with_verdict(self):
        return self.filter(status__in=VERDICT_STATUSES)

    def published(self):
        """Claims the public may see: a verdict has been given and stamped."""
        return self.with_verdict().filter(verdict_published_at__isnull=False)

    def untouched_by_the_desk(self):
        """Claims only the importer has handled: no review, assignment, evidence,
        link, correction or audit row refers to them, so a re-import may replace
        them. Any other claim is desk work and outlives the text it was found in."""
        from .audit import AuditEntry

        return self.filter(
            status=ClaimStatus.UNREVIEWED,
            assignee__isnull=True,
            evidence__isnull=True,
            corrections__isnull=True,
            links_out__isnull=True,
            links_in__isnull=True,
            group_membership__isnull=True,
        ).exclude(pk__in=AuditEntry.objects.for_model(Claim).values("object_id"))


class Claim(models.Model):
    Status = ClaimStatus

    text = models.TextField(help_text="The check-worthy statement, as first quoted.")
    proposition = models.TextField(
        blank=True,
        help_text="The claim as a checker writes it, without who said it or how "
        "(aim for under 75 characters): the public headline of its fact check. "
        "Empty: the quote is shown.",
    )
    worthiness = models.FloatField(
        default=0.0, help_text="Check-worthiness from 0 to 1, from the importer."
    )
    worthiness_reasons = models.JSONField(
        default=list, blank=True, help_text="Why the importer scored it so."
    )
    fingerprint = models.CharField(
        max_length=64,
        db_index=True,
        editable=False,
        help_text="Hash of the normalised text; the same claim in one story shares it.",
    )
    story = models.ForeignKey(
        Story, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims"
    )
    claimant = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="Empty when the claim is the outlet's own voice.",
    )
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.UNREVIEWED
    )
    verdict_summary = models.TextField(
        blank=True, help_text="Public: one or two sentences explaining the verdict."
    )
    verdict_published_at = models.DateTimeField(null=True, blank=True)
    internal_notes = models.TextField(
        blank=True, help_text="Never shown to the public."
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    related = models.ManyToManyField(
        "self", through="ClaimLink", symmetrical=False, blank=True, related_name="+"
    )
    # Kept by the database on PostgreSQL (migration full_text_search); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # What the queue searches: the above and the headlines of the articles that
    # quote the claim, in one vector (migration claim_queue_vector).
    queue_vector = SearchVectorField(null=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=VERDICT_STATUSES) | ~Q(verdict_summary=""),
                name="claim_verdict_has_summary",
            ),
            models.UniqueConstraint(
                fields=["story", "fingerprint"],
                condition=Q(story__isnull=False),
                name="claim_unique_per_story",
            ),
            models.CheckConstraint(
                condition=Q(worthiness__gte=0.0, worthiness__lte=1.0),
                name="claim_worthiness_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="claim_queue"),
            # The queue, most check-worthy first (its default order).
            models.Index(
                fields=["-worthiness", "created_at", "id"],
                name="claim_worthiness_queue",
            ),
            models.Index(fields=["assignee", "status"], name="claim_assignee_status"),
            # The desk's "waiting longest": one ordered range, not a sort of every
            # waiting claim (the status index orders within each status only).
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status__in=["unreviewed", "in_review"]),
                name="claim_waiting_oldest",
            ),
            models.Index(
                fields=["verdict_published_at"], name="claim_verdict_published"
            ),
        ]
        permissions = [
            ("review_claim", "Can move claims through review and give verdicts"),
            ("assign_claim", "Can assign claims"),
            ("reopen_claim", "Can reopen a claim that has a verdict"),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def save(self, *args, **kwargs):
        self.fingerprint = claim_fingerprint(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("coverage:claim_detail", args=[self.pk])

    @property
    def headline(self) -> str:
        """What the fact check is about: the proposition, else the quote."""
        return self.proposition or self.text


def claim_fingerprint(text: str) -> str:
    """Quotes of one claim differ in quote marks, case and spacing between outlets."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return content_hash(" ".join(re.sub(r"[^\w\s]", " ", folded.lower()).split()))


class ClaimAppearance(models.Model):
    """Where a claim appears: the exact quote and its offsets in the article's body,
    or, once a re-import changed the text and the quote is no longer in it, in the
    body of the revision that held it."""

    # Indexed as pairs (Meta.indexes), each way round, in place of one index each.
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="appearances", db_index=False
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="claim_appearances",
        db_index=False,
    )
    # The article's, copied by the database's triggers (migration
    # 0033_appearance_outlet) whenever an appearance is written or an article
    # changes outlet, so never set here and not known to an instance just saved.
    # The queue by outlet tests each claim with one probe of (outlet, claim)
    # where it took two (the claim's articles, then each one's outlet).
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        db_index=False,
    )
    quote = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    revision = models.ForeignKey(
        ArticleRevision,
        # A revision is never deleted alone; with its article, both go.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="appearances",
        verbose_name="no longer in the text since",
        help_text="Set when a re-import replaced the text this quote was in; the "
        "claim is kept because the desk refers to it, and the offsets are into "
        "this revision.",
    )
    # The claimant as this article describes them. One person is one Source
    # across articles and years; a role ("CEO") and an affiliation belong to the
    # moment of the quote, so they are kept with the quote, not on the Source.
    claimant_role = models.CharField(
        max_length=200, blank=True, help_text="The claimant's role in this article."
    )
    claimant_affiliation = models.CharField(
        max_length=300,
        blank=True,
        help_text="The organisation the claimant speaks for in this article.",
    )

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "article", "start"],
                condition=Q(revision__isnull=True),
                name="appearance_unique_position",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="appearance_span_valid"
            ),
        ]
        indexes = [
            # Both pairs answer from the index alone: a claim's articles (is it
            # in this outlet?) and an article's claims (the outlet's claims).
            models.Index(fields=["claim", "article"], name="appearance_claim_article"),
            models.Index(fields=["article", "claim"], name="appearance_article_claim"),
            # An outlet's claims (counted) and is this claim in it (the queue).
            models.Index(fields=["outlet", "claim"], name="appearance_outlet_claim"),
        ]

    def __str__(self):
        where = f"{self.claim_id} in {self.article_id} [{self.start}:{self.end}]"
        return where if self.in_current_text else f"{where}, no longer in the text"

    @property
    def in_current_text(self) -> bool:
        return self.revision_id is None

    @property
    def text(self) -> str:
        """The body that ``start`` and ``end`` are offsets into."""
        return self.article.body if self.in_current_text else self.revision.body


CONFLICT_TOLERANCE = 0.05
"""Figures within 5% of each other ("about 700" and "703") do not conflict."""


class ClaimQuantityQuerySet(models.QuerySet):
    def conflicting(self):
        """Figures another claim of the same story states differently for the
        same quantity: the same measure (unit converted) of the same thing, with
        values that do not overlap even allowing ``CONFLICT_TOLERANCE``: the
        rule of ``importers.quantities.conflicts``, asked of the database."""
        others = ClaimQuantity.objects.filter(
            claim__story=OuterRef("claim__story"), measure=OuterRef("measure")
        ).exclude(claim=OuterRef("claim"))
        apart = Q(
            compare_low__gt=OuterRef("compare_high") * (1 + CONFLICT_TOLERANCE)
        ) | Q(compare_high__lt=OuterRef("compare_low") / (1 + CONFLICT_TOLERANCE))
        return (
            self.filter(claim__story__isnull=False)
            .exclude(measure="")
            .filter(Exists(others.filter(apart)))
        )


class ClaimQuantity(models.Model):
    """A figure stated in a claim, normalised: its value or range, unit and
    qualifier, where it is in the claim's text, and the thing it counts or
    measures. ``measure`` and ``compare_low``/``compare_high`` make figures of
    one story comparable: the unit's dimension in base units (feet and metres
    both "length") and the noun, and the range in those base units."""

    class Qualifier(models.TextChoices):
        EXACT = "", "as stated"
        ABOUT = "about", "about"
        MORE_THAN = "more_than", "more than"
        AT_LEAST = "at_least", "at least"
        LESS_THAN = "less_than", "less than"
        UP_TO = "up_to", "up to"

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="quantities"
    )
    surface = models.CharField(max_length=200, help_text="The figure as written.")
    start = models.PositiveIntegerField(help_text="Offset into the claim's text.")
    end = models.PositiveIntegerField()
    value = models.FloatField(null=True, blank=True)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=100, blank=True)
    dimension = models.CharField(max_length=100, blank=True)
    qualifier = models.CharField(
        max_length=20, choices=Qualifier.choices, blank=True, default=Qualifier.EXACT
    )
    noun = models.CharField(max_length=100, blank=True)
    measure = models.CharField(max_length=200, blank=True, db_index=True)
    compare_low = models.FloatField(null=True, blank=True)
    compare_high = models.FloatField(null=True, blank=True)

    objects = ClaimQuantityQuerySet.as_manager()

    class Meta:
        ordering = ["claim_id", "start"]
        verbose_name_plural = "claim quantities"
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=False)
                | (Q(low__isnull=False) & Q(high__isnull=False)),
                name="quantity_has_value_or_range",
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=True)
                | Q(high__isnull=True)
                | Q(low__lte=models.F("high")),
                name="quantity_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="quantity_span_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    qualifier__in=[
                        "",
                        "about",
                        "more_than",
                        "at_least",
                        "less_than",
                        "up_to",
                    ]
                ),
                name="quantity_qualifier_valid",
            ),
        ]

    def __str__(self):
        return self.surface

    @property
    def described(self) -> str:
        """ "more than 600 (walrus)": the figure as the desk compares it."""
        qualifier = self.get_qualifier_display() if self.qualifier else ""
        noun = f" ({self.noun})" if self.noun else ""
        return f"{qualifier} {self.surface}{noun}".strip()


class ClaimLink(models.Model):
    class Relation(models.TextChoices):
        CONTRADICTS = "contradicts", "Contradicts"
        DUPLICATES = "duplicates", "Duplicates"
        SUPPORTS = "supports", "Supports"

    from_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="links_out"
    )
    to_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="links_in"
    )
    relation = models.CharField(max_length=20, choices=Relation.choices)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "relation"], name="claimlink_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_claim=models.F("to_claim")), name="claimlink_not_self"
            ),
            models.CheckConstraint(
                condition=Q(relation__in=["contradicts", "duplicates", "supports"]),
                name="claimlink_relation_valid",
            ),
        ]

    def __str__(self):
        return f"{self.from_claim_id} {self.relation} {self.to_claim_id}"


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Context"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    citation = models.CharField(
        max_length=500, help_text="What the evidence is, as a reader would cite it."
    )
    url = models.URLField(max_length=1000, blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
    )
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=["supports", "refutes", "context"]),
                name="evidence_stance_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_stance_display()}: {self.citation}"
