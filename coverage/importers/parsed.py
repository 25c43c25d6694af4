"""What a parser hands to the store, and how a parser refuses input.

Parsers are pure: bytes in, frozen ``ParsedArticle`` out, or ``ImportFailed`` with a
message an editor can act on (``path:line: field: problem``).
"""

from dataclasses import dataclass
from datetime import datetime

UNKNOWN_OUTLET = "Unknown outlet"

# One article's text or HTML, or one JSON line, may not be larger than this.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024


class ImportFailed(Exception):
    """Bad input: names the file, the line when there is one, and the field."""

    def __init__(
        self, source: str, field: str, problem: str, *, line: int | None = None
    ):
        self.source = source
        self.field = field
        self.problem = problem
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {field}: {problem}")


@dataclass(frozen=True)
class ParsedArticle:
    """One article as read from a file, before anything touches the database.

    ``outlet_name`` is None when the parser could not tell the outlet; the store
    then uses ``--outlet`` or files it under "Unknown outlet" for an editor.
    """

    headline: str
    body: str
    raw_text: str
    source_format: str
    source_name: str
    headline_inferred: bool = False
    byline: str = ""
    outlet_name: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    story: str | None = None
