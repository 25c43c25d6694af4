"""The figures a claim states, as data (pure).

``find_quantities(text) -> list[Quantity]``: each figure with its offsets
(``text[start:end] == surface``), its value or range, unit and qualifier ("more
than", "about"), and the noun it counts or measures. quantulum3 finds the figures
and units ("80-metre", "1-2 tonnes", "$3.5 million", "35 years", "4.5%"); vague
counts it leaves out ("hundreds of thousands", "dozens") are read here as ranges,
and plain counts ("700 walruses": a number and a word that is no unit) are read here
without it, for speed. pint converts each unit to base units, so "80 metres" and "260 feet" compare as
lengths. Calendar years are dates, not figures, and are left out.

``conflicts(figures)`` pairs the figures of different claims that give the same
quantity (same ``measure``: dimension, base unit and noun) different values.
"""

import math
import re
import warnings
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from functools import cache

COUNT = "count"

# Checked in this order: "no more than" is "up to", not "more than".
_QUALIFIERS = [
    ("at_least", r"at least|no fewer than|no less than|a minimum of"),
    ("up_to", r"up to|as many as|as much as|a maximum of|at most|no more than"),
    ("more_than", r"more than|over|in excess of|upwards of|above"),
    ("less_than", r"less than|fewer than|under|below"),
    (
        "about",
        r"about|around|roughly|approximately|some|nearly|almost|an estimated|"
        r"estimated|close to|circa|c\.|an? approximate",
    ),
]
_QUALIFIER_BEFORE = [
    (name, re.compile(rf"\b(?:{words})\s*$", re.IGNORECASE))
    for name, words in _QUALIFIERS
]
# Vague counts: "hundreds of thousands" is 200,000 to 999,999.
_SCALES = {
    "dozens": 12,
    "scores": 20,
    "tens": 10,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
}
_VAGUE = re.compile(
    r"\b(dozens|scores|tens|hundreds|thousands|millions|billions)"
    r"(?:\s+of\s+(thousands|millions|billions))?\b",
    re.IGNORECASE,
)
# "£20bn", "$3m": shorthand quantulum3 reads as units of its own.
_MONEY = re.compile(r"([£$€])\s?(\d[\d,]*(?:\.\d+)?)\s?(bn|m|k|tn)?", re.IGNORECASE)
_CURRENCIES = {"£": "pound sterling", "$": "dollar", "€": "euro"}
_SHORT_SCALES = {"k": 1e3, "m": 1e6, "bn": 1e9, "tn": 1e12}
# quantulum3 takes a few milliseconds a sentence; most have no figure at all.
_MAY_HOLD_FIGURE = re.compile(
    r"\d|[£$€¥]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|"
    r"trillion|dozen|score|half|third|quarter|fifth|tenth|percent|twice|double|"
    r"triple|single|pair|couple)s?\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SKIPPED_AFTER = frozenset({"of", "the", "a", "an", "more", "other", "adult", "new"})
_NOT_NOUNS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "from",
        "with",
        "and",
        "or",
        "but",
        "than",
        "as",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "our",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "must",
        "should",
        "do",
        "did",
        "does",
        "died",
        "dead",
        "killed",
        "high",
        "tall",
        "long",
        "deep",
        "wide",
        "away",
        "old",
        "ago",
        "later",
        "earlier",
        "each",
        "every",
        "per",
        "apiece",
        "more",
        "less",
        "fewer",
        "most",
        "least",
        "over",
        "under",
        "about",
        "around",
        "roughly",
        "up",
        "down",
        "off",
        "out",
        "there",
        "here",
        "who",
        "which",
        "when",
        "where",
        "what",
        "while",
        "after",
        "before",
        "since",
        "until",
        "during",
        "between",
        "among",
        "said",
        "says",
        "told",
        "also",
        "just",
        "only",
        "still",
        "even",
        "already",
        "ever",
        "never",
        "now",
        "then",
        "so",
        "such",
        "very",
        "too",
        "much",
        "many",
        "some",
        "any",
        "no",
        "not",
        "all",
        "both",
    ]
)
_CLAUSE_BREAK = re.compile(
    r"[,;:“”\"(]|\b(?:said|says|told|that|and|but|because|while|whereas)\b"
)
_VERB_AFTER_NOUN = re.compile(
    r"\b(?:can|could|may|might|will|would|is|are|was|were|has|have|had|weigh|"
    r"weighs|weighed|measure|measures|measured|stands|stood|rises|rose|reach|"
    r"reaches|reached|stretch|stretches|grew|grow|grows|fell|fall|falls|cost|"
    r"costs|numbered|number|numbers|total|totals|totalled)\b",
    re.IGNORECASE,
)
# The words after "400-metre", up to punctuation: "flood wall would".
_COMPOUND = re.compile(r"-?[A-Za-z]*\s+((?:[A-Za-z][\w'’]*\s?){1,3})")
_DETERMINED = re.compile(
    r"\b(?:the|a|an|its|this|that|their|his|her)\s+([A-Za-z][\w-]*)", re.IGNORECASE
)


@dataclass(frozen=True)
class Quantity:
    """One figure. A single value has ``value``; a range (or a vague count) has
    ``low`` and ``high`` instead. ``unit`` is quantulum3's name ("metre"), empty
    for a plain count; ``dimension`` its kind ("length", "currency", "count",
    "unknown"). ``measure`` is what makes two figures the same quantity, empty
    when the figure cannot be compared; ``compare_low``/``compare_high`` are the
    figure in the measure's base unit."""

    surface: str
    start: int
    end: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str = ""
    dimension: str = COUNT
    qualifier: str = ""
    noun: str = ""
    measure: str = ""
    compare_low: float | None = None
    compare_high: float | None = None


def find_quantities(text: str) -> list[Quantity]:
    plain = _plain_counts(text) + _plain_money(text)
    found = plain + [q for q in _library_quantities(text, skip=plain) if q is not None]
    taken = [(q.start, q.end) for q in found]
    for match in _VAGUE.finditer(text):
        if not any(match.start() < end and match.end() > start for start, end in taken):
            found.append(_vague(text, match))
    return sorted(found, key=lambda q: q.start)


def conflicts(
    figures: Iterable[tuple[Hashable, Quantity]], *, tolerance: float
) -> list[tuple]:
    """Pairs ``((owner, figure), (owner, figure))`` of figures of different owners
    (claims) with the same measure whose ranges do not overlap, allowing
    ``tolerance`` (0.05: 5%): "more than 600 walruses" and "about 200 walruses"
    conflict, "1-2 tonnes" and "1.5 tonnes" do not. Figures are anything with
    ``measure``, ``compare_low`` and ``compare_high`` (a ``ClaimQuantity`` too)."""
    by_measure: dict[str, list[tuple[Hashable, Quantity]]] = {}
    for owner, figure in figures:
        if figure.measure and figure.compare_low is not None:
            by_measure.setdefault(figure.measure, []).append((owner, figure))
    pairs = []
    for group in by_measure.values():
        for i, (owner, figure) in enumerate(group):
            for other_owner, other in group[i + 1 :]:
                if owner != other_owner and _apart(figure, other, tolerance):
                    pairs.append(((owner, figure), (other_owner, other)))
    return pairs


def _apart(a, b, tolerance: float) -> bool:
    stretch = 1 + tolerance
    return a.compare_low > b.compare_high * stretch or (
        a.compare_high < b.compare_low / stretch
    )


@cache
def _parser():
    """quantulum3 loads its language data on first use (a few seconds, once per
    process). Without the optional classifier it warns, and disambiguates units
    by frequency instead, which is enough for news figures."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

        parser.parse("1 metre")
    return parser


@cache
def _units():
    import pint

    return pint.UnitRegistry()


# "700 walruses": a number and a word that names no unit is a count, read here;
# quantulum3 reads the rest.
_PLAIN_COUNT = re.compile(
    r"(?<![\w$£€¥.,\-/])(\d{1,3}(?:,\d{3})+|\d+)(?![\w%.,\-/])(?=\s+([a-z][a-z'’-]*))"
)
_SCALE_WORDS = frozenset(
    [
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "trillion",
        "dozen",
        "dozens",
        "percent",
        "per",
        "of",
        "to",
        "and",
        "or",
    ]
)


def _plain_counts(text: str) -> list[Quantity]:
    units = _unit_words()
    found = []
    for match in _PLAIN_COUNT.finditer(text):
        word = match.group(2).lower()
        if word in _SCALE_WORDS or word in units or _YEAR.match(match.group(1)):
            continue
        figure = Quantity(
            surface=match.group(1),
            start=match.start(1),
            end=match.end(1),
            value=float(match.group(1).replace(",", "")),
            qualifier=_qualifier(text, match.start(1)),
        )
        found.append(_comparable(text, figure))
    return found


# "£523 million", "$3.5m", "€20bn" with no unit, range or rate after them: read
# here as quantulum3 reads them (a pound sterling, dollar or euro amount).
_PLAIN_MONEY = re.compile(
    r"(?<![\w$£€¥.,\-/])([£$€])\s?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?:\s?(million|billion|trillion|bn|m|k|tn))?(?![\w%.,\-/])"
    r"(?=\s+([a-z][a-z'’-]*)|[;:)]|\.(?!\d)|\s*$)"
)
_SCALE_NAMES = {"million": "m", "billion": "bn", "trillion": "tn"}


def _plain_money(text: str) -> list[Quantity]:
    units = _unit_words()
    found = []
    for match in _PLAIN_MONEY.finditer(text):
        word = (match.group(4) or "").lower()
        if word in _SCALE_WORDS or word in units:
            continue
        scale = (match.group(3) or "").lower()
        value, unit, entity = _money(
            _MONEY.fullmatch(
                f"{match.group(1)}{match.group(2)}{_SCALE_NAMES.get(scale, scale)}"
            )
        )
        figure = Quantity(
            surface=match.group(0),
            start=match.start(),
            end=match.end(),
            value=value,
            unit=unit,
            dimension=entity,
            qualifier=_qualifier(text, match.start()),
        )
        found.append(_comparable(text, figure))
    return found


@cache
def _unit_words() -> frozenset[str]:
    from quantulum3 import load

    _parser()  # loads the language data, warnings silenced
    units = load.units("en_US")
    return frozenset(units.surfaces_lower) | frozenset(units.symbols_lower)


def _library_quantities(text: str, *, skip: list[Quantity]):
    """quantulum3's figures, read from the stretch of text around each number
    not read already: its time grows with the length of what it reads."""
    found = []
    for start, end in _windows(text, skip):
        try:
            parsed = _parser().parse(text[start:end])
        except Exception:
            # A figure quantulum3 cannot read is left out; the claim is still stored.
            continue
        found.extend(
            _from_library(text, q, offset=start)
            for q in parsed
            if not any(
                p.start < q.span[1] + start and p.end > q.span[0] + start for p in skip
            )
        )
    return found


WINDOW = 40  # characters read either side of a number


def _windows(text: str, skip: list[Quantity]) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    years = _bare_years(text)
    for match in _MAY_HOLD_FIGURE.finditer(text):
        if any(q.start <= match.start() < q.end for q in skip) or any(
            start <= match.start() < end for start, end in years
        ):
            continue
        start = text.rfind(" ", 0, max(0, match.start() - WINDOW)) + 1
        end = text.find(" ", match.end() + WINDOW)
        end = len(text) if end == -1 else end
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


# "in 1998", "since 2004,": a calendar year alone, with no unit, scale, range or
# figure next to it, is a date quantulum3 would read only for it to be left out.
_BARE_YEAR = re.compile(
    r"(?<![\w$£€¥.,\-/])(?:1[5-9]\d\d|20\d\d)(?![\w%\-/]|[.,]\d)"
    r"(?=\s+([A-Za-z][a-z'’-]*)|[;:)!?]|[.,](?!\d)|\s*$)"
)


def _bare_years(text: str) -> list[tuple[int, int]]:
    units = _unit_words()
    found = []
    for match in _BARE_YEAR.finditer(text):
        after = (match.group(1) or "").lower()
        before = _WORD.findall(text[max(0, match.start() - 20) : match.start()])
        if after in _SCALE_WORDS or after in units or after in _RANGE_WORDS:
            continue
        if before and before[-1].lower() in _RANGE_WORDS:
            continue
        found.append((match.start(), match.end()))
    return found


_RANGE_WORDS = frozenset(["to", "and", "or", "between", "from", "through", "until"])


def _from_library(text: str, parsed, *, offset: int) -> Quantity | None:
    start, end = parsed.span[0] + offset, parsed.span[1] + offset
    surface = text[start:end]
    if not surface.strip() or surface != parsed.surface:
        return None
    value = float(parsed.value)
    spread = float(parsed.uncertainty or 0)
    if not (math.isfinite(value) and math.isfinite(spread)):
        return None
    entity = parsed.unit.entity.name
    unit = parsed.unit.name
    if entity == "unknown" and (money := _MONEY.fullmatch(surface)):
        value, unit, entity = _money(money)
    elif unit == "percentage":
        entity = "percentage"
    elif unit == "dimensionless":
        if _YEAR.match(surface.strip()):
            return None  # a date, not a figure
        unit, entity = "", COUNT
    low, high = (value - spread, value + spread) if spread else (None, None)
    figure = Quantity(
        surface=surface,
        start=start,
        end=end,
        value=None if spread else value,
        low=low,
        high=high,
        unit=unit,
        dimension=entity,
        qualifier=_qualifier(text, start),
    )
    return _comparable(text, figure)


def _money(match: re.Match) -> tuple[float, str, str]:
    scale = _SHORT_SCALES.get((match.group(3) or "").lower(), 1)
    value = float(match.group(2).replace(",", "")) * scale
    return value, _CURRENCIES[match.group(1)], "currency"


def _vague(text: str, match: re.Match) -> Quantity:
    scale = _SCALES[match.group(1).lower()]
    if match.group(2):
        scale *= _SCALES[match.group(2).lower()]
    low, high = 2 * scale, 10 * scale - 1
    figure = Quantity(
        surface=match.group(0),
        start=match.start(),
        end=match.end(),
        low=float(low),
        high=float(high),
        qualifier=_qualifier(text, match.start()),
    )
    return _comparable(text, figure)


def _qualifier(text: str, start: int) -> str:
    before = text[max(0, start - 30) : start]
    for name, pattern in _QUALIFIER_BEFORE:
        if pattern.search(before):
            return name
    return ""


def _comparable(text: str, figure: Quantity) -> Quantity:
    """The figure with its noun, measure and range in base units."""
    noun = _noun(text, figure)
    ends = [v for v in (figure.value, figure.low, figure.high) if v is not None]
    base_unit, converted = _in_base_units(figure, ends)
    if not noun or converted is None:
        return replace(figure, noun=noun)
    measure = f"{figure.dimension}:{base_unit}:{noun}"
    return replace(
        figure,
        noun=noun,
        measure=measure[:200],
        compare_low=min(converted),
        compare_high=max(converted),
    )


def _in_base_units(figure: Quantity, values: list[float]):
    """(base unit, values in it), or (unit, values) for a unit pint does not know
    (compared only with the same unit), or (None, None) for an unknown one."""
    if figure.dimension == "unknown":
        return None, None
    if figure.dimension in (COUNT, "currency", "dimensionless") or not figure.unit:
        return figure.unit, values
    registry = _units()
    try:
        converted = [
            registry.Quantity(v, figure.unit.replace(" ", "_")).to_base_units()
            for v in values
        ]
    except Exception:
        return figure.unit, values
    magnitudes = [float(q.magnitude) for q in converted]
    if not all(math.isfinite(m) for m in magnitudes):
        return None, None
    return str(converted[0].units), magnitudes


def _noun(text: str, figure: Quantity) -> str:
    """What the figure counts or measures, singular and lower case: the word after
    a count ("600 walruses"), the last of a compound ("400-metre flood wall"); for a
    measure stated after its subject ("the cliff is 80 metres high"), that
    subject."""
    hyphenated = "-" in figure.surface or text[figure.end : figure.end + 1] == "-"
    if hyphenated and (compound := _COMPOUND.match(text, figure.end)):
        words = [w.lower() for w in compound.group(1).split()]
        words = words[: next((i for i, w in enumerate(words) if w in _NOT_NOUNS), 3)]
        if words:
            return _singular(words[-1])
    after = _words(text[figure.end : figure.end + 60])
    while after and after[0].lower() in _SKIPPED_AFTER:
        after = after[1:]
    if after and (figure.dimension == COUNT or hyphenated):
        word = after[0].lower()
        if word not in _NOT_NOUNS:
            return _singular(word)
        if figure.dimension == COUNT:
            return ""
    return _subject_before(text[: figure.start])


def _subject_before(before: str) -> str:
    clause = _CLAUSE_BREAK.split(before[-160:])[-1]
    determined = _DETERMINED.search(clause)
    if determined and determined.group(1).lower() not in _NOT_NOUNS:
        return _singular(determined.group(1).lower())
    verb = _VERB_AFTER_NOUN.search(clause)
    words = _words(clause[: verb.start()] if verb else clause)
    words = [w.lower() for w in words if w.lower() not in _NOT_NOUNS]
    return _singular(words[-1]) if words else ""


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


@cache
def _inflect():
    import inflect

    return inflect.engine()


@cache
def _singular(word: str) -> str:
    word = word.strip("'’-")[:100]
    return _inflect().singular_noun(word) or word
