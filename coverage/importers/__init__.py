"""Article import: files, directories and streams -> articles, claims and sources.

``import_file`` picks the format, runs the pure parser (``text``, ``html``,
``jsonl``) and hands each article to ``store.save_article``, the only writer. Bad
input never stops a run: each failure becomes one ``path:line: field: problem``
line in the report and the other articles still import.
"""

import io
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, transaction

from coverage.importers import claims, store
from coverage.importers.html import parse_html
from coverage.importers.jsonl import parse_jsonl, parse_record
from coverage.importers.parsed import (
    MAX_ARTICLE_BYTES,
    ImportFailed,
    ParsedArticle,
)
from coverage.importers.text import parse_text
from coverage.workflow.rules import can_import

__all__ = [
    "FORMATS",
    "ImportFailed",
    "ImportPermissionDenied",
    "ImportReport",
    "ParsedArticle",
    "import_file",
    "import_record",
    "import_parsed",
    "iter_paths",
]

FORMATS = ("text", "html", "jsonl")
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
STDIN = "-"
BATCH_SIZE = 100


class ImportPermissionDenied(PermissionDenied):
    """The acting user may not add articles."""


@dataclass
class ImportReport:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    claims_found: int = 0
    claims_below_threshold: int = 0
    errors: list[str] = field(default_factory=list)
    failures: list[ImportFailed] = field(default_factory=list)
    conflicts: int = 0  # failures another writer caused (see _is_conflict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def count(self, result: store.SaveResult) -> None:
        setattr(self, result.action, getattr(self, result.action) + 1)
        self.claims_found += result.claims_found
        if result.warning:
            self.warnings.append(result.warning)
        self.claims_below_threshold += result.claims_below_threshold

    def fail(self, error: ImportFailed) -> None:
        self.failed += 1
        self.failures.append(error)
        self.errors.append(str(error))

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, unchanged "
            f"{self.unchanged}, failed {self.failed}, claims found {self.claims_found}"
            + (
                f" ({self.claims_below_threshold} more below the check-worthiness "
                "threshold, not stored)"
                if self.claims_below_threshold
                else ""
            )
        )


def import_file(
    path_or_stream: str | os.PathLike | BinaryIO,
    *,
    actor,
    fmt: str | None = None,
    outlet_name: str | None = None,
    story_slug: str | None = None,
    dry_run: bool = False,
    detector: store.Detector = claims.find_claims,
    on_article: Callable[[], None] | None = None,
) -> ImportReport:
    """Import every article in one file (``-`` or a binary stream for stdin)."""
    if not can_import(actor):
        raise ImportPermissionDenied(f"{actor} may not import articles.")
    source = _source_name(path_or_stream)
    items = _parsed_articles(path_or_stream, source=source, fmt=fmt)
    return import_parsed(
        items,
        report=ImportReport(source=source),
        actor=actor,
        outlet_name=outlet_name,
        story_slug=story_slug,
        dry_run=dry_run,
        detector=detector,
        on_article=on_article,
    )


def import_parsed(
    items: Iterable[ParsedArticle | ImportFailed],
    *,
    report: ImportReport,
    actor,
    outlet_name: str | None = None,
    story_slug: str | None = None,
    dry_run: bool = False,
    detector: store.Detector = claims.find_claims,
    on_article: Callable[[], None] | None = None,
) -> ImportReport:
    """Save parsed articles, counting each in ``report``: what ``import_file`` and
    a background import's chunk (``importers.jobs``) share. The caller has checked
    that ``actor`` may import."""
    options = {
        "outlet_name": outlet_name,
        "story_slug": story_slug,
        "dry_run": dry_run,
        "detector": detector,
    }
    lookups = store.Lookups()
    items = iter(items)
    while batch := list(islice(items, BATCH_SIZE)):
        # One commit per batch. The batch is written in one savepoint; when that
        # fails, each article gets a savepoint of its own and the bad one is
        # reported alone.
        with transaction.atomic():
            results = None if dry_run else _save_batch(batch, actor, lookups, options)
            if results is None:
                lookups = store.Lookups()  # rows it cached were rolled back
            for number, item in enumerate(batch):
                if isinstance(item, ImportFailed):
                    report.fail(item)
                elif results is None:
                    _import_one(item, report, actor=actor, lookups=lookups, **options)
                elif isinstance(results[number], ImportFailed):
                    report.fail(results[number])
                else:
                    report.count(results[number])
                if on_article:
                    on_article()
    return report


def import_record(record: dict, *, actor, source: str) -> store.SaveResult:
    """Import one article object (the API's JSON body), validated as a JSON Lines
    line is; ``ImportFailed`` names the field."""
    if not can_import(actor):
        raise ImportPermissionDenied(f"{actor} may not import articles.")
    parsed = parse_record(record, source=source, number=1)
    return store.save_article(parsed, actor=actor)


def _save_batch(batch, actor, lookups, options) -> list | None:
    """Results of ``store.save_articles``, aligned with ``batch``; None when the
    batch raised and wrote nothing."""
    articles = [item for item in batch if not isinstance(item, ImportFailed)]
    try:
        with transaction.atomic():
            saved = iter(
                store.save_articles(
                    articles,
                    actor=actor,
                    outlet_name=options["outlet_name"],
                    story_slug=options["story_slug"],
                    detector=options["detector"],
                    lookups=lookups,
                )
            )
    except (DatabaseError, ImportFailed):
        return None
    return [item if isinstance(item, ImportFailed) else next(saved) for item in batch]


def _import_one(item, report: ImportReport, *, actor, lookups, **options) -> None:
    try:
        result = store.save_article(item, actor=actor, lookups=lookups, **options)
    except ImportFailed as error:
        report.fail(error)
    except DatabaseError as error:
        problem = str(error).strip().splitlines()[0] if str(error) else "error"
        report.fail(ImportFailed(item.source_name, "database", problem))
        report.conflicts += _is_conflict(error)
    else:
        report.count(result)


# Deadlock and serialization failure: another transaction's doing.
CONFLICT_SQLSTATES = {"40P01", "40001"}


def _is_conflict(error: DatabaseError) -> bool:
    """Refused because another writer wrote the same row at the same time (two
    workers creating one outlet or source): the article imports when run again."""
    return isinstance(error, IntegrityError) or (
        getattr(error.__cause__, "sqlstate", None) in CONFLICT_SQLSTATES
    )


def iter_paths(paths: Iterable[str]) -> Iterator[str | ImportFailed]:
    """Files as given, and the importable files under directories (sorted, lazily,
    hidden files and unknown extensions skipped), with an ``ImportFailed`` for each
    directory that cannot be searched. Nothing inside a directory is followed: a
    linked directory is refused by name here, a linked or special file by
    ``import_file``, so a link dropped into an import folder cannot read the
    server's secrets."""
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            yield from _files_under(path)
        else:
            yield path


def _files_under(top: str) -> Iterator[str | ImportFailed]:
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(top, onerror=unreadable.append):
        yield from (_unreadable_directory(error) for error in unreadable)
        unreadable.clear()
        searched = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            path = os.path.join(root, name)
            if os.path.islink(path):
                yield ImportFailed(
                    path, "file", f"refused: {REFUSED_KINDS[stat.S_IFLNK]}"
                )
            else:
                searched.append(name)
        dirs[:] = searched
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in EXTENSIONS:
                yield os.path.join(root, name)
    yield from (_unreadable_directory(error) for error in unreadable)


def _unreadable_directory(error: OSError) -> ImportFailed:
    return ImportFailed(
        error.filename, "directory", f"cannot be read ({error.strerror})"
    )


# What each kind of file that is not a regular file is refused as.
REFUSED_KINDS = {
    stat.S_IFLNK: "a symbolic link (links are not followed; name what it points to)",
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe, not a regular file",
    stat.S_IFCHR: "a device, not a regular file",
    stat.S_IFBLK: "a device, not a regular file",
    stat.S_IFSOCK: "a socket, not a regular file",
}


def _kind(mode: int) -> str | None:
    """Why a file of this mode is refused; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return REFUSED_KINDS.get(stat.S_IFMT(mode), "not a regular file")


def open_regular_file(path: str, *, source: str) -> BinaryIO:
    """The file, opened for reading, or ``ImportFailed`` unless it is a regular file
    the importer may read. The kind is checked before opening, for the message, and
    again on the open file: ``O_NOFOLLOW`` refuses a file swapped for a link in
    between, and ``O_NONBLOCK`` keeps a named pipe from blocking the open."""
    try:
        refused = _kind(os.lstat(path).st_mode)
        if refused is not None:
            raise ImportFailed(source, "file", f"refused: {refused}")
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise ImportFailed(source, "file", "no such file") from None
    except OSError as error:
        raise ImportFailed(
            source, "file", f"cannot be read ({error.strerror})"
        ) from None
    stream = os.fdopen(descriptor, "rb")
    refused = _kind(os.fstat(descriptor).st_mode)
    if refused is not None:
        stream.close()
        raise ImportFailed(source, "file", f"refused: {refused}")
    return stream


def _source_name(path_or_stream) -> str:
    if isinstance(path_or_stream, (str, os.PathLike)):
        return "<stdin>" if str(path_or_stream) == STDIN else str(path_or_stream)
    return getattr(path_or_stream, "name", None) or "<stream>"


def _parsed_articles(path_or_stream, *, source: str, fmt: str | None):
    if fmt is not None and fmt not in FORMATS:
        yield ImportFailed(source, "format", f"unknown format {fmt!r}")
        return
    if isinstance(path_or_stream, (str, os.PathLike)) and str(path_or_stream) != STDIN:
        fmt = fmt or EXTENSIONS.get(Path(path_or_stream).suffix.lower())
        try:
            with open_regular_file(path_or_stream, source=source) as stream:
                yield from _parse_stream(stream, source=source, fmt=fmt, named=True)
        except ImportFailed as error:
            yield error
        except OSError as error:  # a read failing half-way (EIO, a vanished mount)
            yield ImportFailed(source, "file", f"cannot be read ({error.strerror})")
    else:
        stream = (
            sys.stdin.buffer
            if isinstance(path_or_stream, (str, os.PathLike))
            else path_or_stream
        )
        if not hasattr(stream, "peek"):
            stream = io.BufferedReader(stream)
        yield from _parse_stream(stream, source=source, fmt=fmt, named=False)


def _parse_stream(stream: BinaryIO, *, source: str, fmt: str | None, named: bool):
    head = stream.peek(2048)[:2048]
    fmt = fmt or _sniff(head) or (None if named else "text")
    if fmt is None and not head:
        yield ImportFailed(source, "file", "empty file")
        return
    if fmt is None:
        yield ImportFailed(
            source, "format", "unknown format (name it with --format text|html|jsonl)"
        )
        return
    if fmt == "jsonl":
        yield from parse_jsonl(stream, source=source)
        return
    data = stream.read(MAX_ARTICLE_BYTES + 1)
    parse = parse_html if fmt == "html" else parse_text
    try:
        yield parse(data, source=source)
    except ImportFailed as error:
        yield error


def _sniff(head: bytes) -> str | None:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")) or (
        start.startswith(b"<") and (b"<body" in start or b"<head" in start)
    ):
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return None
