"""JSON Lines: one article object per line -> ParsedArticle (pure, streamed).

Each line is read, decoded and parsed on its own, so memory stays flat however long
the file is, and a bad line is reported by its number while the others import.
"""

import json
from collections.abc import Iterator
from typing import BinaryIO

from coverage.importers.parsed import MAX_ARTICLE_BYTES, ImportFailed, ParsedArticle
from coverage.importers.text import build_article, decode

FIELDS = ("headline", "body", "url", "outlet", "byline", "published", "story")


def parse_jsonl(
    stream: BinaryIO, *, source: str
) -> Iterator[ParsedArticle | ImportFailed]:
    """Yield an article, or the error of its line, for every non-blank line."""
    seen_content = False
    for number, line in _lines(stream):
        if line is None:
            yield ImportFailed(
                source,
                "file",
                f"line longer than the {MAX_ARTICLE_BYTES // (1024 * 1024)} MB limit",
                line=number,
            )
            continue
        if not line.strip():
            continue
        seen_content = True
        try:
            yield parse_line(line, source=source, number=number)
        except ImportFailed as error:
            yield error
    if not seen_content:
        yield ImportFailed(source, "file", "empty file")


def parse_line(line: bytes, *, source: str, number: int) -> ParsedArticle:
    text = decode(line, source=source, line=number)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            source, "json", f"{error.msg} at column {error.colno}", line=number
        ) from None
    if not isinstance(record, dict):
        raise ImportFailed(source, "json", "not a JSON object", line=number)
    return parse_record(record, source=source, number=number)


def parse_record(record: dict, *, source: str, number: int) -> ParsedArticle:
    """One decoded article object: a line of a file, or a JSON body the API
    received."""
    for name in FIELDS:
        if record.get(name) is not None:
            _check_string(record[name], source=source, field=name, line=number)
    body = record.get("body") or ""
    if not body.strip():
        raise ImportFailed(source, "body", "missing or empty", line=number)
    fields = {
        name: (record[name], number)
        for name in FIELDS
        if name != "body" and record.get(name)
    }
    return build_article(
        raw_text=body,
        text=body,
        source=source,
        source_format="jsonl",
        header=fields,
        line=number,
    )


def _check_string(value, *, source: str, field: str, line: int) -> None:
    """JSON can spell what no text file holds and the database refuses: a NUL
    character, or half of a UTF-16 surrogate pair."""
    if not isinstance(value, str):
        raise ImportFailed(source, field, "must be a string", line=line)
    if "\x00" in value:
        raise ImportFailed(source, field, "contains a NUL character", line=line)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ImportFailed(
            source, field, "not valid Unicode (an unpaired surrogate)", line=line
        ) from None


def _lines(stream: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines, None for a line over the size limit (skipped unread)."""
    number = 0
    while True:
        line = stream.readline(MAX_ARTICLE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1024 * 1024)
            yield number, None
            continue
        yield number, line
