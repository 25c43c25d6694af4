"""What import_articles reads: regular files inside the paths it is given, nothing a
link or a special file leads to, and every file or directory it cannot read named
while the rest import."""

import io
import os
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from coverage.models import Article

pytestmark = pytest.mark.django_db

SECRET = "DATABASE_PASSWORD=hunter2-the-real-one\n"
ARTICLE = "Police said 40 homes were flooded on Monday, according to the council."


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "import_articles",
            *map(str, args),
            "--as",
            "reporter",
            stdout=out,
            stderr=err,
        )
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def folder(tmp_path):
    """An import folder with one good article, and a secret outside it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(ARTICLE)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / ".env").write_text(SECRET)
    (outside / "story.txt").write_text("Officials said 12 bridges closed on Tuesday.")
    return inbox


def imported_text() -> str:
    return " ".join(Article.objects.values_list("raw_text", flat=True))


def test_symlink_to_a_file_outside_is_refused_by_name(reporter, folder):
    (folder / "notes.txt").symlink_to(folder.parent / "outside" / ".env")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    _, err, failure = run(folder)
    assert f"{folder / 'notes.txt'}: file: refused: a symbolic link" in err
    assert f"{folder / 'passwd.txt'}: file: refused: a symbolic link" in err
    assert failure == "2 article(s) failed to import."
    assert "hunter2" not in imported_text()
    assert "root:" not in imported_text()
    assert Article.objects.count() == 1  # good.txt


def test_symlink_named_on_the_command_line_is_refused(reporter, folder):
    link = folder / "notes.txt"
    link.symlink_to(folder.parent / "outside" / ".env")
    _, err, failure = run(link)
    assert err.strip() == (
        f"{link}: file: refused: a symbolic link (links are not followed; name what "
        "it points to)"
    )
    assert failure == "1 article(s) failed to import."
    assert Article.objects.count() == 0


def test_symlinked_directory_is_not_searched(reporter, folder):
    (folder / "more").symlink_to(folder.parent / "outside")
    _, err, failure = run(folder)
    assert f"{folder / 'more'}: file: refused: a symbolic link" in err
    assert failure == "1 article(s) failed to import."
    assert "bridges" not in imported_text()
    assert Article.objects.count() == 1


def test_named_pipe_is_refused_without_blocking(reporter, folder):
    os.mkfifo(folder / "pipe.txt")
    _, err, failure = run(folder, folder / "pipe.txt")
    refusal = f"{folder / 'pipe.txt'}: file: refused: a named pipe, not a regular file"
    assert err.splitlines().count(refusal) == 2  # found in the folder, and named
    assert failure == "2 article(s) failed to import."
    assert Article.objects.count() == 1


def test_device_is_refused(reporter):
    _, err, failure = run("/dev/null")
    assert err.strip() == "/dev/null: file: refused: a device, not a regular file"
    assert failure


@pytest.fixture
def unprivileged():
    """A folder, and a way to read it as a user whom permission bits bind. The
    suite runs as root in CI, and root reads a mode-000 file; so as root the import
    runs with the effective user ``nobody`` (the folder is in /tmp, which nobody
    can reach, unlike pytest's private tmp_path)."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        folder.chmod(0o755)
        (folder / "good.txt").write_text(ARTICLE)
        (folder / "good.txt").chmod(0o644)

        def run_unprivileged(*args):
            if os.geteuid() != 0:
                return run(*args)
            os.seteuid(65534)
            try:
                return run(*args)
            finally:
                os.seteuid(0)

        yield folder, run_unprivileged


def test_unreadable_file_is_named_and_the_others_import(reporter, unprivileged):
    folder, run_unprivileged = unprivileged
    (folder / "locked.txt").write_text("Officials said 12 bridges closed on Tuesday.")
    (folder / "locked.txt").chmod(0o000)
    _, err, failure = run_unprivileged(folder)
    assert (
        err.strip()
        == f"{folder / 'locked.txt'}: file: cannot be read (Permission denied)"
    )
    assert failure == "1 article(s) failed to import."
    assert Article.objects.count() == 1


def test_unreadable_directory_is_named_and_the_others_import(reporter, unprivileged):
    folder, run_unprivileged = unprivileged
    (folder / "locked").mkdir()
    (folder / "locked" / "story.txt").write_text("Officials said 12 bridges closed.")
    (folder / "locked").chmod(0o000)
    (folder / "zz.txt").write_text("Officials said 9 roads closed on Tuesday, too.")
    (folder / "zz.txt").chmod(0o644)
    out, err, failure = run_unprivileged(folder)
    assert err.strip() == (
        f"{folder / 'locked'}: directory: cannot be read (Permission denied)"
    )
    assert failure == "1 article(s) failed to import."
    assert Article.objects.count() == 2
    assert out.splitlines()[-1].startswith("created 2,")
