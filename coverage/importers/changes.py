"""How much a new version of an article changed it, and why (pure).

``grade_change(old, new, claims=...)`` aligns the two texts paragraph by paragraph
(difflib), compares each pair word by word and gives the change one grade with
the reasons for it:

- *cosmetic*: only whitespace, punctuation or capitals, the dateline, or the
  order of the byline's names;
- *minor*: a few words, with no figure, name, quote or claim sentence changed;
- *substantive*: a figure (``quantities``), a name (``names``), a quotation or a
  claim sentence changed, a paragraph added, removed or rewritten.

The outlet's own notice in the new text ("Correction:", "An earlier version of
this story ...") is found and returned: the outlet acknowledged the change. The
notice itself is not counted as an added paragraph.

``diff_versions(old, new)`` is the same alignment as data for a page to show:
each paragraph's words kept, deleted and inserted.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from coverage.importers import names
from coverage.importers.quantities import Quantity, find_quantities

COSMETIC = "cosmetic"
MINOR = "minor"
SUBSTANTIVE = "substantive"
GRADES = (COSMETIC, MINOR, SUBSTANTIVE)

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"

REWRITTEN_BELOW = 0.5
"""A paragraph whose words are less than this alike is rewritten, not edited."""

MINOR_WORDS = 12
"""More words changed than this in one paragraph is more than a few words."""

_NOTICE = re.compile(
    r"^\W*(?:(?:correction|clarification|editor[’']s note|update)\s*[:—–-]"
    r"|an earlier version of this (?:story|article|report|piece)"
    r"|this (?:story|article|report|piece) (?:has been|was) "
    r"(?:updated|corrected|amended|changed)"
    r"|(?:updated|corrected) to (?:correct|clarify|reflect|fix|remove|add))",
    re.IGNORECASE,
)
# "WASHINGTON (AP) — ", "LONDON, Dec 1 (Reuters) - ", "Updated 3.40pm GMT".
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]*)*(?:,?\s+[A-Z][a-z]{2,8}\.?"
    r"\s+\d{1,2})?\s*(?:\([^)]{1,40}\))?\s*[—–-]+\s*"
    r"|(?:updated|published|last modified)\b[^\n]{0,60}?\d[^\n]{0,30}?"
    r"(?:[ap]\.?m\.?|gmt|bst|utc|et|pt)\.?\s*)",
)
_TOKEN = re.compile(r"\s+|[\w’'.,%$£€-]*\w[\w’'%]*|[^\w\s]")
_QUOTE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z0-9])")
_CAPITALISED = re.compile(r"^[A-Z][\w’'.-]*$")


@dataclass(frozen=True)
class Change:
    """The grade of one change, why, and the outlet's own notice of it."""

    grade: str
    reasons: tuple[str, ...]
    notice: str = ""

    @property
    def acknowledged(self) -> bool:
        return bool(self.notice)


@dataclass(frozen=True)
class ParagraphDiff:
    """One aligned paragraph: ``number`` counts in the new text (in the old for a
    removed one); ``segments`` are (EQUAL | DELETE | INSERT, text)."""

    status: str
    number: int
    segments: tuple[tuple[str, str], ...]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def cosmetic_key(text: str) -> str:
    """What is left when whitespace, punctuation, capitals and the dateline go."""
    text = _DATELINE.sub("", text.strip())
    return " ".join(re.findall(r"\w+", text.casefold()))


def is_notice(paragraph: str) -> bool:
    return bool(_NOTICE.match(paragraph))


def byline_names(byline: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|&|\band\b|\bwith\b)\s*", byline.strip())
    return [p for p in (re.sub(r"^by\s+", "", p, flags=re.I) for p in parts) if p]


def _align(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Pairs of (old index, new index); None on one side for a paragraph only the
    other has. Paragraphs pair when their cosmetic keys match, then, inside a
    replaced run, when they share at least half their words."""
    keys_old = [cosmetic_key(p) for p in old]
    keys_new = [cosmetic_key(p) for p in new]
    pairs: list[tuple[int | None, int | None]] = []
    matcher = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == EQUAL:
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        j = j1
        for i in range(i1, i2):
            found = next(
                (
                    k
                    for k in range(j, j2)
                    if _words_alike(keys_old[i], keys_new[k]) >= REWRITTEN_BELOW
                ),
                None,
            )
            if found is None:
                pairs.append((i, None))
                continue
            pairs.extend((None, k) for k in range(j, found))
            pairs.append((i, found))
            j = found + 1
        pairs.extend((None, k) for k in range(j, j2))
    return pairs


def _words_alike(a: str, b: str) -> float:
    return SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_words(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """(EQUAL | DELETE | INSERT, text) runs: a replaced run is its deletion, then
    its insertion."""
    a, b = _tokens(old), _tokens(new)
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == EQUAL:
            segments.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            segments.append((INSERT, "".join(b[j1:j2])))
    return tuple(segments)


def diff_versions(old: str, new: str) -> list[ParagraphDiff]:
    old_paragraphs, new_paragraphs = paragraphs(old), paragraphs(new)
    result = []
    for i, j in _align(old_paragraphs, new_paragraphs):
        if j is None:
            result.append(ParagraphDiff(REMOVED, i + 1, ((DELETE, old_paragraphs[i]),)))
        elif i is None:
            result.append(ParagraphDiff(ADDED, j + 1, ((INSERT, new_paragraphs[j]),)))
        elif old_paragraphs[i] == new_paragraphs[j]:
            result.append(ParagraphDiff(SAME, j + 1, ((EQUAL, new_paragraphs[j]),)))
        else:
            segments = diff_words(old_paragraphs[i], new_paragraphs[j])
            result.append(ParagraphDiff(CHANGED, j + 1, segments))
    return result


def grade_change(
    old: str,
    new: str,
    *,
    claims: Iterable[str] = (),
    old_headline: str = "",
    new_headline: str = "",
    old_byline: str = "",
    new_byline: str = "",
) -> Change:
    """Grade the change of an article's text from ``old`` to ``new``; ``claims``
    are the sentences the old version is quoted for (its claim appearances)."""
    reasons: dict[str, str] = {}  # reason -> grade, in the order found
    old_paragraphs, new_paragraphs = paragraphs(old), paragraphs(new)
    people = _names(old) | _names(new)
    old_notices = {cosmetic_key(p) for p in old_paragraphs if is_notice(p)}
    notices = [
        p for p in new_paragraphs if is_notice(p) and cosmetic_key(p) not in old_notices
    ]
    for i, j in _align(old_paragraphs, new_paragraphs):
        if j is None:
            reasons[f"paragraph {i + 1} removed"] = SUBSTANTIVE
        elif i is None:
            if new_paragraphs[j] in notices:
                reasons[f"correction notice added as paragraph {j + 1}"] = MINOR
            else:
                reasons[f"paragraph {j + 1} added"] = SUBSTANTIVE
        else:
            reasons.update(
                _compare(
                    old_paragraphs[i], new_paragraphs[j], f"paragraph {j + 1}", people
                )
            )
    if old_headline != new_headline and old_headline and new_headline:
        found = _compare(old_headline, new_headline, "the headline", people)
        reasons.update(found or {"headline changed": MINOR})
    if old_byline != new_byline and old_byline and new_byline:
        if sorted(byline_names(old_byline)) == sorted(byline_names(new_byline)):
            reasons["byline order changed"] = COSMETIC
        else:
            reasons[f"byline {old_byline} → {new_byline}"] = MINOR
    reasons.update(_claims_changed(claims, old, new))
    grade = max(reasons.values(), key=GRADES.index, default=COSMETIC)
    return Change(grade, tuple(reasons), notices[0] if notices else "")


def _compare(old: str, new: str, where: str, people: set[str]) -> dict[str, str]:
    """The reasons one paragraph's edit gives, each with its grade."""
    if old == new:
        return {}
    found: dict[str, str] = {}
    dateline_old, dateline_new = _dateline(old), _dateline(new)
    if " ".join(dateline_old.split()) != " ".join(dateline_new.split()):
        found["dateline changed"] = COSMETIC
        old, new = old[len(dateline_old) :], new[len(dateline_new) :]
    if old == new:
        return found
    if cosmetic_key(old) == cosmetic_key(new):
        if " ".join(old.split()) == " ".join(new.split()):
            return {**found, f"whitespace in {where}": COSMETIC}
        return {**found, f"punctuation in {where}": COSMETIC}
    for before, after in _figures_changed(old, new):
        found[f"figure {before} → {after} in {where}"] = SUBSTANTIVE
    for before, after in _names_changed(old, new, people):
        found[f"name {before} → {after} in {where}"] = SUBSTANTIVE
    if _quotes(old) != _quotes(new) and _quotes(old) | _quotes(new):
        found[f"quotation changed in {where}"] = SUBSTANTIVE
    alike = _words_alike(cosmetic_key(old), cosmetic_key(new))
    if alike < REWRITTEN_BELOW:
        found[f"{where} rewritten"] = SUBSTANTIVE
    elif not found:
        changed = _words_changed(old, new)
        many = changed > MINOR_WORDS
        found[f"{changed} word{'s' * (changed != 1)} changed in {where}"] = (
            SUBSTANTIVE if many else MINOR
        )
    return found


def _dateline(text: str) -> str:
    match = _DATELINE.match(text)
    return match.group(0) if match else ""


def _words_changed(old: str, new: str) -> int:
    a, b = cosmetic_key(old).split(), cosmetic_key(new).split()
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1)
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != EQUAL
    )


def _figure_key(figure: Quantity) -> tuple:
    return (figure.value, figure.low, figure.high, figure.unit)


def _figures_changed(old: str, new: str) -> list[tuple[str, str]]:
    """(old surface or "none", new surface or "none") for each figure that differs."""
    a, b = find_quantities(old), find_quantities(new)
    matcher = SequenceMatcher(
        None, [_figure_key(q) for q in a], [_figure_key(q) for q in b], autojunk=False
    )
    changed = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == EQUAL:
            continue
        before = [q.surface for q in a[i1:i2]]
        after = [q.surface for q in b[j1:j2]]
        for k in range(max(len(before), len(after))):
            changed.append(
                (
                    before[k] if k < len(before) else "none",
                    after[k] if k < len(after) else "none",
                )
            )
    return changed


def _names(text: str) -> set[str]:
    """The people and bodies an article names, as ``names`` reads them."""
    known = names.Article(text)
    found = {person.name for person in known.people.values()}
    return found | {name for name in known.organisation_names if " " in name}


def _names_changed(old: str, new: str, people: set[str]) -> list[tuple[str, str]]:
    """Names one paragraph has that the other lacks, paired in order. A known name
    counts whole ("Jane Roe"); a capitalised word that changed mid-sentence counts
    too, for a name the article gives no other sign of."""
    in_old = {name for name in people if name in old}
    in_new = {name for name in people if name in new}
    gone = sorted(in_old - in_new, key=old.index)
    came = sorted(in_new - in_old, key=new.index)
    if not gone and not came:
        gone, came = _capitalised_changes(old, new)
    return [
        (
            gone[k] if k < len(gone) else "none",
            came[k] if k < len(came) else "none",
        )
        for k in range(max(len(gone), len(came)))
    ]


def _capitalised_changes(old: str, new: str) -> tuple[list[str], list[str]]:
    gone, came = [], []
    for op, text in diff_words(old, new):
        words = [w for w in text.split() if _CAPITALISED.match(w.strip("“”\"'(),"))]
        if op == DELETE:
            gone.extend(w.strip("“”\"'(),.") for w in words)
        elif op == INSERT:
            came.extend(w.strip("“”\"'(),.") for w in words)
    # A capital that only moved (a sentence now starting elsewhere) is no name.
    return [w for w in gone if w not in came], [w for w in came if w not in gone]


def _quotes(text: str) -> set[str]:
    return {cosmetic_key(q) for q in _QUOTE.findall(text)}


def closest_sentence(sentence: str, text: str) -> tuple[float, str]:
    """The sentence of ``text`` most like ``sentence``, and how alike (0 to 1)."""
    key = cosmetic_key(sentence)
    candidates = [s for p in paragraphs(text) for s in _SENTENCE.split(p)]
    return max(
        ((_words_alike(key, cosmetic_key(s)), s) for s in candidates),
        key=lambda found: found[0],
        default=(0.0, ""),
    )


def _claims_changed(claims: Iterable[str], old: str, new: str) -> dict[str, str]:
    """A claim sentence the old text quoted and the new one no longer does."""
    new_key = cosmetic_key(new)
    found = {}
    for claim in dict.fromkeys(claims):
        if claim not in old or cosmetic_key(claim) in new_key:
            continue
        short = claim if len(claim) <= 80 else claim[:77].rstrip() + "…"
        alike, _nearest = closest_sentence(claim, new)
        verb = "changed" if alike >= REWRITTEN_BELOW else "removed"
        found[f"claim sentence {verb}: “{short}”"] = SUBSTANTIVE
    return found
