"""The standards desk's data: outlets, stories, articles, sources, claims, corrections.

Rules that protect the record live here as database constraints, so that they hold
whatever writes to the database (admin, importer, shell or raw SQL). How rows change
state lives in ``coverage.workflow``.
"""

import hashlib
import re
import secrets
import unicodedata

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify


def normalise_name(name: str) -> str:
    """Fold case, accents, punctuation and titles so "Dr. Susan Crockford" and
    "susan crockford" are one source."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = re.sub(r"[^\w\s]", " ", folded.lower())
    words = [w for w in folded.split() if w not in NAME_TITLES]
    return " ".join(words)


NAME_TITLES = frozenset(
    {"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "sir", "dame", "the"}
)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a row that is part of the record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name} rows are append-only.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name} rows are append-only.")


# What the public may see of outlets, stories and articles. Imports bring in every
# headline, story and outlet they find; none of it is reviewed. A reader sees one
# only once the desk has published something about it: a correction to an article,
# or a fact check of a claim in it (or in the story).


def published_corrections_of(**lookups) -> Exists:
    return Exists(Correction.objects.published().filter(**lookups))


class OutletQuerySet(models.QuerySet):
    def public(self):
        """Outlets with a published correction: the log's and the feeds' outlets."""
        return self.filter(published_corrections_of(article__outlet=OuterRef("pk")))


class Outlet(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    homepage = models.URLField(blank=True)
    notes = models.TextField(blank=True)
    needs_review = models.BooleanField(
        default=False,
        help_text="Created by an import that could not tell the outlet; an editor should check it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="outlet_unique_name_ci"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "outlet"
        super().save(*args, **kwargs)


class StoryQuerySet(models.QuerySet):
    def public(self):
        """Stories with a published correction or a published fact check."""
        return self.filter(
            published_corrections_of(article__story=OuterRef("pk"))
            | Exists(Claim.objects.published().filter(story=OuterRef("pk")))
        )

    def with_corrections(self):
        """Stories with a published correction: the log's story filter."""
        return self.filter(published_corrections_of(article__story=OuterRef("pk")))


class Story(models.Model):
    class Status(models.TextChoices):
        DEVELOPING = "developing", "Developing"
        CONCLUDED = "concluded", "Concluded"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DEVELOPING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "stories"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["developing", "concluded"]),
                name="story_status_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("coverage:story_detail", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def needing_review(self):
        return self.filter(Q(headline_inferred=True) | Q(outlet__needs_review=True))

    def public(self):
        """Articles with a published correction, or where a published fact check's
        claim appeared: the only headlines a story page shows."""
        return self.filter(
            published_corrections_of(article=OuterRef("pk"))
            | Exists(
                ClaimAppearance.objects.filter(
                    article=OuterRef("pk"), claim__in=Claim.objects.published()
                )
            )
        )


class Article(models.Model):
    class Format(models.TextChoices):
        TEXT = "text", "Plain text"
        HTML = "html", "HTML page"
        JSONL = "jsonl", "JSON Lines"
        MANUAL = "manual", "Entered by hand"

    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, related_name="articles"
    )
    story = models.ForeignKey(
        Story, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    headline = models.CharField(max_length=500)
    headline_inferred = models.BooleanField(
        default=False,
        help_text="The importer derived the headline from the text; an editor should check it.",
    )
    byline = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=1000, null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    raw_text = models.TextField(help_text="Exactly what was imported, kept verbatim.")
    body = models.TextField(help_text="The article text with site furniture removed.")
    content_hash = models.CharField(max_length=64, db_index=True, editable=False)
    source_format = models.CharField(
        max_length=10, choices=Format.choices, default=Format.MANUAL
    )
    source_name = models.CharField(
        max_length=500, blank=True, help_text="File (and line) the article came from."
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_retracted = models.BooleanField(default=False)
    retracted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [("import_article", "Can import articles from files")]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=Q(url__isnull=False),
                name="article_unique_url",
            ),
            models.CheckConstraint(
                condition=Q(is_retracted=False) | Q(retracted_at__isnull=False),
                name="article_retraction_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["outlet", "headline"], name="article_outlet_headline"),
            models.Index(
                fields=["story", "published_at"], name="article_story_published"
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.raw_text)
        super().save(*args, **kwargs)


class ArticleRevision(models.Model):
    """The text an article had before a re-import changed it, so nothing is lost."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions"
    )
    headline = models.CharField(max_length=500)
    byline = models.CharField(max_length=300, blank=True)
    raw_text = models.TextField()
    body = models.TextField()
    content_hash = models.CharField(max_length=64)
    replaced_at = models.DateTimeField(auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"{self.headline} (until {self.replaced_at:%Y-%m-%d %H:%M})"


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Sources a published fact check shows: its claimant, or the source of a
        piece of its evidence."""
        published = Claim.objects.published()
        return self.filter(
            Exists(published.filter(claimant=OuterRef("pk")))
            | Exists(published.filter(evidence__source=OuterRef("pk")))
        )


class Source(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        PUBLICATION = "publication", "Publication"
        DOCUMENT = "document", "Document"

    name = models.CharField(max_length=300)
    normalised_name = models.CharField(max_length=300, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    description = models.CharField(
        max_length=500,
        blank=True,
        help_text="Role or affiliation, e.g. 'zoologist, University of Victoria'.",
    )
    url = models.URLField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("merge_source", "Can merge duplicate sources")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["person", "organisation", "publication", "document"]
                ),
                name="source_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(normalised_name=""),
                name="source_normalised_name_not_empty",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name)
        super().save(*args, **kwargs)


class SourceAlias(models.Model):
    """Another name a source goes by: kept when an editor merges a duplicate into
    it, so the importer files a later "H. Marsh" under the source it was merged
    into instead of creating the duplicate again."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalised_name = models.CharField(max_length=300, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "source aliases"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name)
        super().save(*args, **kwargs)


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
        return self.filter(
            status=ClaimStatus.UNREVIEWED,
            assignee__isnull=True,
            evidence__isnull=True,
            corrections__isnull=True,
            links_out__isnull=True,
            links_in__isnull=True,
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

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="appearances"
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="claim_appearances"
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


class AuditAction(models.TextChoices):
    """Every kind of change the record knows, as ``<target>.<verb>``.

    New kinds of change (requests, webhooks) add a member here; the column has no
    check constraint, so adding one needs no schema change."""

    CLAIM_CREATE = "claim.create", "Claim added"
    CLAIM_START_REVIEW = "claim.start_review", "Started review"
    CLAIM_VERDICT = "claim.verdict", "Gave verdict"
    CLAIM_REOPEN = "claim.reopen", "Reopened"
    CLAIM_ASSIGN = "claim.assign", "Assigned"
    CLAIM_EDIT = "claim.edit", "Edited claim"
    CLAIM_AMEND_SUMMARY = "claim.amend_summary", "Amended the verdict summary"
    CLAIM_REWRITE_PROPOSITION = "claim.proposition", "Rewrote the proposition"
    CORRECTION_DRAFT = "correction.draft", "Drafted correction"
    CORRECTION_EDIT = "correction.edit", "Edited correction"
    CORRECTION_SUBMIT = "correction.submit", "Submitted for approval"
    CORRECTION_RETURN = "correction.return", "Returned to draft"
    CORRECTION_PUBLISH = "correction.publish", "Approved and published"
    CORRECTION_SUPERSEDE = "correction.supersede", "Drafted an amendment"
    EVIDENCE_ADD = "evidence.add", "Added evidence"
    EVIDENCE_CHANGE = "evidence.change", "Changed evidence"
    EVIDENCE_REMOVE = "evidence.remove", "Removed evidence"
    LINK_ADD = "link.add", "Linked claims"
    LINK_CHANGE = "link.change", "Changed a link between claims"
    LINK_REMOVE = "link.remove", "Unlinked claims"
    OUTLET_CREATE = "outlet.create", "Added outlet"
    OUTLET_EDIT = "outlet.edit", "Edited outlet"
    STORY_CREATE = "story.create", "Added story"
    STORY_EDIT = "story.edit", "Edited story"
    SOURCE_CREATE = "source.create", "Added source"
    SOURCE_EDIT = "source.edit", "Edited source"
    SOURCE_MERGE = "source.merge", "Merged sources"
    ARTICLE_CREATE = "article.create", "Added article"
    ARTICLE_EDIT = "article.edit", "Edited article"
    IMPORT_CREATED = "import.created", "Imported article"
    IMPORT_UPDATED = "import.updated", "Re-imported changed article"
    IMPORT_CLAIMS_KEPT = "import.claims_kept", "Kept claims no longer in the text"
    IMPORT_CLAIMS_RETIRED = "import.claims_retired", "Retired claims"
    SECOND_FACTOR_ENROL = "second_factor.enrol", "Enrolled an authenticator app"
    WEBHOOK_CREATE = "webhook.create", "Added a webhook"
    WEBHOOK_EDIT = "webhook.edit", "Edited a webhook"
    WEBHOOK_DELETE = "webhook.delete", "Removed a webhook"
    WEBHOOK_PAUSE = "webhook.pause", "Paused a failing webhook"
    WEBHOOK_RESUME = "webhook.resume", "Resumed a webhook"
    WEBHOOK_NEW_SECRET = "webhook.new_secret", "Gave a webhook a new secret"
    WEBHOOK_RETRY = "webhook.retry", "Queued a failed webhook delivery again"
    NOTIFICATION_RETRY = "notification.retry", "Queued a failed e-mail again"
    NOTIFICATION_PREFERENCES = (
        "notification.preferences",
        "Changed e-mail preferences",
    )
    SECOND_FACTOR_RECOVERY_CODES = (
        "second_factor.recovery_codes",
        "Made new recovery codes",
    )
    SECOND_FACTOR_REMOVE = "second_factor.remove", "Removed a second factor"
    RECORD_DELETE = "record.delete", "Deleted (superuser)"
    REQUEST_RECEIVE = "request.receive", "Received a reader's correction request"
    REQUEST_TRIAGE = "request.triage", "Triaged the request"
    REQUEST_ASSIGN = "request.assign", "Assigned the request"
    REQUEST_NOTE = "request.note", "Edited the request's internal notes"
    REQUEST_UPHOLD = "request.uphold", "Upheld the request"
    REQUEST_DECLINE = "request.decline", "Declined the request"
    REQUEST_DUPLICATE = "request.duplicate", "Closed the request as a duplicate"
    REQUEST_CORRECTED = "request.corrected", "Published the correction requested"
    REQUEST_ERASE_EMAIL = "request.erase_email", "Erased the reader's e-mail address"


class AuditEntryQuerySet(AppendOnlyQuerySet):
    def for_model(self, model: type[models.Model]):
        """Rows about any object of ``model``; ``.values("object_id")`` gives the
        ids of the objects that have a record."""
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def for_object(self, obj: models.Model):
        """The object's rows, oldest first: its history page and timeline."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).order_by("created_at", "id")

    def public(self):
        return self.filter(public=True)

    def latest_public_id(self) -> int:
        """The newest row that changed what the public sees (0 if none): a page
        signature that includes it changes whenever the public record does.
        Answered from the partial index ``audit_public``."""
        return self.public().aggregate(latest=models.Max("id"))["latest"] or 0


class AuditEntry(models.Model):
    """One row per change the desk, an import or the system makes: who, what,
    on which object, the old and new values. Append-only, also in the database
    (triggers in migration 0006). Written only by ``workflow.records.record``."""

    Action = AuditAction

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty only for changes the system made on its own.",
    )
    action = models.CharField(max_length=50, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(
        default=dict, blank=True, help_text="{field: [old, new]} for every change."
    )
    note = models.TextField(blank=True)
    public = models.BooleanField(
        default=False, help_text="The change altered what the public sees."
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit trail"
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "created_at"],
                name="audit_object",
            ),
            models.Index(fields=["action", "created_at"], name="audit_action"),
            models.Index(fields=["id"], condition=Q(public=True), name="audit_public"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries are append-only.")


class CorrectionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Correction.Status.PUBLISHED)

    def awaiting_approval(self):
        return self.filter(status=Correction.Status.SUBMITTED)


# A correction published later than this after its article owes readers a note
# saying why (the standards record's promise of timeliness).
LATE_CORRECTION_DAYS = 30


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"
        RETRACTION = "retraction", "Retraction"
        EDITORS_NOTE = "editors_note", "Editor's note"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for approval"
        PUBLISHED = "published", "Published"

    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="corrections"
    )
    claim = models.ForeignKey(
        Claim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.CORRECTION
    )
    what_was_wrong = models.TextField()
    what_is_right = models.TextField(blank=True)
    public_explanation = models.TextField()
    late_note = models.TextField(
        "why it came late",
        blank=True,
        help_text=(
            "Shown to readers. Required when the correction is published more than "
            "30 days after its article."
        ),
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text="The published correction this one amends.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "correction",
                        "clarification",
                        "update",
                        "retraction",
                        "editors_note",
                    ]
                ),
                name="correction_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "published"]),
                name="correction_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | (Q(approver__isnull=False) & Q(published_at__isnull=False)),
                name="correction_published_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(approver__isnull=True) | ~Q(approver=models.F("author")),
                name="correction_two_person_rule",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="correction_log"),
            models.Index(fields=["kind", "status"], name="correction_kind_status"),
            # The log filtered by outlet or story: from that outlet's or story's
            # articles straight to their published corrections, newest first.
            models.Index(
                fields=["article", "status", "published_at"],
                name="correction_article_log",
            ),
        ]
        permissions = [
            ("submit_correction", "Can submit a correction for approval"),
            ("publish_correction", "Can approve and publish a correction"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on “{self.article}”"

    def save(self, *args, **kwargs):
        if (
            self.pk is not None
            and Correction.objects.filter(
                pk=self.pk, status=self.Status.PUBLISHED
            ).exists()
        ):
            raise AppendOnlyError(
                f"Correction {self.pk} is published and cannot be edited; publish a new "
                "correction that supersedes it."
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("coverage:correction_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise AppendOnlyError(
                f"Correction {self.pk} is published and cannot be deleted."
            )
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def days_after_article(self, at=None) -> int | None:
        """Whole days from the article's publication to this correction's (or to
        ``at``); None when the article's date is unknown."""
        published = self.article.published_at
        at = at or self.published_at
        if published is None or at is None:
            return None
        return (at - published).days

    def is_late(self, at=None) -> bool:
        days = self.days_after_article(at)
        return days is not None and days > LATE_CORRECTION_DAYS


class CorrectionContributor(models.Model):
    """Someone who wrote or changed the content of a correction: its author and
    everyone whose edit changed it. The two-person rule refuses all of them as its
    approver, so editing a colleague's draft is never a way to approve one's own text.

    A table of its own rather than a reading of the audit trail: the database checks
    it when a correction is published (migration 0005) with one indexed lookup, and
    the rule does not depend on how audit rows describe their changes. Its rows are
    never changed or removed, except along with a deleted draft (triggers in 0005:
    the database removes them, so the ORM does nothing on delete)."""

    correction = models.ForeignKey(
        Correction, on_delete=models.DO_NOTHING, related_name="contributors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["correction", "user"], name="correction_contributor_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} on correction {self.correction_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Correction contributors are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Correction contributors are append-only.")


class NotificationPreference(models.Model):
    """Which e-mails one person of the desk wants. Without a row, the defaults:
    every e-mail about work waiting for them, no digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    on_assignment = models.BooleanField("when a claim is assigned to me", default=True)
    on_awaiting_approval = models.BooleanField(
        "when a correction awaits my approval", default=True
    )
    on_outcome = models.BooleanField(
        "when my correction is published or returned", default=True
    )
    daily_digest = models.BooleanField(
        "a daily digest of what waits for me", default=False
    )

    def __str__(self):
        return f"E-mail preferences of {self.user}"


class Notification(models.Model):
    """One e-mail owed to someone, written in the transaction of the change that
    calls for it (an outbox) and sent by a worker after that transaction commits.

    The row, not the queue, is the record: a task only wakes a worker for it, so a
    lost task is sent by the sweeper and a repeated one finds the row sent."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed for good"

    class Event(models.TextChoices):
        CLAIM_ASSIGNED = "claim.assigned", "Claim assigned"
        CORRECTION_AWAITING_APPROVAL = (
            "correction.awaiting_approval",
            "Correction awaits approval",
        )
        CORRECTION_PUBLISHED = "correction.published", "Correction published"
        CORRECTION_RETURNED = "correction.returned", "Correction returned"
        DAILY_DIGEST = "digest.daily", "Daily digest"
        WEBHOOK_PAUSED = "webhook.paused", "Webhook paused"
        REQUEST_ASSIGNED = "request.assigned", "Correction request assigned"
        REQUEST_RECEIVED = "request.received", "Reader's request received"
        REQUEST_CLOSED = "request.closed", "Reader told the outcome"

    event = models.CharField(max_length=40, choices=Event.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a reader, who has no account: only the address.",
    )
    to_address = models.EmailField(blank=True)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField()
    dedupe_key = models.CharField(
        max_length=200,
        unique=True,
        help_text="One e-mail per change and recipient, however often it is asked for.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["status", "created_at"],
                name="notification_unsent",
                condition=Q(status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self):
        return f"{self.get_event_display()} to {self.to_address}"

    @property
    def message_id(self) -> str:
        """Stable across attempts, so a mail system that already took one attempt
        can drop the repeat."""
        return f"<notification-{self.pk}@{settings.NEWSROOM_MESSAGE_ID_DOMAIN}>"


class WebhookSubscriptionQuerySet(models.QuerySet):
    def listening(self):
        return self.filter(is_active=True, paused_at__isnull=True)


class WebhookSubscription(models.Model):
    """A newsroom system (CMS, chat) that wants to hear of events: each event is
    POSTed to its URL as JSON, signed with its secret."""

    class Event(models.TextChoices):
        CORRECTION_PUBLISHED = "correction.published", "A correction is published"
        CLAIM_VERDICT = "claim.verdict", "A fact check's verdict is published"
        REQUEST_RECEIVED = "request.received", "A reader's correction request arrives"
        REQUEST_CLOSED = "request.closed", "A reader's correction request is closed"

    name = models.CharField(max_length=100)
    url = models.URLField(
        max_length=1000, help_text="Where events are POSTed (https in production)."
    )
    events = models.JSONField(
        default=list, help_text="The events this receiver wants, by name."
    )
    secret = models.CharField(
        max_length=64,
        editable=False,
        help_text="Signs every delivery (HMAC-SHA256); the receiver keeps a copy.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Told by e-mail when deliveries keep failing and it is paused.",
    )
    is_active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    paused_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WebhookSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One event owed to one subscription: its body is fixed when the event
    happens (the receiver learns what was true then), its attempts are logged."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be delivered"
        SENDING = "sending", "Being delivered"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed for good"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=WebhookSubscription.Event.choices)
    body = models.TextField(help_text="The JSON sent, byte for byte, on every attempt.")
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(
                fields=["status", "created_at"],
                name="webhook_undelivered",
                condition=Q(status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self):
        return f"{self.event} to {self.subscription}"


class WebhookAttempt(models.Model):
    """One POST of a delivery: written before it is sent, completed after, so an
    attempt cut short (a worker killed) shows as one with no answer."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self):
        answer = self.response_code or self.error or "no answer"
        return f"Attempt at {self.started_at:%Y-%m-%d %H:%M:%S}: {answer}"


class CorrectionRequestStatus(models.TextChoices):
    NEW = "new", "New"
    TRIAGED = "triaged", "Triaged"
    UPHELD = "upheld", "Upheld"
    DECLINED = "declined", "Declined"
    DUPLICATE = "duplicate", "Duplicate"


OPEN_REQUEST_STATUSES = frozenset(
    {CorrectionRequestStatus.NEW, CorrectionRequestStatus.TRIAGED}
)


def new_request_token() -> str:
    return secrets.token_urlsafe(32)


class CorrectionRequestQuerySet(models.QuerySet):
    def open(self):
        """Waiting for the desk's decision."""
        return self.filter(status__in=OPEN_REQUEST_STATUSES)

    def overdue(self, now=None):
        return self.open().filter(deadline__lt=now or timezone.now())

    def queue(self, now=None):
        """Overdue first, then by deadline: the order the desk answers them in."""
        return self.annotate(
            is_overdue=models.Case(
                models.When(
                    Q(status__in=OPEN_REQUEST_STATUSES)
                    & Q(deadline__lt=now or timezone.now()),
                    then=models.Value(True),
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        ).order_by("-is_overdue", "deadline", "id")

    def past_retention(self, before):
        """Closed before ``before`` and still holding the reader's address."""
        return self.exclude(email="").filter(closed_at__lt=before)


class CorrectionRequest(models.Model):
    """A reader's report that something we published is wrong, from the public
    form. Nothing here is shown to another reader; the reader who sent it sees
    its status and outcome on a private page (``token``), never the notes.

    The e-mail address is kept while the request is open and for
    ``NEWSROOM_REQUEST_EMAIL_RETENTION_DAYS`` after it closed, then erased; the
    sender's network address is kept only as a keyed hash (for abuse)."""

    Status = CorrectionRequestStatus

    token = models.CharField(
        max_length=64, unique=True, default=new_request_token, editable=False
    )
    article_given = models.CharField("article (as the reader gave it)", max_length=1000)
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="correction_requests",
        help_text="The known article the reader's URL or headline matched.",
    )
    quote = models.TextField("the words in question")
    what_is_wrong = models.TextField()
    supporting_link = models.URLField(max_length=1000, blank=True)
    email = models.EmailField(blank=True)
    client_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        max_length=20,
        choices=CorrectionRequestStatus.choices,
        default=CorrectionRequestStatus.NEW,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
    )
    deadline = models.DateTimeField()
    internal_notes = models.TextField(
        blank=True, help_text="Never shown to the reader."
    )
    decline_reason = models.TextField(blank=True, help_text="The reader is told this.")
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    correction = models.OneToOneField(
        Correction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="request",
        help_text="The correction drafted from it when it was upheld.",
    )
    received_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Declined, a duplicate, or its correction published.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CorrectionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = "correction request"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CorrectionRequestStatus.values),
                name="request_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="request_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="duplicate") | Q(duplicate_of__isnull=False),
                name="request_duplicate_has_original",
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=models.F("id")),
                name="request_not_own_duplicate",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="request_queue"),
            models.Index(fields=["assignee", "status"], name="request_assignee"),
            models.Index(fields=["closed_at"], name="request_closed"),
        ]
        permissions = [
            ("decide_correctionrequest", "Can triage, assign and decide requests"),
        ]

    def __str__(self):
        return f"Request {self.pk}: {self.article or self.article_given}"[:200]

    def get_absolute_url(self):
        return reverse("coverage:request_status", args=[self.token])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES
