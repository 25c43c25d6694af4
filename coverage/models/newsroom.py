"""Outlets, stories, articles (with the revisions a re-import keeps) and sources."""

import itertools

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify

from .records import content_hash, normalise_name

# What the public may see of outlets, stories and articles. Imports bring in every
# headline, story and outlet they find; none of it is reviewed. A reader sees one
# only once the desk has published something about it: a correction to an article,
# or a fact check of a claim in it (or in the story).


def published_corrections_of(**lookups) -> Exists:
    from .corrections import Correction

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
            self.slug = self.free_slug()
        super().save(*args, **kwargs)

    def free_slug(self) -> str:
        """Names that differ in punctuation alone ("Fox News" and "Fox-News", or
        ":" and "!", which slugify to nothing) are two outlets with one slugify():
        the later one takes the first free number after it."""
        base = slugify(self.name)[:190] or "outlet"
        taken = set(
            Outlet.objects.filter(slug__startswith=base).values_list("slug", flat=True)
        )
        numbered = (f"{base}-{n}" for n in itertools.count(2))
        return next(
            slug for slug in itertools.chain([base], numbered) if slug not in taken
        )


class StoryQuerySet(models.QuerySet):
    def public(self):
        """Stories with a published correction or a published fact check."""
        from .claims import Claim

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
        from .claims import Claim, ClaimAppearance

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
        Outlet, on_delete=models.PROTECT, related_name="articles", db_index=False
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
    # Kept by the database on PostgreSQL (migration full_text_search); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
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
            # An outlet's articles, and whether an article is the outlet's, from
            # the index alone (the queue's outlet filter).
            models.Index(fields=["outlet", "id"], name="article_outlet"),
            models.Index(
                fields=["story", "published_at"], name="article_story_published"
            ),
            # The articles' changelist, newest first, a page at a time.
            models.Index(fields=["-published_at", "-id"], name="article_newest"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.raw_text)
        super().save(*args, **kwargs)


class ChangeGrade(models.TextChoices):
    """How much a re-import changed an article (``importers.changes``)."""

    COSMETIC = "cosmetic", "Cosmetic"
    MINOR = "minor", "Minor"
    SUBSTANTIVE = "substantive", "Substantive"


class ArticleRevision(models.Model):
    """The text an article had before a re-import changed it, so nothing is lost,
    and the grade of that change: from this text to the next version (the next
    revision's, or the article's current text). Revisions kept before changes were
    graded have no grade."""

    Grade = ChangeGrade

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
    grade = models.CharField(
        max_length=20, choices=ChangeGrade.choices, blank=True, default=""
    )
    reasons = models.JSONField(
        default=list,
        blank=True,
        help_text="Why the change has its grade: “figure 700 → 600 in paragraph 3”.",
    )
    outlet_notice = models.TextField(
        blank=True,
        help_text="The outlet's own correction notice in the new text: it "
        "acknowledged the change.",
    )

    class Meta:
        ordering = ["-replaced_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__in=["", *ChangeGrade.values]),
                name="revision_grade_valid",
            ),
        ]

    def __str__(self):
        return f"{self.headline} (until {self.replaced_at:%Y-%m-%d %H:%M})"

    @property
    def acknowledged_by_outlet(self) -> bool:
        return bool(self.outlet_notice)


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Sources a published fact check shows: its claimant, or the source of a
        piece of its evidence."""
        from .claims import Claim

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
