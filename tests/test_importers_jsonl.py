import io
import json

import pytest

from coverage.importers.jsonl import parse_jsonl, parse_line
from coverage.importers.parsed import MAX_ARTICLE_BYTES, ImportFailed, ParsedArticle


def records(*lines: str | dict) -> io.BytesIO:
    text = "\n".join(json.dumps(x) if isinstance(x, dict) else x for x in lines)
    return io.BytesIO(text.encode())


ARTICLE = {
    "headline": "Walrus film row deepens",
    "body": "Advertisement\n\nNetflix said the scene was filmed in 2017.\n\nShare this article",
    "url": "https://example.test/walrus",
    "outlet": "bbc news",
    "byline": "Ann Writer",
    "published": "2019-04-08T10:00:00Z",
    "story": "our-planet-walrus",
}


def test_each_line_becomes_an_article_with_its_fields():
    (article,) = parse_jsonl(records(ARTICLE), source="a.jsonl")
    assert isinstance(article, ParsedArticle)
    assert article.headline == "Walrus film row deepens"
    assert article.headline_inferred is False
    assert article.body == "Netflix said the scene was filmed in 2017."
    assert article.raw_text == ARTICLE["body"]
    assert article.outlet_name == "BBC News"
    assert article.published_at.isoformat() == "2019-04-08T10:00:00+00:00"
    assert article.story == "our-planet-walrus"
    assert article.source_name == "a.jsonl:1"
    assert article.source_format == "jsonl"


def test_missing_headline_is_inferred_and_flagged():
    (article,) = parse_jsonl(
        records({"body": "The council spent £4m on roads."}), source="a"
    )
    assert article.headline_inferred is True
    assert article.headline == "The council spent £4m on roads"


def test_bad_lines_are_reported_by_number_and_the_others_still_parse():
    stream = records(
        ARTICLE,
        "",
        "{not json",
        "[1, 2]",
        {"headline": "No body"},
        {"body": "Text here.", "url": 42},
        {"body": "Text here.", "published": "soon"},
        {**ARTICLE, "url": "https://example.test/other"},
    )
    results = list(parse_jsonl(stream, source="a.jsonl"))
    errors = [str(r) for r in results if isinstance(r, ImportFailed)]
    assert errors == [
        "a.jsonl:3: json: Expecting property name enclosed in double quotes at column 2",
        "a.jsonl:4: json: not a JSON object",
        "a.jsonl:5: body: missing or empty",
        "a.jsonl:6: url: must be a string",
        "a.jsonl:7: published: cannot read date 'soon'",
    ]
    parsed = [r for r in results if isinstance(r, ParsedArticle)]
    assert [a.source_name for a in parsed] == ["a.jsonl:1", "a.jsonl:8"]


def test_a_bad_encoding_on_one_line_names_that_line():
    stream = io.BytesIO(json.dumps(ARTICLE).encode() + b'\n{"body": "\x81\x8d"}\n')
    errors = [
        str(r) for r in parse_jsonl(stream, source="a") if isinstance(r, ImportFailed)
    ]
    assert errors == ["a:2: file: not UTF-8 text"]


def test_an_empty_file_is_an_error():
    assert [str(e) for e in parse_jsonl(io.BytesIO(b"\n\n"), source="a")] == [
        "a: file: empty file"
    ]


def test_a_line_over_the_size_limit_is_skipped_unread():
    huge = b'{"body": "' + b"x" * MAX_ARTICLE_BYTES + b'"}\n'
    stream = io.BytesIO(huge + json.dumps(ARTICLE).encode())
    results = list(parse_jsonl(stream, source="a"))
    assert str(results[0]) == "a:1: file: line longer than the 5 MB limit"
    assert results[1].source_name == "a:2"


def test_lines_are_parsed_lazily():
    stream = records(ARTICLE, "{broken")
    articles = parse_jsonl(stream, source="a")
    assert isinstance(next(articles), ParsedArticle)
    assert stream.tell() < len(stream.getvalue())


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_with_or_without_bom(bom):
    stream = io.BytesIO(bom + json.dumps(ARTICLE, ensure_ascii=False).encode())
    (article,) = parse_jsonl(stream, source="a")
    assert article.headline == ARTICLE["headline"]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (
            '{"body": "Police said 4 died.\\u0000"}',
            "in:1: body: contains a NUL character",
        ),
        (
            '{"body": "Police said 4 died.", "byline": "\\ud800"}',
            "in:1: byline: not valid Unicode (an unpaired surrogate)",
        ),
        (
            json.dumps({"body": "Police said 4 died.", "outlet": "x" * 201}),
            "in:1: outlet: longer than 200 characters",
        ),
        (
            json.dumps(
                {"body": "Police said 4 died.", "url": "https://a.b/" + "x" * 990}
            ),
            "in:1: url: longer than 1000 characters",
        ),
    ],
)
def test_what_the_database_would_refuse_is_refused_by_field(line, error):
    with pytest.raises(ImportFailed) as refused:
        parse_line(line.encode(), source="in", number=1)
    assert str(refused.value) == error
