"""People and bodies in news copy (pure): a capitalised run split into name,
role and affiliation ("Interim BART Police Chief Ed Alvarez" is Ed Alvarez, the
Interim Police Chief of BART), its kind (person, organisation, publication,
document), and what one article names, learnt from a first pass over its whole
text ("WHO" for the World Health Organization named in full). Its words are in
name_words.py; what a speaker phrase that is not a name means ("the agency",
"officials") is speaker_phrases.py's.

- From the right: the name is the capitalised words at the end, with particles,
  initials and suffixes, starting at a known first name when a longer run ends in
  one; then a role (title words such as President, CEO, "Secretary of State", or
  lowercase ones such as "press secretary"); then the body it belongs to.
  Honorifics (Dr., Prof., Mr., Ms.) stay with the name.
- A capitalised adverb or participle opening a sentence ("Untreated", "Afterward")
  is not part of a name unless the article also writes it capitalised
  mid-sentence.
"""

import re
from dataclasses import dataclass, replace

from coverage.importers import outlets
from coverage.importers.name_words import (
    _ACRONYM,
    _COMPANY_NOUNS,
    _CONNECTORS,
    _CONTRACTED,
    _DOCUMENT_HEADS,
    _INITIAL,
    _KEEPS_ITS_STOP,
    _KNOWN_ORGANISATIONS,
    _LEADING_NOISE,
    _NAME_PARTICLES,
    _ORG_WORDS,
    _PUBLICATION_WORDS,
    _ROLE_MODIFIERS,
    _SUFFIXES,
    _TITLE_PREFIXES,
    HONORIFICS,
    _bare,
    _in_proper_run,
    _is_cap,
    _is_role,
    _possessive,
    first_name_gender,
)

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


def _person_described(head, determiner, article, position) -> Claimant | None:
    if determiner in ("a", "an", "one"):
        return article.named_later(head, position)
    for _, person in reversed(article.introduced):
        if head in person.role.lower().split():
            return person
    return article.last.get(PERSON)
