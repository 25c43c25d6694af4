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
# A line ending as a sentence or a clause does (the cleaner's test too).
SENTENCE_END = re.compile(r"[.!?…:;,]['’\"”)]?$")
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
    for rule in (
        _authors_bio,
        _top_caption,
        _top_widget_label,
        _pointing_at_its_picture,
        _caption_over_its_credit,
        _interrupting_a_quote,
        _sentences_without_a_stop,
        _over_a_heading,
    ):
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
        and not SENTENCE_END.search(text)
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
        other.kept and SENTENCE_END.search(other.text) for other in lines[:number]
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


# A line that opens with a label and a colon ("Internal memo: ...", "More
# information: ..."): the line rules of ``cleaning`` judge it by its label, and the
# benchmark golds keep the inline teasers printed so.
_LABELLED = re.compile(r"^[^:.!?]{1,40}:\s")
# What ends a post embedded as text: its link, a handle or a hashtag.
_LINK_END = re.compile(r"(https?://|www\.|\w\.\w{2,}/|[@#])\S*$")
# A sentence's end inside a line: a word in lower case, its stop and a capital;
# neither "U.S. Flag" nor a list's "1. Upsell".
_SENTENCE_BREAK = re.compile(r"[^\W\dA-Z_]{2}[.!?]['’\"”]?\s+['‘\"“]?[A-Z]")
_OPENING_QUOTE = re.compile(r"^['‘\"“]")
_SPEECH = re.compile(
    r"[\"“”]|\b(said|says|told|tells|added|adds|explained|explains|recalled|"
    r"recalls|wrote|writes)\b",
    re.IGNORECASE,
)
_SPEECH_VERB = re.compile(
    r"\b(said|says|told|tells|added|adds|explained|explains|continued|continues|"
    r"recalled|recalls|went on|insisted|insists|noted|notes)\b",
    re.IGNORECASE,
)
_PRONOUN_SPEECH = re.compile(
    rf"\b(he|she|they|we)\s+{_SPEECH_VERB.pattern}|{_SPEECH_VERB.pattern}\s+"
    r"(he|she|they)\b",
    re.IGNORECASE,
)
# A caption that points at its picture: "... so this photo from the council will
# have to do", "This image released by the police shows ...".
_POINTS_AT_PICTURE = re.compile(
    r"\b(this|these) (\w+ )?(photos?|images?|pictures?|photographs?|screenshots?|"
    r"stills?)( \w+)?,? (from|provided|released|taken|supplied|shows?|courtesy|"
    r"made available|obtained|posted)\b",
    re.IGNORECASE,
)


def _stopless(line: _Line) -> bool:
    """A kept paragraph of one line without a closing stop that is neither a name
    (a byline), a labelled line nor an embedded post: a heading, a caption or a
    teaser."""
    return (
        line.kept
        and line.alone
        and not SENTENCE_END.search(line.text)
        and not _BARE_NAME.match(line.text)
        and not _LABELLED.match(line.text)
        and not _LINK_END.search(line.text)
        and len(line.text.split()) <= 60
    )


def _kept_neighbours(lines: list[_Line], number: int) -> tuple[_Line | None, ...]:
    before = next((lines[n] for n in range(number - 1, -1, -1) if lines[n].kept), None)
    after = next(
        (lines[n] for n in range(number + 1, len(lines)) if lines[n].kept), None
    )
    return before, after


def _is_sentence(line: _Line | None) -> bool:
    return line is not None and SENTENCE_END.search(line.text) is not None


def _top_widget_label(lines: list[_Line]) -> set[int]:
    """A short label closing on a colon over the first paragraph, alone: a search
    box's or a player's ("Station Search:"). The article's own colon closes a
    sentence that leads into a quote or a list, and the lede is no list."""
    kept = [n for n, line in enumerate(lines) if line.kept]
    found = set()
    for position, number in enumerate(kept):
        line = lines[number]
        is_label = (
            line.alone and line.text.endswith(":") and len(line.text.split()) <= 5
        )
        if not is_label:
            if _is_sentence(line):
                break
            continue
        after = lines[kept[position + 1]] if position + 1 < len(kept) else None
        if (
            after is not None
            and after.alone
            and _is_sentence(after)
            and len(after.text.split()) >= 12
        ):
            found.add(number)
    return found


def _pointing_at_its_picture(lines: list[_Line]) -> set[int]:
    """A short paragraph that speaks of "this photo" as what it stands under."""
    return {
        n
        for n, line in enumerate(lines)
        if line.kept
        and line.alone
        and len(line.text.split()) <= 40
        and _POINTS_AT_PICTURE.search(line.text)
        and not _QUOTED.search(line.text)
    }


def _caption_over_its_credit(lines: list[_Line]) -> set[int]:
    """Where the page shows that it prints a caption over its credit (a credit
    that repeats the line above it: "The flood gate." over "Credit: York Council
    The flood gate."), the line over each other credit of that form is a caption
    too: a site prints its pictures one way."""
    credits = [
        n
        for n, line in enumerate(lines)
        if not line.kept and n and _IMAGE.search(line.text)
    ]
    forms = {
        lines[n].text.split()[0]
        for n in credits
        if len(lines[n - 1].text.split()) >= 3 and lines[n - 1].text in lines[n].text
    }
    return {
        n - 1
        for n in credits
        if lines[n].text.split()[0] in forms
        and lines[n - 1].kept
        and lines[n - 1].alone
        and len(lines[n - 1].text.split()) <= 30
        and not _QUOTED.search(lines[n - 1].text)
    }


def _interrupting_a_quote(lines: list[_Line]) -> set[int]:
    """A line without a stop between a paragraph that quotes someone and one that
    goes on quoting them ("..." he added; or a quote with no speaker named): a
    caption set into the speech. A heading opens a section, and a section does not
    open on a quote whose speaker only the paragraph before names."""
    found = set()
    for number, line in enumerate(lines):
        if not _stopless(line) or _OPENING_QUOTE.match(line.text):
            continue
        before, after = _kept_neighbours(lines, number)
        if (
            _is_sentence(before)
            and _SPEECH.search(before.text)
            and _is_sentence(after)
            and _OPENING_QUOTE.match(after.text)
            and (
                not _SPEECH_VERB.search(after.text)
                or _PRONOUN_SPEECH.search(after.text)
            )
        ):
            found.add(number)
    return found


def _sentences_without_a_stop(lines: list[_Line]) -> set[int]:
    """A paragraph of two sentences or more whose last one has no stop, between
    paragraphs of the article: a caption printed without its full stop. A heading
    is one phrase, and the article's paragraphs end on a stop."""
    found = set()
    for number, line in enumerate(lines):
        if not _stopless(line) or not _SENTENCE_BREAK.search(line.text):
            continue
        before, after = _kept_neighbours(lines, number)
        if _is_sentence(before) and _is_sentence(after) and line.text[-1].isalpha():
            found.add(number)
    return found


def _over_a_heading(lines: list[_Line]) -> set[int]:
    """Two lines without a stop in a row between the article's paragraphs: a
    heading heads text, so the first, with only a line under it, is a caption or a
    teaser; and the second is a teaser too unless the paragraphs under it take up
    its words, as a heading's section does. Three or more are a list, and lines
    after a colon are what it announces."""
    kept = [n for n, line in enumerate(lines) if line.kept]
    found = set()
    for position in range(1, len(kept) - 2):
        before, first, second, after = (
            lines[n] for n in kept[position - 1 : position + 3]
        )
        if not (
            _is_sentence(before)
            and not before.text.endswith(":")
            and _stopless(first)
            and _stopless(second)
            and _is_sentence(after)
            and first.text != second.text
        ):
            continue
        found.add(kept[position])
        section = " ".join(lines[n].text for n in kept[position + 2 : position + 4])
        if not _stems(second.text) & _stems(section):
            found.add(kept[position + 1])
    return found


def _stems(text: str) -> set[str]:
    return {word[:5] for word in _words(text) if len(word) > 3}
