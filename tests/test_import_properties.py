"""Whatever a file holds, the importer imports it or names the problem.

Hypothesis feeds arbitrary text and bytes to ``import_file`` (each format forced,
and detected) and to the pure parsers; the only acceptable outcomes are articles or
``path[:line]: field: problem`` lines. Then hostile pages: scripts, event handlers,
``javascript:`` links and absurdly deep markup.
"""

import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coverage.importers import FORMATS, ImportFailed, ParsedArticle, claims, import_file
from coverage.importers.claims import find_claims
from coverage.importers.html import parse_html
from coverage.importers.jsonl import parse_jsonl
from coverage.importers.text import parse_text
from coverage.models import Article, ClaimAppearance

# Modest counts keep the suite fast; the database is the test's own transaction,
# shared by the examples, so counts are compared before and after.
FAST = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELDS = "file|format|json|body|url|published|headline|outlet|byline|story|claims|html"

# Prose-like text: words, figures, quotes, speech verbs and paragraph breaks, so
# the claim detector and the cleaners see what they were written for.
WORDS = st.sampled_from(
    [
        "Marsh",
        "Dr. Helen Marsh",
        "said",
        "told the Ledger",
        "according to",
        "700",
        "more than",
        "because",
        '"',
        "“",
        "”",
        "'",
        "’",
        ".",
        ",",
        "?",
        "\n",
        "\n\n",
        "Advertisement",
        "Title: x",
        "<p>",
        "</p>",
        "{",
        "}",
        "walruses",
        "the cliff",
    ]
)
PROSE = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=80).map(" ".join)
TEXT = st.one_of(PROSE, st.text(max_size=400))
JSON_LINES = st.lists(
    st.one_of(
        st.dictionaries(
            st.sampled_from(["headline", "body", "url", "outlet", "published"]),
            st.one_of(TEXT, st.integers(), st.none()),
        ).map(json.dumps),
        TEXT,
    ),
    max_size=5,
).map("\n".join)
BYTES = st.one_of(
    st.binary(max_size=600),
    TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")),
    JSON_LINES.map(lambda text: text.encode("utf-8", "surrogatepass")),
)


def assert_imports_or_explains(path, data: bytes, fmt, actor) -> None:
    path.write_bytes(data)
    before = Article.objects.count()
    report = import_file(path, actor=actor, fmt=fmt)
    where = re.escape(str(path))
    for error in report.errors:
        assert re.fullmatch(rf"{where}(:\d+)?: ({FIELDS}): \S.*", error, re.S), error
    assert report.failed == len(report.errors)
    assert Article.objects.count() - before == report.created
    for appearance in ClaimAppearance.objects.select_related("article"):
        body = appearance.article.body
        assert body[appearance.start : appearance.end] == appearance.quote


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", [*FORMATS, None])
@FAST
@given(data=BYTES)
def test_any_bytes_import_or_fail_with_a_clear_error(reporter, tmp_path, fmt, data):
    assert_imports_or_explains(tmp_path / "input.dat", data, fmt, reporter)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["input.txt", "input.html", "input.jsonl"])
@FAST
@given(text=st.one_of(TEXT, JSON_LINES))
def test_any_text_imports_or_fails_with_a_clear_error(reporter, tmp_path, name, text):
    data = text.encode("utf-8", "surrogatepass")
    assert_imports_or_explains(tmp_path / name, data, None, reporter)


def parsed_or_refused(parse, data: bytes) -> ParsedArticle | ImportFailed:
    try:
        return parse(data, source="in")
    except ImportFailed as error:
        return error


@FAST
@given(data=BYTES)
def test_pure_parsers_return_an_article_or_refuse(data):
    for parse in (parse_text, parse_html):
        result = parsed_or_refused(parse, data)
        if isinstance(result, ImportFailed):
            assert str(result).startswith("in: ")
        else:
            assert result.body.strip()
    for item in parse_jsonl(io.BytesIO(data), source="in"):
        assert isinstance(item, ParsedArticle | ImportFailed)


@FAST
@given(body=st.one_of(TEXT, st.text(max_size=2000)))
def test_claim_offsets_always_slice_the_body_to_the_quote(body):
    for claim in find_claims(body):
        assert body[claim.start : claim.end] == claim.quote
        assert claim.reasons


HOSTILE_TEXT = (
    "Title: Hostile\n\n"
    "Officials said 40 homes flooded <script>alert(1)</script> in March.\n\n"
    '<img src=x onerror="alert(2)"> Police said 12 roads were shut.\n\n'
    "Read the report at javascript:alert(3) before 2019, the council said."
)
HOSTILE_PAGE = (
    "<!doctype html><html><head><title>Hostile page</title>"
    "<script>alert(1)</script></head><body><article>"
    "<p>Officials said 40 homes flooded in March, and 12 roads were shut.</p>"
    '<p><img src=x onerror="alert(2)"><a href="javascript:alert(3)">Police said '
    "the river rose 2 metres overnight because of the rain.</a></p>"
    "<script>document.write('injected')</script>"
    "</article></body></html>"
)


def nested(depth: int) -> str:
    return (
        "<html><body>"
        + "<div>" * depth
        + "<p>Officials said 40 homes flooded in March, and 12 roads were shut.</p>"
        + "</div>" * depth
        + "</body></html>"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hostile.txt", HOSTILE_TEXT),
        ("hostile.html", HOSTILE_PAGE),
        ("deep.html", nested(5_000)),
        ("huge.html", "<p>" + "Officials said 40 homes flooded. " * 60_000 + "</p>"),
        ("unclosed.html", "<html><body>" + "<div><span><b>" * 3_000 + "Text 40."),
    ],
)
def test_hostile_input_is_kept_as_text_or_refused(reporter, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    report = import_file(path, actor=reporter)
    assert report.created + report.failed == 1
    if report.failed:
        assert re.fullmatch(
            rf"{re.escape(str(path))}: (html|body|file): \S.*", report.errors[0]
        )
        assert Article.objects.count() == 0
        return
    article = Article.objects.get()
    assert article.raw_text == content  # kept verbatim, only ever shown escaped
    if name.endswith(".html"):
        # Only the page's text is kept: no markup, no script bodies.
        for markup in ("<script", "onerror=", "document.write", "<div", "<img"):
            assert markup not in article.body
    else:
        assert "<script>alert(1)</script>" in article.body


def test_hostile_text_is_text():
    article = parse_text(HOSTILE_TEXT.encode(), source="in")
    assert "javascript:alert(3)" in article.body
    claims = find_claims(article.body)
    assert any("<script>alert(1)</script>" in claim.quote for claim in claims)


def every_paragraph_segmented(body: str) -> list:
    """``find_claims`` without its shortcut: every paragraph through syntok."""
    quotations = claims._quotations(body)
    spans = claims._sentences(body, quotations, every_paragraph=True)
    return claims._find(body, spans, quotations)


@FAST
@given(body=st.lists(PROSE, max_size=8).map("\n\n".join))
def test_skipping_paragraphs_that_cannot_hold_a_claim_changes_nothing(body):
    assert find_claims(body) == every_paragraph_segmented(body)
