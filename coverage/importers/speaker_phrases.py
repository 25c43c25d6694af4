"""Who a speaker phrase means: the subject of "... said" or the phrase after
"according to" as a claimant, or nobody.

It is kept apart from names.py, which reads a capitalised run as a name, role and
body, because most speaker phrases are not such runs: pronouns ("she said"),
unnamed speakers ("officials", "two people familiar with the talks") who name
nobody, the unnamed voice of a named body ("PG&E officials", "a spokeswoman for
the council") who names the body, descriptions that point back or forward ("the
agency", "a transit chief says"), and documents that speak for whoever wrote them
("The Ledger's report").
"""

import re

from coverage.importers import outlets
from coverage.importers.name_words import (
    _ACRONYM,
    _COMPANY_NOUNS,
    _CONNECTORS,
    _DOCUMENT_HEADS,
    _FUNCTION_WORDS,
    _KEEPS_ITS_STOP,
    _LEADING_NOISE,
    _ORG_HEADS,
    _ROLE_MODIFIERS,
    _ROLE_WORDS,
    _SUFFIXES,
    _TOKEN,
    _UNNAMED,
    _VOICE_OF_BODY,
    _bare,
    _in_proper_run,
    _is_cap,
    _is_role,
    _possessive,
)
from coverage.importers.names import (
    DOCUMENT,
    ORGANISATION,
    PERSON,
    PUBLICATION,
    Article,
    Claimant,
    _false_opener,
    _looks_like_person,
    _person_described,
    _plausible_opener,
    parse_named,
)

_PRONOUNS = {"he": PERSON, "she": PERSON, "it": ORGANISATION, "they": None, "we": None}


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
