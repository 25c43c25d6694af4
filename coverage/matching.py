"""Finding existing claims that say the same thing in other words.

Two steps. The database finds candidates anywhere (any story, any outlet):
PostgreSQL with trigram similarity on the GIN index over ``claim.text``
(``pg_trgm``), SQLite by the claim's rarest words, a bounded set either way.
Then every candidate is scored here, in Python, the same on both databases, so
one threshold means the same everywhere:

- word overlap: the Dice coefficient of the two claims' content words (stop
  words out, plural and tense endings folded, a few synonyms made one word);
- character overlap: trigram similarity of the two texts, as ``pg_trgm`` counts it;
- the score is their mean, cut by ``DOUBT`` when the figures differ ("700 vs
  600") or when one claim denies what the other asserts: such pairs are rarely
  the same claim, and when one still passes the threshold, the desk sees why to
  doubt it.

``THRESHOLD`` was chosen on ``tests/fixtures/claim_pairs.jsonl`` with
``manage.py score_matching`` (README: "Matching claims").
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, IntegerField, Value, When

from coverage.models import CONFLICT_TOLERANCE, Claim, ClaimGroupMember, ClaimMatch

THRESHOLD = 0.6
"""Suggest a candidate scoring at least this (see README for precision/recall)."""
DOUBT = 0.6
"""A pair whose figures differ, or one of which is negated, keeps this share of
its score: only a near-identical wording still reaches ``THRESHOLD``, flagged."""
CANDIDATES = 25
"""At most this many candidates are scored per claim, however large the table: the
database's own ranking (trigram similarity, or shared rare words) puts the ones
that can pass ``THRESHOLD`` first, and scoring 200 made an import spend most of its
time here."""
SUGGESTIONS = 5
"""At most this many suggestions are kept per claim, best first."""
TRIGRAM_FLOOR = 0.2
"""PostgreSQL: candidates whose trigram similarity reaches this (``%`` operator)."""
RARE_WORDS = 6
"""SQLite: candidates share at least two of the claim's longest content words."""

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "last",
        "let",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "said",
        "same",
        "say",
        "says",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "year",
        "years",
        "you",
        "your",
        "yours",
        "according",
        "told",
        "tells",
        "telling",
    ]
)
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "cannot",
        "without",
        "deny",
        "denies",
        "denied",
        "false",
        "untrue",
    ]
)
SYNONYMS = {
    # Verbs of change and of saying that reporters swap for one another.
    "increase": "rise",
    "grow": "rise",
    "grew": "rise",
    "rose": "rise",
    "climb": "rise",
    "jump": "rise",
    "up": "rise",
    "fell": "fall",
    "drop": "fall",
    "decline": "fall",
    "decrease": "fall",
    "plunge": "fall",
    "down": "fall",
    "kill": "die",
    "dead": "die",
    "death": "die",
    "killed": "die",
    "percent": "per_cent",
    "%": "per_cent",
    "m": "million",
    "bn": "billion",
    "spent": "spend",
    "cost": "spend",
    "paid": "spend",
    "pay": "spend",
    "built": "build",
    "doubled": "double",
    "tripled": "triple",
    "children": "child",
    "people": "person",
    "men": "man",
    "women": "woman",
}
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|%")


@dataclass(frozen=True)
class Comparison:
    score: float
    matched_words: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """Lower case, ASCII, curly quotes straight: how two outlets' quotes compare."""
    text = text.replace("’", "'").replace("‘", "'")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ascii_text.lower()


def stem(word: str) -> str:
    """Plural and tense endings off, crudely but the same for both claims."""
    word = SYNONYMS.get(word, word)
    for ending in ("ings", "ing", "ies", "ied", "es", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)] + ("y" if ending in ("ies", "ied") else "")
            break
    return SYNONYMS.get(word, word)


@lru_cache(maxsize=4096)
def content_words(text: str) -> Mapping[str, str]:
    """{stem: the word as written} for each word that carries meaning. Kept for
    the last few thousand texts, so read-only: a claim is compared with each of
    its candidates, and a candidate with the claims it resembles."""
    words: dict[str, str] = {}
    for word in _WORD.findall(fold(text)):
        if word in STOP_WORDS or word in NEGATIONS or word.endswith("n't"):
            continue
        words.setdefault(stem(word), word)
    return MappingProxyType(words)


def is_negated(text: str) -> bool:
    """An odd number of denials: "did not rise" negates, "not untrue" does not."""
    words = _WORD.findall(fold(text))
    return sum(w in NEGATIONS or w.endswith("n't") for w in words) % 2 == 1


@lru_cache(maxsize=4096)
def trigrams(text: str) -> frozenset[str]:
    """The trigrams ``pg_trgm`` takes: each word padded with two spaces before
    and one after, case folded, non-alphanumerics as spaces (and, unlike
    ``pg_trgm``, accents folded: "café" is "cafe"). Kept for the last few
    thousand texts, as ``content_words`` is."""
    grams: set[str] = set()
    for word in re.sub(r"[^a-z0-9]+", " ", fold(text)).split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def trigram_similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


@lru_cache(maxsize=4096)
def _figures(text: str) -> tuple:
    from coverage.importers.quantities import find_quantities

    return tuple(find_quantities(text))


def _kind(figure) -> str:
    """What a figure counts, without the noun: "count", "currency:pound sterling".
    Two wordings of one claim name the thing counted differently."""
    if figure.measure:
        return figure.measure.split(":")[0] + ":" + figure.measure.split(":")[1]
    return f"{figure.dimension}:{figure.unit}"


def _range(figure) -> tuple[float, float] | None:
    if figure.compare_low is not None:
        return figure.compare_low, figure.compare_high
    if figure.value is not None:
        return figure.value, figure.value
    if figure.low is not None:
        return figure.low, figure.high
    return None


def figure_differences(text_a: str, text_b: str) -> list[str]:
    """ "figures differ: 700 vs 600" for each kind of figure both claims give
    whose values do not overlap (``CONFLICT_TOLERANCE`` allowed); a figure only
    one of them gives is not a difference."""
    by_kind: dict[str, tuple[list, list]] = {}
    for side, text in enumerate((text_a, text_b)):
        for figure in _figures(text):
            if _range(figure) is not None:
                by_kind.setdefault(_kind(figure), ([], []))[side].append(figure)
    stretch = 1 + CONFLICT_TOLERANCE
    differences = []
    for mine, theirs in by_kind.values():
        if not (mine and theirs):
            continue
        overlap = any(
            _range(a)[0] <= _range(b)[1] * stretch
            and _range(b)[0] <= _range(a)[1] * stretch
            for a in mine
            for b in theirs
        )
        if not overlap:
            differences.append(
                f"figures differ: {', '.join(f.surface for f in mine)} vs "
                f"{', '.join(f.surface for f in theirs)}"
            )
    return differences


def compare(text: str, other: str, *, threshold: float = 0.0) -> Comparison:
    """How likely ``text`` and ``other`` are one claim; pure, no database. Doubts
    (figures, negation), which only lower a score, are looked for only when the
    score reaches ``threshold`` without them: finding figures is the slow part."""
    mine, theirs = content_words(text), content_words(other)
    shared = mine.keys() & theirs.keys()
    dice = 2 * len(shared) / (len(mine) + len(theirs)) if mine and theirs else 0.0
    score = (dice + trigram_similarity(text, other)) / 2
    differences = []
    if score >= threshold:
        differences = figure_differences(text, other)
        if is_negated(text) != is_negated(other):
            differences.append("one of them is negated")
    if differences:
        score *= DOUBT
    return Comparison(
        score=round(min(score, 1.0), 3),
        matched_words=sorted(mine[s] for s in shared),
        differences=differences,
    )


def candidates(claim: Claim, *, limit: int = CANDIDATES) -> list[Claim]:
    """Claims that may say what ``claim`` says, from anywhere, at most ``limit``:
    two queries on PostgreSQL (the similarity floor, then the search), one on
    SQLite."""
    others = Claim.objects.exclude(pk=claim.pk)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        with transaction.atomic(), connection.cursor() as cursor:
            # Local to this transaction: the floor of the ``%`` operator.
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(TRIGRAM_FLOOR)],
            )
            return list(
                others.filter(text__trigram_similar=claim.text)
                .annotate(similarity=TrigramSimilarity("text", claim.text))
                .order_by("-similarity", "-id")[:limit]
            )
    # A stem that begins its word finds "walrus" in "walruses" too.
    words = sorted(
        {
            stem if word.startswith(stem) else word
            for stem, word in content_words(claim.text).items()
        },
        key=lambda word: (-len(word), word),
    )[:RARE_WORDS]
    if not words:
        return []
    # One Case per word, added up: a candidate's count of the words it shares.
    shared = sum(
        (
            Case(
                When(text__icontains=word, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for word in words
        ),
        start=Value(0),
    )
    return list(
        others.alias(shared=shared)
        .filter(shared__gte=min(2, len(words)))
        .order_by("-shared", "-id")[:limit]
    )


def suggestions_for(
    claim: Claim, *, threshold: float = THRESHOLD, limit: int = SUGGESTIONS
) -> list[tuple[Claim, Comparison]]:
    """The best candidates at or over ``threshold``, at most ``limit``."""
    scored = [
        (other, compare(claim.text, other.text, threshold=threshold))
        for other in candidates(claim)
    ]
    passing = [(o, c) for o, c in scored if c.score >= threshold]
    passing.sort(key=lambda pair: (-pair[1].score, pair[0].pk))
    return passing[:limit]


@transaction.atomic
def suggest_matches(claim: Claim) -> list[ClaimMatch]:
    """Write the claim's new suggestions; idempotent. A pair already suggested or
    decided, either way round, or already in one group, is not suggested again."""
    return _suggest([claim])


def suggest_for_ids(claim_ids: Iterable[int]) -> int:
    """Suggestions for each claim still there; the task's body. Returns how many."""
    with transaction.atomic():
        return len(_suggest(list(Claim.objects.filter(pk__in=list(claim_ids)))))


def _suggest(claims: list[Claim]) -> list[ClaimMatch]:
    """``suggest_matches`` for each claim in turn, with the same outcome, in one
    query for the pairs already known, one for the groups and one for the writes
    however many claims there are (the candidates are a query per claim): an
    import's suggestions spent most of their time in per-pair round trips."""
    found = [(claim, suggestions_for(claim)) for claim in claims]
    ids = {pk for claim, pairs in found for pk in (claim.pk, *(o.pk for o, _ in pairs))}
    if not any(pairs for _, pairs in found):
        return []
    # A superset of the pairs in question; written grows as this run suggests.
    written = set(
        ClaimMatch.objects.filter(claim__in=ids, candidate__in=ids).values_list(
            "claim_id", "candidate_id"
        )
    )
    group = dict(
        ClaimGroupMember.objects.filter(claim__in=ids).values_list(
            "claim_id", "group_id"
        )
    )
    matches = []
    for claim, pairs in found:
        for other, comparison in pairs:
            if {(claim.pk, other.pk), (other.pk, claim.pk)} & written:
                continue
            if claim.pk in group and group.get(other.pk) == group[claim.pk]:
                continue
            written.add((claim.pk, other.pk))
            matches.append(
                ClaimMatch(
                    claim=claim,
                    candidate=other,
                    score=comparison.score,
                    matched_words=comparison.matched_words,
                    differences=comparison.differences,
                )
            )
    try:
        with transaction.atomic():
            return ClaimMatch.objects.bulk_create(matches)
    except IntegrityError:
        # A second worker on the same claims wrote some pairs first: keep its rows.
        return [row for row in map(_written_unless_there, matches) if row is not None]


def _written_unless_there(match: ClaimMatch) -> ClaimMatch | None:
    row, created = ClaimMatch.objects.get_or_create(
        claim=match.claim,
        candidate=match.candidate,
        defaults={
            "score": match.score,
            "matched_words": match.matched_words,
            "differences": match.differences,
        },
    )
    return row if created else None


def suggest_on_commit(claim_ids: Iterable[int]) -> None:
    """Queue the suggestions of new claims once their transaction commits: an
    import stays as fast as before, and a rolled-back one asks for nothing."""
    ids = list(claim_ids)
    if not ids:
        return

    def queue():
        from coverage.tasks import suggest_claim_matches  # tasks imports workflow

        suggest_claim_matches.delay(ids)

    transaction.on_commit(queue, robust=True)


@dataclass
class Measurement:
    """What ``measure`` found: pairs by kind, and which of them were suggested."""

    threshold: float
    vendor: str
    pairs: dict[str, int] = field(default_factory=dict)
    suggested: dict[str, int] = field(default_factory=dict)
    flagged: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        called = self.true_positives + self.false_positives
        return self.true_positives / called if called else 1.0

    @property
    def recall(self) -> float:
        same = self.true_positives + self.false_negatives
        return self.true_positives / same if same else 1.0


def measure(pairs: Iterable[dict], *, threshold: float = THRESHOLD) -> Measurement:
    """Precision and recall of the suggestions on labelled pairs ``{"a", "b",
    "same", "kind"}``, through the database as an import would: every ``a`` is
    stored, then each ``b`` in turn asks for its candidates and scores them. All of
    it is rolled back."""
    result = Measurement(threshold=threshold, vendor=connection.vendor)
    pairs = list(pairs)
    with transaction.atomic():
        stored: dict[str, Claim] = {}
        for pair in pairs:
            if pair["a"] not in stored:
                stored[pair["a"]] = Claim.objects.create(text=pair["a"])
        for pair in pairs:
            with transaction.atomic():
                claim = Claim.objects.create(text=pair["b"])
                found = {
                    other.pk: comparison
                    for other, comparison in suggestions_for(
                        claim, threshold=threshold, limit=CANDIDATES
                    )
                }
                transaction.set_rollback(True)
            _count(result, pair, found.get(stored[pair["a"]].pk))
        transaction.set_rollback(True)
    return result


def _count(result: Measurement, pair: dict, comparison: Comparison | None) -> None:
    kind = pair.get("kind", "same" if pair["same"] else "different")
    result.pairs[kind] = result.pairs.get(kind, 0) + 1
    if comparison is None:
        if pair["same"]:
            result.false_negatives += 1
            result.misses.append(f"missed ({kind}): {pair['b']}")
        return
    result.suggested[kind] = result.suggested.get(kind, 0) + 1
    result.flagged += bool(comparison.differences)
    if pair["same"]:
        result.true_positives += 1
    else:
        result.false_positives += 1
        result.misses.append(f"wrongly suggested ({kind}): {pair['b']}")
