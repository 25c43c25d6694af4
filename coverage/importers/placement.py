"""Furniture that only its place on the page gives away (pure).

The line rules of ``cleaning`` judge each line alone. Some furniture reads like the
article and is told apart only by where it sits and what it repeats: a caption
printed again inside the credit under it, an author's bio closing the page, the
plan names between the prices of a subscription box. These rules look at a line's
neighbours, and at the page as a whole, after the line rules have run; they only
ever remove a whole line, and only a line that is a paragraph of its own. A pull
quote stays: the article's own words, which the benchmark golds keep too.
"""

import re
from dataclasses import dataclass

# Words that tell a removed line was a prompt to subscribe, sign up or follow.
_PROMPT = re.compile(
    r"\b(newsletters?|subscri\w*|sign(ing)? up|inbox|free trial|membership|"
    r"members?|follow (us|him|her|them)|/\s*(month|year|week)|per (month|year))\b",
    re.IGNORECASE,
)
# Words that tell a removed line was an image's caption, credit or counter.
_IMAGE = re.compile(
    r"\b(photos?|photograph\w*|images?|pictures?|gallery|slideshow|credits?|"
    r"getty|reuters|afp|ap|caption|view full size)\b|/",
    re.IGNORECASE,
)
# What a subscription costs: "$7/month", "£60 per person per year".
_PRICE = re.compile(r"^[$£€]\s?\d[\d,.]*\s*(/|per\s)", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“”]|\b(said|says|told)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:;,]['’\"”)]?$")
_SECOND_PERSON = re.compile(r"\b(you|your|yours)\b", re.IGNORECASE)
_NAME_WORD = r"[A-Z][a-z'’][\w'’.-]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|[A-Z]\.|de|van|von|der|al|bin)){{1,3}}"
_BARE_NAME = re.compile(rf"^{_NAME}$")
# "Jane Roe is a reporter for ...", "Jane Roe writes about ...": who wrote it.
_BIO = re.compile(
    rf"^(?P<name>{_NAME})\s+(?:(?:is|was)\s+(?:an?|the)\b[^.!?]{{0,120}}?\b"
    r"(?:reporter|writer|editor|author|correspondent|journalist|columnist|"
    r"contributor|producer|photographer|critic|blogger|novelist|host)s?\b"
    r"|(?:writes|reports|blogs)\s+(?:about|on|for)\b)",
)
_TRUNCATED = re.compile(r"^(?P<start>.{20,}?)\s*(?:\.\.\.|…)\s*read more\s*$", re.I)


@dataclass
class _Line:
    text: str
    kept: bool
    alone: bool  # a paragraph of its own

    @property
    def words(self) -> list[str]:
        return _words(self.text)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.casefold().replace("’", "'"))


def without_placed_furniture(
    page: list[list[str]], paragraphs: list[list[str]]
) -> list[list[str]]:
    """``paragraphs``, what the line rules kept of the ``page``'s paragraphs, without
    the lines that are furniture by their place on the page."""
    kept_lines = iter(line for para in paragraphs for line in para)
    kept, wanted = set(), next(kept_lines, None)
    for number, line in enumerate(line for para in page for line in para):
        if line == wanted:
            kept.add(number)
            wanted = next(kept_lines, None)
    kept -= placed_furniture(page, kept)
    result, number = [], 0
    for para in page:
        keep = [line for offset, line in enumerate(para) if number + offset in kept]
        number += len(para)
        if keep:
            result.append(keep)
    return result


def placed_furniture(paragraphs: list[list[str]], kept: set[int]) -> set[int]:
    """The numbers (counting every line of ``paragraphs`` in order) of the lines
    kept by the line rules that are furniture by their place on the page."""
    lines = [_Line(line, False, len(para) == 1) for para in paragraphs for line in para]
    for number in kept:
        lines[number].kept = True
    found: set[int] = set()
    for rule in (_authors_bio, _top_caption):
        found |= rule(lines)
    for number in found:
        lines[number].kept = False
    while changed := _beside_removed(lines):
        for number in changed:
            lines[number].kept = False
        found |= changed
    return found


def _beside_removed(lines: list[_Line]) -> set[int]:
    """Lines that belong to the removed line next to them: a caption printed again
    inside its credit, the full text under a truncated "… Read More" caption, a
    bare name under a photo, a tagline addressed to the reader under a sign-up
    prompt, the name of a plan over its price in a subscription box."""
    found = set()
    for number, line in enumerate(lines):
        if not (line.kept and line.alone) or _QUOTED.search(line.text):
            continue
        before = lines[number - 1] if number and not lines[number - 1].kept else None
        after = lines[number + 1] if number + 1 < len(lines) else None
        after = after if after is not None and not after.kept else None
        if _belongs_to(line.text, before, after, lines, number):
            found.add(number)
    return found


def _belongs_to(
    text: str,
    before: _Line | None,
    after: _Line | None,
    lines: list[_Line],
    number: int,
) -> bool:
    """Whether ``text`` goes with the removed lines ``before`` or ``after`` it."""
    length = len(text.split())
    removed = [n.text for n in (before, after) if n is not None]
    if length >= 3 and any(text in other for other in removed):
        return True
    if before is not None and (
        _expands(before.text, text)
        or (_IMAGE.search(before.text) and _is_named_in(text, lines, number))
        or (
            _PROMPT.search(before.text)
            and length <= 15
            and _SECOND_PERSON.search(text) is not None
        )
    ):
        return True
    return (
        after is not None
        and length <= 3
        and not _SENTENCE_END.search(text)
        and _PRICE.match(after.text) is not None
    )


def _is_named_in(line: str, lines: list[_Line], number: int) -> bool:
    """A bare name inside the article whose surname the article uses too, in the
    middle of a line: a person, where a subheading in title case ("Regional Woes")
    has words the article prints in lower case. A byline ("By Jane Roe") and any
    name over the first paragraph stay for the byline rules of ``cleaning``."""
    if not _BARE_NAME.match(line) or line.casefold().startswith("by "):
        return False
    if not any(
        other.kept and _SENTENCE_END.search(other.text) for other in lines[:number]
    ):
        return False
    surname = re.compile(rf"\w[\s,]+{re.escape(line.split()[-1])}\b")
    return any(
        other.kept and surname.search(other.text)
        for n, other in enumerate(lines)
        if n != number
    )


def _expands(truncated: str, line: str) -> bool:
    match = _TRUNCATED.match(truncated)
    return bool(match) and line.startswith(match.group("start"))


def _authors_bio(lines: list[_Line]) -> set[int]:
    """The closing lines about whoever wrote the piece: "Jane Roe is a reporter
    for ...", and her name alone above it. A person the article is about is named
    before; a bio names someone the article never mentioned."""
    found = set()
    tail = [n for n, line in enumerate(lines) if line.kept][-3:]
    for number in tail:
        line = lines[number]
        bio = _BIO.match(line.text)
        if not (line.alone and bio) or len(line.text.split()) > 45:
            continue
        name = bio.group("name")
        surname = re.compile(rf"\b{re.escape(name.split()[-1])}\b")
        if any(
            surname.search(lines[n].text)
            for n in range(number)
            if lines[n].kept and lines[n].text != name
        ):
            continue
        found.add(number)
        found.update(n for n in range(number) if lines[n].text == name)
    return found


def _top_caption(lines: list[_Line]) -> set[int]:
    """A short caption over the first paragraph, naming what the photo shows in
    the words the paragraph then uses: "Sony's PlayStation VR." over "Sony's
    PlayStation VR is extremely comfortable ..."."""
    kept = [n for n, line in enumerate(lines) if line.kept]
    if len(kept) < 2:
        return set()
    first, second = lines[kept[0]], lines[kept[1]]
    words = [w for w in first.words if len(w) > 2]
    if (
        first.alone
        and first.text.endswith(".")
        and len(words) >= 2
        and len(first.text.split()) <= 6
        and len(second.words) > 3 * len(first.words)
        and set(words) <= set(second.words)
    ):
        return {kept[0]}
    return set()
