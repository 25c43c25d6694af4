"""Published corrections' markup, rendered once and kept in the shared cache.

A published correction never changes. What its markup shows besides its own text
(the article's headline, the outlet, the story, the correction that supersedes it)
changes only with the public state. So its HTML is kept under its id, its version,
its heading level and the state's version: a page of 25 costs one round trip to the
cache (``get_many``, where a ``{% cache %}`` tag per row would cost 25) and renders
the ``coverage/_correction.html`` template only for rows the cache has not seen.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from coverage.models import Correction
from coverage.public.caching import PublicState

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
