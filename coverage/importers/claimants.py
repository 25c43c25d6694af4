"""Who says a sentence (pure): the attribution frame, the name split from its role
and organisation, the kind of speaker, and what the article has named so far.

The rules are about English news syntax, not about any one set of articles:

- A frame is a speech verb (say, tell, add, note, warn, announce, testify, in every
  tense) with its subject, the noun phrase just before it in the same clause
  ("Interim Police Chief Ed Alvarez told reporters"), or after it in an inversion
  ("..., says Jack Buser"), or "according to X". The first frame of the sentence
  is the one: a name inside the reported clause ("Two people briefed on the talks
  said Trump has decided") is what is reported, not who reports it.
- A capitalised run is split from the right: the name (two or three capitalised
  words, with particles, initials and suffixes), then a role (title words such as
  President, CEO, "Secretary of State", or lowercase ones such as "press
  secretary"), then the organisation it belongs to ("Indiana State Teachers
  Association President Keith Gambill" is Keith Gambill, President, of the
  association). Honorifics (Dr., Prof., Mr., Ms.) stay with the name.
- Unnamed speakers ("officials said", "two people familiar with the talks",
  "prosecutors alleged") give no claimant; an unnamed speaker for a named body
  ("PG&E officials", "a spokeswoman for the council") gives the body.
- Descriptions point back: "the company", "the agency", "the ministry" to the
  organisation named last (one whose name holds the noun first), "the actor",
  "the coach" to the person cited last, "he"/"she" to the last person of that
  gender when the first name tells it, "it" to the last organisation. An acronym
  resolves to the organisation named in full in the article ("WHO" after "World
  Health Organization"), a surname alone to the full name given anywhere in it,
  and an indefinite role ("a transit chief says") to the person the article
  names later with that role.
- A capitalised word opening a sentence or clause is a name only when the
  article also writes it capitalised mid-sentence, or it is a known first name,
  outlet or organisation: "Untreated plague ..., says WHO" is WHO's.
"""

import re
from dataclasses import dataclass, replace

from coverage.importers.name_words import (
    _CONNECTORS,
    _DOCUMENT_HEADS,
    _LEADING_NOISE,
    _NAME_PARTICLES,
    _ORG_HEADS,
    _ROLE_WORDS,
    _TOKEN,
    _UNNAMED,
    _bare,
    _in_proper_run,
    _is_cap,
    _is_role,
    _possessive,
    _words,
)
from coverage.importers.names import (
    DOCUMENT,
    ORGANISATION,
    PERSON,
    PUBLICATION,
    Article,
    Claimant,
    _role_from_description,
    parse_named,
)
from coverage.importers.speaker_phrases import (
    _PRONOUNS,
    resolve_phrase,
)

__all__ = [
    "DOCUMENT",
    "ORGANISATION",
    "PERSON",
    "PUBLICATION",
    "Article",
    "Claimant",
    "Frame",
    "find_frame",
]


@dataclass(frozen=True)
class Frame:
    """Who speaks and where the attribution sits in the sentence's text
    (``start:end``), so the proposition can be the rest."""

    claimant: Claimant | None
    start: int
    end: int
    inverted: bool = False


def _forms(spec: str) -> set[str]:
    """ "say:says:said:saying" lists irregular forms; a plain verb gets the
    regular ones (note: notes, noted, noting; deny: denies, denied, denying)."""
    if ":" in spec:
        return set(spec.split(":"))
    if spec.endswith("e"):
        return {spec, spec + "s", spec + "d", spec[:-1] + "ing"}
    if spec.endswith("y") and spec[-2] not in "aeiou":
        return {spec, spec[:-1] + "ies", spec[:-1] + "ied", spec + "ing"}
    if spec.endswith(("sh", "ch", "ss", "x")):
        return {spec, spec + "es", spec + "ed", spec + "ing"}
    return {spec, spec + "s", spec + "ed", spec + "ing"}


_SPEECH_VERBS = set().union(
    *(
        _forms(spec)
        for spec in _words(
            """
            say:says:said:saying tell:tells:told:telling
            write:writes:wrote:written:writing
            admit:admits:admitted:admitting think:thinks:thought
            forecast:forecasts:forecasting find:finds:found:finding
            show:shows:showed:shown:showing add note tweet post cite
            comment accuse reiterate expect recommend declare warn
            announce report testify allege claim argue insist deny
            confirm explain estimate maintain reveal acknowledge predict
            suggest contend assert state stress emphasise emphasize
            conclude observe remark reply respond counter concede recall
            describe urge complain caution disclose indicate boast
            charge agree dispute blame criticise criticize praise vow
            pledge promise threaten project calculate believe fear hope
            posit propose mention continue repeat insist argue explain
            point link call:calls:called:calling ask
        """
        )
    )
)
# Nouns as often as verbs: a frame only with a subject just before them.
_NOUN_LIKE = _words(
    """
    claims reports estimates projects forecasts posts comments charges hopes
    fears promises shows states points finds believe think hope fear expect
    claim report state point find show post comment charge project promise
    continue continues found
    """
)
# Verbs that often are not speech ("threatened to kill", "hopes to", "called
# for"): an unnamed subject before one does not end the search for the speaker.
_WEAK = set().union(
    *(
        _forms(spec)
        for spec in _words(
            """
            think:thinks:thought find:finds:found:finding
            show:shows:showed:shown:showing threaten hope fear believe
            expect blame praise criticise criticize promise vow pledge
            accuse charge continue agree link call:calls:called:calling
            describe recall urge project calculate
            forecast:forecasts:forecasting estimate indicate suggest ask
        """
        )
    )
)
_PROGRESSIVE = re.compile(
    r"\b(?:is|are|was|were|been|be|am|’s|'s|keeps?|kept|started|began|"
    r"continues?|continued)\s+(?:\w+ly\s+|also\s+|still\s+|now\s+)?$"
)
_SHOW = _forms("show:shows:showed:shown:showing")
# Lowercase words standing alone; a set look-up beats one long alternation.
_LOWER_WORD = re.compile(r"(?<![\w'’-])([a-z]+)(?![\w'’-])")


def speech_verbs(text: str) -> list[re.Match]:
    return [m for m in _LOWER_WORD.finditer(text) if m.group(1) in _SPEECH_VERBS]


_ACCORDING = re.compile(r"\b[Aa]ccording to\b")
_POINTED_OUT = re.compile(r"^\s*out\b")

_AUXILIARY = re.compile(
    r"(?:^|\s)(?:has|have|had|was|were|is|are|also|later|previously|recently|then|"
    r"reportedly|allegedly|once|since|further|herself|himself|itself|themselves|"
    r"publicly|repeatedly|earlier|today|yesterday|again|long|never|would|will|"
    r"could|may|might|can|did|does|do|not|first|already|often|separately|"
    r"privately|specifically|initially|subsequently|just|originally|Monday|"
    r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:on|last|this)\s+"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year)|"
    r"in\s+(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|\d{4}))$"
)


def _strip_auxiliaries(text: str) -> str:
    """ "Hawk Sawyer has also" -> "Hawk Sawyer": what stands between a subject and
    its verb. A loop, not one regex, so long blanked quotations cost nothing."""
    text = text.rstrip()
    while True:
        match = _AUXILIARY.search(text[-40:])
        if not match:
            return text
        text = text[: len(text) - len(text[-40:]) + match.start()].rstrip()


# "shortly after the arrest", "hours before the vote": when, between a subject
# and its verb.
_TIME_BETWEEN = re.compile(
    r"\s+(?:(?:shortly|soon|just|immediately|only|long|hours|days|weeks|months|"
    r"minutes|moments|years|a\s+(?:day|week|month|year))\s+)?(?:after|before|"
    r"following|during)\s+(?:the|a|an|his|her|their|its|this|that|last)\s+"
    r"[a-z]+(?:\s+[a-z]+)?$"
)
_PARENTHESIS_AT_END = re.compile(r"\s*\([^()]*\)$")


def _strip_between(before: str) -> str:
    """ "Rep. Dana Whitfield (D-Ore.) shortly after the vote" -> "Rep. Dana
    Whitfield": a party or place in parentheses, auxiliaries, adverbs and a
    time phrase between the subject and its verb."""
    head = before.rstrip()
    while True:
        shorter = _strip_auxiliaries(_PARENTHESIS_AT_END.sub("", head))
        time = _TIME_BETWEEN.search(shorter)
        if time and re.search(r"(?:^|\s)[A-Z][^\s]*$|\)$", shorter[: time.start()]):
            shorter = shorter[: time.start()]
        if shorter == head:
            return head
        head = shorter


# Where a clause, and so the subject of its verb, begins.
_CLAUSE_START = re.compile(
    r"(?:[,;:()\[\]“”\"—–]|\s-\s|\s{2,}|^)\s*|"
    r"\b(?i:that|but|while|when|after|before|because|as|if|since|although|though|"
    r"whereas|where|until|whether|so|then|which|who|whom)\s+"
)
# A blanked quotation after one of these is a title inside the noun phrase
# ("the "Pose" actor said"), not a clause of its own.
_DETERMINER_BEFORE = re.compile(r"(?:^|\s)(?i:the|a|an|its|his|her|their|our)$")


def find_frame(outside: str, article: Article, *, position: int) -> Frame | None:
    """The sentence's attribution, read from its text with quotations blanked."""
    according = _ACCORDING.search(outside)
    verbs = [m for m in speech_verbs(outside) if _verb_here(m, outside)]
    tail = _TAIL.search(outside)
    closing = [v for v in verbs if tail and v.start() == tail.start(2)]
    if not closing and len(verbs) > 1:
        last = verbs[-1]
        if (
            outside[: last.start()].rstrip().endswith(",")
            and len(outside[last.end() :].split()) <= 12
        ):
            closing = [last]
    if closing and len(verbs) > 1:
        # "Sondland said he had relayed it ..., Morrison testified.": the frame
        # closing the sentence reports everything before it.
        frame = _verb_frame(outside, closing[0], article, position)
        if frame is not None and frame.claimant is not None:
            return frame
    first_verb = verbs[0].start() if verbs else len(outside)
    if according and according.start() < first_verb:
        return _according(outside, according, article, position)
    for verb in verbs:
        frame = _verb_frame(outside, verb, article, position)
        if frame is not None and (frame.claimant or verb.group(1) not in _WEAK):
            return frame
    if according:
        return _according(outside, according, article, position)
    by = _PRODUCED_BY.match(outside)
    if by:
        # "Targets outlined by the ministry include ...": its statement.
        claimant = resolve_phrase(by.group("who"), article, position=position)
        if claimant is not None and claimant.kind != DOCUMENT:
            return Frame(claimant, by.start("verb"), by.end())
    return None


# The subject of a sentence is something a body or person put out.
_PRODUCED_BY = re.compile(
    r"\s*(?:[\w'’-]+\s+){1,5}?(?P<verb>(?:released|published|identified|compiled|"
    r"issued|set\s+out|outlined|proposed|presented|prepared|drawn\s+up|laid\s+out|"
    r"unveiled|announced|commissioned|conducted|gathered|collected)\s+by\s+)"
    r"(?P<who>(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+(?:of|for|and|&|the|[A-Z][\w'’&.-]*))*)"
)


_TAIL = re.compile(
    r",\s*((?:[A-Z][\w.'’&-]*\s+){0,4}[A-Z][\w.'’&-]*|he|she|they|it)\s+(\w+)"
    r"(?:\s+(?:on\s+)?\w+)?\s*[.!]?\s*$"
)


_ADDED_SOMETHING = re.compile(
    r"\s+(?:\$?\d|(?:a|an|another|two|three|four|five|six|seven|eight|nine|ten|"
    r"more|several|some|its|his|her|their)\s+\w+)",
    re.IGNORECASE,
)
_BY_AFTER = re.compile(r"\s+by\s")
_PASSIVE = re.compile(
    r"\b(?:was|were|is|are|been|be|being)\s+(?:(?:not|never|also|already|first|"
    r"widely|previously|later|publicly|officially)\s+)?$"
)


def _verb_here(verb: re.Match, outside: str) -> bool:
    word = verb.group(1)
    if word.endswith(("ed", "aid", "old", "ote", "own", "ound")) and _PASSIVE.search(
        outside[: verb.start()]
    ):
        return False  # "were said to have", "was told": not who speaks
    if word.endswith(("ed", "own", "ound")) and _BY_AFTER.match(outside[verb.end() :]):
        return False  # "measures announced by the Treasury": its agent speaks
    if word in ("add", "adds", "added", "adding") and _ADDED_SOMETHING.match(
        outside[verb.end() :]
    ):
        return False  # "Gallinari added 25 points": a score, not a remark
    if word in ("point", "points", "pointed", "pointing"):
        return bool(_POINTED_OUT.match(outside[verb.end() :]))
    return True


def _according(outside, according, article, position) -> Frame:
    tail = outside[according.end() :]
    end_at = len(tail)
    for stop in _ACCORDING_STOP.finditer(tail):
        if stop.group(0).startswith(".") and _ABBREVIATION.search(
            tail[: stop.start() + 1]
        ):
            continue  # "Dr. Susan Crockford"
        end_at = stop.start()
        break
    phrase = tail[:end_at].strip().rstrip(".")
    start = according.start()
    comma = outside[:start].rstrip()
    if comma.endswith(","):
        start = len(comma) - 1
    claimant = resolve_phrase(phrase, article, position=position)
    return Frame(claimant, start, according.end() + end_at)


_ACCORDING_STOP = re.compile(
    r"[,;:.!?]\s|[,;:]|\s{2,}|\s--\s|\s?[—–]\s?|\s+(?:who|which|that)\s"
)
_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:[A-Z]|Dr|Mr|Mrs|Ms|Prof|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Jr|Sr|"
    r"U\.S|U\.K|Inc|Corp|Co|Ltd)\.$"
)


def _verb_frame(outside, verb, article, position) -> Frame | None:
    word = verb.group(1)
    before = outside[: verb.start()]
    head = _strip_between(before)
    stripped = head.rstrip()
    after_boundary = not stripped or stripped.endswith(",") or before.endswith("  ")
    if stripped.endswith(",") and not stripped.endswith(",,"):
        appositive = _appositive(stripped[:-1], article, position)
        if appositive is not None:
            claimant, subject_start = appositive
            return Frame(claimant, subject_start, verb.end())
    if (
        word.endswith("ing")
        and not after_boundary
        and not _PROGRESSIVE.search(before)
        and _clause_start(stripped) != len(stripped)
        and _bare(stripped.split()[-1]) not in _DOCUMENT_HEADS  # "a ruling saying"
    ):
        return None  # "the only moon boasting seas": a participle, not speech
    if not after_boundary:
        chunk_start = _clause_start(stripped)
        chunk = stripped[chunk_start:].strip()
        chunk = _coordinated_subject(chunk) or chunk
        if chunk:
            if word in _NOUN_LIKE and not _could_be_subject(chunk):
                return None
            claimant = resolve_phrase(chunk, article, position=position)
            if chunk.lower() in ("he", "she"):
                claimant = (
                    _named_before(stripped[:chunk_start], article, chunk) or claimant
                )
            if word in _SHOW and claimant is not None and claimant.kind == PERSON:
                return None  # "Trump has shown little hesitation": data show, people do
            if claimant is None and not _is_speaker_phrase(chunk):
                return None
            offset = len(stripped[chunk_start:]) - len(stripped[chunk_start:].lstrip())
            return Frame(claimant, chunk_start + offset, verb.end())
    if word in _NOUN_LIKE and not after_boundary:
        return None
    if word not in ("told", "tells", "telling"):
        frame = _inversion(outside, verb, article, position)
        if frame is not None:
            return frame
    if word.endswith("ing"):
        # "Netflix, however, is standing by it, telling TMZ", "After the hearing,
        # Mayor Tom Reid issued a statement, saying": a clause's subject, the
        # nearest clause before the verb first, then the sentence's opening one.
        clauses = [c for c in re.split(r"[,;:()]", before) if c.strip()]
        for clause in reversed(clauses):
            subject = _subject_of_clause(clause.strip())
            claimant = (
                resolve_phrase(subject, article, position=position) if subject else None
            )
            if claimant:
                return Frame(claimant, verb.start(), verb.end())
    return None


_INVERSION_STOPS = _words(
    """
    who which in at on during after before to that as when while from of
"""
)


def _inverted_subject(after: str, offset: int) -> tuple[str, int] | None:
    """The phrase after an inverted verb, up to punctuation (not an
    abbreviation's full stop) or a word that starts what follows it."""
    words = []
    end = offset
    for match in re.finditer(r"\S+", after[offset:]):
        word = match.group(0)
        if (
            words
            and word.lower() in _INVERSION_STOPS
            and not (word.lower() == "of" and _is_cap(words[-1]))
        ):
            break
        if offset + match.start() > end + 1 and words:
            break  # a blanked quotation
        bare = word.rstrip(",;:.!?()")
        if word[0] in "(":
            break
        if word.endswith(".") and _ABBREVIATION.search(" " + word):
            bare = word
        words.append(bare)
        end = offset + match.end()
        if word != bare and not (
            word.endswith(".") and _ABBREVIATION.search(" " + word)
        ):
            end -= len(word) - len(bare)
            break
    phrase = " ".join(w for w in words if w)
    return (phrase, end) if phrase else None


def _inversion(outside, verb, article, position) -> Frame | None:
    """ "..., said Jane Smith, who led it." / "says analyst Lewis Ward" / ", said
    another witness, former adviser Fiona Hill": the speaker after the verb."""
    after = outside[verb.end() :]
    offset = 0
    for _ in range(3):
        named = _inverted_subject(after, offset)
        if named is None:
            return None
        phrase, named_end = named
        claimant = resolve_phrase(phrase, article, position=position)
        rest = after[named_end:]
        if claimant:
            app = re.match(r"\s*,\s*(?:who\s+\w+\s+)?([^,;.]{2,120})", rest)
            if app and claimant.kind == PERSON and not claimant.role:
                description = app.group(1).strip()
                role, affiliation = _role_from_description(description)
                claimant = replace(
                    claimant,
                    description=description,
                    role=role,
                    affiliation=affiliation or claimant.affiliation,
                )
            end = verb.end() + named_end + (app.end() if app else 0)
            return Frame(claimant, verb.start(), end, inverted=True)
        # "another witness in the inquiry, former adviser Fiona Hill"
        comma = re.match(r"[^,;.!?]*,\s*", rest)
        if not _is_speaker_phrase(phrase) or not comma:
            return None
        offset = named_end + comma.end()
    return None


def _named_before(text: str, article: Article, pronoun: str) -> Claimant | None:
    """ "When Carlineo was approached, he told police": the person the sentence
    named before the pronoun, nearest first, a possessor ("a call to Omar's
    office, in which he said") only when no one else is named, never one whose
    first name says the pronoun is someone else."""
    gender = "male" if pronoun.lower() == "he" else "female"
    possessors = []
    for word in reversed(_TOKEN.findall(text)):
        if _is_cap(word):
            person = article.person(_possessive(word) or word)
            if (
                person is None
                or article.gender(person) not in (gender, None)
                or person in possessors  # "Tavi" of "Tavi Yusuf's"
            ):
                continue
            if not _possessive(word):
                return person
            possessors.append(person)
    return possessors[0] if possessors else None


_SUBJECT_DETERMINERS = _words("the its his her their our this that")


def _coordinated_subject(chunk: str) -> str | None:
    """ "Mara Linden briefly described the rescue and noted ...", "The agency
    closed the site and said ...": a speech verb joined by "and" to an earlier
    verb has that clause's subject."""
    words = chunk.split()
    if len(words) < 3 or words[-1] != "and":
        return None
    first = _bare(words[0])
    if first in _PRONOUNS:
        return words[0]
    if first in _SUBJECT_DETERMINERS:
        for k, word in enumerate(words[1:5], start=1):
            if _bare(word) in _ORG_HEADS or _is_role(word):
                return " ".join(words[: k + 1])
            if not (_is_cap(word) or word.islower()) or word.endswith(","):
                break
    subject = _subject_of_clause(" ".join(words[:-1]))
    if subject and len(subject.split()) < len(words) - 1 and _is_cap(subject):
        return subject
    return None


def _subject_of_clause(clause: str) -> str:
    words = clause.split()
    taken = []
    for word in words:
        if word.lower() in {"is", "was", "has", "had", "are", "were", "will"} or (
            taken and not _is_cap(word) and word.lower() not in _CONNECTORS
        ):
            break
        taken.append(word)
    return " ".join(taken)


def _clause_start(text: str) -> int:
    start = 0
    for match in _CLAUSE_START.finditer(text):
        blank = match.group(0).strip() == ""
        if blank and match.start() and _DETERMINER_BEFORE.search(text[: match.start()]):
            continue
        if match.end() < len(text) or blank:
            start = match.end()
    # "A and B said": keep names joined by "and" together for resolve_phrase.
    return start


def _could_be_subject(chunk: str) -> bool:
    last = chunk.split()[-1]
    if _possessive(last):
        return False  # "Pirro's comments"
    return (
        _is_cap(last)
        or _bare(last) in _PRONOUNS
        or _bare(last) in _ORG_HEADS
        or _bare(last) in _DOCUMENT_HEADS  # "The Ledger's report claims"
    )


def _is_speaker_phrase(chunk: str) -> bool:
    """An unnamed speaker ("officials", "two people familiar with the talks"):
    a frame with no claimant, which stops the search for one."""
    words = [_bare(w) for w in chunk.split()]
    return any(
        w in _UNNAMED or f"{w}es" in _UNNAMED or w in _ROLE_WORDS or w in _ORG_HEADS
        for w in words
    )  # "another witness" as "witnesses"


def _appositive(head: str, article, position):
    """ "Serene Gregg, local president of the union," / "The film's director,
    Priya Natarajan," / "Netflix, however,": the speaker and where it starts."""
    comma = head.rfind(",")
    if comma < 0:
        return None
    inner = head[comma + 1 :].strip()
    outer = head[:comma].rstrip()
    outer_start = _clause_start(outer)
    outer_chunk = outer[outer_start:].strip()
    if not outer_chunk or not inner:
        return None
    inner_words = inner.split()
    if re.match(
        r"(?:but|and|or|so|yet|while|then|because|although|though|if)\b", inner
    ):
        return None
    role = re.match(
        r"^\s*(?:the|a|an|its|his|her|their|our|[A-Z][\w.&-]*['’]s)\s+(.{1,80}?)\s*$",
        outer_chunk,
        re.IGNORECASE,
    )
    if (
        role
        and any(_is_role(w) for w in role.group(1).split())
        and all(_is_cap(w) or w.lower() in _NAME_PARTICLES for w in inner_words)
    ):
        named = parse_named(inner_words, article)
        if named and named.kind == PERSON:
            return replace(named, description=role.group(1)), outer_start
    if len(outer_chunk.split()) > 7 or not all(
        _in_proper_run(w) or _bare(w) in _LEADING_NOISE
        for w in _TOKEN.findall(outer_chunk)
    ):
        return None
    if inner.lower() in {
        "however",
        "meanwhile",
        "too",
        "also",
        "though",
        "instead",
    } or (re.match(r"(?:in|for|at|on|by)\s", inner) and not _is_cap(inner_words[-1])):
        claimant = resolve_phrase(outer_chunk, article, position=position)
        return (claimant, outer_start) if claimant else None
    outer_claimant = resolve_phrase(outer_chunk, article, position=position)
    if (
        outer_claimant
        and outer_claimant.kind in (PERSON, ORGANISATION, PUBLICATION)
        and (_is_cap(outer_chunk.split()[-1]))
    ):
        description = re.sub(r"^(?:who|which)\s+", "", inner)
        if outer_claimant.kind == PERSON and not outer_claimant.role:
            role, affiliation = _role_from_description(description)
            outer_claimant = replace(outer_claimant, role=role, affiliation=affiliation)
        return replace(outer_claimant, description=description), outer_start
    if all(_is_cap(w) or w.lower() in _NAME_PARTICLES for w in inner_words):
        role = re.match(
            r"^\s*(?:the|a|an|its|his|her|their|our)\s+(.{1,80}?)\s*$",
            outer_chunk,
            re.IGNORECASE,
        )
        named = parse_named(inner_words, article)
        if role and named and named.kind == PERSON:
            return replace(named, description=role.group(1)), outer_start
    return None
