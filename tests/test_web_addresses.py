"""One check of every web address the desk stores (coverage/addresses.py): http or
https in any case, scheme and host lowercased, no control characters or spaces, no
user name, no longer than the column. An import refuses a bad article address by
file, line and field and writes nothing of that article; a workflow save refuses
it by field and writes no audit row."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from coverage import workflow
from coverage.addresses import normalise_url
from coverage.importers import import_file
from coverage.importers.html import parse_html
from coverage.importers.jsonl import parse_jsonl
from coverage.importers.parsed import ImportFailed, ParsedArticle
from coverage.importers.text import parse_text
from coverage.models import Article, AuditEntry
from tests.factories import ArticleFactory, ClaimFactory

BODY = "Police said 40 homes were flooded on Monday."


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("HTTP://example.com/a", "http://example.com/a"),
        (
            "Https://News.Example.COM:8443/Path/Kept?Q=1#Top",
            "https://news.example.com:8443/Path/Kept?Q=1#Top",
        ),
        ("https://bücher.example/straße", "https://bücher.example/straße"),
        ("http://example.com", "http://example.com"),
    ],
)
def test_an_address_keeps_its_path_and_lowercases_scheme_and_host(given, kept):
    assert normalise_url(given, max_length=1000) == kept


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        (
            "https://example.com/a\r\nSet-Cookie: x=1",
            r"U\+000D \(control\) at character 22: an address has no spaces or "
            "control characters",
        ),
        ("https://example.com/a\nb", r"U\+000A \(control\) at character 22"),
        ("https://example.com/a b", r"U\+0020 \(SPACE\) at character 22"),
        ("https://example.com/\u202eexe.pdf", r"U\+202E \(RIGHT-TO-LEFT OVERRIDE\)"),
        ("https://example.com/\x00", r"U\+0000"),
        ("ftp://example.com/a", r"not an http\(s\) address: 'ftp://example.com/a'"),
        ("javascript:alert(1)", r"not an http\(s\) address"),
        ("https://", r"not an http\(s\) address"),
        (
            "https://bbc.co.uk@example.com/",
            "an address with a user name before its host",
        ),
        ("https://example.com/" + "x" * 981, "longer than 1000 characters"),
    ],
)
def test_a_bad_address_is_refused_saying_why(given, problem):
    with pytest.raises(ValueError, match=f"^{problem}"):
        normalise_url(given, max_length=1000)


def test_the_longest_address_the_column_holds_is_kept():
    url = "https://example.com/" + "x" * 980
    assert normalise_url(url, max_length=1000) == url


# Text: the URL header.


def test_a_text_header_address_with_an_uppercase_scheme_is_accepted():
    article = parse_text(
        f"URL: HTTP://Example.com/Roads\n\n{BODY}".encode(), source="a.txt"
    )
    assert article.url == "http://example.com/Roads"


def test_a_text_header_address_with_a_carriage_return_names_file_line_and_field():
    data = f"Title: Floods\nURL: https://example.com/a\rInjected: yes\n\n{BODY}"
    with pytest.raises(ImportFailed, match=r"^a\.txt:2: url: U\+000D"):
        parse_text(data.encode(), source="a.txt")


# JSON Lines: the url field.


def lines(*records: dict) -> io.BytesIO:
    return io.BytesIO("\n".join(json.dumps(r) for r in records).encode())


def test_a_jsonl_address_with_crlf_is_refused_by_line_and_the_others_parse():
    stream = lines(
        {"body": BODY, "url": "HTTPS://Example.com/1"},
        {"body": BODY, "url": "https://example.com/2\r\nLocation: https://evil.test"},
        {"body": BODY, "url": "https://example.com/3"},
    )
    results = list(parse_jsonl(stream, source="feed.jsonl"))
    assert [r.url if isinstance(r, ParsedArticle) else str(r) for r in results] == [
        "https://example.com/1",
        "feed.jsonl:2: url: U+000D (control) at character 22: an address has no "
        "spaces or control characters",
        "https://example.com/3",
    ]


# HTML: the page's canonical address.


def html_page(canonical: str) -> bytes:
    return (
        "<html><head><title>Floods in the valley</title>"
        f'<link rel="canonical" href="{canonical}">'
        f'<meta property="og:url" content="{canonical}"></head><body><article>'
        f"<h1>Floods in the valley</h1><p>{BODY} {BODY}</p><p>{BODY}</p>"
        "</article></body></html>"
    ).encode()


def test_an_html_canonical_address_in_capitals_is_lowercased():
    article = parse_html(html_page("HTTPS://NEWS.EXAMPLE/Floods"), source="p.html")
    assert article.url == "https://news.example/Floods"


def test_an_html_page_stating_a_malformed_address_is_refused_by_name():
    with pytest.raises(ImportFailed, match=r"^p\.html: url: .*user name"):
        parse_html(html_page("https://bbc.co.uk@evil.example/x"), source="p.html")


def test_an_html_page_with_a_relative_address_states_none():
    assert parse_html(html_page("/news/floods"), source="p.html").url is None


# The whole import: nothing of a refused article is written.


def test_a_refused_address_writes_nothing_of_its_article(reporter, tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"body": BODY, "url": "https://example.com/ok"})
        + "\n"
        + json.dumps(
            {"body": "Officials said 9 roads shut.", "url": "https://x.test/\nb"}
        )
    )
    report = import_file(path, actor=reporter)
    assert (report.created, report.failed) == (1, 1)
    assert report.errors == [
        f"{path}:2: url: U+000A (control) at character 16: an address has no "
        "spaces or control characters"
    ]
    assert list(Article.objects.values_list("url", flat=True)) == [
        "https://example.com/ok"
    ]
    assert AuditEntry.objects.count() == 1  # the imported article's row


def test_the_command_names_file_line_and_field_of_a_bad_address(reporter, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"URL: https://example.com/a\x0bb\n\n{BODY}")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 article"):
        call_command(
            "import_articles",
            str(path),
            "--as",
            "reporter",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert err.getvalue().startswith(f"{path}:1: url: U+000B")
    assert not Article.objects.exists()


# The workflow's saves hold every stored address to the same check.


def test_an_edited_article_address_is_kept_normalised(reporter):
    article = ArticleFactory(story=None)
    workflow.update_article(article, actor=reporter, url="HTTPS://News.Example/Roads")
    article.refresh_from_db()
    assert article.url == "https://news.example/Roads"


@pytest.mark.parametrize(
    "save",
    [
        lambda actor: workflow.create_outlet(
            actor=actor, name="Gazette", homepage="ftp://gazette.test/"
        ),
        lambda actor: workflow.create_source(
            actor=actor, name="Agency", url="https://agency.test/\u202ereport"
        ),
        lambda actor: workflow.add_evidence(
            ClaimFactory(),
            actor=actor,
            stance="refutes",
            citation="Agency count",
            url="https://bbc.co.uk@evil.test/",
        ),
    ],
)
def test_a_bad_address_is_refused_on_every_save_with_no_row(editor, save):
    with pytest.raises(ValidationError, match="not an http|U\\+202E|user name"):
        save(editor)
    assert not AuditEntry.objects.exists()
