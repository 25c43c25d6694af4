"""Outlets the desk knows by name, masthead and web domain (pure).

The cleaner, the HTML reader and the name finder all ask the same question, "is
this an outlet, and which?", so the answer lives in one table.
"""

import re
from urllib.parse import urlsplit

# Well-known outlets: the name the desk files them under, the masthead or logo text
# a page shows (lowercase), and the web domains they publish on.
OUTLETS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("LADbible", ("ladbible", "lad bible"), ("ladbible.com",)),
    ("UNILAD", ("unilad",), ("unilad.com", "unilad.co.uk")),
    ("BBC News", ("bbc news", "bbc"), ("bbc.co.uk", "bbc.com")),
    ("The Guardian", ("the guardian", "guardian"), ("theguardian.com",)),
    ("The Observer", ("the observer",), ()),
    (
        "The Telegraph",
        ("the telegraph", "telegraph", "the daily telegraph"),
        ("telegraph.co.uk",),
    ),
    (
        "The Times",
        ("the times", "the sunday times"),
        ("thetimes.co.uk", "thetimes.com"),
    ),
    ("The Independent", ("the independent", "independent"), ("independent.co.uk",)),
    ("Daily Mail", ("daily mail", "mailonline", "mail online"), ("dailymail.co.uk",)),
    ("The Sun", ("the sun",), ("thesun.co.uk", "the-sun.com")),
    ("Daily Mirror", ("daily mirror", "the mirror", "mirror"), ("mirror.co.uk",)),
    ("Daily Express", ("daily express", "express"), ("express.co.uk",)),
    ("Daily Star", ("daily star",), ("dailystar.co.uk",)),
    ("Metro", ("metro",), ("metro.co.uk",)),
    ("Evening Standard", ("evening standard", "the standard"), ("standard.co.uk",)),
    ("Sky News", ("sky news",), ("news.sky.com",)),
    (
        "The New York Times",
        ("the new york times", "new york times", "nyt"),
        ("nytimes.com",),
    ),
    (
        "The Washington Post",
        ("the washington post", "washington post"),
        ("washingtonpost.com",),
    ),
    (
        "The Wall Street Journal",
        ("the wall street journal", "wall street journal", "wsj"),
        ("wsj.com",),
    ),
    ("Los Angeles Times", ("los angeles times", "la times"), ("latimes.com",)),
    ("USA Today", ("usa today",), ("usatoday.com",)),
    ("CNN", ("cnn",), ("cnn.com",)),
    ("Fox News", ("fox news",), ("foxnews.com",)),
    ("NBC News", ("nbc news",), ("nbcnews.com",)),
    ("CBS News", ("cbs news",), ("cbsnews.com",)),
    ("ABC News", ("abc news",), ("abcnews.go.com", "abc.net.au")),
    ("NPR", ("npr",), ("npr.org",)),
    ("Reuters", ("reuters",), ("reuters.com",)),
    ("Associated Press", ("associated press", "ap news"), ("apnews.com",)),
    ("Bloomberg", ("bloomberg",), ("bloomberg.com",)),
    ("Al Jazeera", ("al jazeera",), ("aljazeera.com",)),
    ("TMZ", ("tmz",), ("tmz.com",)),
    ("BuzzFeed", ("buzzfeed", "buzzfeed news"), ("buzzfeed.com", "buzzfeednews.com")),
    (
        "HuffPost",
        ("huffpost", "huffington post"),
        ("huffpost.com", "huffingtonpost.co.uk"),
    ),
    ("Newsweek", ("newsweek",), ("newsweek.com",)),
    ("Time", ("time magazine",), ("time.com",)),
    ("The Atlantic", ("the atlantic",), ("theatlantic.com",)),
    ("Vox", ("vox",), ("vox.com",)),
    ("Vice", ("vice", "vice news"), ("vice.com",)),
    (
        "Business Insider",
        ("business insider", "insider"),
        ("businessinsider.com", "insider.com"),
    ),
    ("Forbes", ("forbes",), ("forbes.com",)),
    ("National Geographic", ("national geographic",), ("nationalgeographic.com",)),
    ("The Verge", ("the verge",), ("theverge.com",)),
    ("Mashable", ("mashable",), ("mashable.com",)),
    ("Variety", ("variety",), ("variety.com",)),
    (
        "The Hollywood Reporter",
        ("the hollywood reporter", "hollywood reporter"),
        ("hollywoodreporter.com",),
    ),
    ("Deadline", ("deadline",), ("deadline.com",)),
    ("Entertainment Weekly", ("entertainment weekly",), ("ew.com",)),
    ("People", ("people magazine",), ("people.com",)),
    ("Digital Spy", ("digital spy",), ("digitalspy.com",)),
    ("Radio Times", ("radio times",), ("radiotimes.com",)),
    ("Screen Rant", ("screen rant", "screenrant"), ("screenrant.com",)),
    ("ScoopWhoop", ("scoopwhoop",), ("scoopwhoop.com",)),
    (
        "The Times of India",
        ("the times of india", "times of india"),
        ("timesofindia.indiatimes.com",),
    ),
    ("India Times", ("indiatimes",), ("indiatimes.com",)),
    ("Hindustan Times", ("hindustan times",), ("hindustantimes.com",)),
    ("NDTV", ("ndtv",), ("ndtv.com",)),
    ("The Hindu", ("the hindu",), ("thehindu.com",)),
    ("CBC News", ("cbc news", "cbc"), ("cbc.ca",)),
    (
        "The Globe and Mail",
        ("the globe and mail", "globe and mail"),
        ("theglobeandmail.com",),
    ),
    (
        "The Sydney Morning Herald",
        ("the sydney morning herald", "sydney morning herald"),
        ("smh.com.au",),
    ),
    ("news.com.au", ("news.com.au",), ("news.com.au",)),
    ("The Irish Times", ("the irish times", "irish times"), ("irishtimes.com",)),
    ("Deutsche Welle", ("deutsche welle", "dw"), ("dw.com",)),
    ("France 24", ("france 24",), ("france24.com",)),
    ("Euronews", ("euronews",), ("euronews.com",)),
    ("The Conversation", ("the conversation",), ("theconversation.com",)),
    ("Herald Sun", ("herald sun", "heraldsun"), ("heraldsun.com.au",)),
    ("Le Monde", ("le monde", "le monde.fr"), ("lemonde.fr",)),
    (
        "Libération",
        ("libération", "libération.fr", "liberation.fr"),
        ("liberation.fr",),
    ),
    ("Salon", ("salon.com",), ("salon.com",)),
    ("Ars Technica", ("ars technica",), ("arstechnica.com",)),
)

OUTLET_BY_ALIAS = {
    alias: name for name, aliases, _ in OUTLETS for alias in (*aliases, name.lower())
}
# Any outlet's name inside a line, so that "Site Index The New York Times" reads as
# the interface words around it.
OUTLET_NAMES_RE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(alias) for alias in sorted(OUTLET_BY_ALIAS, key=len)[::-1])
    + r")\b"
)
_OUTLET_BY_DOMAIN = {domain: name for name, _, domains in OUTLETS for domain in domains}

_MASTHEAD_LOGO_RE = re.compile(r"^(.{1,40}?)\s+logo$", re.IGNORECASE)


def normalise_line(line: str) -> str:
    return " ".join(line.split()).casefold()


def outlet_for_masthead(line: str) -> str | None:
    """The outlet a masthead line names: "ladbible logo" -> "LADbible"."""
    text = normalise_line(line)
    logo = _MASTHEAD_LOGO_RE.match(text)
    if logo:
        text = logo.group(1)
    return OUTLET_BY_ALIAS.get(text)


def outlet_for_name(name: str) -> str:
    """The desk's spelling of a known outlet ("the new york times" -> "The New York
    Times"); an unknown name is kept as given."""
    cleaned = " ".join(name.split())
    return OUTLET_BY_ALIAS.get(cleaned.casefold(), cleaned)


def outlet_for_url(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    while host:
        if host in _OUTLET_BY_DOMAIN:
            return _OUTLET_BY_DOMAIN[host]
        _, _, host = host.partition(".")
    return None


def is_publication_name(name: str) -> bool:
    return normalise_line(name) in OUTLET_BY_ALIAS
