"""Published corrections' markup, rendered once and kept in the shared cache.

A published correction never changes. What its markup shows besides its own text
(the article's headline, the outlet, the story, the correction that supersedes it)
changes only with the public state. So its HTML is kept under its id, its version,
its heading level and the state's version: a page of 25 costs one round trip to the
cache (``get_many``, where a ``{% cache %}`` tag per row would cost 25) and renders
the ``coverage/_correction.html`` template only for rows the cache has not seen.

Share cards (cards.py) are kept the same way, under the object's id, its version
and a digest of the text they draw.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from coverage import versions
from coverage.models import ArticleRevision, Correction
from coverage.public import cards
from coverage.public.caching import PublicState
from coverage.public.cards import Card

FRAGMENT_SECONDS = 24 * 60 * 60


def shown_corrections():
    """Published corrections with everything their markup shows loaded."""
    return (
        Correction.objects.published()
        .select_related(
            "article__outlet", "article__story", "supersedes", "superseded_by"
        )
        .defer("article__raw_text", "article__body", "search_vector")
    )


def correction_fragments(
    rows: list[tuple[int, int]], *, state: PublicState, level: int = 2
) -> list[str]:
    """The markup of each ``(id, version)`` of ``rows``, in their order."""
    keys = {
        pk: f"public-correction:{pk}:{version}:{level}:{state.version}"
        for pk, version in rows
    }
    found = cache.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        rendered = {
            keys[correction.pk]: render_to_string(
                "coverage/_correction.html",
                {"correction": correction, "level": level, "permalink": True},
            )
            for correction in shown_corrections().filter(pk__in=missing)
        }
        cache.set_many(rendered, FRAGMENT_SECONDS)
        found.update(rendered)
    return [mark_safe(found[keys[pk]]) for pk, _ in rows if keys[pk] in found]


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
