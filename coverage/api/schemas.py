"""The shapes the API answers with. Those of corrections, fact checks and
requests are ``coverage.public.payloads``' dicts, described here so that the
OpenAPI description (and every response) holds to them: add fields, never
rename them."""

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator

from coverage import search
from coverage.models import ClaimStatus, Correction
from coverage.public.filters import DAY_BOUNDS, MAX_PAGE
from coverage.public.views import PAGE_SIZE

MAX_LIMIT = 100
# As deep as the public pages reach (their last page of 25) and no deeper: an
# offset costs a walk over every row it skips, and the API should cost no more
# than a reader's page does. A search's rows stop sooner, at its bounded count.
MAX_OFFSET = MAX_PAGE * PAGE_SIZE
FIRST_DAY = DAY_BOUNDS[0].limit_value
LAST_DAY = DAY_BOUNDS[1].limit_value


SLUG = r"^[-a-zA-Z0-9_]+$"


def storable(value: str) -> str:
    """Text the database can hold: PostgreSQL refuses a NUL character."""
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    return value


Text = Annotated[str, AfterValidator(storable)]
Slug = Annotated[str, Field(max_length=200, pattern=SLUG)]


class Detail(Schema):
    detail: str


class FieldError(Schema):
    message: str
    code: str


class Errors(Schema):
    """Each refused field (or parameter) by name, with what is wrong with it."""

    errors: dict[str, list[FieldError]]


class Window(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Items per answer.")
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description="Items to skip: as deep as the public pages reach. A "
        "search's results stop at its count.",
    )


SEARCH_HELP = (
    f"Words all found in the text, at most {search.MAX_SEARCH_WORDS} words and "
    f"{search.MAX_SEARCH_LENGTH} characters; most relevant first on PostgreSQL. "
    f"Counted no further than {search.BOUNDED_COUNT} matches."
)


class CorrectionQuery(Window):
    """The public corrections log's filters (coverage/public/filters.py)."""

    q: Text | None = Field(None, description=SEARCH_HELP)
    outlet: Slug | None = Field(None, description="An outlet's slug.")
    story: Slug | None = Field(None, description="A story's slug.")
    kind: Correction.Kind | None = None
    since: datetime.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    until: datetime.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)


class FactCheckQuery(Window):
    """The public fact checks' search (coverage/public/filters.py), and two
    filters of the API's own."""

    q: Text | None = Field(None, description=SEARCH_HELP)
    story: Slug | None = Field(None, description="A story's slug.")
    verdict: ClaimStatus | None = None


class Link(Schema):
    id: int
    url: str


class OutletRef(Schema):
    name: str
    slug: str


class StoryRef(Schema):
    title: str
    slug: str
    url: str | None = None


class CorrectedArticle(Schema):
    headline: str
    url: str | None
    published_at: str | None
    is_retracted: bool
    outlet: OutletRef
    story: StoryRef | None


class CorrectionOut(Schema):
    id: int
    url: str
    kind: str
    kind_label: str
    published_at: str
    what_was_wrong: str
    what_is_right: str
    explanation: str
    late_note: str
    days_after_article: int | None
    article: CorrectedArticle
    supersedes: Link | None
    superseded_by: Link | None


class FactCheckOut(Schema):
    id: int
    url: str
    claim: str
    claimant: str | None
    verdict: str
    verdict_label: str
    summary: str
    published_at: str | None
    story: StoryRef | None


class StoryOut(Schema):
    slug: str
    title: str
    summary: str
    status: str
    url: str


class OutletOut(Schema):
    slug: str
    name: str
    homepage: str


class Page(Schema):
    count: int = Field(
        description=f"How many items; a search counts no further than "
        f"{search.BOUNDED_COUNT}."
    )
    more: bool = Field(
        description="Whether there are more than ``count``: a search matching "
        f"more than {search.BOUNDED_COUNT} items (its results stop there, newest "
        "first, unranked). Narrow the search to see the rest."
    )
    limit: int
    offset: int


class CorrectionPage(Page):
    results: list[CorrectionOut]


class FactCheckPage(Page):
    results: list[FactCheckOut]


class StoryPage(Page):
    results: list[StoryOut]


class OutletPage(Page):
    results: list[OutletOut]


class ArticleIn(Schema):
    """One article, as one line of a JSON Lines import."""

    body: str = Field(description="The article's text.")
    headline: str | None = None
    url: str | None = None
    outlet: str | None = Field(None, description="The outlet's name.")
    byline: str | None = None
    published: str | None = Field(None, description="When it was published.")
    story: str | None = Field(None, description="A story's slug or title.")


class ArticleRef(Schema):
    id: int
    headline: str
    url: str | None


class ImportOut(Schema):
    action: str = Field(description="created, updated or unchanged")
    article: ArticleRef
    claims_found: int
    warning: str


class ClaimIn(Schema):
    text: Text = Field(
        max_length=5000, description="The check-worthy statement, as quoted."
    )
    story: Slug | None = Field(None, description="A story's slug.")


class ClaimOut(Schema):
    id: int
    text: str
    status: str
    story: str | None = Field(description="The story's slug.")
    admin_url: str


class CorrectionRequestIn(Schema):
    """What the public request form asks, without its proof-of-work."""

    article: Text = Field(description="The article's address or headline.")
    quote: Text = Field(description="The words in question.")
    what_is_wrong: Text
    supporting_link: Text
    email: Text = Field("", description="The reader's, to tell them the outcome.")


class CorrectionRequestOut(Schema):
    id: int
    status: str
    admin_url: str
    article: ArticleRef | None
    received_at: str
    deadline: str
    closed_at: str | None
    correction_url: str | None
