"""Which sources are probably one person or organisation under two names.

Imports name people as each article does: "Helen Marsh", "H. Marsh", "Marsh";
organisations in full or by acronym ("World Health Organization", "WHO"). The
desk merges them (``workflow.merge_sources``); this module only suggests, from
the names alone. Persons: the same surname, and first names that agree (equal,
one an initial of the other, or close in spelling by difflib: "Katherine" and
"Catherine"), or one name is the surname alone. Organisations: one is the
acronym of the other, or one name is the other's first words ("Streamline" and
"Streamline Media"). Sources are grouped by surname or initials first, so the
cost grows with the number of sources, not its square.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Count

from coverage.models import Source, normalise_name

FIRST_NAME_SIMILARITY = 0.8
ACRONYM_SKIPPED = frozenset({"of", "for", "and", "the", "on", "in", "at", "to"})


@dataclass(frozen=True)
class Suggestion:
    keep: Source
    merge: Source
    reason: str


def merge_suggestions(sources: Iterable[Source]) -> list[Suggestion]:
    """Pairs that look like one source, the one with more claims (then the longer
    name, then the older row) as the one to keep."""
    sources = list(sources)
    groups: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        for key in _keys(source):
            groups[key].append(source)
    seen, found = set(), []
    for group in groups.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                pair = frozenset((a.pk, b.pk))
                if a.pk == b.pk or pair in seen:
                    continue
                reason = why_same(a, b)
                if reason:
                    seen.add(pair)
                    keep, merge = sorted((a, b), key=_keeping_order)
                    found.append(Suggestion(keep, merge, reason))
    return sorted(found, key=lambda s: (s.keep.name.lower(), s.merge.name.lower()))


def why_same(a: Source, b: Source) -> str:
    """Why two sources look like one, or "" when they do not."""
    if a.kind == b.kind == Source.Kind.PERSON:
        return _same_person(_words(a), _words(b))
    if Source.Kind.PERSON in (a.kind, b.kind):
        person, other = (a, b) if a.kind == Source.Kind.PERSON else (b, a)
        surname = _words(person)[-1:]
        if len(_words(person)) > 1 and _words(other) == surname:
            return f"“{other.name}” is the surname of “{person.name}”"
        return ""
    return _same_organisation(a, b)


def _keeping_order(source: Source):
    claims = getattr(source, "claim_count", 0)
    return (-claims, -len(source.name), source.pk)


def _words(source: Source) -> list[str]:
    return (source.normalised_name or normalise_name(source.name)).split()


def _keys(source: Source) -> set[str]:
    words = _words(source)
    if not words:
        return set()
    if source.kind == Source.Kind.PERSON:
        return {f"name:{words[-1]}"}
    keys = {f"name:{words[0]}"}
    if len(words) > 1:
        keys.add(f"name:{_acronym(words)}")
    return keys


def _acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in ACRONYM_SKIPPED)


def _same_person(a: list[str], b: list[str]) -> str:
    if a[-1] != b[-1] or a == b:
        return ""
    first_a, first_b = a[:-1], b[:-1]
    if not first_a or not first_b:
        return f"same surname “{a[-1]}”, one without a first name"
    x, y = first_a[0], first_b[0]
    if x == y:
        return f"same surname “{a[-1]}” and first name “{x}”"
    if (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
        return f"same surname “{a[-1]}”; “{min(x, y, key=len)}” is an initial"
    if min(len(x), len(y)) > 2:
        similarity = SequenceMatcher(None, x, y).ratio()
        if similarity >= FIRST_NAME_SIMILARITY:
            return f"same surname “{a[-1]}”; first names “{x}” and “{y}” are close"
    return ""


def _same_organisation(a: Source, b: Source) -> str:
    words_a, words_b = _words(a), _words(b)
    if words_a == words_b:
        return ""
    short, full = sorted((words_a, words_b), key=len)
    if len(short) == 1 and len(full) > 1 and short[0] == _acronym(full):
        return f"“{short[0].upper()}” is the initials of the other"
    if full[: len(short)] == short:
        return "one name is the first words of the other"
    return ""


def suggested_merges(limit: int = 50) -> list[Suggestion]:
    """The desk's list: suggestions among all sources, with claim counts for the
    choice of which to keep. One query."""
    sources = Source.objects.annotate(claim_count=Count("claims")).only(
        "pk", "name", "normalised_name", "kind"
    )
    return merge_suggestions(sources)[:limit]
