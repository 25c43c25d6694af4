import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from coverage.models import Article, ArticleRevision, Claim, ClaimAppearance, Source
from tests.factories import UserFactory

FIXTURES = Path(__file__).parent / "fixtures" / "import"
pytestmark = pytest.mark.django_db


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def rows():
    return [m.objects.count() for m in (Article, Source, Claim, ClaimAppearance)]


def test_seed_directory_imports_with_a_summary(reporter, seeds_dir):
    out, _ = run(seeds_dir, "--as", "reporter", "--story", "our-planet-walrus")
    assert out.splitlines()[-1].startswith(
        "created 3, updated 0, unchanged 0, failed 0"
    )
    assert Article.objects.filter(story__slug="our-planet-walrus").count() == 3
    assert Source.objects.filter(normalised_name="susan crockford").exists()


def test_import_same_file_twice_creates_nothing_new(reporter, seeds_dir):
    run(seeds_dir, FIXTURES / "metro_style_walrus.html", "--as", "reporter")
    before = rows()
    out, _ = run(seeds_dir, FIXTURES / "metro_style_walrus.html", "--as", "reporter")
    assert out.splitlines()[-1] == (
        "created 0, updated 0, unchanged 4, failed 0, claims found 0"
    )
    assert rows() == before


def test_changed_file_is_updated_and_old_text_kept(reporter, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("URL: https://a.test/1\n\nPolice said 40 homes flooded.")
    run(path, "--as", "reporter")
    path.write_text("URL: https://a.test/1\n\nPolice said 45 homes flooded.")
    out, _ = run(path, "--as", "reporter")
    assert "updated 1" in out.splitlines()[-1]
    assert "40 homes" in ArticleRevision.objects.get().body


def test_dry_run_parses_and_writes_nothing(reporter, seeds_dir):
    out, _ = run(seeds_dir, "--as", "reporter", "--dry-run", "--story", "new")
    assert out.splitlines()[-1].startswith(
        "Dry run, nothing written: created 3, updated 0, unchanged 0, failed 0"
    )
    assert rows() == [0, 0, 0, 0]


def test_bad_files_are_named_and_the_others_import(reporter, tmp_path):
    (tmp_path / "good.txt").write_text("Police said 40 homes were flooded on Monday.")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01PK")
    (tmp_path / "page.html").write_bytes((FIXTURES / "nav_only.html").read_bytes())
    (tmp_path / "lines.jsonl").write_text('{"body": "Ok 12 of them."}\n{oops\n')
    (tmp_path / "image.png").write_bytes(b"\x89PNG")  # skipped in a directory
    with pytest.raises(CommandError, match=r"^4 article\(s\) failed to import\.$"):
        run(tmp_path, "--as", "reporter")
    assert Article.objects.count() == 2


def test_errors_go_to_stderr_one_line_each(reporter, tmp_path):
    path = tmp_path / "lines.jsonl"
    path.write_text('{"body": "Ok then, 12 of them."}\n{oops\n')
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_articles",
            str(path),
            "--as",
            "reporter",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert err.getvalue().splitlines() == [
        f"{path}:2: json: Expecting property name enclosed in double quotes at column 2"
    ]


def test_unknown_format_is_refused_unless_forced(reporter, tmp_path):
    path = tmp_path / "notes.dat"
    path.write_text("Police said 40 homes were flooded on Monday.")
    with pytest.raises(CommandError):
        run(path, "--as", "reporter")
    assert Article.objects.count() == 0
    run(path, "--as", "reporter", "--format", "text")
    assert Article.objects.count() == 1


def test_missing_file_is_an_error(reporter, tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_articles",
            str(tmp_path / "nope.txt"),
            "--as",
            "reporter",
            stderr=err,
        )
    assert err.getvalue().strip() == f"{tmp_path / 'nope.txt'}: file: no such file"


def test_stdin_is_read_with_dash(reporter, monkeypatch):
    record = {"headline": "From a pipe", "body": "Police said 40 homes flooded."}
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(record).encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    out, _ = run("-", "--as", "reporter", "--outlet", "Wire Service")
    assert (
        out.splitlines()[0]
        == "<stdin>: created 1, updated 0, unchanged 0, failed 0, claims found 1"
    )
    article = Article.objects.get()
    assert (article.headline, article.outlet.name) == ("From a pipe", "Wire Service")


def test_the_only_superuser_is_the_default_actor(db, seed_path):
    admin = UserFactory(username="admin", is_superuser=True)
    run(seed_path("001"))
    assert Article.objects.get().imported_by == admin


def test_actor_is_required_when_not_obvious(db, seeds_dir):
    UserFactory(username="a", is_superuser=True)
    UserFactory(username="b", is_superuser=True)
    with pytest.raises(CommandError, match=r"Say who is importing: --as USERNAME\."):
        run(seeds_dir)
    with pytest.raises(CommandError, match=r"No user named 'nobody'\."):
        run(seeds_dir, "--as", "nobody")


def test_user_without_add_permission_may_not_import(db, seeds_dir):
    UserFactory(username="visitor")
    with pytest.raises(CommandError, match="visitor may not import articles"):
        run(seeds_dir, "--as", "visitor")
    assert Article.objects.count() == 0
