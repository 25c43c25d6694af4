"""Check-worthy sentences and who says them (pure).

The interface is one function, ``find_claims(body) -> list[CandidateClaim]``: each
candidate is a sentence of ``body`` with its offsets (``body[start:end] == quote``),
why it was picked, and the person, organisation or publication it is attributed to
(None when the outlet says it in its own voice). Any detector with that signature
can replace this one; ``store.save_article`` takes it as ``detector=``.

How it decides: sentences come from syntok. A sentence is a candidate when it holds
a quantity, count, date or measurement ("more than 700", "80-metre", "1-2 tonnes",
"hundreds of thousands", "2017"), is attributed ("according to", "told", "said",
"claims", a direct quote of four words or more) or asserts a cause ("because",
"due to", "as a result"). Questions and sentences under five words are skipped.
The claimant is looked for outside quotation marks: after "according to", just
before the speech verb (past an appositive such as ", who directed the episode,"
and auxiliaries such as "has"), after it in inversions ("..., said Jane Smith"), or
as the name opening the sentence ("Netflix, however, ... telling TMZ"), or as the
name set off after a role ("The film's director, Priya Natarajan, said"). "She said"
goes to the last person named, "it said" to the last organisation. A surname alone
("Crockford told") resolves to the full name introduced earlier in the article. A
sentence inside a quotation that opened earlier (also across paragraphs, the
newspaper convention of an unclosed quote) belongs to whoever opened it, and a
quote that opens a sentence after another quote in the same paragraph continues
its speaker.
"""

import re
from dataclasses import dataclass

from syntok import segmenter
from syntok.tokenizer import Tokenizer

from coverage.importers import cleaning

PERSON = "person"
ORGANISATION = "organisation"
PUBLICATION = "publication"
DOCUMENT = "document"

# The words ``CandidateClaim.worthiness_reasons`` is drawn from.
WORTHINESS_REASONS = (
    "figure",
    "causal",
    "attributed",
    "prediction",
    "comparison",
    "opinion-like",
    "no-checkable-content",
)
# find_claims returns every candidate it weighed, the ones without checkable content
# too (low worthiness, never dropped silently); the store keeps those scoring at
# least this and counts the others in its import report.
STORE_THRESHOLD = 0.3


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


_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    "thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|"
    "billions?|trillions?|dozens?|half|quarter|percent|per cent|twice|double|triple"
)
_QUANTITY = re.compile(
    rf"\d|\b({_NUMBER_WORDS})\b|\b(more|less|fewer) than\b|"
    r"\b(January|February|March|April|June|July|August|September|October|November|"
    r"December)\b",
    re.IGNORECASE,
)
_CAUSAL = re.compile(
    r"\b(because|due to|as a result|caused by|causing|led to|leads to|leading to|"
    r"result of|resulted in|results in|owing to|therefore|consequently|blamed on|"
    r"responsible for)\b",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"\b(said|says|saying|told|tells|telling|claim|claims|claimed|claiming|stated|"
    r"added|adds|wrote|writes|argued|argues|insisted|insists|denied|denies|"
    r"confirmed|confirms|explained|explains|warned|warns|estimated|estimates|"
    r"admitted|admits|maintained|maintains|alleged|alleges|reported|revealed|"
    r"reveals|announced|announces|acknowledged|according to|According to)\b"
)
_INVERSION_VERBS = {"said", "says", "added", "adds", "wrote", "explained", "warned"}
_TITLES = (
    r"(?:Dr|Prof|Professor|Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady|Rev|Sen|Senator|Rep|"
    r"Gov|Governor|President|Minister|Chief|Captain|Capt|Judge|Justice|Detective|"
    r"Inspector|Sgt|Sergeant|Officer|General|Gen|Colonel|Col|Councillor|Cllr)\.?"
)
_NAME_WORD = r"[A-Z][\w'’.&-]*"
_NAME_RUN = rf"(?:{_TITLES}\s+)?{_NAME_WORD}(?:\s+(?:(?:of|de|van|von|der|and|for|&)\s+)?{_NAME_WORD})*"
_NAME_AT_END = re.compile(rf"({_NAME_RUN})\s*$")
_NAME_AT_START = re.compile(rf"^\s*({_NAME_RUN})")
_FULL_NAME = re.compile(
    rf"(?:{_TITLES}\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){{1,2}}\b"
)
_TITLE_PREFIX = re.compile(rf"^{_TITLES}\s+")
_AUXILIARIES = re.compile(
    r"(?:\s+(?:has|have|had|was|were|is|are|also|later|previously|recently|then|"
    r"reportedly|allegedly|once|since|further|herself|himself|itself|themselves|"
    r"publicly|repeatedly|earlier|today|yesterday|has since|had previously))+\s*$"
)
_APPOSITIVE = re.compile(r",([^,]{1,160}),?\s*$")
_ROLE = re.compile(
    r"^\s*(?:the|a|an|its|his|her|their|our)\s+([^,]{1,80}?)\s*$", re.IGNORECASE
)
_NAME_ONLY = re.compile(rf"^\s*({_NAME_RUN})\s*$")
_PRONOUN = re.compile(r"\b(he|she|they|it|we)\s*$", re.IGNORECASE)
# "The company said": a definite description refers back to the organisation cited
# last, as "it said" would.
_BACK_REFERENCE = re.compile(
    r"\bthe\s+(?:company|firm|broadcaster|streamer|network|studio|agency|council|"
    r"ministry|department|organi[sz]ation|charity|group|government|police|"
    r"university|board|commission|committee|union|party|bank|service)\s*$",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "however",
        "meanwhile",
        "also",
        "in",
        "on",
        "at",
        "for",
        "with",
        "after",
        "before",
        "another",
        "one",
        "two",
        "three",
        "some",
        "many",
        "most",
        "several",
        "others",
        "other",
        "people",
        "viewers",
        "fans",
        "critics",
        "experts",
        "scientists",
        "officials",
        "sources",
        "sadly",
        "if",
        "when",
        "while",
        "as",
        "according",
        "describing",
        "speaking",
        "writing",
        "last",
        "next",
        "earlier",
        "later",
        "today",
        "yesterday",
        "there",
        "here",
        "what",
        "which",
        "who",
        "why",
        "how",
        "all",
        "both",
        "each",
        "every",
        "no",
        "not",
        "nor",
        "then",
        "now",
        "still",
        "even",
        "instead",
        "though",
        "although",
        "because",
        "since",
        "until",
        "unless",
        "whether",
        "despite",
        "during",
        "over",
        "under",
        "about",
        "around",
        "between",
        "into",
        "through",
        "speaking",
        "talking",
        "asked",
    ]
) | frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_ORGANISATION_WORDS = frozenset(
    [
        "university",
        "institute",
        "council",
        "ministry",
        "department",
        "agency",
        "police",
        "government",
        "association",
        "society",
        "foundation",
        "company",
        "inc",
        "ltd",
        "llc",
        "plc",
        "corp",
        "corporation",
        "group",
        "commission",
        "committee",
        "service",
        "union",
        "party",
        "bank",
        "office",
        "organisation",
        "organization",
        "fund",
        "board",
        "court",
        "trust",
        "network",
        "studios",
        "studio",
        "club",
        "federation",
        "authority",
        "centre",
        "center",
        "hospital",
        "school",
        "college",
        "academy",
        "laboratory",
        "lab",
        "museum",
        "zoo",
        "charity",
        "nhs",
        "army",
        "navy",
        "parliament",
        "congress",
        "senate",
        "embassy",
    ]
)
_PUBLICATION_WORDS = frozenset(
    [
        "times",
        "post",
        "journal",
        "herald",
        "gazette",
        "tribune",
        "telegraph",
        "guardian",
        "chronicle",
        "daily",
        "magazine",
        "news",
        "press",
        "mail",
        "mirror",
        "express",
        "observer",
        "independent",
        "standard",
        "review",
        "weekly",
        "bulletin",
    ]
)
_KNOWN_ORGANISATIONS = frozenset(
    [
        "netflix",
        "amazon",
        "apple",
        "google",
        "facebook",
        "meta",
        "twitter",
        "youtube",
        "instagram",
        "tiktok",
        "disney",
        "microsoft",
        "tesla",
        "spotify",
        "hbo",
        "hulu",
        "sony",
        "samsung",
        "uber",
        "airbnb",
        "greenpeace",
        "wwf",
        "nasa",
        "nhs",
        "un",
        "who",
        "eu",
        "fbi",
        "cia",
        "pentagon",
        "kremlin",
        "peta",
        "rspca",
        "rspb",
        "unicef",
        "unesco",
        "white",
        "house",
        "downing",
        "street",
        "met",
        "office",
    ]
)
_PRONOUN_KINDS = {
    "he": {PERSON},
    "she": {PERSON},
    "it": {ORGANISATION, PUBLICATION},
    "they": {PERSON, ORGANISATION, PUBLICATION},
    "we": {ORGANISATION, PUBLICATION},
}
_OPENING_QUOTES = '“"‘'
_CLOSING_FOR = {"“": "”", '"': '"', "‘": "’"}


@dataclass(eq=False)
class _Quotation:
    start: int
    end: int
    continues: "_Quotation | None" = None
    speaker: "_Claimant | None" = None

    def who(self) -> "_Claimant | None":
        if self.speaker is None and self.continues is not None:
            return self.continues.who()
        return self.speaker


@dataclass(frozen=True)
class _Claimant:
    name: str
    kind: str
    description: str = ""


class _Article:
    """What the detector has learned so far: people introduced, last claimants."""

    def __init__(self):
        self.people: dict[str, str] = {}
        self.last: dict[str, _Claimant] = {}
        self.last_any: _Claimant | None = None

    def remember(self, claimant: _Claimant) -> None:
        self.last[claimant.kind] = claimant
        self.last_any = claimant
        if claimant.kind == PERSON:
            bare = _TITLE_PREFIX.sub("", claimant.name)
            for word in bare.split():
                self.people.setdefault(word.strip(".").lower(), claimant.name)

    def introduce(self, text: str) -> None:
        """Note people named in full, so a later surname alone resolves to them."""
        for match in _FULL_NAME.finditer(text):
            if match.start() == len(text) - len(text.lstrip()) and not (
                _TITLE_PREFIX.match(match.group(0))
            ):
                continue  # a capital opening a sentence says nothing
            claimant = _resolve(match.group(0), self, "")
            if claimant and claimant.kind == PERSON and len(claimant.name.split()) > 1:
                bare = _TITLE_PREFIX.sub("", claimant.name)
                for word in bare.split():
                    self.people.setdefault(word.strip(".").lower(), claimant.name)

    def by_pronoun(self, pronoun: str) -> _Claimant | None:
        kinds = _PRONOUN_KINDS[pronoun.lower()]
        candidates = [self.last[k] for k in kinds if k in self.last]
        if pronoun.lower() == "they" and self.last_any:
            return self.last_any
        return candidates[0] if len(candidates) == 1 else None


def find_claims(body: str) -> list[CandidateClaim]:
    quotations = _quotations(body)
    article = _Article()
    found: list[CandidateClaim] = []
    tokenizer = Tokenizer(replace_not_contraction=False)  # as segmenter.analyze
    for offset, paragraph in segmenter.preprocess_with_offsets(body):
        if not _may_hold_claim(paragraph, offset, quotations):
            continue
        for sentence in segmenter.segment(tokenizer.tokenize(paragraph, offset)):
            start = sentence[0].offset
            end = sentence[-1].offset + len(sentence[-1].value)
            claim = _judge(body, start, end, quotations, article)
            if claim:
                found.append(claim)
    return found


# A capitalised word before another capital: every full name has one.
_CAPITALISED_PAIR = re.compile(r"[A-Z][a-z'’-]+\s+[A-Z]")


def _may_hold_claim(paragraph: str, offset: int, quotations) -> bool:
    """False only when no sentence of the paragraph can be a claim or teach the
    detector anything (a person named in full, a speaker): no figure, no speech
    verb, no cause, no quotation and no full name. Those paragraphs skip sentence
    segmentation, the slowest step, with no change to the result."""
    end = offset + len(paragraph)
    return bool(
        _QUANTITY.search(paragraph)
        or _VERB.search(paragraph)
        or _CAUSAL.search(paragraph)
        or _CAPITALISED_PAIR.search(paragraph)
        or any(q.start < end and q.end > offset for q in quotations)
    )


def _judge(body, start, end, quotations, article) -> CandidateClaim | None:
    text = body[start:end]
    if text.rstrip("”\"’'").endswith("?") or len(text.split()) < 5:
        return None
    inside = [q for q in quotations if q.start < end and q.end > start]
    outside = _mask(text, start, inside)
    reasons = []
    if _QUANTITY.search(text):
        reasons.append("quantity")
    verb = _VERB.search(outside)
    if verb:
        reasons.append("attribution")
    if any(
        len(body[max(q.start, start) : min(q.end, end)].split()) >= 4 for q in inside
    ):
        reasons.append("quote")
    if _CAUSAL.search(text):
        reasons.append("causal")

    article.introduce(outside)
    claimant = _claimant(outside, verb, article) if verb else None
    if claimant:
        article.remember(claimant)
    for quotation in inside:
        if quotation.start >= start and claimant:
            quotation.speaker = claimant
    if claimant is None:
        claimant = next(
            (q.who() for q in inside if (q.start < start or q.continues) and q.who()),
            None,
        )
    if not reasons:
        return None
    return CandidateClaim(
        quote=text,
        start=start,
        end=end,
        reasons=tuple(reasons),
        claimant=claimant.name if claimant else None,
        claimant_kind=claimant.kind if claimant else None,
        claimant_description=claimant.description if claimant else "",
        proposition=text,
        worthiness=0.5,
        worthiness_reasons=tuple(
            dict.fromkeys(_FIRST_WORTHINESS[reason] for reason in reasons)
        ),
    )


_FIRST_WORTHINESS = {
    "quantity": "figure",
    "attribution": "attributed",
    "quote": "attributed",
    "causal": "causal",
}


# A sentence ends just before: "... edge," Marsh said. "Next quote
_SENTENCE_BEFORE = re.compile(r"[.!?][”\"’']?\s{1,3}$")


def _quotations(body: str) -> list[_Quotation]:
    """Quoted spans, paragraph by paragraph. A paragraph that ends inside a quote
    and a next one that opens with a quote mark continue one quotation, and so
    does a quote that opens a sentence after another quote in its paragraph
    ("...," Marsh said. "More."): the speaker goes on speaking."""
    found: list[_Quotation] = []
    offset = 0
    carried: _Quotation | None = None
    for paragraph in body.split("\n\n"):
        opened: _Quotation | None = None
        last_in_paragraph: _Quotation | None = None
        closer = ""
        for i, char in enumerate(paragraph):
            if opened is None:
                before = paragraph[i - 1] if i else " "
                if char not in _OPENING_QUOTES or (
                    char != "“" and not (before.isspace() or before in "([—–-:")
                ):
                    continue
                opened = _Quotation(offset + i, offset + len(paragraph))
                if i == 0:
                    opened.continues = carried
                elif _SENTENCE_BEFORE.search(paragraph[max(0, i - 5) : i]):
                    opened.continues = last_in_paragraph
                found.append(opened)
                last_in_paragraph = opened
                closer = _CLOSING_FOR[char]
            elif char == closer:
                after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
                if closer == "’" and after.isalpha():
                    continue
                opened.end = offset + i + 1
                opened = None
        carried = opened
        offset += len(paragraph) + 2
    return found


def _mask(text: str, start: int, quotations: list[_Quotation]) -> str:
    chars = list(text)
    for q in quotations:
        for i in range(max(q.start, start), min(q.end, start + len(text))):
            chars[i - start] = " "
    return "".join(chars)


def _claimant(outside: str, verb: re.Match, article: _Article) -> _Claimant | None:
    if verb.group(1).lower() == "according to":
        phrase = re.split(r"[,;:]", outside[verb.end() :], maxsplit=1)[0]
        phrase = phrase.rstrip(" .!")
        run = _NAME_AT_END.search(phrase)
        if run:
            description = phrase[: run.start()].strip()
            description = re.sub(r"^(the|a|an)\s+", "", description)
            return _resolve(run.group(1), article, description)
        return None

    before = outside[: verb.start()]
    before = _AUXILIARIES.sub("", before)
    description = ""
    appositive = _APPOSITIVE.search(before)
    if appositive and _NAME_AT_END.search(before[: appositive.start()]):
        description = re.sub(r"^\s*(who|which)\s+", "", appositive.group(1)).strip()
        before = before[: appositive.start()]
    elif appositive and (named := _named_after_role(before, appositive, article)):
        return named
    before = before.rstrip()
    pronoun = _PRONOUN.search(before)
    if pronoun:
        return article.by_pronoun(pronoun.group(1))
    if _BACK_REFERENCE.search(before):
        return article.last.get(ORGANISATION)
    run = _NAME_AT_END.search(before)
    if run and (claimant := _resolve(run.group(1), article, description)):
        return claimant

    if verb.group(1) in _INVERSION_VERBS:
        after = _NAME_AT_START.match(outside[verb.end() :])
        if after and (claimant := _resolve(after.group(1), article, "")):
            return claimant

    opening = _NAME_AT_START.match(outside)
    if opening and opening.end() <= verb.start():
        return _resolve(opening.group(1), article, "")
    return None


def _named_after_role(before: str, appositive: re.Match, article: _Article):
    """ "The film's director, Priya Natarajan, said": a name set off by commas after
    a role is the speaker, and the role describes them."""
    role = _ROLE.match(before[: appositive.start()])
    name = _NAME_ONLY.match(appositive.group(1))
    if role and name and before.rstrip().endswith(","):
        return _resolve(name.group(1), article, role.group(1))
    return None


def _resolve(run: str, article: _Article, description: str) -> _Claimant | None:
    words = run.split()
    while words and words[0].lower().strip(".") in _NOT_NAMES:
        words = words[1:]
    while words and words[-1].lower() in {"of", "and", "for", "&", "de", "van", "von"}:
        words = words[:-1]
    if not words:
        return None
    name = " ".join(words).rstrip(".,")
    bare = _TITLE_PREFIX.sub("", name)
    folded = bare.lower()
    if len(bare.split()) == 1 and folded.strip(".") in article.people:
        return _Claimant(article.people[folded.strip(".")], PERSON, description)
    if cleaning.is_publication_name(name) or cleaning.is_publication_name(
        f"the {name}"
    ):
        canonical = cleaning.outlet_for_name(name)
        if canonical == name:
            canonical = cleaning.outlet_for_name(f"the {name}")
        return _Claimant(canonical, PUBLICATION, description)
    return _Claimant(name, _kind(name, bare), description)


def _kind(name: str, bare: str) -> str:
    lowered = {w.strip(".,").lower() for w in bare.split()}
    if name != bare:
        return PERSON
    if bare.lower() in _KNOWN_ORGANISATIONS or lowered & (
        _ORGANISATION_WORDS | _KNOWN_ORGANISATIONS
    ):
        return ORGANISATION
    if lowered & _PUBLICATION_WORDS:
        return PUBLICATION
    if len(bare.split()) == 1:
        return ORGANISATION
    if bare.isupper():
        return ORGANISATION
    return PERSON
