"""Sentence spans of a paragraph, as syntok gives them, faster (pure).

``spans(paragraph, offset) -> list[(start, end)]`` is exactly what
``syntok.segmenter.segment`` gives for the paragraph (first token's start to last
token's end, offsets into the text the paragraph was cut from). syntok walks every
token through a state machine, the slowest step of claim finding, so the obvious
cases are decided here and syntok reads the rest:

- a paragraph is first cut where syntok always cuts: a terminal after a plain
  lower-case word that is no abbreviation syntok knows, then a space and a
  capitalised word ("... the harbour. Residents ...");
- a piece with no terminal, bracket or semicolon before its end is one sentence;
  any other piece, and any paragraph with a bracket (syntok skips over bracketed
  text), goes to syntok.
"""

import re

from syntok import segmenter
from syntok._segmentation_states import State
from syntok.tokenizer import Tokenizer

_TOKENIZER = Tokenizer(replace_not_contraction=False)  # as segmenter.analyze

# syntok's terminals (and "..."), brackets and the characters it may join across.
_HARD = re.compile(
    r"[.!?;\u203c\u203d\u2047-\u2049\u3002\ufe52\ufe57\uff01\uff0e"
    r"\uff1f\uff61…\[\](){}⟨⟩<>]"
)
_BRACKETS = re.compile(r"[\[\](){}⟨⟩<>]")
_CUT = re.compile(r"(?:(?<=\s)|^)([a-z]{2,})[.!?]\s+(?=[A-Z][a-z]*[\s,])")
_KNOWN_WORDS = State.abbreviations | State.months
_PLAIN_END = re.compile(r"(?:^|\s)([a-z]{2,})[.][\"'”’]?$")
_CLOSING = "\"'”’"
_ENDING = ".!?…" + _CLOSING


def spans(paragraph: str, offset: int) -> list[tuple[int, int]]:
    if _BRACKETS.search(paragraph):
        return _syntok(paragraph, offset)
    found: list[tuple[int, int]] = []
    start = 0
    for cut in _CUT.finditer(paragraph):
        if cut.group(1) in _KNOWN_WORDS:
            continue
        found.extend(_piece(paragraph[start : cut.end()], offset + start))
        start = cut.end()
    found.extend(_piece(paragraph[start:], offset + start))
    return found


def _piece(text: str, offset: int) -> list[tuple[int, int]]:
    body = text.rstrip()
    if not body:
        return []
    if _HARD.search(body.rstrip(_ENDING)):
        return _syntok(text, offset)
    end = _PLAIN_END.search(body)
    if end is None or end.group(1) in _KNOWN_WORDS:
        return _syntok(text, offset)
    lead = len(text) - len(text.lstrip())
    return [(offset + lead, offset + len(body))]


def _syntok(text: str, offset: int) -> list[tuple[int, int]]:
    return [
        (sentence[0].offset, sentence[-1].offset + len(sentence[-1].value))
        for sentence in segmenter.segment(_TOKENIZER.tokenize(text, offset))
    ]
