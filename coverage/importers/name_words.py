"""The vocabulary names.py and speaker_phrases.py read news copy with: titles and
roles, the nouns that head a body, a document or an unnamed source, name
particles, the words that may open a phrase without being part of it, and tests
of one word (capitalised, a role, a possessive, a known first name).

It exists on its own so the rules that split a run into name, role and body, and
the rules that resolve a speaker phrase, share one list of words each, and a word
added for news in general reaches both.
"""

import re
from functools import cache


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
_TOKEN = re.compile(r"[\w.'’&-]+")
_INITIAL = re.compile(r"^[A-Z]\.$")
_ACRONYM = re.compile(
    r"^(?!(?:OK|TV|AM|PM|ET|PT|GMT|AP|II|III|IV)$)[A-Z][A-Z&.]{1,7}s?$"
)
_CAP = re.compile(r"^[A-Z]|^[a-z]+[A-Z]")  # Trump, McClatchy, iPhone, eBay

# A capitalised word ending a sentence, not an initial or an abbreviation.
_KEEPS_ITS_STOP = re.compile(
    r"^(?:[A-Z]|[A-Z]\.[A-Z]|Jr|Sr|St|Dr|Mr|Mrs|Ms|Prof|Gov|Sen|Rep|Gen|Lt|Col|Sgt|"
    r"Capt|Adm|Maj|Rev|Fr|Inc|Corp|Co|Ltd|U\.S|U\.K|U\.N|D\.C|No|Mt|Ft)\.$"
)

_FUNCTION_WORDS = _words(
    """
    of to from in at by with for the a an and or but that who which is was are were
    be been has have had not on as it its this these those than then when while
    """
)


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


def _is_role(word: str) -> bool:
    lowered = word.lower().strip(",")
    parts = lowered.split("-")
    return lowered in _ROLE_WORDS or (
        len(parts) > 1 and all(p in _ROLE_WORDS for p in parts)
    )


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
