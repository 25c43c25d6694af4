"""A text with thousands of quotable sentences brings at most
MAX_CLAIMS_PER_ARTICLE claims into the queue, and the import says how many it
dropped."""

import io
import json

import pytest
from django.core.management import call_command

from coverage.importers import import_file
from coverage.importers.store import MAX_CLAIMS_PER_ARTICLE
from coverage.models import Claim, ClaimAppearance

pytestmark = pytest.mark.django_db

SENTENCES = MAX_CLAIMS_PER_ARTICLE + 250


def quotable_text(count: int = SENTENCES) -> str:
    """Every sentence a distinct check-worthy claim: attributed, with a number."""
    return " ".join(
        f"Officials said {n} homes were flooded on road {n}." for n in range(count)
    )


def test_an_article_keeps_the_first_claims_up_to_the_cap(reporter, tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(f"Title: Floods everywhere\n\n{quotable_text()}")

    report = import_file(path, actor=reporter)

    assert report.created == 1
    assert report.warnings == [
        f"{path}: claims: 450 found, only the first 200 kept; 250 dropped"
    ]
    # Of the first 200, the store keeps the story's shortlist (claims.worth_storing).
    stored = ClaimAppearance.objects.count()
    assert 0 < stored == report.claims_found == Claim.objects.count() < 200
    beyond_the_cap = quotable_text().index("Officials said 200 homes")
    assert not ClaimAppearance.objects.filter(start__gte=beyond_the_cap).exists()


def test_the_cap_holds_per_article_in_a_jsonl_batch_and_on_reimport(reporter, tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        {"url": "https://a.test/1", "body": quotable_text()},
        {"url": "https://a.test/2", "body": "Police said 4 roads were shut."},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines))
    first = import_file(path, actor=reporter)
    lines[0]["body"] = quotable_text(SENTENCES + 1)
    path.write_text("\n".join(json.dumps(line) for line in lines))
    second = import_file(path, actor=reporter)

    assert first.warnings == [
        f"{path}:1: claims: 450 found, only the first 200 kept; 250 dropped"
    ]
    assert second.updated == 1
    assert second.warnings == [
        f"{path}:1: claims: 451 found, only the first 200 kept; 251 dropped"
    ]
    assert (
        Claim.objects.filter(appearances__article__url="https://a.test/1")
        .filter(appearances__revision=None)
        .count()
        < MAX_CLAIMS_PER_ARTICLE
    )


def test_the_command_prints_what_it_dropped(reporter, tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(quotable_text())
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "import_articles",
        str(path),
        "--as",
        "reporter",
        "--dry-run",
        stdout=out,
        stderr=err,
    )

    assert f"{path}: claims: 450 found, only the first 200 kept; 250 dropped" in (
        err.getvalue()
    )
    assert "claims found" in out.getvalue().splitlines()[-1]
    assert not Claim.objects.exists()
