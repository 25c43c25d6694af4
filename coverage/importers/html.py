"""Saved HTML pages: bytes -> ParsedArticle (pure).

The body comes from trafilatura in precision mode (``favor_precision=True``, the
setting the extraction benchmarks find best), checked the way trafilatura checks
itself, against other extractors:

1. Implausible result: when precision mode gives no text, or far less than
   trafilatura's balanced mode finds on the same page, the balanced result is used,
   then readability's, then trafilatura's baseline (the page's text blocks).
2. Unconfirmed edges: lines at the top or bottom of the body that neither
   readability nor jusText keeps are the page around the article (teasers for
   other stories, "more must-reads", comment prompts, the next column's blurb) and
   are dropped. Only edges go, never a line between two confirmed ones, and only
   while the two witnesses agree with most of the body and the cut stays small:
   otherwise they are looking at something else and trafilatura's text is kept.
3. The standfirst: sentences balanced mode finds between the headline and the
   body's first line, which precision mode drops with the header around them.
4. Whole lines that are furniture by ``cleaning.is_furniture`` are removed.

Readability is trafilatura's own port (``trafilatura.readability_lxml``), jusText the
library trafilatura installs; neither adds a dependency.

Headline, byline, date, site name and canonical address come from trafilatura's
metadata (JSON-LD, OpenGraph, ``<meta>`` and the page itself), cleaned of the site's
own name, placeholders and publishers by ``cleaning``.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from urllib.parse import urlsplit

import justext
import lxml.html
import trafilatura
from trafilatura.readability_lxml import Document as ReadabilityDocument
from trafilatura.settings import JUSTEXT_LANGUAGES
from trafilatura.utils import load_html

from coverage.addresses import has_web_scheme
from coverage.importers import cleaning, outlets, page_fields
from coverage.importers.parsed import ImportFailed, ParsedArticle
from coverage.importers.text import LIMITS, checked_url, decode

MIN_BODY_WORDS = 8
# Precision mode is implausibly short below this share of the balanced result.
PLAUSIBLE_SHARE = 0.3
# The witnesses must confirm this share of the body's words before any edge goes,
# and the edges cut may hold at most this share of them.
CONFIRMED_SHARE = 0.5
MAX_EDGE_CUT = 1 / 3
STANDFIRST_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?…]['’\"”)]?$")

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Extraction:
    """The article's lines and the extractor that gave them."""

    lines: list[str]
    method: str


def parse_html(data: bytes, *, source: str) -> ParsedArticle:
    page = decode(data, source=source)
    if not page.strip():
        raise ImportFailed(source, "file", "empty file")
    if "<" not in page:
        raise ImportFailed(source, "html", "no HTML markup in the file")
    try:
        document = trafilatura.bare_extraction(
            page, **_OPTIONS, with_metadata=True, favor_precision=True
        )
        extraction = extract_body(page, precise=document)
        metadata = page_metadata(page, document)
    except Exception as error:  # lxml and trafilatura raise many kinds
        raise ImportFailed(source, "html", f"cannot parse the page ({error})") from None
    lines = extraction.lines
    title = metadata.title
    if lines and title:
        folded = cleaning.normalise_line(lines[0])
        if folded in {cleaning.normalise_line(title), metadata.raw_title}:
            lines = lines[1:]
    lines = [line for line in lines if not cleaning.is_furniture(line)]
    body = "\n\n".join(lines)
    if len(body.split()) < MIN_BODY_WORDS:
        raise ImportFailed(source, "body", "no article text found in the page")
    # A page whose address is relative or not on the web states none. One that
    # states an http(s) address is held to the check every format's address is:
    # a malformed one is a crafted page, refused by name.
    url = checked_url(metadata.url, source=source, line=None) if metadata.url else None
    return ParsedArticle(
        headline=(title or cleaning.headline_from_opening(body))[:500],
        headline_inferred=not title,
        byline=metadata.byline[:300],
        body=body,
        raw_text=page,
        source_format="html",
        source_name=source,
        outlet_name=metadata.outlet,
        url=url,
        published_at=metadata.published,
    )


@dataclass(frozen=True)
class Metadata:
    title: str
    raw_title: str  # trafilatura's title, folded: a body line repeating it goes
    byline: str
    outlet: str | None
    url: str | None  # as the page states it: parse_html checks it
    published: datetime | None


def page_metadata(page: str, document=None) -> Metadata:
    """Headline, byline, outlet, address and date of a page, from trafilatura's
    metadata (``document``, or read afresh) cleaned of the site's own name."""
    if document is None:
        document = trafilatura.extract_metadata(page)
    tree = load_html(page)

    def field(name: str) -> str:
        return (getattr(document, name, None) or "") if document is not None else ""

    # The page's own address, if it states one on the web (checked by the caller).
    url = field("url").strip()
    url = url if has_web_scheme(url) else None
    sitename = page_fields.site_name_core(field("sitename"))
    outlet = (
        outlets.outlet_for_url(url)
        or (sitename and outlets.outlet_for_name(sitename))
        or None
    )
    outlet = outlet if outlet and len(outlet) <= LIMITS["outlet"] else None
    site_names = [field("sitename"), sitename, outlet or "", _domain_label(url)]
    page_title = _page_title(tree)
    title = page_fields.clean_title(
        field("title"), site_names=site_names, page_title=page_title
    )
    not_names = [*site_names, *_publishers(tree)]
    byline = page_fields.clean_byline(field("author"), not_names=not_names)
    if not byline:
        byline = page_fields.clean_byline(_visible_byline(tree), not_names=not_names)
    published = None
    if field("date"):
        try:
            published = cleaning.parse_published(field("date"))
        except ValueError:
            published = None  # an unreadable page date is no reason to refuse the text
    return Metadata(
        title=title,
        raw_title=cleaning.normalise_line(field("title")),
        byline=byline,
        outlet=outlet,
        url=url,
        published=published,
    )


def _page_title(tree) -> str:
    if tree is None:
        return ""
    found = tree.find(".//title")
    return " ".join((found.text_content() if found is not None else "").split())


def _domain_label(url: str | None) -> str:
    """The host's name without www and its suffix ("ehow" for www.ehow.com):
    sites often end a title with it."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.split(".") if label not in {"www", "m"}]
    return labels[0] if len(labels) >= 2 else ""


_COPYRIGHT_NOISE = re.compile(
    r"copyright|\(c\)|©|\b\d{4}\b|all rights reserved\.?", re.IGNORECASE
)


def _publishers(tree) -> list[str]:
    """Who publishes the page, by its JSON-LD ``publisher`` and its copyright
    notice: a company, never the author."""
    if tree is None:
        return []
    names = []
    for script in tree.xpath('//script[contains(@type, "ld+json")]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        names += _publisher_names(data)
    for notice in tree.xpath('//meta[@name="copyright"]/@content'):
        names.append(" ".join(_COPYRIGHT_NOISE.sub(" ", notice).split()).strip(" ,."))
    return [name for name in names if name]


def _publisher_names(data) -> list[str]:
    if isinstance(data, list):
        return [name for item in data for name in _publisher_names(item)]
    if not isinstance(data, dict):
        return []
    names = []
    publisher = data.get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        names.append(publisher["name"])
    for key in ("@graph", "mainEntity"):
        names += _publisher_names(data.get(key))
    return names


_BYLINE_ELEMENTS = (
    '//*[contains(translate(@class, "BYLINE", "byline"), "byline")]'
    ' | //*[@itemprop="author"] | //*[@rel="author"]'
)
_VISIBLE_BY = re.compile(
    r"^by\s+([A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|and|de|van|von|der|del)){0,6})",
    re.IGNORECASE,
)


def _visible_byline(tree) -> str:
    """The first "By Name" the page shows in an element marked as its byline."""
    if tree is None:
        return ""
    for element in tree.xpath(_BYLINE_ELEMENTS)[:20]:
        text = " ".join(element.text_content().split())
        found = _VISIBLE_BY.match(text)
        if found:
            return re.sub(r"\s+and\s+", "; ", found.group(1))
    return ""


_OPTIONS = {
    "include_comments": False,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
}


def extract_body(page: str, *, precise=None) -> Extraction:
    """The article's lines: trafilatura in precision mode, a fallback when that is
    implausible, and edges that no other extractor confirms removed. ``precise`` is
    the precision-mode document when the caller already has it."""
    if precise is None:
        precise = trafilatura.bare_extraction(
            page, **_OPTIONS, with_metadata=True, favor_precision=True
        )
    lines = _lines(precise.text if precise is not None else "")
    method = "trafilatura"
    balanced = _lines(trafilatura.extract(page, **_OPTIONS))
    if _words(lines) < max(MIN_BODY_WORDS, PLAUSIBLE_SHARE * _words(balanced)):
        lines, method = _fallback(page, lines)
    lines = _trim_unconfirmed_edges(lines, _witness_text(page))
    title = (precise.title or "") if precise is not None else ""
    return Extraction(lines=_standfirst(balanced, lines, title) + lines, method=method)


def _standfirst(balanced: list[str], lines: list[str], title: str) -> list[str]:
    """The sentences balanced mode finds between the headline and the body's first
    line: the standfirst, which precision mode drops with the header around it."""
    if not lines or not title:
        return []
    folded = [cleaning.normalise_line(line) for line in balanced]
    try:
        start = folded.index(cleaning.normalise_line(title)) + 1
        end = folded.index(cleaning.normalise_line(lines[0]), start)
    except ValueError:
        return []
    return [
        line
        for line in balanced[start:end]
        if len(line.split()) >= STANDFIRST_WORDS and _SENTENCE_END.search(line)
    ]


def _fallback(page: str, lines: list[str]) -> tuple[list[str], str]:
    """The first of balanced trafilatura, readability and baseline that gives a
    body of some length, else whatever precision mode gave."""
    candidates = (
        ("trafilatura-balanced", lambda: trafilatura.extract(page, **_OPTIONS)),
        ("readability", lambda: _readability_text(page)),
        ("baseline", lambda: trafilatura.baseline(page)[1]),
    )
    for method, extract in candidates:
        found = _lines(extract())
        if _words(found) >= max(MIN_BODY_WORDS, _words(lines) + 1):
            return found, method
    return lines, "trafilatura"


def _trim_unconfirmed_edges(lines: list[str], witness: str) -> list[str]:
    confirmed = [_tokens(line) in witness for line in lines]
    total = _words(lines)
    if not total:
        return lines
    agreed = sum(
        len(line.split()) for line, ok in zip(lines, confirmed, strict=True) if ok
    )
    if agreed < CONFIRMED_SHARE * total:
        return lines
    start, end = 0, len(lines)
    while start < end and not confirmed[start]:
        start += 1
    while end > start and not confirmed[end - 1]:
        end -= 1
    kept = lines[start:end]
    if _words(kept) < (1 - MAX_EDGE_CUT) * total:
        return lines
    return kept


def _witness_text(page: str) -> str:
    """What readability and jusText keep, as one padded token string: a line is
    confirmed when its tokens occur in it (``_tokens`` pads with spaces)."""
    parts = [_readability_text(page), _justext_text(page)]
    return " " + " ".join(_TOKEN.findall(" ".join(parts).casefold())) + " "


def _readability_text(page: str) -> str:
    tree = load_html(page)
    if tree is None:
        return ""
    try:
        summary = ReadabilityDocument(tree, min_text_length=25).summary()
        return _block_text(lxml.html.fromstring(summary)) if summary else ""
    except Exception:  # a fallback must never stop the import
        return ""


def _justext_text(page: str) -> str:
    tree = load_html(page)
    if tree is None:
        return ""
    language = (tree.get("lang") or "").split("-")[0].lower()
    stoplist = (
        justext.get_stoplist(JUSTEXT_LANGUAGES[language])
        if language in JUSTEXT_LANGUAGES
        else _all_stopwords()
    )
    try:
        paragraphs = justext.justext(page, stoplist)
    except Exception:  # a witness that fails confirms nothing
        return ""
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


@cache
def _all_stopwords() -> frozenset[str]:
    return frozenset(
        word
        for language in justext.get_stoplists()
        for word in justext.get_stoplist(language)
    )


_BLOCKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "tr",
        "dd",
        "dt",
        "figcaption",
        "br",
    ]
)


def _block_text(element) -> str:
    for block in element.iter(*_BLOCKS):
        block.tail = "\n" + (block.tail or "")
    return element.text_content()


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _words(lines: list[str]) -> int:
    return sum(len(line.split()) for line in lines)


def _tokens(line: str) -> str:
    tokens = _TOKEN.findall(line.casefold())
    return " " + " ".join(tokens) + " " if tokens else "\0"
