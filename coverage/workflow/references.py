"""The articles and sources the public pages cite: edits recorded with old and new.

A correction's page shows its article's headline, address, outlet and date; a
fact check shows its claimant's name, description and address, and the articles
that quote it. Editing those
rewrites what readers see, so each edit leaves an audit row with the old and new
values, public when the object is on a public page (the page signatures follow).
"""

from django.db import transaction
from django.db.models import Q

from coverage.models import Article, AuditAction, Claim, Source
from coverage.workflow.records import record, save_changes
from coverage.workflow.rules import can_edit_article, can_edit_source, refuse

SOURCE_EDITABLE_FIELDS = ("name", "kind", "description", "url")
SOURCE_PUBLIC_FIELDS = frozenset(SOURCE_EDITABLE_FIELDS)
ARTICLE_EDITABLE_FIELDS = (
    "outlet",
    "story",
    "headline",
    "headline_inferred",
    "byline",
    "url",
    "published_at",
    "body",
)
ARTICLE_PUBLIC_FIELDS = frozenset(
    {"outlet", "story", "headline", "byline", "url", "published_at"}
)


def source_is_public(source: Source) -> bool:
    """A source is shown as the claimant of a published fact check, or as the
    source of one of its pieces of evidence."""
    return (
        Claim.objects.published()
        .filter(Q(claimant=source) | Q(evidence__source=source))
        .exists()
    )


def article_is_public(article: Article) -> bool:
    return Article.objects.public().filter(pk=article.pk).exists()


@transaction.atomic
def update_source(source: Source, *, actor, **fields) -> Source:
    """Saving nothing new changes nothing and records nothing."""
    refuse(can_edit_source(actor, source), actor, "edit sources")
    current = Source.objects.select_for_update().get(pk=source.pk)
    changes = save_changes(current, fields, editable=SOURCE_EDITABLE_FIELDS)
    if changes:
        record(
            actor,
            AuditAction.SOURCE_EDIT,
            current,
            changes=changes,
            public=bool(SOURCE_PUBLIC_FIELDS & changes.keys())
            and source_is_public(current),
        )
    return current


@transaction.atomic
def update_article(article: Article, *, actor, **fields) -> Article:
    """Saving nothing new changes nothing and records nothing."""
    refuse(can_edit_article(actor, article), actor, "edit articles")
    current = Article.objects.select_for_update().get(pk=article.pk)
    changes = save_changes(current, fields, editable=ARTICLE_EDITABLE_FIELDS)
    if changes:
        record(
            actor,
            AuditAction.ARTICLE_EDIT,
            current,
            changes=changes,
            public=bool(ARTICLE_PUBLIC_FIELDS & changes.keys())
            and article_is_public(current),
        )
    return current
