"""Published corrections' and fact checks' markup, rendered once and kept in the
shared cache.

A published correction never changes, and a published fact check changes only
through the workflow, which adds one to its version. What their markup shows of
other rows (the article's headline, the outlet, the story, the claimant, the
superseding correction, the fact check's appearances and evidence) changes without
that version. So a row's HTML is kept under its id, its version, how it is drawn
(the template's text, heading level, permalink) and its *stamp*: a digest of
exactly what the row draws from those other rows, read for the whole page in one
query by primary and foreign keys (``correction_stamps``, ``claim_stamps``).

Not the public state's version: it changes with every publication, and a key on
it made every row of every page cold again after any publication, however
unrelated. A digest of the drawn values is right whichever way a value changed
(the workflow, an import, the admin), where timestamps or audit rows would each
need every writer to keep them. A page of 25 costs that query (on PostgreSQL,
1.5 ms for corrections, 3 to 5 ms for fact checks, most of it building the UNION)
and one round trip to the cache (``get_many``, where a ``{% cache %}`` tag per row
would cost 25), and renders the row's template only for rows the cache has not
seen as drawn.

Share cards (cards.py) are kept the same way, under the object's id, its version
and a digest of the text they draw.
"""

from collections import defaultdict

from django.core.cache import cache
from django.db.models import Prefetch, TextField, Value
from django.db.models.functions import Cast
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe

from coverage import versions
from coverage.models import (
    ArticleRevision,
    Claim,
    ClaimAppearance,
    Correction,
    Evidence,
)
from coverage.public import cards
from coverage.public.caching import digest
from coverage.public.cards import Card

FRAGMENT_SECONDS = 24 * 60 * 60


def with_correction_relations(corrections):
    """``corrections`` with everything their markup shows loaded, and none of the
    long columns it does not: also for a search's ranked rows, which
    filters.searched reads afresh by id."""
    return corrections.select_related(
        "article__outlet", "article__story", "supersedes", "superseded_by"
    ).defer("article__raw_text", "article__body", "search_vector")


def shown_corrections():
    """Published corrections with everything their markup shows loaded."""
    return with_correction_relations(Correction.objects.published())


def published_claims_with(appearances, evidence):
    """Published fact checks with their appearances and evidence, read by these
    querysets, as lists (``shown_appearances``, ``shown_evidence``): kept in the
    related managers' caches instead, each row built two querysets of its own
    to hold them, a third of reading a page of 25."""
    return Claim.objects.published().prefetch_related(
        Prefetch("appearances", queryset=appearances, to_attr="shown_appearances"),
        Prefetch("evidence", queryset=evidence, to_attr="shown_evidence"),
    )


def shown_claims():
    """Published fact checks with everything their markup shows loaded."""
    return published_claims_with(
        ClaimAppearance.objects.select_related("article__outlet").defer(
            "article__raw_text", "article__body"
        ),
        Evidence.objects.select_related("source"),
    ).select_related("claimant", "story")


# What each row's template shows, and no more. A page none of whose rows' markup
# is kept reads its 25 rows in one query (three for fact checks, with their
# appearances and evidence) besides their stamps'; every column of a correction
# and of the four rows it refers to (search vectors, timestamps and authors among
# them) took 4 ms of Python a page to read and build, these 2 ms. A field the
# template starts to show goes here too, or each row reads it in a query of its
# own; the stamps below take from here what rows draw of other rows.
DRAWN_CORRECTION_FIELDS = [
    "kind",
    "status",
    "published_at",
    "what_was_wrong",
    "what_is_right",
    "public_explanation",
    "late_note",
    "article__url",
    "article__headline",
    "article__outlet__name",
    "article__story__slug",
    "article__story__title",
    *(
        f"{other}__{field}"
        for other in ("supersedes", "superseded_by")
        for field in ("kind", "status", "published_at")
    ),
]
DRAWN_CLAIM_FIELDS = [
    "status",
    "verdict_published_at",
    "verdict_summary",
    "text",
    "proposition",
    "claimant__name",
    "claimant__description",
]
DRAWN_APPEARANCE_FIELDS = [
    "claim",  # matches each appearance to its claim
    "quote",
    "claimant_role",
    "claimant_affiliation",
    "article__url",
    "article__headline",
    "article__published_at",
    "article__outlet__name",
]
DRAWN_EVIDENCE_FIELDS = ["claim", "stance", "url", "citation", "source__name"]


def drawn_corrections():
    """Published corrections with the columns coverage/_correction.html shows."""
    return shown_corrections().only(*DRAWN_CORRECTION_FIELDS)


def drawn_claims():
    """Published fact checks with the columns coverage/_claim.html shows."""
    return (
        published_claims_with(
            ClaimAppearance.objects.select_related("article__outlet").only(
                *DRAWN_APPEARANCE_FIELDS
            ),
            Evidence.objects.select_related("source").only(*DRAWN_EVIDENCE_FIELDS),
        )
        .select_related("claimant")
        .only(*DRAWN_CLAIM_FIELDS)
    )


# What a row draws from rows other than its own, which its version does not
# follow: its stamp is a digest of these. A correction's are all one row each
# (its article, outlet, story, and the corrections either side of it, linked to
# by id); a fact check's claimant is one row, its appearances and evidence many,
# so the stamp reads each of those with the fields that order them on the page.
STAMPED_CORRECTION_FIELDS = [
    "supersedes",
    "superseded_by",
    *(f for f in DRAWN_CORRECTION_FIELDS if "__" in f),
]
STAMPED_CLAIM_FIELDS = [f for f in DRAWN_CLAIM_FIELDS if "__" in f]
STAMPED_APPEARANCE_FIELDS = [
    "article",
    "start",  # with the article, the order on the page (Meta.ordering)
    *(f for f in DRAWN_APPEARANCE_FIELDS if f != "claim"),
]
STAMPED_EVIDENCE_FIELDS = [
    "created_at",  # the order on the page (Meta.ordering)
    *(f for f in DRAWN_EVIDENCE_FIELDS if f != "claim"),
]


def correction_stamps(pks: list[int]) -> dict[int, str]:
    """Each correction's stamp by id, in one query of one row each."""
    drawn = (
        Correction.objects.filter(pk__in=pks)
        .order_by()
        .values_list("pk", *STAMPED_CORRECTION_FIELDS)
    )
    return {pk: digest(values) for pk, *values in drawn}


def as_texts(queryset, claim: str, part: str, fields: list[str], width: int):
    """``queryset``'s rows as (claim id, ``part``, id, ``fields``...) padded with
    NULLs to ``width`` fields, every field as text: the parts of one UNION."""
    texts = [Cast(field, TextField()) for field in ["pk", *fields]]
    padding = [Value(None, output_field=TextField())] * (width - len(fields))
    return queryset.order_by().values_list(claim, Value(part), *texts, *padding)


def claim_stamps(pks: list[int]) -> dict[int, str]:
    """Each fact check's stamp by id, in one query: a UNION ALL of its claimant's,
    its appearances' and its evidence's drawn fields."""
    parts = [
        (Claim.objects.filter(pk__in=pks), "pk", "claimant", STAMPED_CLAIM_FIELDS),
        (
            ClaimAppearance.objects.filter(claim__in=pks),
            "claim",
            "appearance",
            STAMPED_APPEARANCE_FIELDS,
        ),
        (
            Evidence.objects.filter(claim__in=pks),
            "claim",
            "evidence",
            STAMPED_EVIDENCE_FIELDS,
        ),
    ]
    width = max(len(fields) for *_, fields in parts)
    first, *others = (
        as_texts(queryset, claim, part, fields, width)
        for queryset, claim, part, fields in parts
    )
    drawn = defaultdict(list)
    for claim, *values in first.union(*others, all=True):
        drawn[claim].append(values)
    # Sorted by part and id, both never NULL: the UNION returns rows in no order.
    return {pk: digest(sorted(drawn[pk], key=lambda v: v[:2])) for pk in pks}


def row_fragments(
    rows: list[tuple[int, int]],
    *,
    shown,
    template: str,
    stamps: dict[int, str],
    **drawing,
) -> dict[int, str]:
    """The markup of each ``(id, version)`` of ``rows`` by id, in their order:
    ``template`` drawn with the row of ``shown`` (under its model's name) and
    ``drawing``, kept under the row's version and its ``stamps`` entry. A row no
    longer in ``shown`` (a fact check reopened since the page was read) is left
    out."""
    name = shown.model._meta.model_name
    drawer = get_template(template)
    how = ":".join(
        # The template's own text too: a deployment that changes it draws anew.
        [digest(drawer.template.source)]
        + [f"{option}={value}" for option, value in sorted(drawing.items())]
    )
    keys = {
        pk: f"public-{name}:{pk}:{version}:{how}:{stamps.get(pk)}"
        for pk, version in rows
    }
    found = cache.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        draw = drawer.render
        rendered = {
            keys[row.pk]: draw({name: row, **drawing})
            # In no order: the rows are returned in the order of ``rows``.
            for row in shown.filter(pk__in=missing).order_by()
        }
        cache.set_many(rendered, FRAGMENT_SECONDS)
        found.update(rendered)
    return {pk: mark_safe(found[keys[pk]]) for pk, _ in rows if keys[pk] in found}


def correction_fragments(
    rows: list[tuple[int, int]], *, level: int = 2
) -> dict[int, str]:
    if not rows:
        return {}
    return row_fragments(
        rows,
        shown=drawn_corrections(),
        template="coverage/_correction.html",
        stamps=correction_stamps([pk for pk, _ in rows]),
        level=level,
        permalink=True,
    )


def claim_fragments(rows: list[tuple[int, int]]) -> dict[int, str]:
    if not rows:
        return {}
    return row_fragments(
        rows,
        shown=drawn_claims(),
        template="coverage/_claim.html",
        stamps=claim_stamps([pk for pk, _ in rows]),
        show_permalink=True,
    )


def share_card_png(obj, card: Card) -> bytes:
    """The PNG of ``card``, drawn once per object, version and drawn text: a card
    costs its drawing (tens of milliseconds) only the first time any worker
    serves it."""
    key = f"share-card:{obj._meta.model_name}:{obj.pk}:{obj.version}:{card.digest}"
    png = cache.get(key)
    if png is None:
        png = cards.render(card)
        cache.set(key, png, FRAGMENT_SECONDS)
    return png


def correction_change(correction: Correction) -> str:
    """What changed in the corrected article (README, "What changed in the
    article"): the diff of the version before the change nearest to the
    correction's publication and the version that replaced it, or "" when the
    article has one version. Kept under the correction's id and version and the
    two texts' identities, a revision's id or the current text's hash, so a new
    version of the article makes a new entry and an old one is never served."""
    revisions = list(
        ArticleRevision.objects.filter(article_id=correction.article_id).only(
            "id", "article_id", "replaced_at"
        )
    )
    chosen = versions.correction_revision(correction, revisions)
    if chosen is None:
        return ""
    later = sorted(
        (
            r
            for r in revisions
            if (r.replaced_at, r.pk) > (chosen.replaced_at, chosen.pk)
        ),
        key=lambda r: (r.replaced_at, r.pk),
    )
    following = later[0] if later else None
    after = f"r{following.pk}" if following else f"a{correction.article.content_hash}"
    key = (
        f"public-correction-change:{correction.pk}:{correction.version}:"
        f"{chosen.pk}:{after}"
    )
    if (markup := cache.get(key)) is None:
        markup = render_to_string(
            "coverage/_correction_change.html",
            {
                "correction": correction,
                "comparison": versions.public_comparison(
                    *versions.versions_of_change(chosen, following)
                ),
            },
        )
        cache.set(key, markup, FRAGMENT_SECONDS)
    return mark_safe(markup)
