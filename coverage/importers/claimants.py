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
from functools import cache

from coverage.importers import cleaning

PERSON = "person"
ORGANISATION = "organisation"
PUBLICATION = "publication"
DOCUMENT = "document"


@dataclass(frozen=True)
class Claimant:
    name: str
    kind: str
    role: str = ""
    affiliation: str = ""
    description: str = ""


@dataclass(frozen=True)
class Frame:
    """Who speaks and where the attribution sits in the sentence's text
    (``start:end``), so the proposition can be the rest."""

    claimant: Claimant | None
    start: int
    end: int
    inverted: bool = False


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
            point link call:calls:called:calling
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
            forecast:forecasts:forecasting estimate indicate suggest
        """
        )
    )
)
_VERB_RE = re.compile(
    r"(?<![\w'’-])(" + "|".join(sorted(_SPEECH_VERBS, key=len, reverse=True)) + r")"
    r"(?![\w'’-])"
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\b")
_POINTED_OUT = re.compile(r"^\s*out\b")

HONORIFICS = re.compile(
    r"^(?:Dr|Prof|Professor|Mr|Mrs|Ms|Mx|Miss|Sir|Dame|Lord|Lady|Rev|Fr)\.?$"
)
_ROLE_WORDS = _words(
    """
    president vice-president chairman chairwoman chair chairperson ceo cfo coo
    cto cmo founder co-founder director director-general chief head leader
    secretary minister premier chancellor governor gov gov. lt. lt senator sen
    sen. rep rep. representative congressman congresswoman councillor councilman
    councilwoman cllr mayor judge justice magistrate attorney prosecutor lawyer
    counsel solicitor barrister spokesman spokeswoman spokesperson spokespeople
    official officer commissioner superintendent inspector detective sergeant
    sgt sgt. constable captain capt capt. lieutenant colonel col col. general
    gen gen. admiral major commander ambassador envoy diplomat adviser advisor
    analyst economist strategist scientist researcher professor lecturer
    zoologist biologist physicist chemist geologist astronomer doctor physician
    surgeon nurse coach manager owner editor publisher reporter correspondent
    columnist author co-author writer actor actress singer star player striker
    quarterback pitcher guard forward midfielder defender goalkeeper employee
    worker staffer engineer architect executive partner principal trustee
    treasurer spokesmodel aide deputy vp svp evp md gm qb dl lb wr rb te cb mp
    mep archbishop bishop cardinal pope imam rabbi pastor priest sheriff marshal
    chef designer producer filmmaker photographer host presenter anchor
    commentator pundit activist campaigner organizer organiser member fellow
    specialist expert consultant investor trader broker banker
"""
)
_ROLE_MODIFIERS = _words(
    """
    interim acting deputy vice former assistant senior associate executive
    managing press police fire foreign prime chief lead head general special
    principal national regional local state federal district county city defense
    defence junior first second attorney u.s. us high supreme
"""
)
# Heads of a noun phrase that name a body or its voice.
_ORG_HEADS = _words(
    """
    ministry department agency company firm government police military army navy
    embassy office council commission committee court board authority regulator
    administration campaign party union group organisation organization
    institute university bank fund network studio broadcaster streamer service
    association federation league club team exchange parliament congress senate
    cabinet kremlin management statement spokesperson spokesman spokeswoman
    spokespeople representative representatives officials executives staff
    lawyers attorneys prosecutors
"""
)
_VOICE_OF_BODY = _words(
    """
    officials spokesperson spokesman spokeswoman spokespeople representative
    representatives executives management statement staff office
"""
)
_DOCUMENT_HEADS = _words(
    """
    report records documents document filing filings complaint indictment study
    survey data letter transcript lawsuit memo analysis papers affidavit ruling
    release statement reports
"""
)
_UNNAMED = _words(
    """
    people sources source officials official experts analysts observers
    witnesses residents critics authorities investigators prosecutors police
    researchers scientists doctors lawmakers legislators diplomats insiders
    aides advisers advisors economists others someone person man woman men women
    users fans viewers protesters activists members executives employees workers
    staff traders investors observers participants customers parents students
"""
)
_ORG_WORDS = _words(
    """
    university institute council ministry department agency police government
    association society foundation company inc inc. ltd ltd. llc plc corp corp.
    corporation group commission committee service union party bank office
    organisation organization fund board court trust network studios studio club
    federation authority centre center hospital school college academy
    laboratory lab museum zoo charity army navy parliament congress senate
    embassy international administration bureau institution council capital
    partners holdings industries technologies systems energy airlines airways
    motors media entertainment pictures records reserve exchange council
    coalition alliance league commission tribunal assembly cabinet house street
"""
)
_KNOWN_ORGANISATIONS = _words(
    """
    netflix amazon apple google facebook meta twitter youtube instagram tiktok
    disney microsoft tesla spotify hbo hulu sony samsung uber airbnb greenpeace
    nasa nhs un who eu fbi cia pentagon kremlin peta unicef unesco nato opec
    interpol reuters
"""
)
_NAME_PARTICLES = _words(
    """
    van von der den de del della da di du la le bin bint al el ibn ter st. mac
"""
)
_SUFFIXES = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$")
_CONNECTORS = _words(
    """
    of for and & the
"""
)
_LEADING_NOISE = _words(
    """
    the a an this that these those its his her their our last next earlier later
    yesterday today tonight week month year weekend morning afternoon evening on
    in at by also but and or so yet however meanwhile then now still even
    instead while when as after before since because although though if unless
    whether where until once both each every another other some many most
    several such former fellow new monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september
    october november december
"""
)
_PRONOUNS = {"he": PERSON, "she": PERSON, "it": ORGANISATION, "they": None, "we": None}
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


# Where a clause, and so the subject of its verb, begins.
_CLAUSE_START = re.compile(
    r"(?:[,;:()\[\]“”\"—–]|\s-\s|\s{2,}|^)\s*|"
    r"\b(?:that|but|while|when|after|before|because|as|if|since|although|though|"
    r"whereas|where|until|whether|so|then|which|who|whom|and)\s+"
)
_TOKEN = re.compile(r"[\w.'’&-]+")
_INITIAL = re.compile(r"^[A-Z]\.$")
_ACRONYM = re.compile(
    r"^(?!(?:OK|TV|AM|PM|ET|PT|GMT|AP|II|III|IV)$)[A-Z][A-Z&.]{1,7}s?$"
)
_CAP = re.compile(r"^[A-Z]|^[a-z]+[A-Z]")  # Trump, McClatchy, iPhone, eBay


@cache
def _genders():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


def first_name_gender(word: str) -> str | None:
    """ "male", "female", "unisex" for a known first name, else None."""
    guess = _genders().get_gender(word.strip(".").split("-")[0])
    if guess == "unknown":
        return None
    return {"mostly_male": "male", "mostly_female": "female", "andy": "unisex"}.get(
        guess, guess
    )


def _is_cap(word: str) -> bool:
    return bool(_CAP.match(word))


def _bare(word: str) -> str:
    return word.strip(".,;:'’\"").lower()


def _possessive(word: str) -> str | None:
    for tail in ("'s", "’s", "s'", "s’"):
        if word.endswith(tail):
            return word[: -len(tail)] + ("s" if tail.startswith("s") else "")
    return None


class Article:
    """What the detector knows of one article: everyone and every body it names
    (from a first pass over the whole text, so later names help too), and whom
    it cited last."""

    def __init__(self, body: str):
        self.people: dict[str, Claimant] = {}
        self.organisations: list[tuple[int, Claimant]] = []
        self.acronyms: dict[str, str] = {}
        self.organisation_names: set[str] = set()
        self.companies: set[str] = set()
        self.mid_sentence_caps: set[str] = set()
        self.introduced: list[tuple[int, Claimant]] = []
        self.last: dict[str, Claimant] = {}
        self.last_any: Claimant | None = None
        self._learn(body)

    def _learn(self, body: str) -> None:
        text = re.sub(r"\(([A-Z][\w'’-]+)\)", r"\1", body)
        for match in re.finditer(r"[A-Z][\w'’&.-]*", text):
            if not _at_sentence_start(text, match.start()):
                self.mid_sentence_caps.add(_bare(match.group(0)))
        for match in re.finditer(
            r"((?:[A-Z][\w'’&.-]*|of|for|and|the|&)(?:\s+(?:[A-Z][\w'’&.-]*|of|"
            r"for|and|the|&|van|von|der|de|la|al|bin))*)"
            r"(?:\s+\((?:ticker:\s*|NYSE:\s*|Nasdaq:\s*)?([A-Z][A-Z&.]{1,8})\))?",
            text,
        ):
            words = match.group(1).split()
            while words and words[-1] in _CONNECTORS | _NAME_PARTICLES:
                words.pop()
            if not words:
                continue
            at_start = _at_sentence_start(text, match.start())
            claimant = parse_named(words, self, at_start=at_start, learning=True)
            if claimant is None:
                continue
            if match.group(2) and claimant.kind == PERSON:
                claimant = Claimant(" ".join(words), ORGANISATION)
            if match.group(2) or re.search(
                r"\b(?:Inc|Corp|Co|Ltd|plc|LLC)\b", claimant.name
            ):
                self.companies.add(claimant.name)
            if claimant.kind == PERSON and len(claimant.name.split()) > 1:
                if not claimant.role:
                    claimant = replace(
                        claimant,
                        role=_role_before(
                            text[max(0, match.start() - 60) : match.start()]
                        ),
                    )
                self._introduce(match.start(), claimant)
            elif claimant.kind in (ORGANISATION, PUBLICATION):
                self.organisations.append((match.start(), claimant))
                self.organisation_names.add(claimant.name)
                initials = _initials(claimant.name)
                if match.group(2):
                    self.acronyms.setdefault(
                        match.group(2).replace(".", ""), claimant.name
                    )
                elif len(initials) > 1:
                    self.acronyms.setdefault(initials, claimant.name)

        self.people = {
            key: person
            for key, person in self.people.items()
            if person.name not in self.organisation_names
        }
        self.introduced = [
            (position, person)
            for position, person in self.introduced
            if person.name not in self.organisation_names
        ]

    def _introduce(self, position: int, person: Claimant) -> None:
        self.introduced.append((position, person))
        words = [w for w in person.name.split() if not HONORIFICS.match(w)]
        for word in words:
            if _SUFFIXES.match(word) or word.lower() in _NAME_PARTICLES:
                continue
            self.people.setdefault(_bare(word), person)
        self.people.setdefault(_bare(" ".join(words)), person)

    def person(self, word: str) -> Claimant | None:
        return self.people.get(_bare(word))

    def remember(self, claimant: Claimant) -> None:
        self.last[claimant.kind] = claimant
        if claimant.kind == PUBLICATION:
            self.last.setdefault(ORGANISATION, claimant)
        self.last_any = claimant
        if claimant.kind == PERSON:
            gender = self.gender(claimant)
            if gender:
                self.last[f"person:{gender}"] = claimant
            if len(claimant.name.split()) > 1:
                self._introduce(-1, claimant)

    def gender(self, person: Claimant) -> str | None:
        words = [w for w in person.name.split() if not HONORIFICS.match(w)]
        if len(words) < 2:
            return None
        gender = first_name_gender(words[0])
        return gender if gender in ("male", "female") else None

    def by_pronoun(self, pronoun: str) -> Claimant | None:
        pronoun = pronoun.lower()
        if pronoun in ("he", "she"):
            gendered = self.last.get(
                "person:" + ("male" if pronoun == "he" else "female")
            )
            person = self.last.get(PERSON)
            if person and self.gender(person) in (
                None,
                "male" if pronoun == "he" else "female",
            ):
                return person
            return gendered or person
        if pronoun == "it":
            return None
        if pronoun == "we":
            return self.last.get(ORGANISATION) or self.last_any
        return self.last_any

    def organisation_named(self, head: str, before: int) -> Claimant | None:
        """The organisation "the agency" means: the last one named before
        ``before`` whose name holds the noun, else the last organisation cited."""
        for position, organisation in reversed(self.organisations):
            if position < before and head in organisation.name.lower().split():
                return organisation
        if head in ("company", "firm", "management", "executives", "retailer"):
            for position, organisation in reversed(self.organisations):
                if position < before and organisation.name in self.companies:
                    return organisation
        cited = self.last.get(ORGANISATION)
        if cited is not None:
            return cited
        # Else the body the article is most about so far.
        counts: dict[str, int] = {}
        latest: dict[str, tuple[int, Claimant]] = {}
        for order, (position, organisation) in enumerate(self.organisations):
            if position < before and organisation.kind == ORGANISATION:
                counts[organisation.name] = counts.get(organisation.name, 0) + 1
                latest[organisation.name] = (order, organisation)
        if counts:
            name = max(counts, key=lambda n: (counts[n], latest[n][0]))
            return latest[name][1]
        return self.last.get(ORGANISATION)

    def organisation_starting(self, word: str) -> Claimant | None:
        """ "Amnesty" for "Amnesty International" named in the article."""
        for _, organisation in self.organisations:
            words = organisation.name.split()
            if len(words) > 1 and words[0] == word:
                return organisation
        return None

    def named_later(self, role_head: str, after: int) -> Claimant | None:
        for position, person in self.introduced:
            if position > after and role_head in person.role.lower().split():
                return person
        return None


def _role_before(text: str) -> str:
    """ "... China's ambassador to " before a name: "ambassador to"."""
    words = text.split()[-4:]
    first = next((k for k, w in enumerate(words) if _is_role(w)), None)
    if first is None or any(w.endswith((".", ",", ";", ":")) for w in words[first:]):
        return ""
    return " ".join(words[first:])


def _at_sentence_start(text: str, position: int) -> bool:
    before = text[max(0, position - 4) : position].rstrip(" “\"‘'(")
    return not before or before[-1] in ".!?:\n—–-" or position < 2


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w not in _CONNECTORS]
    if len(words) < 2 or not all(_is_cap(w) for w in words):
        return ""
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def parse_named(
    words: list[str], article: Article, *, at_start: bool = False, learning=False
) -> Claimant | None:
    """A capitalised run ("Interim BART Police Chief Ed Alvarez", "U.S. Attorney's
    Office for the Western District", "PG&E") as a claimant with its role and
    affiliation."""
    words = [w.rstrip(",") for w in words if w.rstrip(",")]
    while len(words) > 1 and _bare(words[0]) in _LEADING_NOISE:
        words = words[1:]
        at_start = True
    while words and words[-1].lower() in _CONNECTORS:
        words = words[:-1]
    if not words or (len(words) == 1 and _bare(words[0]) in _LEADING_NOISE):
        return None
    if (
        at_start
        and not learning
        and len(words) > 1
        and not _plausible_opener(words[0], article)
    ):
        # "Untreated pneumonic plague ...": a sentence's first capital says nothing.
        words = words[1:]
        if not words or (len(words) == 1 and not _plausible_opener(words[0], article)):
            return None
    k = len(words)
    while k > 0 and _in_proper_run(words[k - 1]):
        k -= 1
    if k and words[k - 1].lower() in ("to", "in", "at", "from") and not learning:
        # "China's ambassador to Britain (Liu Xiaming)": a role, the place it is
        # to, and the name when one follows.
        roles = [w for w in words[: k - 1] if _is_role(w)]
        name_words, place = _name_at_end(words[k:], article)
        if roles and place and name_words and first_name_gender(name_words[0]):
            first_role = next(j for j, w in enumerate(words) if _is_role(w))
            role = " ".join(words[first_role : k + len(place)])
            owner = _possessive(words[first_role - 1]) if first_role else None
            return Claimant(" ".join(name_words), PERSON, role, owner or "")
        if roles:
            determiner = _bare(words[0])
            return _person_described(_bare(roles[-1]), determiner, article, -1)
        return None
    words = words[k:]
    while words and words[0].lower() in _CONNECTORS:
        words = words[1:]
    if not words:
        return None
    if len(words) == 1 and article.person(words[0]):
        return article.person(words[0])  # "Doctor asserts": Ken Doctor
    possessive = _possessive(words[-1])
    if possessive:
        if not learning:
            return None  # "Fox News host Jeanine Pirro's": the head comes after
        words = [*words[:-1], possessive]
    text = " ".join(words)
    if cleaning.is_publication_name(text) or cleaning.is_publication_name(
        f"the {text}"
    ):
        canonical = cleaning.outlet_for_name(text)
        if canonical == text:
            canonical = cleaning.outlet_for_name(f"the {text}")
        return Claimant(canonical, PUBLICATION)
    for j, word in enumerate(words[:-1]):
        owner = _possessive(word)
        if owner and cleaning.is_publication_name(" ".join([*words[:j], owner])):
            # "The Washington Post's Fact Checker": the outlet speaks.
            return Claimant(
                cleaning.outlet_for_name(" ".join([*words[:j], owner])), PUBLICATION
            )
    name_words, rest = _name_at_end(words, article)
    if (
        name_words
        and _looks_like_person(name_words, article, rest)
        and (not rest or _role_in(rest) or first_name_gender(name_words[0]))
    ):
        role, affiliation = _split_role(rest)
        name = " ".join(name_words)
        known = article.person(name) if len(name_words) == 1 else None
        if known:
            return replace(
                known,
                role=role or known.role,
                affiliation=affiliation or known.affiliation,
            )
        description = " ".join(rest) if role else ""
        return Claimant(name, PERSON, role, affiliation, description)
    if not name_words and rest and _is_role(rest[-1]):
        return None  # a role with no name: "Interim Police Chief"
    return _body(words, article)


def _in_proper_run(word: str) -> bool:
    return bool(
        _is_cap(word)
        or word.lower() in _CONNECTORS
        or word.lower() in _NAME_PARTICLES
        or _is_role(word)
        or word.lower() in _ROLE_MODIFIERS
        or _SUFFIXES.match(word)
        or not word[0].isalpha()
    )


def _name_at_end(words: list[str], article: Article) -> tuple[list[str], list[str]]:
    """The person's name at the end of a run and what comes before it. The name
    starts at its first name when a longer capitalised run ends in one ("Ukraine
    Kurt Volker"), or where the article's full name for the surname starts."""
    i = len(words)
    while i > 0:
        word = words[i - 1]
        if (
            _SUFFIXES.match(word)
            or _INITIAL.match(word)
            or HONORIFICS.match(word)
            or word.lower() in _NAME_PARTICLES
            and i < len(words)
            or (
                _is_cap(word)
                and (
                    not _is_role(word)
                    or (i == len(words) and i >= 2 and first_name_gender(words[i - 2]))
                )
                and _bare(word) not in _ORG_WORDS
                and not _possessive(word)
            )
        ):
            i -= 1
        else:
            break
    name_words, rest = words[i:], words[:i]
    plain = [w for w in name_words if not HONORIFICS.match(w)]
    if len(plain) > 2:
        known = article.person(plain[-1])
        size = len(known.name.split()) if known else 0
        if known and known.name.split()[-1] == plain[-1] and size < len(name_words):
            cut = len(name_words) - size
        else:
            cut = next(
                (
                    k
                    for k in range(1, len(name_words) - 1)
                    if first_name_gender(name_words[k])
                    and not first_name_gender(name_words[k - 1])
                ),
                0,
            )
        if cut:
            rest, name_words = rest + name_words[:cut], name_words[cut:]
    while rest and HONORIFICS.match(rest[-1]):
        name_words.insert(0, rest.pop())
    return name_words, rest


def _body(words: list[str], article: Article) -> Claimant | None:
    text = " ".join(words).strip(",")
    if len(words) == 1:
        if _ACRONYM.match(text) and text in article.acronyms:
            return Claimant(article.acronyms[text], ORGANISATION, description=text)
        known = article.person(text)
        if known:
            return known
        longer = article.organisation_starting(text)
        if longer:
            return longer
    if _bare(words[-1]) in _DOCUMENT_HEADS:
        return Claimant(text, DOCUMENT)
    return Claimant(text, ORGANISATION)


def _is_role(word: str) -> bool:
    lowered = word.lower().strip(",")
    parts = lowered.split("-")
    return lowered in _ROLE_WORDS or (
        len(parts) > 1 and all(p in _ROLE_WORDS for p in parts)
    )


def _role_in(rest: list[str]) -> bool:
    return any(_is_role(w) for w in rest) or (
        bool(_ACRONYM.match(rest[-1])) and len(rest[-1]) <= 3
    )


def _split_role(rest: list[str]) -> tuple[str, str]:
    """ "Indiana State Teachers Association President" -> ("President", "Indiana
    State Teachers Association"); "White House press secretary" -> ("press
    secretary", "White House"); "Secretary of State" -> ("Secretary of State",
    ""); "Interim BART Police Chief" -> ("Interim Police Chief", "BART")."""
    if not rest:
        return "", ""
    roles = [k for k, w in enumerate(rest) if _is_role(w)]
    if not roles and _ACRONYM.match(rest[-1]):
        roles = [len(rest) - 1]  # "Browns DL", "CEO"
    if not roles:
        return "", ""
    first = roles[0]
    while first > 0 and (
        rest[first - 1].lower() in _ROLE_MODIFIERS or _is_role(rest[first - 1])
    ):
        first -= 1
    role = rest[first:]
    before = rest[:first]
    lead = []
    while before and before[0].lower() in _ROLE_MODIFIERS and before[0][0].isupper():
        lead.append(before.pop(0))  # "Interim BART Police Chief"
    affiliation = " ".join(before).strip(",")
    if affiliation:
        last = affiliation.split()[-1]
        possessive = _possessive(last)
        if possessive:
            affiliation = " ".join([*affiliation.split()[:-1], possessive])
    if _bare(affiliation) in _LEADING_NOISE:
        affiliation = ""
    return " ".join(lead + role), affiliation


def _plausible_opener(word: str, article: Article) -> bool:
    bare = _bare(word)
    possessive = _possessive(word)
    return bool(
        not _is_cap(word)
        or _is_role(word)
        or HONORIFICS.match(word)
        or first_name_gender(word)
        or bare in article.mid_sentence_caps
        or article.person(word)
        or (_ACRONYM.match(word) and len(word) > 1)
        or bare in _KNOWN_ORGANISATIONS
        or (possessive and _bare(possessive) in article.mid_sentence_caps)
        or cleaning.is_publication_name(word)
    )


def _looks_like_person(name_words: list[str], article: Article, rest) -> bool:
    plain = [w for w in name_words if not HONORIFICS.match(w)]
    if not plain:
        return False
    if len(plain) != len(name_words):
        return True  # "Dr. Ines Haddad"
    lowered = [_bare(w) for w in plain]
    if set(lowered) & (_ORG_WORDS | _KNOWN_ORGANISATIONS):
        return False
    if len(plain) == 1:
        known = article.person(plain[0])
        return bool(known) or bool(rest and _role_in(rest))
    if all(_ACRONYM.match(w) for w in plain):
        return False
    if " ".join(plain) in article.organisation_names:
        return False
    if article.person(" ".join(plain)):
        return True
    if first_name_gender(plain[0]):
        return True
    # Two or three capitalised words with no sign of a body: a person, unless the
    # article writes them as one before "'s" business words or with an acronym.
    return len(plain) <= 3 and " ".join(plain) not in article.acronyms.values()


# --- the frame ------------------------------------------------------------------


def find_frame(outside: str, article: Article, *, position: int) -> Frame | None:
    """The sentence's attribution, read from its text with quotations blanked."""
    according = _ACCORDING.search(outside)
    verbs = [m for m in _VERB_RE.finditer(outside) if _verb_here(m, outside)]
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
    return None


_TAIL = re.compile(
    r",\s*((?:[A-Z][\w.'’&-]*\s+){0,4}[A-Z][\w.'’&-]*|he|she|they|it)\s+(\w+)"
    r"(?:\s+(?:on\s+)?\w+)?\s*[.!]?\s*$"
)


_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|be|being)\s+$")


def _verb_here(verb: re.Match, outside: str) -> bool:
    word = verb.group(1)
    if word.endswith(("ed", "aid", "old", "ote", "own", "ound")) and _PASSIVE.search(
        outside[: verb.start()]
    ):
        return False  # "were said to have", "was told": not who speaks
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
    head = _strip_auxiliaries(re.sub(r"\s*\([^()]*\)$", "", before.rstrip()))
    stripped = head.rstrip()
    after_boundary = not stripped or stripped.endswith(",") or before.endswith("  ")
    if stripped.endswith(",") and not stripped.endswith(",,"):
        appositive = _appositive(stripped[:-1], article, position)
        if appositive is not None:
            claimant, subject_start = appositive
            return Frame(claimant, subject_start, verb.end())
    if not after_boundary:
        chunk_start = _clause_start(stripped)
        chunk = stripped[chunk_start:].strip()
        if chunk:
            if word in _NOUN_LIKE and not _could_be_subject(chunk):
                return None
            claimant = resolve_phrase(chunk, article, position=position)
            if chunk.lower() in ("he", "she"):
                claimant = _named_before(stripped[:chunk_start], article) or claimant
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
        # "Netflix, however, is standing by it, telling TMZ": the clause's subject.
        opening = re.match(r"\s*([^,;:()]+)", outside)
        if opening:
            subject = _subject_of_clause(opening.group(1))
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


def _named_before(text: str, article: Article) -> Claimant | None:
    """ "When Carlineo was approached, he told police": the person the sentence
    named before the pronoun."""
    for word in reversed(_TOKEN.findall(text)):
        if _is_cap(word):
            person = article.person(_possessive(word) or word)
            if person is not None:
                return person
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
        if match.end() < len(text) or match.group(0).strip() == "":
            start = match.end()
    # "A and B said": keep names joined by "and" together for resolve_phrase.
    return start


def _could_be_subject(chunk: str) -> bool:
    last = chunk.split()[-1]
    if _possessive(last):
        return False  # "Pirro's comments"
    return _is_cap(last) or _bare(last) in _PRONOUNS or _bare(last) in _ORG_HEADS


def _is_speaker_phrase(chunk: str) -> bool:
    """An unnamed speaker ("officials", "two people familiar with the talks"):
    a frame with no claimant, which stops the search for one."""
    words = [_bare(w) for w in chunk.split()]
    return any(w in _UNNAMED or w in _ROLE_WORDS or w in _ORG_HEADS for w in words)


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


def _role_from_description(description: str) -> tuple[str, str]:
    """ "CEO of Take-Two" -> ("CEO", "Take-Two"); "director for games at the tech
    giant" -> ("director for games", "")."""
    match = re.match(
        r"^(?:the\s+|a\s+|an\s+)?([\w\s.-]{1,60}?)\s+(?:of|at|for)\s+(?:the\s+)?"
        r"([A-Z][\w'’&.-]*(?:\s+(?:of|for|and|&|the|[A-Z][\w'’&.-]*))*)",
        description,
    )
    if match and any(_is_role(w) for w in match.group(1).split()):
        return match.group(1).strip(), match.group(2).strip()
    words = description.split()
    if (
        words
        and len(words) <= 4
        and all(_is_role(w) or w.lower() in _ROLE_MODIFIERS for w in words)
    ):
        return description, ""
    return "", ""


_TRAILING_TIME = re.compile(
    r"\s+(?:in|on|at|during|last|this|earlier|late|early)\s+(?:January|February|"
    r"March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d{4}|week|month|"
    r"year)\b.*$|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"yesterday|today)$"
)


def resolve_phrase(phrase: str, article: Article, *, position: int) -> Claimant | None:
    """A subject or "according to" phrase as a claimant, or None when it names
    nobody (an unnamed source, a description nothing points back to)."""
    phrase = _TRAILING_TIME.sub("", phrase.strip(" ,.")).strip(" ,.")
    if not phrase:
        return None
    words = _TOKEN.findall(phrase)
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return article.by_pronoun(words[0])
    by = re.search(r"\b(?:by|from)\s+(?:the\s+)?([A-Z].*)$", phrase)
    if by and _bare(words[0]) not in _UNNAMED:
        # "a 2018 survey by Jane Roe of the University": who made it.
        return resolve_phrase(by.group(1), article, position=position)
    last = words[-1]
    first = next((w for w in words if _bare(w) not in _LEADING_NOISE), words[0])
    if (
        not _is_cap(first)
        and not _is_role(first)
        and first.lower() not in _ROLE_MODIFIERS
    ):
        roles = [k for k, w in enumerate(words) if _is_role(w)]
        if (
            roles
            and _is_cap(last)
            and all(_in_proper_run(w) for w in words[roles[0] :])
        ):
            # "study co-author Anezina Solomonidou"
            return parse_named(words[roles[0] :], article, at_start=True)
        return _described(words, article, position)
    if _is_cap(last) or _SUFFIXES.match(last) or _ACRONYM.match(last):
        names = _split_and(words, article)
        return parse_named(names, article, at_start=True)
    return _described(words, article, position)


def _split_and(words: list[str], article: Article) -> list[str]:
    """ "Hemsworth and Pine": two speakers, the first is the claimant; "Customs
    and Border Protection" stays one body."""
    if "and" not in words:
        return words
    k = len(words) - 1 - words[::-1].index("and")
    left, right = words[:k], words[k + 1 :]
    if not left or not right or not _is_cap(left[-1]) or not _is_cap(right[0]):
        return words[k + 1 :] if right else words
    whole = parse_named(words, article)
    if whole and whole.kind != PERSON:
        first = parse_named(left, article)
        second = parse_named(right, article)
        if first and second and first.kind == PERSON and second.kind == PERSON:
            return left
        return words
    return left


def _described(words: list[str], article: Article, position: int) -> Claimant | None:
    """A phrase ending in a lowercase noun: "China's commerce ministry", "PG&E
    officials", "the agency", "a transit chief", "two people familiar with it"."""
    # "a spokeswoman for the trust", "an official at the ministry": whose voice.
    for k, word in enumerate(words):
        if word.lower() in ("for", "at", "of", "with", "from") and k:
            head = _bare(words[k - 1])
            tail = words[k + 1 :]
            if head in _DOCUMENT_HEADS and tail and _is_cap(tail[-1]):
                # "reports from The Wrap": who published them.
                return resolve_phrase(" ".join(tail), article, position=position)
            if head in _VOICE_OF_BODY or head in _ROLE_WORDS:
                body = resolve_phrase(" ".join(tail), article, position=position)
                if head in _VOICE_OF_BODY and body and body.kind != PERSON:
                    return body
                if body is None and head in _VOICE_OF_BODY and tail:
                    noun = _bare(tail[-1])
                    if noun in _ORG_HEADS:
                        return article.organisation_named(noun, position)
            words = words[:k]
            break
    if not words:
        return None
    head = _bare(words[-1])
    modifiers = words[:-1]
    determiner = _bare(modifiers[0]) if modifiers else ""
    capitalised = [
        w
        for k, w in enumerate(modifiers)
        if _is_cap(w)
        and not (k == 0 and not _plausible_opener(w, article))
        and _bare(w) not in _LEADING_NOISE
    ]
    if capitalised:
        start = modifiers.index(capitalised[0])
        if head in _VOICE_OF_BODY or head in _UNNAMED:
            # "PG&E officials", "Home Depot management", "Trump's lawyers".
            body_words = [
                w for w in modifiers[start:] if _is_cap(w) or w in _CONNECTORS
            ]
            if head in _VOICE_OF_BODY or head in ("officials", "executives", "police"):
                named = " ".join(body_words)
                possessive = _possessive(body_words[-1])
                if possessive:
                    named = " ".join([*body_words[:-1], possessive])
                known = parse_named(named.split(), article)
                if head == "police":
                    return Claimant(f"{named} police", ORGANISATION)
                if known and known.kind != PERSON or head in _VOICE_OF_BODY:
                    return known
            return None
        if head in _ORG_HEADS or head in _DOCUMENT_HEADS:
            name = " ".join(modifiers[start:] + [words[-1]])
            kind = DOCUMENT if head in _DOCUMENT_HEADS else ORGANISATION
            affiliation = modifiers[start]
            possessive = _possessive(affiliation)
            return Claimant(name, kind, affiliation=possessive or "")
        if head in _ROLE_WORDS:
            # "the Oklahoma City coach" points back, "a California transit chief"
            # forward to the person named with that role.
            return _person_described(head, determiner, article, position)
        return None
    if (
        determiner in ("the", "its", "his", "her", "their", "our")
        and head in _DOCUMENT_HEADS
    ):
        # "according to the statement": whoever issued it, the body cited last.
        return article.last.get(ORGANISATION)
    if (
        determiner in ("the", "its", "his", "her", "their", "our")
        or (len(words) >= 2 and head in _ORG_HEADS and _bare(words[-2]) == "company")
        or (len(words) == 1 and head in ("management",))
    ):
        if head in _ORG_HEADS and head not in (
            "lawyers",
            "attorneys",
            "prosecutors",
            "officials",
            "staff",
            "executives",
            "representatives",
        ):
            return article.organisation_named(head, position)
        if head in _ROLE_WORDS or re.match(r"\d+-year-old", head):
            return _person_described(head, determiner, article, position)
        return None
    if determiner in ("a", "an", "one") and head in _ROLE_WORDS:
        return article.named_later(head, position)
    if len(words) == 1 and head in ("police", "government"):
        for _, organisation in reversed(article.organisations):
            if head in organisation.name.lower().split():
                return organisation
        if head == "police":
            return Claimant("Police", ORGANISATION)  # the force the story is about
    return None


def _person_described(head, determiner, article, position) -> Claimant | None:
    if determiner in ("a", "an", "one"):
        return article.named_later(head, position)
    for _, person in reversed(article.introduced):
        if head in person.role.lower().split():
            return person
    return article.last.get(PERSON)
