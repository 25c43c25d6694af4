"""Saved HTML pages: bytes -> ParsedArticle (pure).

trafilatura finds the main text and the metadata (headline, author, date, site name,
canonical URL from OpenGraph, JSON-LD and the page itself). It runs with its default
balance of precision and recall: precision mode dropped standfirsts on real pages.
Only whole lines that are unmistakably furniture are removed from its output, so the
cleaning never cuts into what it extracted.
"""

import trafilatura

from coverage.addresses import has_web_scheme
from coverage.importers import cleaning
from coverage.importers.parsed import ImportFailed, ParsedArticle
from coverage.importers.text import LIMITS, checked_url, decode

MIN_BODY_WORDS = 8


def parse_html(data: bytes, *, source: str) -> ParsedArticle:
    page = decode(data, source=source)
    if not page.strip():
        raise ImportFailed(source, "file", "empty file")
    if "<" not in page:
        raise ImportFailed(source, "html", "no HTML markup in the file")
    try:
        document = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except Exception as error:  # lxml and trafilatura raise many kinds
        raise ImportFailed(source, "html", f"cannot parse the page ({error})") from None
    text = (document.text or "") if document is not None else ""
    title = " ".join((document.title or "").split()) if document is not None else ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if (
        lines
        and title
        and cleaning.normalise_line(lines[0]) == cleaning.normalise_line(title)
    ):
        lines = lines[1:]
    lines = [line for line in lines if not cleaning.is_furniture(line)]
    body = "\n\n".join(lines)
    if len(body.split()) < MIN_BODY_WORDS:
        raise ImportFailed(source, "body", "no article text found in the page")

    # A page whose address is relative or not on the web states none. One that
    # states an http(s) address is held to the check every format's address is:
    # a malformed one is a crafted page, refused by name.
    url = (document.url or "").strip()
    url = checked_url(url, source=source, line=None) if has_web_scheme(url) else None
    outlet = (
        cleaning.outlet_for_url(url)
        or (document.sitename and cleaning.outlet_for_name(document.sitename))
        or None
    )
    outlet = outlet if outlet and len(outlet) <= LIMITS["outlet"] else None
    published = None
    if document.date:
        try:
            published = cleaning.parse_published(document.date)
        except ValueError:
            published = None  # an unreadable page date is no reason to refuse the text
    return ParsedArticle(
        headline=(title or cleaning.headline_from_opening(body))[:500],
        headline_inferred=not title,
        byline=(document.author or "")[:300],
        body=body,
        raw_text=page,
        source_format="html",
        source_name=source,
        outlet_name=outlet,
        url=url,
        published_at=published,
    )
