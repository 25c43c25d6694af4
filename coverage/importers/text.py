"""Plain-text articles: bytes -> ParsedArticle (pure).

A file may open with a header block of ``Key: value`` lines (Title, Outlet, URL,
Published, Byline, Story); what it says overrides what is inferred from the text.
"""

import codecs
import unicodedata

from coverage.addresses import normalise_url
from coverage.importers import cleaning, outlets
from coverage.importers.parsed import MAX_ARTICLE_BYTES, ImportFailed, ParsedArticle
from coverage.models import Article, Outlet

_UNDEFINED_CP1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
# Stated fields the desk cannot shorten without changing what they mean (an outlet
# name, an address); headline and byline are cut to fit instead.
LIMITS = {
    "outlet": Outlet._meta.get_field("name").max_length,
    "url": Article._meta.get_field("url").max_length,
}


def decode(data: bytes, *, source: str, line: int | None = None) -> str:
    """UTF-8 (a byte-order mark is dropped); cp1252 only when it decodes cleanly
    and reads as text, since cp1252 maps almost any byte to some character."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise ImportFailed(
            source,
            "file",
            f"larger than the {MAX_ARTICLE_BYTES // (1024 * 1024)} MB limit",
            line=line,
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFailed(source, "file", "not UTF-8 text (UTF-16)", line=line)
    if b"\x00" in data:
        raise ImportFailed(source, "file", "binary file", line=line)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if not any(byte in _UNDEFINED_CP1252 for byte in data):
        text = data.decode("cp1252")
        if _plausible(text):
            return text
    raise ImportFailed(source, "file", "not UTF-8 text", line=line)


def _plausible(text: str) -> bool:
    """No control characters, and mostly letters and spaces, as prose is."""
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text):
        return False
    wordy = sum(1 for c in text if c.isalpha() or c.isspace())
    return wordy >= 0.6 * len(text)


def parse_text(data: bytes, *, source: str) -> ParsedArticle:
    text = decode(data, source=source)
    if not text.strip():
        raise ImportFailed(source, "file", "empty file")
    header, header_lines = cleaning.split_header(text)
    rest = "\n".join(text.split("\n")[header_lines:])
    return build_article(
        raw_text=text,
        text=rest,
        source=source,
        source_format="text",
        header=header,
        line_offset=header_lines,
    )


def build_article(
    *,
    raw_text: str,
    text: str,
    source: str,
    source_format: str,
    header: dict[str, tuple[str, int | None]],
    line_offset: int = 0,
    line: int | None = None,
) -> ParsedArticle:
    """Clean ``text`` and combine it with metadata fields: {field: (value, line)}."""

    def value(field: str) -> str:
        return header.get(field, ("", None))[0].strip()

    cleaned = cleaning.clean_text(
        text, headline=value("headline"), byline=value("byline")
    )
    if not cleaned.body.strip():
        raise ImportFailed(
            source,
            "body",
            "no article text left after removing site furniture",
            line=line,
        )
    if len(value("outlet")) > LIMITS["outlet"]:
        raise ImportFailed(
            source,
            "outlet",
            f"longer than {LIMITS['outlet']} characters",
            line=_line(header, "outlet", line),
        )
    url = value("url") and checked_url(
        value("url"), source=source, line=_line(header, "url", line)
    )
    published = None
    if value("published"):
        try:
            published = cleaning.parse_published(value("published"))
        except ValueError as error:
            raise ImportFailed(
                source, "published", str(error), line=_line(header, "published", line)
            ) from None
    outlet = value("outlet") or cleaned.masthead_outlet or outlets.outlet_for_url(url)
    return ParsedArticle(
        headline=cleaned.headline,
        headline_inferred=cleaned.headline_inferred,
        byline=cleaned.byline,
        body=cleaned.body,
        raw_text=raw_text,
        source_format=source_format,
        source_name=source if line is None else f"{source}:{line}",
        outlet_name=outlets.outlet_for_name(outlet) if outlet else None,
        url=url or None,
        published_at=published,
        story=value("story") or None,
    )


def checked_url(url: str, *, source: str, line: int | None) -> str:
    """The one check of an article's address, whatever the format it came in."""
    try:
        return normalise_url(url, max_length=LIMITS["url"])
    except ValueError as error:
        raise ImportFailed(source, "url", str(error), line=line) from None


def _line(header: dict[str, tuple[str, int | None]], field: str, default: int | None):
    return header.get(field, ("", None))[1] or default
