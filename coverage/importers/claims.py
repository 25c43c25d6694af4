"""Check-worthy sentences and who says them (pure).

The interface is one function, ``find_claims(body) -> list[CandidateClaim]``: each
candidate is a sentence of ``body`` with its offsets (``body[start:end] == quote``),
why it was picked, who it is attributed to (None when the outlet says it in its own
voice or the source is unnamed), the claim as a checker writes it, and how
check-worthy it is. Any detector with that signature can replace this one;
``store.save_article`` takes it as ``detector=``.

How it decides:

- Sentences come from syntok, mended where it splits after a title ("Gov." then
  "Gavin Newsom said ..."). Embedded posts (a ``pic.twitter.com`` link or a
  "— Name (@handle) date" signature) are not the article's text and are skipped.
- A sentence is a candidate when it holds a figure or date, an attribution frame
  (a speech verb, "according to"), a direct quote of four words or more, a
  cause ("because", "due to", "led to", "linked the outage to"), evidence
  speaking ("video footage shows", "there is no evidence"), which is scored as a
  statement reported from an unnamed source, a forecast ("will", "is
  expected to") or an official act on the record ("pleaded not guilty", "cut
  its full-year guidance"). Questions and sentences under five
  words are not. Every candidate gets a worthiness score (``worthiness.py``); the
  ones with nothing to check score low and are still returned: the store keeps
  those at or above ``STORE_THRESHOLD`` and counts the rest. A candidate with
  no reason at all (a quotation with no figure, date, cause, attribution,
  forecast or comparison) stays below it. Past the story's budget the most
  check-worthy are kept, a claim counting a little more for each other claim
  its source makes in the story (its main sources first).
- Who says it comes from ``claimants.py``, looked for outside quotation marks. A
  quotation's speaker is whoever the frame in any of its sentences names, so a
  speaker named at the end of a three-sentence quote is the speaker of all three;
  a quote that runs on into the next paragraph, or a paragraph that opens with a
  quote right after one, keeps its speaker unless it names another. Straight and
  curly quote marks may be mixed, and ’’ closes a quote.
"""

import re
from dataclasses import dataclass

from syntok import segmenter

from coverage.importers import claimants, sentences, worthiness
from coverage.importers.claimants import DOCUMENT, ORGANISATION, PERSON, PUBLICATION

__all__ = [
    "DOCUMENT",
    "ORGANISATION",
    "PERSON",
    "PUBLICATION",
    "STORE_THRESHOLD",
    "WORTHINESS_REASONS",
    "CandidateClaim",
    "find_claims",
    "worth_storing",
]

# The words ``CandidateClaim.worthiness_reasons`` is drawn from.
WORTHINESS_REASONS = (
    "figure",
    "dated",
    "causal",
    "attributed",
    "prediction",
    "comparison",
    "official-action",
    "opinion-like",
    "no-checkable-content",
)
# find_claims returns every candidate it weighed, the ones without checkable content
# too (low worthiness, never dropped silently); the store keeps those scoring at
# least this and counts the others in its import report.
STORE_THRESHOLD = 0.3
# A desk works from a shortlist: past this many a story's least check-worthy
# candidates are left out too (counted, not stored). Longer stories get more,
# though a shortlist grows slower than the story: a long story mostly adds
# background, colour and more of the same.
STORE_BUDGET = 13
STORE_BUDGET_WORDS = 300  # one more per this many words of body
LEDE_PARAGRAPHS = 2
MAIN_SOURCE = 0.05
MAIN_SOURCE_CAP = 0.15
NOTHING_TO_CHECK_CAP = 0.29
# A candidate whose words are nearly all in another's says the same thing.
RESTATED_SHARE = 0.8
RESTATED_MIN_WORDS = 5
# Words outside the quotation that make a sentence ending in a quoted question
# a statement of its own.
QUESTION_FRAME_WORDS = 10


@dataclass(frozen=True)
class CandidateClaim:
    """``quote`` is the exact sentence (``body[start:end]``); ``proposition`` the
    claim without its attribution frame, as a fact-checker writes it (never empty
    from find_claims: at worst the sentence itself). ``claimant`` is the bare name
    ("Andy Vesey"), its ``claimant_role`` ("CEO") and ``claimant_affiliation``
    ("Indiana State Teachers Association") split off; ``claimant_kind`` is one of
    Source.Kind's values. ``worthiness`` is 0..1, its reasons from
    WORTHINESS_REASONS."""

    quote: str
    start: int
    end: int
    reasons: tuple[str, ...]
    claimant: str | None = None
    claimant_kind: str | None = None
    claimant_description: str = ""
    proposition: str = ""
    worthiness: float = 0.0
    worthiness_reasons: tuple[str, ...] = ()
    claimant_role: str = ""
    claimant_affiliation: str = ""


@dataclass(eq=False)
class _Quotation:
    start: int
    end: int
    continues: "_Quotation | None" = None
    framed: bool = False
    speaker: claimants.Claimant | None = None

    def who(self) -> claimants.Claimant | None:
        if not self.framed and self.continues is not None:
            return self.continues.who()
        return self.speaker


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph: int
    text: str
    inside: list
    outside: str
    frame: claimants.Frame | None


def unscored(candidate: CandidateClaim) -> bool:
    """From a detector that gives no score: the defaults, untouched."""
    return candidate.worthiness == 0.0 and not candidate.worthiness_reasons


def worth_storing(candidates: list[CandidateClaim], body: str) -> list[CandidateClaim]:
    """The candidates a store keeps: scored at least STORE_THRESHOLD (or not
    scored at all, by another detector), and within the story's budget, the most
    check-worthy first; in body order."""
    kept = _once(
        [c for c in candidates if c.worthiness >= STORE_THRESHOLD or unscored(c)]
    )
    budget = STORE_BUDGET + len(body.split()) // STORE_BUDGET_WORDS
    if len(kept) <= budget:
        return kept
    chosen = sorted(_ranked(kept, budget))
    return [kept[i] for i in chosen]


def _ranked(kept: list[CandidateClaim], budget: int) -> list[int]:
    """The ``budget`` most check-worthy, a claim counting MAIN_SOURCE more for
    each other claim its source makes in the story (at most MAIN_SOURCE_CAP):
    the people and bodies a story keeps quoting are its main sources, and what
    they say is what a desk checks first."""
    claims_by: dict[str, int] = {}
    for claim in kept:
        if claim.claimant:
            claims_by[claim.claimant] = claims_by.get(claim.claimant, 0) + 1

    def rank(i: int) -> tuple[float, int]:
        others = claims_by.get(kept[i].claimant or "", 1) - 1
        bonus = min(MAIN_SOURCE_CAP, MAIN_SOURCE * others)
        return (-(kept[i].worthiness + bonus), i)

    return sorted(range(len(kept)), key=rank)[:budget]


def _once(candidates: list[CandidateClaim]) -> list[CandidateClaim]:
    """A sentence the story repeats (a pull quote, a quotation then its
    paraphrase word for word, a subhead the body says again with a few words
    more) is stored once: the most check-worthy copy, the attributed one when
    they tie."""
    words = [" ".join(re.findall(r"\w+", c.quote.lower())) for c in candidates]
    repeated = set()
    for i, mine in enumerate(words):
        for j, theirs in enumerate(words):
            if i == j or j in repeated or not mine:
                continue
            if mine not in theirs and not _restates(mine, theirs):
                continue
            rank_i = (candidates[i].worthiness, candidates[i].claimant is not None, -i)
            rank_j = (candidates[j].worthiness, candidates[j].claimant is not None, -j)
            if rank_j >= rank_i:
                repeated.add(i)
                break
    return [c for i, c in enumerate(candidates) if i not in repeated]


def _restates(mine: str, theirs: str) -> bool:
    """Nearly every word of ``mine`` is in ``theirs`` and every number: the same
    proposition told again ("This will be her second film" after "The next
    film will be her second film"). A figure that differs is another claim, a
    conflicting one perhaps, and stays."""
    own, other = mine.split(), set(theirs.split())
    if len(own) < RESTATED_MIN_WORDS or len(own) > len(other) + 1:
        return False
    if any(w not in other for w in own if w[0].isdigit()):
        return False
    return sum(w in other for w in own) >= RESTATED_SHARE * len(own)


def find_claims(body: str) -> list[CandidateClaim]:
    quotations = _quotations(body)
    return _find(body, _sentences(body, quotations), quotations)


def _find(body: str, spans, quotations) -> list[CandidateClaim]:
    article = claimants.Article(body)
    sentences = []
    for start, end, paragraph in spans:
        text = body[start:end]
        inside = [q for q in quotations if q.start < end and q.end > start]
        outside = _mask(text, start, inside)
        if paragraph < LEDE_PARAGRAPHS:
            outside = _DATELINE.sub(lambda m: " " * len(m.group(0)), outside)
        frame = claimants.find_frame(outside, article, position=start)
        if frame and frame.claimant:
            article.remember(frame.claimant)
        if frame:
            for quotation in inside:
                opens_or_closes = quotation.start >= start or quotation.end <= end
                if opens_or_closes and not quotation.framed:
                    quotation.framed = True
                    quotation.speaker = frame.claimant
        sentences.append(_Sentence(start, end, paragraph, text, inside, outside, frame))
    found = []
    topic = worthiness.topic_weights(body)
    for sentence in sentences:
        text = sentence.text
        if _question(sentence) or len(text.split()) < 5:
            continue  # a question, or too short to hold a claim: a frame at most
        claim = _judge(
            body, sentence, lede=sentence.paragraph < LEDE_PARAGRAPHS, topic=topic
        )
        if claim:
            found.append(claim)
    return found


def _question(sentence: _Sentence) -> bool:
    """A sentence ending in a question mark, unless the question is only a
    quotation closing a sentence that states something outside it ("Noting that
    a bacterium lives on acetylene, Malaska asked, 'Could it live on Titan?'"):
    the statement is the speaker's claim."""
    if not sentence.text.rstrip("”\"’'").endswith("?"):
        return False
    quoted_end = any(q.end >= sentence.end for q in sentence.inside)
    return not (quoted_end and len(sentence.outside.split()) >= QUESTION_FRAME_WORDS)


def _judge(
    body: str, sentence: _Sentence, *, lede: bool, topic: dict[str, int]
) -> CandidateClaim | None:
    start, end, text, frame = (
        sentence.start,
        sentence.end,
        sentence.text,
        sentence.frame,
    )
    quoted_words = sum(
        len(body[max(q.start, start) : min(q.end, end)].split())
        for q in sentence.inside
    )
    reasons = []
    if worthiness.FIGURE.search(text) or worthiness._DATE.search(text):
        reasons.append("quantity")
    if frame:
        reasons.append("attribution")
    if any(
        len(body[max(q.start, start) : min(q.end, end)].split()) >= 4
        for q in sentence.inside
    ):
        reasons.append("quote")
    if worthiness.causal(text):
        reasons.append("causal")
    evidence = worthiness.evidence(sentence.outside)
    if evidence:
        reasons.append("evidence")
    if worthiness.forecast(sentence.outside):
        reasons.append("forecast")
    if worthiness.official_action(text):
        reasons.append("official-action")
    if not reasons:
        return None
    claimant = frame.claimant if frame else None
    if frame is None:
        # A sentence of a quotation is its speaker's, however late they are named.
        claimant = next(
            (
                q.who()
                for q in sentence.inside
                if q.who()
                and (
                    q.start < start
                    or q.continues
                    or len(body[q.start : min(q.end, end)].split())
                    >= 0.5 * len(text.split())
                )
            ),
            None,
        )
    quoted = quoted_words >= 0.6 * len(text.split())
    score, why = worthiness.score(
        text,
        attributed=claimant is not None or frame is not None or evidence,
        named=claimant is not None,
        reported=not quoted,
        quoted=quoted,
        lede=lede,
        position=start / max(1, len(body)),
        centrality=worthiness.centrality(text, topic),
        claimant=claimant.name if claimant else "",
        claimant_kind=claimant.kind if claimant else None,
        continued=frame is None and claimant is not None,
        credentialed=bool(
            claimant and (claimant.role or claimant.affiliation or claimant.description)
        ),
        evidence=evidence,
        asks=any(
            body[q.start : min(q.end, end)].rstrip("”\"’' ").endswith("?")
            for q in sentence.inside
        ),
    )
    if not why:
        why = ("no-checkable-content",)  # scored, so the store may leave it out
        score = min(score, NOTHING_TO_CHECK_CAP)
    return CandidateClaim(
        quote=text,
        start=start,
        end=end,
        reasons=tuple(reasons),
        claimant=claimant.name if claimant else None,
        claimant_kind=claimant.kind if claimant else None,
        claimant_description=claimant.description if claimant else "",
        proposition=worthiness.proposition(
            text, frame.start if frame else None, frame.end if frame else None
        ),
        worthiness=score,
        worthiness_reasons=why,
        claimant_role=claimant.role if claimant else "",
        claimant_affiliation=claimant.affiliation if claimant else "",
    )


# --- sentences ------------------------------------------------------------------

# "WASHINGTON –", "LOS ANGELES (AP) —", "SEOUL, Aug. 20 (Yonhap) --", "(CNN)":
# where the story was filed, never who speaks.
_DATELINE = re.compile(
    r"^\s*(?:\([A-Z][\w ]{1,20}\)\s*|[A-Z][A-Z.'’]+(?:\s+[A-Z][A-Z.'’]+)*"
    r"(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?)?\s*(?:\([\w ]{1,20}\)\s*)?"
    r"(?:[—–:]|-{1,2})\s+)"
)
_TWEET = re.compile(
    r"pic\.twitter\.com/|—\s*[^—\n]{1,80}\(@\w{1,15}\)\s+\w+\s+\d{1,2},\s+\d{4}"
)
# syntok ends a sentence after these; before a capitalised name they are titles.
_TITLE_AT_END = re.compile(
    r"(?:^|\s)(?:Gov|Sen|Rep|Lt|Gen|Col|Capt|Sgt|Cpl|Adm|Maj|Supt|Insp|Det|Dr|Prof|"
    r"Mr|Mrs|Ms|Rev|Fr|St|Hon|Atty|Amb|Pres|Sec)\.$"
)

# syntok also ends a sentence at a semicolon, which in news copy joins two
# clauses of one ("We messed up; I messed up," Thomas told a supervisor.).
_JOINS_NEXT = re.compile(rf"{_TITLE_AT_END.pattern}|;$")


# A "sentence" opening with a closing quote mark and a lower-case word is the
# frame of the quotation before it, cut off after its question or exclamation
# mark ("... ourselves? " she wrote.).
_CLOSES_PREVIOUS = re.compile(r"[”\"’']\s+[a-z]")


def _sentences(body: str, quotations=(), *, every_paragraph: bool = False):
    """(start, end, paragraph number) of each sentence in paragraphs that can
    hold a claim. A
    paragraph with no figure, date, speech verb, cause or quotation cannot, and
    skips segmentation, the slowest step, with no change to the result."""
    paragraphs = segmenter.preprocess_with_offsets(body)
    for number, (offset, paragraph) in enumerate(paragraphs):
        if _TWEET.search(paragraph):
            continue
        end = offset + len(paragraph)
        if not every_paragraph and not (
            _may_hold_claim(paragraph)
            or any(q.start < end and q.end > offset for q in quotations)
        ):
            continue
        spans = []
        for start, end in sentences.spans(paragraph, offset):
            if spans and (
                _JOINS_NEXT.search(body[spans[-1][0] : spans[-1][1]])
                or _CLOSES_PREVIOUS.match(body[start:end])
            ):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        for start, end in spans:
            yield start, end, number


def _may_hold_claim(paragraph: str) -> bool:
    return bool(
        worthiness.FIGURE.search(paragraph)
        or worthiness._DATE.search(paragraph)
        or worthiness.causal(paragraph)
        or worthiness.evidence(paragraph)
        or worthiness.forecast(paragraph)
        or worthiness.official_action(paragraph)
        or claimants.speech_verbs(paragraph)
        or claimants._ACCORDING.search(paragraph)
    )


# --- quotations -----------------------------------------------------------------

_OPENING_QUOTES = '“"‘'
_DOUBLE_CLOSERS = '”"'
# A sentence ends just before: "... edge," Marsh said. "Next quote
_SENTENCE_BEFORE = re.compile(r"[.!?][”\"’']?\s{1,3}$")


def _quotations(body: str) -> list[_Quotation]:
    """Quoted spans, paragraph by paragraph. A paragraph that ends inside a quote
    and the next one that opens with a quote mark continue one quotation, and so
    does a quote that opens a sentence after another quote in its paragraph
    ("...," Marsh said. "More.") or opens a paragraph after a paragraph that
    quoted someone: the speaker goes on speaking until another is named."""
    found: list[_Quotation] = []
    offset = 0
    carried: _Quotation | None = None
    previous_last: _Quotation | None = None
    for paragraph in body.split("\n\n"):
        opened: _Quotation | None = None
        last_in_paragraph: _Quotation | None = None
        double = True
        i = 0
        while i < len(paragraph):
            char = paragraph[i]
            pair = paragraph[i : i + 2]
            if opened is None:
                before = paragraph[i - 1] if i else " "
                if char not in _OPENING_QUOTES or (
                    char != "“" and not (before.isspace() or before in "([—–-:")
                ):
                    i += 1
                    continue
                double = char != "‘" or pair == "‘‘"
                opened = _Quotation(offset + i, offset + len(paragraph))
                if i == 0:
                    opened.continues = carried or previous_last
                elif _SENTENCE_BEFORE.search(paragraph[max(0, i - 5) : i]):
                    opened.continues = last_in_paragraph
                found.append(opened)
                last_in_paragraph = opened
                i += 2 if pair in ("‘‘", "''") else 1
                continue
            closes = (
                (char in _DOUBLE_CLOSERS or pair in ("’’", "''"))
                if double
                else char == "’"
            )
            if closes:
                after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
                if char == "’" and not double and after.isalpha():
                    i += 1
                    continue
                if char == "’" and double and pair != "’’":
                    i += 1
                    continue
                width = 2 if pair in ("’’", "''") else 1
                opened.end = offset + i + width
                opened = None
                i += width
                continue
            i += 1
        carried = opened
        previous_last = last_in_paragraph if carried is None else None
        offset += len(paragraph) + 2
    return found


def _mask(text: str, start: int, quotations: list[_Quotation]) -> str:
    chars = list(text)
    for q in quotations:
        for i in range(max(q.start, start), min(q.end, start + len(text))):
            chars[i - start] = " "
    return "".join(chars)
