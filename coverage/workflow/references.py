"""The outlets, stories, articles and sources the public pages cite: every addition
and edit recorded, edits with old and new values.

A correction's page shows its article's headline, address, outlet and date; a
fact check shows its claimant's name, description and address, and the articles
that quote it; a story page its title and summary. Editing those rewrites what
readers see, so each edit leaves an audit row with the old and new values, public
when the object is on a public page (the page signatures follow). Once a public
page shows an article or a source, only an editor edits it (``rules.MOVES``).
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

from coverage.addresses import normalise_addresses
from coverage.models import (
    Article,
    AuditAction,
    Outlet,
    Source,
    Story,
    normalise_name,
)
from coverage.workflow.records import record, save_changes
from coverage.workflow.rules import (
    can_add_article,
    can_add_outlet,
    can_add_source,
    can_add_story,
    can_edit_article,
    can_edit_outlet,
    can_edit_source,
    can_edit_story,
    is_editor,
    is_public,
    refuse,
)

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
OUTLET_EDITABLE_FIELDS = ("name", "slug", "homepage", "notes", "needs_review")
OUTLET_PUBLIC_FIELDS = frozenset({"name", "slug", "homepage"})
STORY_EDITABLE_FIELDS = ("title", "slug", "summary", "status")
STORY_PUBLIC_FIELDS = frozenset(STORY_EDITABLE_FIELDS)


def _create(
    model: type[models.Model],
    *,
    actor,
    allowed: Callable,
    action: AuditAction,
    editable: Iterable[str],
    fields: dict,
    **derived,
) -> models.Model:
    """Add one row, validated as a form would, and its audit row: what it was
    created with. Nothing public refers to a new row yet, so the row is private."""
    name = model._meta.verbose_name
    refuse(allowed(actor), actor, f"add {model._meta.verbose_name_plural}")
    unknown = set(fields) - set(editable)
    if unknown:
        raise ValidationError(f"Cannot set {', '.join(sorted(unknown))} of a {name}.")
    obj = model(**normalise_addresses(model, fields), **derived)
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise ValidationError(f"Cannot add the {name}: {error}") from error
    record(
        actor,
        action,
        obj,
        changes={
            field: (None, getattr(obj, field))
            for field in editable
            if getattr(obj, field) not in ("", None, False)
        },
    )
    return obj


def _update(
    obj: models.Model,
    *,
    actor,
    allowed: Callable,
    action: AuditAction,
    editable: Iterable[str],
    public_fields: frozenset[str],
    fields: dict,
) -> models.Model:
    """Saving nothing new changes nothing and records nothing. The permission is
    checked on the locked row: whether a public page shows it is part of the rule."""
    model = type(obj)
    current = model.objects.select_for_update().get(pk=obj.pk)
    shown = is_public(current)
    doing = f"edit {model._meta.verbose_name} {obj.pk}"
    if shown and not is_editor(actor):
        doing += ": a public page shows it (an editor may)"
    refuse(allowed(actor, current), actor, doing)
    changes = save_changes(current, fields, editable=editable)
    if changes:
        record(
            actor,
            action,
            current,
            changes=changes,
            public=shown and bool(public_fields & changes.keys()),
        )
    return current


@transaction.atomic
def create_source(*, actor, **fields) -> Source:
    return _create(
        Source,
        actor=actor,
        allowed=can_add_source,
        action=AuditAction.SOURCE_CREATE,
        editable=SOURCE_EDITABLE_FIELDS,
        fields=fields,
        normalised_name=normalise_name(fields.get("name", "")),
    )


@transaction.atomic
def update_source(source: Source, *, actor, **fields) -> Source:
    return _update(
        source,
        actor=actor,
        allowed=can_edit_source,
        action=AuditAction.SOURCE_EDIT,
        editable=SOURCE_EDITABLE_FIELDS,
        public_fields=SOURCE_PUBLIC_FIELDS,
        fields=fields,
    )


@transaction.atomic
def create_article(*, actor, **fields) -> Article:
    """An article entered by hand: its text is what was typed, kept verbatim."""
    return _create(
        Article,
        actor=actor,
        allowed=can_add_article,
        action=AuditAction.ARTICLE_CREATE,
        editable=ARTICLE_EDITABLE_FIELDS,
        fields=fields,
        raw_text=fields.get("body", ""),
        source_format=Article.Format.MANUAL,
    )


@transaction.atomic
def update_article(article: Article, *, actor, **fields) -> Article:
    return _update(
        article,
        actor=actor,
        allowed=can_edit_article,
        action=AuditAction.ARTICLE_EDIT,
        editable=ARTICLE_EDITABLE_FIELDS,
        public_fields=ARTICLE_PUBLIC_FIELDS,
        fields=fields,
    )


@transaction.atomic
def create_outlet(*, actor, **fields) -> Outlet:
    """The slug follows the name unless one is given, as the admin's form does."""
    return _create(
        Outlet,
        actor=actor,
        allowed=can_add_outlet,
        action=AuditAction.OUTLET_CREATE,
        editable=OUTLET_EDITABLE_FIELDS,
        fields={"slug": slugify(fields.get("name", ""))[:200], **fields},
    )


@transaction.atomic
def update_outlet(outlet: Outlet, *, actor, **fields) -> Outlet:
    return _update(
        outlet,
        actor=actor,
        allowed=can_edit_outlet,
        action=AuditAction.OUTLET_EDIT,
        editable=OUTLET_EDITABLE_FIELDS,
        public_fields=OUTLET_PUBLIC_FIELDS,
        fields=fields,
    )


@transaction.atomic
def create_story(*, actor, **fields) -> Story:
    return _create(
        Story,
        actor=actor,
        allowed=can_add_story,
        action=AuditAction.STORY_CREATE,
        editable=STORY_EDITABLE_FIELDS,
        fields=fields,
    )


@transaction.atomic
def update_story(story: Story, *, actor, **fields) -> Story:
    return _update(
        story,
        actor=actor,
        allowed=can_edit_story,
        action=AuditAction.STORY_EDIT,
        editable=STORY_EDITABLE_FIELDS,
        public_fields=STORY_PUBLIC_FIELDS,
        fields=fields,
    )
