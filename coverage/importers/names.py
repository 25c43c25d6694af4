"""People and bodies in news copy (pure): a capitalised run split into name,
role and affiliation ("Interim BART Police Chief Ed Alvarez" is Ed Alvarez, the
Interim Police Chief of BART), its kind (person, organisation, publication,
document), descriptions that point back or forward ("the agency", "a transit
chief says", "WHO" for the World Health Organization named in full), and what one
article names, learnt from a first pass over its whole text.

- From the right: the name is the capitalised words at the end, with particles,
  initials and suffixes, starting at a known first name when a longer run ends in
  one; then a role (title words such as President, CEO, "Secretary of State", or
  lowercase ones such as "press secretary"); then the body it belongs to.
  Honorifics (Dr., Prof., Mr., Ms.) stay with the name.
- Unnamed speakers ("officials", "two people familiar with the talks") name
  nobody; an unnamed voice of a named body ("PG&E officials", "a spokeswoman for
  the council") names the body.
- A capitalised adverb or participle opening a sentence ("Untreated", "Afterward")
  is not part of a name unless the article also writes it capitalised
  mid-sentence.
"""

import re
from dataclasses import dataclass, replace
from functools import cache

from coverage.importers import outlets

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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
_TITLE_PREFIXES = _words(
    "interim acting deputy vice former assistant senior associate executive managing"
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
# What a story calls a company it has named: "the miner", "the carmaker".
_COMPANY_NOUNS = _words(
    """
    company firm retailer miner carmaker automaker airline carrier lender insurer
    chain chipmaker drugmaker manufacturer supplier operator utility conglomerate
    startup giant brand grocer broadcaster streamer
"""
)
_ORG_HEADS = _ORG_HEADS | _COMPANY_NOUNS
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
    co. co
    corporation group commission committee service union party bank office
    organisation organization fund board court trust network studios studio club
    federation authority centre center hospital school college academy
    laboratory lab museum zoo charity army navy parliament congress senate
    embassy international administration bureau institution council capital
    partners holdings industries technologies systems energy airlines airways
    motors media entertainment pictures records reserve exchange council
    coalition alliance league commission tribunal assembly cabinet house street
    steel foods mining oil gas power pharma pharmaceuticals labs telecom
    communications insurance capital markets logistics construction engineering
    electric water rail railways shipping software games films brewing farms
    retail stores bancorp financial services solutions analytics research
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
_PUBLICATION_WORDS = _words(
    """
    times post journal herald gazette tribune telegraph guardian chronicle daily
    magazine mail mirror express observer independent standard review weekly
    bulletin courier record inquirer examiner sentinel dispatch register star
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
    in at by to for with from about against also but and or so yet however
    meanwhile then now still even
    instead while when as after before since because although though if unless
    whether where until once both each every another other some many most
    several such former fellow new monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september
    october november december one two three four five six seven eight nine ten
    dozens hundreds thousands
"""
)
_CONTRACTED = _words("that this it there here what who where let he she")
_PRONOUNS = {"he": PERSON, "she": PERSON, "it": ORGANISATION, "they": None, "we": None}
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
        text = re.sub(r"\(([A-Z][a-z][\w'’-]*)\)", r"\1", body)
        for match in re.finditer(r"[A-Z][\w'’&.-]*", text):
            if not _at_sentence_start(text, match.start()):
                self.mid_sentence_caps.add(_bare(match.group(0)))
        for match in re.finditer(
            r"((?:[A-Z][\w'’&.-]*|of|for|and|the|&)(?:\s+(?:[A-Z][\w'’&.-]*|of|"
            r"for|and|the|&|van|von|der|de|la|al|bin))*)"
            r"(?:\s+\((?:ticker:\s*|NYSE:\s*|Nasdaq:\s*)?([A-Z][A-Z&.]{1,8})\))?",
            text,
        ):
            run = match.group(1)
            pieces = _runs_between_full_stops(run)
            for offset, words in pieces[:-1]:
                self._learn_run(text, match.start() + offset, words, None)
            offset, words = pieces[-1]
            self._learn_run(text, match.start() + offset, words, match.group(2))
        for match in _LISTED_NAME_THEN_ACRONYM.finditer(text):
            name = _name_for_acronym(match.group(1), match.group(2))
            if name and self.acronyms.get(match.group(2)) != name:
                self.acronyms[match.group(2)] = name
                self.organisations.append((match.start(), Claimant(name, ORGANISATION)))
                self.organisation_names.add(name)
        self._forget_organisation_names()

    def _learn_run(
        self, text: str, position: int, words: list[str], ticker: str | None
    ) -> None:
        while words and words[-1] in _CONNECTORS | _NAME_PARTICLES:
            words.pop()
        if not words:
            return
        if "and" in words[1:-1]:
            k = len(words) - 1 - words[::-1].index("and")
            if outlets.is_publication_name(" ".join(words[k + 1 :])):
                # "The Ledger and Variety": two outlets, learnt one by one.
                self._learn_run(text, position, words[:k], None)
                words = words[k + 1 :]
                position = text.find(words[0], position)
        at_start = _at_sentence_start(text, position)
        claimant = parse_named(words, self, at_start=at_start, learning=True)
        if claimant is None:
            return
        if ticker and claimant.kind == PERSON:
            claimant = Claimant(" ".join(words), ORGANISATION)
        if ticker or re.search(r"\b(?:Inc|Corp|Co|Ltd|plc|LLC)\b", claimant.name):
            self.companies.add(claimant.name)
        if claimant.kind == PERSON and len(claimant.name.split()) > 1:
            if not claimant.role:
                claimant = replace(
                    claimant,
                    role=_role_before(text[max(0, position - 60) : position]),
                )
            if not claimant.role:
                end = text.find(words[-1], position) + len(words[-1])
                claimant = _with_appositive(claimant, text[end : end + 160])
            self._introduce(position, claimant)
        elif claimant.kind in (ORGANISATION, PUBLICATION):
            self.organisations.append((position, claimant))
            self.organisation_names.add(claimant.name)
            initials = _initials(claimant.name)
            if ticker:
                self.acronyms.setdefault(ticker.replace(".", ""), claimant.name)
            elif len(initials) > 1:
                self.acronyms.setdefault(initials, claimant.name)

    def _forget_organisation_names(self) -> None:
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
        keys = [
            _bare(w)
            for w in words
            if not (_SUFFIXES.match(w) or w.lower() in _NAME_PARTICLES)
        ]
        surname = [_bare(" ".join(words[1:]))] if len(words) > 2 else []
        for key in [*keys, *surname, _bare(" ".join(words))]:
            known = self.people.setdefault(key, person)
            if known.name == person.name and _credentials(person) > _credentials(known):
                # "said Omar Haddad, a trader at Brightline": later "Haddad
                # said" is the trader too.
                self.people[key] = person

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
            gender = "male" if pronoun == "he" else "female"
            person = self.last.get(PERSON)
            if person and self.gender(person) in (gender, None):
                # The person cited last, unless their first name says otherwise.
                return person
            return self.last.get("person:" + gender) or person
        if pronoun == "it":
            return self.last.get(ORGANISATION)
        if pronoun == "we":
            return self.last.get(ORGANISATION) or self.last_any
        return self.last_any

    def organisation_named(self, head: str, before: int) -> Claimant | None:
        """The organisation "the agency" means: the last one named before
        ``before`` whose name holds the noun, else the last organisation cited."""
        for position, organisation in reversed(self.organisations):
            if position < before and head in organisation.name.lower().split():
                return organisation
        if head in _COMPANY_NOUNS or head in ("management", "executives"):
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
        """ "Amnesty" for "Amnesty International" named in the article, never
        "Ruiz" for "Ruiz and Alvarado": a word that "and" joins to another is a
        name of its own, often one of two people."""
        for _, organisation in self.organisations:
            words = organisation.name.split()
            if len(words) > 1 and words[0] == word and words[1] != "and":
                return organisation
        return None

    def named_later(self, role_head: str, after: int) -> Claimant | None:
        for position, person in self.introduced:
            if position > after and role_head in person.role.lower().split():
                return person
        return None


# "Ministry of Trade, Industry and Energy (MOTIE)": a name whose words a comma
# joins, then its acronym.
_LISTED_NAME_THEN_ACRONYM = re.compile(
    r"([A-Z][\w&-]*(?:,?\s+(?:[A-Z][\w&-]*|of|for|and|the|&))+)\s+"
    r"\(([A-Z][A-Za-z&]{1,7}[A-Z])\)"
)


def _name_for_acronym(run: str, acronym: str) -> str:
    """The end of ``run`` the acronym stands for, each letter the initial of a
    word, a connector's letter optional ("MOTIE": Ministry Of Trade, Industry
    and Energy); "" when it does not fit."""
    words = run.split()
    letters = [c for c in acronym.upper() if c.isalpha()]
    i = len(words)
    while letters and i > 0:
        word = words[i - 1].strip(",")
        i -= 1
        if word[0].upper() == letters[-1]:
            letters.pop()
        elif word.lower() not in _CONNECTORS:
            return ""
    if letters or not _is_cap(words[i]):
        return ""
    return " ".join(words[i:]).strip(",")


def _credentials(person: Claimant) -> int:
    return bool(person.role) + bool(person.affiliation) + bool(person.description)


# ", research director at the Arden Institute," after a name.
_APPOSITIVE_AFTER = re.compile(
    r"^,\s+((?:the\s+|a\s+|an\s+)?[^,;:.()“”\"]{3,100}?)(?:,|\.\s|\.$)"
)


def _with_appositive(person: Claimant, after: str) -> Claimant:
    """ "Lewis Dunn, senior analyst at Arden Research, says": the role and body
    the appositive after a name gives."""
    match = _APPOSITIVE_AFTER.match(after)
    if not match:
        return person
    description = match.group(1).strip()
    role, affiliation = _role_from_description(description)
    if not role:
        return person
    return replace(person, role=role, affiliation=affiliation, description=description)


def _role_before(text: str) -> str:
    """ "... China's ambassador to " before a name: "ambassador to"."""
    words = text.split()[-4:]
    first = next((k for k, w in enumerate(words) if _is_role(w)), None)
    if first is None or any(w.endswith((".", ",", ";", ":")) for w in words[first:]):
        return ""
    return " ".join(words[first:])


# A capitalised word ending a sentence, not an initial or an abbreviation.
_KEEPS_ITS_STOP = re.compile(
    r"^(?:[A-Z]|[A-Z]\.[A-Z]|Jr|Sr|St|Dr|Mr|Mrs|Ms|Prof|Gov|Sen|Rep|Gen|Lt|Col|Sgt|"
    r"Capt|Adm|Maj|Rev|Fr|Inc|Corp|Co|Ltd|U\.S|U\.K|U\.N|D\.C|No|Mt|Ft)\.$"
)


def _runs_between_full_stops(run: str) -> list[tuple[int, list[str]]]:
    """ "Noel. Montell Figgins" is two runs, "Hill." one name without its full
    stop; "Dr. Ines Haddad", "James Kennedy Jr." keep theirs. Each run with its
    offset in ``run``."""
    pieces: list[tuple[int, list[str]]] = []
    words: list[str] = []
    start = 0
    for match in re.finditer(r"\S+", run):
        word = match.group(0)
        if not words:
            start = match.start()
        if word.endswith(".") and len(word) > 1 and not _KEEPS_ITS_STOP.match(word):
            words.append(word[:-1])
            pieces.append((start, words))
            words = []
        else:
            words.append(word)
    if words or not pieces:
        pieces.append((start, words))
    return pieces


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
    had_the = bool(words) and words[0].lower() == "the"
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
        and _false_opener(words[0], article)
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
    person_of = _person_of_body(words, article)
    if person_of is not None:
        return person_of
    possessive = _possessive(words[-1])
    if possessive:
        if not learning:
            return None  # "Fox News host Jeanine Pirro's": the head comes after
        if len(words) == 1 and _bare(possessive) in _CONTRACTED:
            return None  # "That's", "It's": a contraction, not an owner
        words = [*words[:-1], possessive]
    based = next((k for k, w in enumerate(words) if w.endswith("-based")), None)
    if based is not None and based + 1 < len(words):
        # "Sacramento-based McClatchy": a body, where it is based before it.
        rest = words[based + 1 :]
        if not (_role_in(rest[:-1]) if len(rest) > 1 else False) and not (
            first_name_gender(rest[0]) and len(rest) > 1
        ):
            return _body(rest, article)
        words = rest
    text = " ".join(words)
    if (
        len(words) > 1
        and words[-1].lower() in _PUBLICATION_WORDS
        and all(_is_cap(w) or w.lower() in _CONNECTORS for w in words)
        and not outlets.is_publication_name(text)
    ):
        return Claimant(f"The {text}" if had_the else text, PUBLICATION)
    if outlets.is_publication_name(text) or outlets.is_publication_name(f"the {text}"):
        canonical = outlets.outlet_for_name(text)
        if canonical == text and not outlets.is_publication_name(text):
            canonical = outlets.outlet_for_name(f"the {text}")
        return Claimant(canonical, PUBLICATION)
    for j, word in enumerate(words[:-1]):
        owner = _possessive(word)
        if owner and outlets.is_publication_name(" ".join([*words[:j], owner])):
            # "The Washington Post's Fact Checker": the outlet speaks.
            return Claimant(
                outlets.outlet_for_name(" ".join([*words[:j], owner])), PUBLICATION
            )
    name_words, rest = _name_at_end(words, article)
    if (
        name_words
        and _looks_like_person(name_words, article, rest)
        and (not rest or _role_in(rest) or first_name_gender(name_words[0]))
    ):
        role, affiliation = _split_role(rest)
        name = " ".join(name_words)
        known = article.person(name)
        if known and len(name_words) > 1 and not known.name.endswith(name):
            known = None  # "Van Der Beek" for "James Van Der Beek", not the reverse
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


def _person_of_body(words: list[str], article: Article) -> Claimant | None:
    """ "Robin Hale of the Arden Institute", "geologist Ana Ruiz of NASA's
    Jet Propulsion Laboratory": a person and the body they belong to, not a
    body named after them ("Bank of America", "Secretary of State")."""
    if "of" not in words:
        return None
    k = words.index("of")
    left, right = words[:k], words[k + 1 :]
    if not left or not right or "of" in left:
        return None
    name_words, rest = _name_at_end(left, article)
    plain = [w for w in name_words if not HONORIFICS.match(w)]
    if len(plain) < 2 or (rest and not _role_in(rest)):
        return None
    if not _looks_like_person(name_words, article, rest) or not (
        first_name_gender(plain[0]) or rest or right[0].lower() == "the"
    ):
        return None
    body = parse_named(right, article)
    if body is None or body.kind == PERSON:
        return None
    role, _ = _split_role(rest)
    description = " ".join([*rest, "of", *right])
    return Claimant(" ".join(name_words), PERSON, role, body.name, description)


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
    while before and before[0].lower() in _TITLE_PREFIXES and before[0][0].isupper():
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


def _false_opener(word: str, article: Article) -> bool:
    """ "Untreated", "Afterward": an adverb or participle opening a sentence."""
    return word.lower().endswith(
        ("ly", "ed", "ing", "ward", "wards")
    ) and not _plausible_opener(word, article)


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
        or outlets.is_publication_name(word)
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
    # "research director of games at market research firm Arden": the role
    # opening the description, the body its last capitalised run names.
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    head = next((k for k, w in enumerate(words[:4]) if _is_role(w)), None)
    if head is None or not all(w.islower() for w in words[:head]):
        return "", ""
    k = len(words)
    while k > head + 1 and _is_cap(words[k - 1]) and not _possessive(words[k - 1]):
        k -= 1
    body = words[k:] if k < len(words) and _is_cap(words[-1]) else []
    return " ".join(words[: head + 1]), " ".join(body)


_TRAILING_TIME = re.compile(
    r"\s+(?:in|on|at|during|last|this|earlier|late|early)\s+(?:January|February|"
    r"March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d{4}|week|month|"
    r"year)\b.*$|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"yesterday|today)$"
)


def _strip_stops(phrase: str) -> str:
    """Commas, spaces and full stops around a phrase, but not the stop of an
    abbreviation ending it ("Harland Co.", "Ed Mays Jr.")."""
    stripped = phrase.strip(" ,.")
    words = phrase.rstrip(" ,").split()
    if words and _KEEPS_ITS_STOP.match(words[-1]) and len(words[-1]) > 2:
        return stripped + "."
    return stripped


def resolve_phrase(phrase: str, article: Article, *, position: int) -> Claimant | None:
    """A subject or "according to" phrase as a claimant, or None when it names
    nobody (an unnamed source, a description nothing points back to)."""
    phrase = re.sub(r"\s*\([^()]*\)", "", phrase)  # "(NSO)", "(D-Minn.)"
    phrase = _strip_stops(_TRAILING_TIME.sub("", _strip_stops(phrase)))
    if not phrase:
        return None
    words = _TOKEN.findall(phrase)
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return article.by_pronoun(words[0])
    if len(words) == 1 and _bare(words[0]) in _UNNAMED:
        # "Prosecutors alleged", "Police said": a common noun opening a sentence.
        return _described([words[0].lower()], article, position)
    by = re.search(r"\b(?:by|from)\s+(?:the\s+)?([A-Z].*)$", phrase)
    if by and _bare(words[0]) not in _UNNAMED:
        # "a 2018 survey by Jane Roe of the University": who made it.
        return resolve_phrase(by.group(1), article, position=position)
    last = words[-1]
    first = next((w for w in words if _bare(w) not in _LEADING_NOISE), words[0])
    opening_noun = _bare(first) in _UNNAMED | _VOICE_OF_BODY  # "Officials at ..."
    if (not _is_cap(first) or opening_noun) and {"for", "at", "with", "from"} & {
        w.lower() for w in words
    }:
        return _described(words, article, position)  # "a spokesman for the board"
    described = _described_person(words, article)
    if described is not None:
        return described
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


_FUNCTION_WORDS = _words(
    """
    of to from in at by with for the a an and or but that who which is was are were
    be been has have had not on as it its this these those than then when while
    """
)


def _described_person(words: list[str], article: Article) -> Claimant | None:
    """ "resident Ayesha Okoro", "hydrologist Sam Reyes": lowercase words that
    describe the person named right after them."""
    k = len(words)
    while k > 0 and _is_cap(words[k - 1]):
        k -= 1
    lead, name = words[:k], words[k:]
    if not lead or len(name) < 2 or not all(w.islower() for w in lead):
        return None
    if any(w in _FUNCTION_WORDS for w in lead) or len(lead) > 4:
        return None
    if not _looks_like_person(name, article, []):
        return None
    return Claimant(" ".join(name), PERSON, " ".join(lead), "", " ".join(lead))


def _split_and(words: list[str], article: Article) -> list[str]:
    """ "Hemsworth and Pine": two speakers, the first is the claimant; "Customs
    and Border Protection" stays one body."""
    if "and" not in words:
        return words
    k = len(words) - 1 - words[::-1].index("and")
    left, right = words[:k], words[k + 1 :]
    if not left or not right or not _is_cap(left[-1]) or not _is_cap(right[0]):
        return words[k + 1 :] if right else words
    if not all(_in_proper_run(w) or _bare(w) in _LEADING_NOISE for w in left):
        return right  # "Sales fell and Smith": the clause before is not a name
    whole = parse_named(words, article)
    if whole and whole.kind != PERSON:
        first = parse_named(left, article)
        second = parse_named(right, article)
        if first and second and first.kind == PERSON and second.kind == PERSON:
            return left
        if second and (
            second.kind == PUBLICATION or second.name in article.organisation_names
        ):
            return left  # "The Ledger and Newsline reported": two outlets
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
        and not (k == 0 and _false_opener(w, article))
        and not (
            k == 0
            and (len(modifiers) == 1 or not _is_cap(modifiers[1]))
            and not _plausible_opener(w, article)
        )
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
                if known and known.kind == PERSON and head in _VOICE_OF_BODY:
                    return Claimant(named, ORGANISATION)  # "Ravenscar Mining officials"
                if known and known.kind != PERSON or head in _VOICE_OF_BODY:
                    return known
            return None
        if head in _DOCUMENT_HEADS:
            author = _author_of(modifiers[start:], article, position)
            if author is not None:
                return author
        if (
            head in _COMPANY_NOUNS
            and determiner == "the"
            and not any(_possessive(w) for w in modifiers)
        ):
            # "the Australian miner": a description of a company named before.
            named = article.organisation_named(head, position)
            if named is not None:
                return named
        if head in _ORG_HEADS or head in _DOCUMENT_HEADS:
            # "China has denounced a Hong Kong court ruling": the noun phrase
            # is what follows the last function word, "Hong Kong court ruling".
            cut = 1 + max(
                (
                    k
                    for k in range(start, len(modifiers))
                    if _bare(modifiers[k]) in _FUNCTION_WORDS
                    and _bare(modifiers[k]) not in _CONNECTORS
                ),
                default=start - 1,
            )
            if any(_is_cap(w) for w in modifiers[cut:]):
                start = cut
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


def _author_of(owner: list[str], article: Article, position: int) -> Claimant | None:
    """ "The Ledger's report", "Mueller's findings", "a Reuters report": who
    speaks through the document is whoever wrote it, when the words before the
    noun are that body or person (a possessive, or an outlet's name)."""
    if not owner:
        return None
    possessive = _possessive(owner[-1])
    if possessive:
        return resolve_phrase(
            " ".join([*owner[:-1], possessive]), article, position=position
        )
    named = " ".join(owner)
    if outlets.is_publication_name(named):
        return Claimant(outlets.outlet_for_name(named), PUBLICATION)
    return None


def _person_described(head, determiner, article, position) -> Claimant | None:
    if determiner in ("a", "an", "one"):
        return article.named_later(head, position)
    for _, person in reversed(article.introduced):
        if head in person.role.lower().split():
            return person
    return article.last.get(PERSON)
