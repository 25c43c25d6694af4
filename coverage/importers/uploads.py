"""What an upload for a background import holds: its files, read safely, and the
articles in them (pure: no ORM).

An upload is a text, HTML or JSON Lines file, or a zip of them. A zip is checked
member by member before anything is read: names that climb out of the archive or
are absolute, links, archives inside it, unknown extensions, encrypted members,
too many members, and declared sizes over the caps are each refused by name. The
declared sizes can lie (a zip bomb), so reading stops one byte past the cap too.
"""

import io
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError

from coverage.importers import EXTENSIONS
from coverage.importers.html import parse_html
from coverage.importers.jsonl import parse_line
from coverage.importers.parsed import ImportFailed, ParsedArticle
from coverage.importers.text import parse_text

ARCHIVES = {".zip", ".jar", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar"}
ZIP_MAGIC = b"PK\x03\x04"
WANTED = "upload .txt, .md, .html, .jsonl or a .zip of them"
MB = 1024 * 1024


class UploadRefused(ValidationError):
    """The upload cannot be imported; each message names the file or member."""


@dataclass(frozen=True)
class Limits:
    files: int
    file_bytes: int
    total_bytes: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            files=settings.NEWSROOM_IMPORT_MAX_FILES,
            file_bytes=settings.NEWSROOM_IMPORT_MAX_FILE_MB * MB,
            total_bytes=settings.NEWSROOM_IMPORT_MAX_TOTAL_MB * MB,
        )


@dataclass(frozen=True)
class Item:
    """One article's bytes as uploaded: a whole text or HTML file, or one line of
    a JSON Lines file."""

    source: str
    line: int | None
    fmt: str
    data: bytes


@dataclass
class _Budget:
    limits: Limits
    files: int = 0
    bytes: int = 0

    def take_file(self, source: str) -> None:
        self.files += 1
        if self.files > self.limits.files:
            raise UploadRefused(
                f"{source}: more than {self.limits.files} files in the upload."
            )

    def take_bytes(self, source: str, size: int) -> None:
        self.bytes += size
        if self.bytes > self.limits.total_bytes:
            raise UploadRefused(
                f"{source}: the upload is larger than "
                f"{self.limits.total_bytes // MB} MB in all once uncompressed."
            )


def read_uploads(
    uploads: Iterable[tuple[str, BinaryIO]], *, limits: Limits
) -> Iterator[tuple[str, str, bytes]]:
    """``(source, format, content)`` of every file in the uploads, in order, or
    ``UploadRefused``. ``source`` is the upload's name, and for a zip member
    ``archive.zip/member/name.txt``."""
    budget = _Budget(limits)
    for name, stream in uploads:
        if PurePosixPath(name).suffix.lower() == ".zip":
            yield from _members(name, stream, budget)
            continue
        fmt = _format(name)
        budget.take_file(name)
        content = stream.read(limits.file_bytes + 1)
        _check_size(name, len(content), limits)
        budget.take_bytes(name, len(content))
        yield name, fmt, content


def articles_in(source: str, fmt: str, content: bytes) -> Iterator[Item | ImportFailed]:
    """A text or HTML file is one article; a JSON Lines file one per non-blank
    line, numbered as the file's lines are."""
    if fmt != "jsonl":
        yield Item(source, None, fmt, content)
        return
    seen_content = False
    for number, line in enumerate(io.BytesIO(content), start=1):
        if line.strip():
            seen_content = True
            yield Item(source, number, fmt, line)
    if not seen_content:
        yield ImportFailed(source, "file", "empty file")


def parse_item(item: Item) -> ParsedArticle | ImportFailed:
    """The article, or the error the importer gives for it (``file:line: field:
    problem``)."""
    try:
        if item.fmt == "jsonl":
            return parse_line(item.data, source=item.source, number=item.line)
        parse = parse_html if item.fmt == "html" else parse_text
        return parse(item.data, source=item.source)
    except ImportFailed as error:
        return error


def _format(source: str) -> str:
    suffix = PurePosixPath(source).suffix.lower()
    if suffix in ARCHIVES:
        raise UploadRefused(
            f"{source}: an archive inside an upload is refused ({WANTED})."
        )
    if suffix not in EXTENSIONS:
        kind = f"“{suffix}” files are" if suffix else "a file without an extension is"
        raise UploadRefused(f"{source}: {kind} not supported ({WANTED}).")
    return EXTENSIONS[suffix]


def _check_size(source: str, size: int, limits: Limits) -> None:
    if size > limits.file_bytes:
        raise UploadRefused(
            f"{source}: larger than the {limits.file_bytes // MB} MB limit per file."
        )


def _members(name: str, stream: BinaryIO, budget: _Budget):
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise UploadRefused(f"{name}: not a readable zip file.") from None
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not _skipped(info.filename)
        ]
        refusals = [
            problem
            for info in members
            if (problem := _refusal(name, info, budget.limits)) is not None
        ]
        declared = sum(info.file_size for info in members)
        if len(members) > budget.limits.files:
            refusals.append(
                f"{name}: holds {len(members)} files; at most "
                f"{budget.limits.files} may be uploaded at once."
            )
        elif declared > budget.limits.total_bytes:
            refusals.append(
                f"{name}: declares {declared // MB} MB once uncompressed; at most "
                f"{budget.limits.total_bytes // MB} MB may be uploaded at once."
            )
        if refusals:
            raise UploadRefused(refusals)
        for info in members:
            source = f"{name}/{info.filename}"
            budget.take_file(source)
            content = _read_member(archive, info, source, budget.limits)
            budget.take_bytes(source, len(content))
            yield (
                source,
                EXTENSIONS[PurePosixPath(info.filename).suffix.lower()],
                (content),
            )


def _skipped(member: str) -> bool:
    """Hidden files and macOS resource forks, as the importer skips them in a
    directory."""
    parts = PurePosixPath(member).parts
    return parts[:1] == ("__MACOSX",) or (bool(parts) and parts[-1].startswith("."))


def _refusal(archive: str, info: zipfile.ZipInfo, limits: Limits) -> str | None:
    member = info.filename
    source = f"{archive}/{member}"
    parts = re.split(r"[\\/]", member)
    if member.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", member):
        return f"{source}: an absolute path is refused."
    if ".." in parts:
        return f"{source}: a name climbing out of the archive (“..”) is refused."
    if stat.S_ISLNK(info.external_attr >> 16):
        return f"{source}: a symbolic link is refused."
    if info.flag_bits & 0x1:
        return f"{source}: an encrypted member is refused."
    try:
        _format(source)
    except UploadRefused as error:
        return error.message
    if info.file_size > limits.file_bytes:
        return (
            f"{source}: declares {info.file_size // MB} MB once uncompressed; the "
            f"limit per file is {limits.file_bytes // MB} MB."
        )
    return None


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, limits: Limits
) -> bytes:
    try:
        with archive.open(info) as member:
            content = member.read(limits.file_bytes + 1)
    except (
        zipfile.BadZipFile,
        NotImplementedError,
        RuntimeError,
        zlib.error,
        EOFError,
    ) as error:
        raise UploadRefused(
            f"{source}: cannot be read from the zip ({error})."
        ) from None
    _check_size(source, len(content), limits)
    if content.startswith(ZIP_MAGIC):
        raise UploadRefused(f"{source}: a zip inside an upload is refused ({WANTED}).")
    return content
