"""How check-worthy a sentence is, and the claim in it as a fact-checker writes it
(pure).

The score is a sum of plain signals a desk uses when it triages (ClaimBuster's
categories, the Full Fact and Duke Reporters' Lab guides): a figure, a causal
assertion, a statement attributed to someone and reported as fact (a named
source most, then unnamed sources, documents and evidence, "footage shows"), a
prediction, a comparison, names that anchor it to the world; a quotation counts
more from a source the story gives a title or affiliation. Opinion-like wording
(first person feelings, praise, "should") takes away, but a hedge ("I think",
"we believe") around a figure, comparison, cause or forecast frames a claim and
does not. A year or a day after its month is a date, not a figure. A quotation
with nothing to
check in it (pleasantries, "no comment", a sentence that names and counts
nothing) scores near zero instead of vanishing, so the importer can count what it
left out. What no record can check takes away too: a speaker's aims and
feelings ("we aim to", "said she was proud"), a quotation that asks, a sentence
that only announces its reasons ("a couple of reasons"), what is on the
calendar ("will testify Thursday"). A number word counts only when it counts:
not in a name ("Take-Two"), a compound ("triple-double") or after "the" ("the
two officers"); a clock time says when.
"""

import re

QUOTE_CREDENTIALED = 0.1
QUOTE_UNCREDENTIALED = -0.05
EVIDENCE_SPEAKS = 0.1
# A named speaker's own words, unless opinion, are what they are on the
# record as saying: checkable against them, more than an unnamed voice's.
QUOTED_NAMED = 0.1
OFFICIAL_ACTION = 0.1
# What the outlet states in its own voice, no one saying it, is mostly what the
# reporter already checked (what happened, when, who is who): a desk checks
# what someone claims first.
OUTLET_VOICE = -0.1
# A figure someone puts their name to is what a desk checks first: more than
# a figure the story gives as background, or a statement with nothing to count.
ATTRIBUTED_FIGURE = 0.1
INTENTION_OR_FEELING = 0.2
# A quotation that asks asserts nothing: what is checkable is the frame at
# most, that someone asked.
QUOTED_QUESTION = 0.15
# "a couple of reasons", "a number of things": what is said is not in the
# sentence.
VAGUE = 0.15
# What is on the calendar ("is due to be held next Tuesday", "will testify
# Thursday"): an announcement, checked when it happens.
SCHEDULED = 0.15
# "urged an end to the violence", "called for calm": an appeal, of which only
# the making can be checked.
URGES = 0.1
# "Obviously, ...", "Of course, ...": what the writer or speaker offers as
# common ground, not as a claim in dispute.
SELF_EVIDENT = 0.1

_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    "seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|"
    "dozens?|scores of|percent|per cent|twice|double|doubled|triple|tripled|half|"
    "a third|a quarter|two-thirds|three-quarters"
)
FIGURE = re.compile(
    rf"(?<![\w/])(?:[$£€¥]\s?\d|\d[\d,.]*\s?(?:%|percent|per cent)|"
    rf"\d[\d,.]*(?:-|\s)?(?:[a-zA-Z]+)?)|\b(?:{_NUMBER_WORDS})\b|"
    r"\b(?:more|less|fewer) than\b|\b(?:only|just|a single|not a single) one\b|\b\w+(?:th|nd|rd|st) (?:straight|consecutive)\b|"
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) "
    r"(?:straight|consecutive|time|largest|biggest|highest|lowest)\b",
    re.IGNORECASE,
)
# Figures that only say when: a year, a clock time, a day of the month.
_WHEN_ONLY = re.compile(
    r"^(?:(?:19|20)\d\d(?:s)?|\d{1,2}(?::\d\d)?\s?(?:a\.m|p\.m|am|pm)\.?|\d{1,2}"
    r"(?:st|nd|rd|th)?)$",
    re.IGNORECASE,
)
# "2020 will", "May 15 and": a year, or a day after its month, with the next
# word the figure pattern takes along.
_YEAR_THEN_WORD = re.compile(r"^(?:19|20)\d\d(?:s)?[\s-]+[a-z]+$")
_DAY_THEN_WORD = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?(?:[\s-]+[a-z]+)?$")
_MONTH_BEFORE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s$"
)


# "10:30 p.m.", "9 a.m.": a clock time, its minutes too.
_CLOCK = re.compile(r"\d{1,2}(?::\d\d)?\s?(?:[ap]\.m\b|[ap]m\b)", re.IGNORECASE)
_HOURS_BEFORE = re.compile(r"\d{1,2}:$")
# "In 2018, the ...": a year and the comma after it.
_YEAR_THEN_COMMA = re.compile(r"^(?:19|20)\d\d(?:s)?,(?:\s+[a-zA-Z]+)?$")
# "triple-doubles", "second-half results", "double-digit": a multiplier in a
# compound word names a kind of thing, it counts nothing.
_IN_COMPOUND = re.compile(r"^(?:double|triple|half)$", re.IGNORECASE)
# "the two officers", "the three companies": the story's own people and things
# referred to again, already counted.
_THE_BEFORE = re.compile(r"\b(?:the|these|those|both)\s$", re.IGNORECASE)
_SMALL_NUMBER = re.compile(
    r"^(?:two|three|four|five|six|seven|eight|nine|ten)$", re.IGNORECASE
)


def _when_only(match: re.Match, text: str) -> bool:
    """Whether a match of FIGURE only says when: a year, a day after its month,
    a clock time with its minutes."""
    figure = match.group(0).strip(" -")
    start = match.start()
    hours = _HOURS_BEFORE.search(text, max(0, start - 3), start)
    if _CLOCK.match(text, hours.start() if hours else start):
        return True
    if (
        _WHEN_ONLY.match(figure)
        or _YEAR_THEN_WORD.match(figure)
        or _YEAR_THEN_COMMA.match(figure)
    ):
        return True
    before = text[max(0, start - 11) : start]
    return bool(_DAY_THEN_WORD.match(figure) and _MONTH_BEFORE.search(before))


def _counts_nothing(match: re.Match, text: str) -> bool:
    """A number word in a name ("Take-Two", "Big Ten": capitalised inside a
    sentence), a multiplier in a compound word, a small number after "the"."""
    figure = match.group(0).strip(" -")
    if not figure[:1].isalpha():
        return False
    start, end = match.start(), match.end()
    hyphened = text[start - 1 : start] == "-" or text[end : end + 1] == "-"
    if figure[0].isupper() and not _opens_sentence(text, start):
        return True
    if hyphened and _IN_COMPOUND.match(figure):
        return True
    before = text[max(0, start - 7) : start]
    return bool(_SMALL_NUMBER.match(figure) and _THE_BEFORE.search(before))


_STOPS = ".!?:;—–"
_OPENERS = "\"“‘'("
_DATELINE_END = re.compile(r"\(\w+\)\s*[—–-]+$")
# How far back a sentence's start is looked for: spaces, an opening quotation
# mark and a dateline's "(Reuters) —" fit, and a hostile run of spaces costs
# no more than this per number word.
_LOOK_BACK = 40


def _opens_sentence(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence, or the text after a dateline: before it,
    only spaces and an opening quotation mark or bracket after a stop, a
    dateline's agency, or the text's start."""
    window = text[max(0, start - _LOOK_BACK) : start].rstrip()
    if window[-1:] and window[-1] in _OPENERS:
        window = window[:-1].rstrip()
    if not window:  # the text's start, or nothing but spaces as far as looked
        return True
    return window[-1] in _STOPS or bool(_DATELINE_END.search(window))


_DATE = re.compile(
    r"\b(?:January|February|March|April|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|(?:19|20)\d\d)\b\.?"
)
CAUSAL = re.compile(
    r"\b(?:because|"
    # "is due to be held": the calendar, not a cause ("was due to rain" is one).
    r"due to(?!\s+(?:be|take|start|begin|open|meet|arrive|return|launch|close|end|"
    r"resume|appear|testify|vote|visit|speak|report|hold|host|face)\b)|as a result|caused by|causing|cause[sd]?|led to|leads to|"
    r"leading to|result of|resulted in|results in|owing to|therefore|consequently|"
    r"blamed on|blames?|responsible for|thanks to|driven by|contributed to|"
    r"linked to|so that|in order to|which means|meaning that|triggered|sparked|"
    r"(?:sent|sending|pushed|pushing|drove|driving)(?:\s+[\w'’-]+){1,3}\s+"
    r"(?:higher|lower|up|down|soaring|tumbling|sliding|to (?:a |an |their |its )?"
    r"(?:record|\w+-\w+ (?:high|low)|highest|lowest)))\b",
    re.IGNORECASE,
)
# "Shares fell 5% after the company cut its forecast": a market's move and
# what it moved on.
_MOVED_AFTER = re.compile(
    r"\b(?:rose|rising|fell|falling|dropped|dropping|jumped|jumping|slid|sliding|"
    r"surged|surging|plunged|plunging|tumbled|tumbling|climbed|climbing|sank|"
    r"sinking|rallied|rallying|slumped|slumping|soared|soaring)"
    r"(?:\s+[\w'’%$.,-]+){0,6}\s+after\b",
    re.IGNORECASE,
)
# "linked the incident to", "blamed the outage on": the cause after an object.
_CAUSE_AFTER_OBJECT = re.compile(
    r"\b(?:linked|links|tied|ties|attributed|attributes|blamed|blames)"
    r"(?:\s+[\w'’-]+){1,4}\s+(?:to|on)\b",
    re.IGNORECASE,
)
_CAUSE_AFTER_OBJECT_HINT = ("link", "tie", "attribut", "blame")


def _holds(text: str, hints: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of the plain substrings every match of a
    pattern holds: most text holds none, and ``in`` is far cheaper than a
    case-blind regular expression."""
    low = text.lower()
    return any(hint in low for hint in hints)


_CAUSAL_HINT = (
    "because",
    "due to",
    "result",
    "caus",
    "lead",
    "led to",
    "owing",
    "therefore",
    "consequently",
    "blame",
    "responsible",
    "thanks",
    "driven",
    "contributed",
    "linked",
    "so that",
    "in order",
    "mean",
    "trigger",
    "spark",
    "sent",
    "sending",
    "push",
    "drov",
    "driving",
)


def causal(text: str) -> bool:
    return bool(
        (_holds(text, _CAUSAL_HINT) and CAUSAL.search(text))
        or (_holds(text, _CAUSE_AFTER_OBJECT_HINT) and _CAUSE_AFTER_OBJECT.search(text))
        or (" after " in text and _MOVED_AFTER.search(text))
    )


# Evidence speaking: "video footage shows", "records indicate", "research has
# found", "there is no evidence": a factual claim sourced to what was seen or
# documented rather than to a person.
EVIDENCE = re.compile(
    r"\b(?:shows?|showed|shown|indicates?|indicated|suggests?|suggested|reveals?|"
    r"revealed|confirms?|confirmed|finds|found) that\b|"
    r"\b(?:footage|video|videos|images?|photos?|photographs?|records?|data|"
    r"documents?|research|studies|study|analysis|survey|poll|report|filings?)"
    r"(?:\s+[\w'’-]+){0,3}\s+(?:shows?|showed|indicated?|indicates|suggests?|"
    r"suggested|reveals?|revealed|confirms?|confirmed|finds|found)\b|"
    r"\b(?:no|little|some) (?:indication|evidence|sign|proof)\b",
    re.IGNORECASE,
)
_EVIDENCE_HINT = (
    "show",
    "indicat",
    "suggest",
    "reveal",
    "confirm",
    "find",
    "found",
    "evidence",
    "sign",
    "proof",
)


def evidence(text: str) -> bool:
    return bool(_holds(text, _EVIDENCE_HINT) and EVIDENCE.search(text))


# A forecast stated as fact ("will return", "is expected to"), narrower than
# the prediction signal the score counts ("would" is mostly conditional).
FORECAST = re.compile(
    r"\b(?:will|won't|is expected to|are expected to|is set to|are set to|"
    r"is likely to|are likely to|plans to|plan to|is going to|are going to)\b",
    re.IGNORECASE,
)
_PREDICTION = re.compile(
    r"\b(?:will|won't|would|is expected to|are expected to|expects?|expected|"
    r"forecasts?|predicts?|predicted|projected|plans? to|planned|aims? to|"
    r"is set to|are set to|likely to|is due to|are due to|by (?:19|20)\d\d|"
    r"next (?:year|month|week|season)|going to)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(?:than|compared (?:with|to)|most|least|highest|lowest|largest|biggest|"
    r"smallest|fastest|slowest|record|first|only|best|worst|rose|fell|risen|fallen|"
    r"increased?|decreased?|grew|grown|dropped|jumped|slid|surged|plunged|doubled|"
    r"halved|up|down|since|ever|never before|unprecedented|longest|shortest|"
    r"outpac\w+|(?:beat|beats|missed|misses|topped|tops|exceeded|exceeds|fell short of)"
    r" (?:\w+ )?(?:forecasts?|expectations|estimates|projections))\b",
    re.IGNORECASE,
)
# What courts, prosecutors, police, regulators and legislatures did, a
# company's guidance and a doctor's diagnosis: on the record somewhere, so a
# desk can check it against the filing, the vote or the medical record.
_OFFICIAL_ACTION = re.compile(
    r"\b(?:(?:was|were|is|are|been) (?:charged|indicted|convicted|acquitted|"
    r"sentenced|arrested|fined|sued|banned|impeached)|charged with|"
    r"pleaded (?:not )?guilty|pleads? (?:not )?guilty|plea (?:deal|agreement|bargain)|"
    r"filed (?:a )?(?:lawsuit|suit|complaint|charges)|(?:court|judge|jury|panel) "
    r"(?:ruled|found|ordered|dismissed|rejected|upheld|struck down|blocked)|"
    r"signed (?:\w+ )?into law|vetoed|voted (?:\d+-\d+ )?to|"
    r"(?:was|were|been|is) diagnosed with|(?<!its )(?<!their )(?<!the )"
    r"(?:cut|cuts|raised|raises|lowered|lowers|"
    r"slashed|boosted|reaffirmed|withdrew)(?: its| their)?(?: [\w-]+){0,3} "
    r"(?:guidance|forecast|outlook))\b",
    re.IGNORECASE,
)
_OFFICIAL_ACTION_HINT = (
    "charged",
    "indicted",
    "convicted",
    "acquitted",
    "sentenced",
    "arrested",
    "fined",
    "sued",
    "banned",
    "impeached",
    "guilty",
    "plea",
    "filed",
    "ruled",
    "found",
    "ordered",
    "dismissed",
    "rejected",
    "upheld",
    "struck down",
    "blocked",
    "into law",
    "vetoed",
    "voted",
    "diagnosed",
    "guidance",
    "forecast",
    "outlook",
)


def official_action(text: str) -> bool:
    return bool(_holds(text, _OFFICIAL_ACTION_HINT) and _OFFICIAL_ACTION.search(text))


_OPINION = re.compile(
    r"\b(?:I|we)(?:'m|’m|'re|’re| am| are)?\s+(?:really\s+|just\s+|so\s+)?"
    r"(?:feel|hope|love|like|want|wish|glad|happy|proud|"
    r"excited|thrilled|honored|honoured|grateful|sad|sorry|disappointed)\b|"
    r"\b(?:great|terrific|amazing|awesome|wonderful|incredible|fantastic|special|"
    r"remarkable|cool|beautiful|brilliant|disgrace(?:ful)?|shame(?:ful)?|"
    r"extraordinary|passionate|lovely|tremendous|fabulous|phenomenal|excellent|"
    r"horrible|terrible|awful|"
    r"ridiculous|outrageous|heartbreaking|nightmare|blessed|love|hate|"
    r"should|must|ought to|need to|needs to|have to|has to|got to)\b|!",
    re.IGNORECASE,
)
# "I think", "we believe": a speaker hedging. Around a figure, a comparison, a
# cause or a forecast it frames a claim ("we believe sales would have been
# closer to 5%"); with nothing of the kind it is an opinion.
_HEDGE = re.compile(
    r"\b(?:I|we)\s+(?:really\s+|just\s+|still\s+|do\s+)?"
    r"(?:think|thought|believe|believed|guess|suspect|expect|estimate)\b",
    re.IGNORECASE,
)
_NOTHING_TO_CHECK = re.compile(
    r"\b(?:no comment|declined? to comment|would not comment|could not comment|"
    r"couldn't comment|leave it at that|thank you|thanks|we'll see|we will see|"
    r"congratulations|good luck|stay tuned|time will tell|who knows|"
    r"it is what it is|it's what it is|that's all|of course)\b",
    re.IGNORECASE,
)
# Furniture that reaches the body: promotion and calls to action.
_PROMOTION = re.compile(
    r"\b(?:click here|sign up (?:for|to)|subscribe (?:to|now|for)|"
    r"(?:top|latest) [\w ]{0,30}headlines|download (?:the|our) app|"
    r"follow (?:us|him|her|them) on|read more|watch the (?:full )?video|"
    r"(?:get|sign up for) (?:our|the) newsletter)\b",
    re.IGNORECASE,
)
# "We aim to", "our goal is to", "we looked at": a speaker's own plans, aims
# and ways of working.
_INTENTION = re.compile(
    r"\b(?:I|we)(?:'re|’re|'m|’m|'ve|’ve| are| am| had| have)?\s+"
    r"(?:(?:really|just|still|also|now|always)\s+)?"
    r"(?:aim|aimed|intend|intended|hope|hoped|strive|try|tried|trying|want|wanted|"
    r"looked at|worked on|working on|took|take|are committed|remain committed)\b|"
    r"\b(?:our|my)\s+(?:\w+\s+)?(?:objective|strategy|goal|aim|mission|focus|"
    r"priority|vision|ambition|commitment|dream)\s+(?:is|was|has been|remains)\b",
    re.IGNORECASE,
)
# "said he was pleased", "says she is extremely proud", "expressed outrage":
# a feeling reported.
_FEELING = re.compile(
    r"\b(?:said|says|told \w+|added|noted)\s+(?:that\s+)?(?:he|she|they|it|we|I)"
    r"(?:'s|’s|'re|’re| is| was| were| are| felt| feels| feel| remains| remained)"
    r"\s+(?:(?:very|so|extremely|really|deeply|particularly|especially)\s+)?"
    r"(?:proud|pleased|happy|delighted|grateful|excited|thrilled|honou?red|"
    r"saddened|heartbroken|disappointed|optimistic|hopeful|confident)\b|"
    r"\bexpressed (?:outrage|anger|dismay|gratitude|sadness|condolences|"
    r"disappointment|frustration|support)\b",
    re.IGNORECASE,
)
_WHEN_NEXT = (
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"tomorrow|tonight|next (?:week|month|year|\w+day)|later (?:this|today)|"
    r"this (?:week|weekend|month|evening|afternoon))"
)
_SCHEDULED = re.compile(
    r"\b(?:(?:is|are)\s+(?:due|slated|scheduled)\s+to\s+[\w'’-]+(?:\s+(?:be|place))?|"
    r"(?:will|is to|are to)\s+(?:testify|meet|speak|appear|be held|take place|"
    r"begin|start|open|resume|visit|host|hold|vote|announce|report|be released))"
    rf"(?:\s+[\w'’-]+){{0,6}}?\s+{_WHEN_NEXT}\b|"
    r"\b(?:hosts?|holds?|meets?|meet again)(?:\s+[\w'’-]+){0,6}?\s+"
    r"(?:at \d{1,2}(?::\d\d)?\s?[ap]\.?m\b|in (?:\w+ ){0,1}(?:days|weeks)\b)",
    re.IGNORECASE,
)
_SELF_EVIDENT = re.compile(
    r"[\"“‘']?(?:Obviously|Clearly|Of course|Needless to say|Naturally|"
    r"Admittedly),?\s"
)
_URGES = re.compile(
    r"\b(?:urged|urges|urging|called (?:on|for)|calls (?:on|for)|calling (?:on|for)|"
    r"appealed (?:to|for)|appeals (?:to|for)|pleaded with|implored)\b",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"\b(?:a (?:couple|few|number|lot|host|range|variety) of|several|various|some|"
    r"many)\s+(?:\w+\s+)?(?:reasons|things|ways|factors|issues|points|aspects|"
    r"areas|ideas)\b",
    re.IGNORECASE,
)
# A sentence that ends without a full stop, question or exclamation mark is a
# headline, subhead, caption or a line of a list: the body states its claim.
_ENDS_A_SENTENCE = re.compile(r"[.!?…][”\"’')\]]*\s*$")
_PROPER = re.compile(r"(?<=[a-z,;] )[A-Z][\w'’.&-]+")
_DISCOURSE = re.compile(
    r"^(?:But|And|Yet|So|Still|However|Meanwhile|Instead|Indeed|Also|Moreover|"
    r"In addition|Separately|Previously|Earlier|Later|Now|Then|Overall)\b,?\s+"
)


def score(
    text: str,
    *,
    attributed: bool,
    named: bool,
    reported: bool,
    quoted: bool,
    lede: bool = False,
    position: float = 0.0,
    centrality: float = 0.0,
    claimant: str = "",
    claimant_kind: str | None = None,
    continued: bool = False,
    credentialed: bool = False,
    evidence: bool = False,
    asks: bool = False,
) -> tuple[float, tuple[str, ...]]:
    """Worthiness of ``text`` (0..1) with its reasons. ``attributed``: a frame or a
    quotation says who says it, ``named`` when it names them; ``reported``: the
    content is reported speech or the outlet's voice, not a direct quotation;
    ``quoted``: it is all or mostly quotation; ``lede``: it opens the article,
    where a story puts its main claims, and ``position`` (0..1) is how far into
    the body it starts; ``continued``: it goes on a quotation whose speaker
    another sentence names; ``credentialed``: the claimant is given a role,
    an affiliation or a description ("U.S. Attorney Geoffrey Berman", "Sam
    Reyes, a hydrologist at ..."); ``centrality`` (0..1) how much of it is about what the
    whole story keeps returning to; ``evidence``: research, records or footage
    speak ("a study found", "there is no evidence"), which is what a desk can
    check against the source."""
    reasons = []
    total = 0.1
    figures = [m for m in FIGURE.finditer(text) if not _counts_nothing(m, text)]
    hard = [m.group(0) for m in figures if not _when_only(m, text)]
    if hard:
        reasons.append("figure")
        total += 0.3
    elif figures or _DATE.search(text):
        reasons.append("dated")  # says when something happened: checkable
        total += 0.05
    if causal(text):
        reasons.append("causal")
        total += 0.15
    if attributed:
        reasons.append("attributed")
        # A named source's statement reported as fact is what a desk checks
        # first; one reported from unnamed sources, documents or accounts
        # ("according to eyewitness accounts", "prosecutors alleged") next; a
        # quotation less so.
        total += 0.4 if reported and named else (0.25 if reported else 0.1)
        if hard:
            total += ATTRIBUTED_FIGURE
    else:
        total += OUTLET_VOICE
    if evidence:
        total += EVIDENCE_SPEAKS
    if official_action(text):
        reasons.append("official-action")
        total += OFFICIAL_ACTION
    if _PREDICTION.search(text):
        reasons.append("prediction")
        total += 0.05
    if _COMPARISON.search(text):
        reasons.append("comparison")
        total += 0.1
    names = {w for w in _PROPER.findall(text) if w not in claimant.split()}
    total += min(0.15, 0.05 * len(names))
    if lede:
        total += 0.1
    # A story leads with what matters; quotes and colour gather at the end.
    total += 0.15 * (1 - min(1.0, max(0.0, position)))
    total += 0.2 * centrality
    if claimant_kind in ("organisation", "publication", "document"):
        total += 0.1  # a body's statement is on the record
    elif named and not reported:
        # A quotation from someone the story gives a title or an affiliation
        # is said on the record, in that capacity; one from a bystander or a
        # participant named only by name is mostly experience and colour.
        total += QUOTE_CREDENTIALED if credentialed else QUOTE_UNCREDENTIALED
    length = len(text.split())
    if length < 12:
        total -= 0.1
    elif length < 20:
        total -= 0.05
    if quoted:
        total -= 0.05
    if continued:
        total -= 0.1  # the third sentence of a quotation: elaboration, mostly
    if asks:
        total -= QUOTED_QUESTION
    if not hard and _VAGUE.search(text):
        total -= VAGUE
    if _SCHEDULED.search(text):
        total -= SCHEDULED
    if not hard and _URGES.search(text):
        total -= URGES
    if _SELF_EVIDENT.match(text):
        total -= SELF_EVIDENT
    personal = _PERSONAL.search(text)
    checkable = bool(
        hard
        or "causal" in reasons
        or "prediction" in reasons
        or "comparison" in reasons
        or "official-action" in reasons
    )
    opinion = _OPINION.search(text) or (_HEDGE.search(text) and not checkable)
    if (quoted or personal) and opinion:
        reasons.append("opinion-like")
        total -= 0.15 if hard else 0.3  # "we believe sales would be 5%": a figure
    elif quoted and personal and not hard:
        total -= 0.1  # a speaker's own experience, rarely checkable
    elif attributed and named and not reported:
        total += QUOTED_NAMED
    if not hard and (_INTENTION.search(text) or _FEELING.search(text)):
        # What someone means to do or how they feel about it: their
        # intentions and feelings, which no record can check.
        if "opinion-like" not in reasons:
            reasons.append("opinion-like")
        total -= INTENTION_OR_FEELING
    content = re.findall(r"[A-Za-z]{4,}", text)
    pleasantry = _NOTHING_TO_CHECK.search(text)
    if (
        (pleasantry and (length < 15 or not hard))
        or (quoted and not hard and not names and len(content) < 6)
        or _PROMOTION.search(text)
        or not _ENDS_A_SENTENCE.search(text)
    ):
        reasons.append("no-checkable-content")
        total = min(total, 0.1)
    return round(max(0.0, min(1.0, total)), 2), tuple(reasons)


_CONTENT_WORD = re.compile(r"[A-Za-z][a-z]{3,}|[A-Z]{2,}")
_COMMON = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "were",
        "been",
        "they",
        "their",
        "there",
        "which",
        "would",
        "will",
        "about",
        "said",
        "says",
        "also",
        "after",
        "more",
        "than",
        "when",
        "into",
        "over",
        "what",
        "some",
        "just",
        "like",
        "only",
        "other",
        "could",
        "them",
        "then",
        "year",
        "years",
        "time",
        "told",
        "this",
        "those",
        "these",
        "while",
        "where",
        "being",
        "does",
        "most",
        "very",
        "even",
        "made",
        "make",
        "many",
        "much",
        "such",
        "because",
        "before",
        "first",
        "last",
        "since",
    ]
)


def topic_weights(body: str) -> dict[str, int]:
    """How often each content word occurs in the story: its topic, roughly."""
    counts: dict[str, int] = {}
    for word in _CONTENT_WORD.findall(body):
        key = word.lower()[:7]
        if key not in _COMMON:
            counts[key] = counts.get(key, 0) + 1
    return counts


def centrality(text: str, weights: dict[str, int]) -> float:
    words = [w.lower()[:7] for w in _CONTENT_WORD.findall(text)]
    words = [w for w in words if w not in _COMMON]
    if not words:
        return 0.0
    return sum(1 for w in words if weights.get(w, 0) >= 3) / len(words)


_PERSONAL = re.compile(
    r"\b(?:I|I'm|I’m|I've|I’ve|me|my|we|we're|we’re|our|us|you|your)\b"
)


def proposition(text: str, frame_start: int | None, frame_end: int | None) -> str:
    """The claim without its attribution frame: "Alvarez says transit officers
    boarded the train" -> "Transit officers boarded the train." Kept under 75
    characters when a shorter clause still says it; never empty."""
    core = text
    if frame_start is not None and frame_end is not None:
        before, after = text[:frame_start], text[frame_end:]
        after = re.sub(
            r"^[\s,]*(?:in an? [\w-]+(?: [\w-]+)?|on \w+|to [\w.]+(?: [\w.]+)?|"
            r"last \w+)?[\s,]*(?:that\s+)?",
            "",
            after,
            count=1,
        )
        after = re.sub(r"^[\s,:]+", "", after)
        # "told reporters on Monday that ...": the object of the verb goes too.
        after = re.sub(r"^(?:[\w.’'-]+\s+){1,6}?that\s+", "", after, count=1)
        quoted_before = any(mark in before for mark in '“"')
        if quoted_before and not any(mark in after for mark in '“"'):
            core = before  # "“No comment,” the spokesman said when asked."
        else:
            core = after if len(_words(after)) >= len(_words(before)) else before
        if len(_words(core)) < 2:
            core = text
    core = _tidy(core)
    if len(core) > 75:
        core = _shorten(core)
    return core or _tidy(text) or text


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _tidy(text: str) -> str:
    text = "".join(" " if c in '“”"' else c for c in text)
    text = re.sub(r"(^|\s)[‘'](\w)", r"\1\2", text)
    text = re.sub(r"(\w)[’'](\s|$|[,.])", lambda m: m.group(0), text)
    text = " ".join(text.split()).strip(" ,;:—–-")
    text = _DISCOURSE.sub("", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = text.rstrip(",;:—– ")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    if text[-1] not in ".!?":
        text += "."
    return text


_INTRODUCTORY = re.compile(
    r"(?:At|In|On|After|Before|When|While|Although|Though|As|Since|With|Despite|"
    r"During|Given|Because|If|Until|Unlike|Like|For|By|From|Under|Over|Amid)\b"
)


def _shorten(text: str) -> str:
    """Drop what a headline would: parentheses, then trailing clauses."""
    shorter = re.sub(r"\s*\([^)]*\)", "", text)
    shorter = re.sub(r"\s*[—–]\s[^—–]*[—–]\s", " ", shorter)
    for pattern in (
        r"[;:]\s",
        r"\s[—–]\s",
        r",\s(?:who|which|where|while|whereas|although|though|but|as|after|"
        r"according|including|with|and|even)\b",
        r",\s",
    ):
        if len(shorter) <= 75:
            break
        cut = re.search(pattern, shorter)
        if cut and pattern == r",\s" and _INTRODUCTORY.match(shorter):
            rest = shorter[cut.end() :]
            if len(_words(rest)) >= 4:
                shorter = rest[0].upper() + rest[1:]
                continue
        if cut and len(_words(shorter[: cut.start()])) >= 5:
            shorter = shorter[: cut.start()].rstrip(" ,;:") + "."
    return shorter


_FORECAST_HINT = ("will", "won't", "expected", "set to", "likely", "plan", "going to")


def forecast(text: str) -> bool:
    return bool(_holds(text, _FORECAST_HINT) and FORECAST.search(text))
