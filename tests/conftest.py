from pathlib import Path

import pytest
from django.conf import global_settings
from django.core.cache import cache
from django.db import connection

from coverage.importers.parsed import ParsedArticle
from coverage.importers.text import parse_text
from tests.factories import UserFactory
from tests.logins import log_in

# Chromium fixtures for the browser-marked tests; Redis, SMTP and Celery workers.
pytest_plugins = ["tests.browser", "tests.task_queue"]

# The seed articles sit beside the project, in the checkout's ../shared/seeds.
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need real concurrent connections or TRUNCATE-based
    flushes; on SQLite they are skipped before any fixture runs."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def empty_shared_cache():
    """Each test starts with an empty shared cache, as a fresh deployment would:
    cached pages and fragments are keyed on the public state, and a rolled-back
    test's state can recur in the next one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """The hashed-name manifest exists only after collectstatic, which a test run
    does not need: serve static files by their plain names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every factory user gets a hashed password; the production hasher is slow on
    purpose, which makes a role × action matrix slow for nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def production_password_hashing(settings):
    """For tests whose users log in to a server of its own (gunicorn): it checks
    passwords with the production hashers, so users must be stored with one."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


def seeds_in(directory: Path) -> Path:
    """The folder of seed articles, or a failure that says where it should be: a
    missing ``../shared`` is a set-up problem, not a bug in the importer."""
    if not sorted(directory.glob("*.txt")):
        pytest.fail(
            f"The seed articles are missing: expected ../shared/seeds ({directory}) "
            "with the numbered .txt files (000_*.txt, ...) beside the project.",
            pytrace=False,
        )
    return directory


def seed_in(directory: Path, number: str) -> Path:
    matches = sorted(directory.glob(f"{number}_*.txt"))
    if not matches:
        pytest.fail(f"No seed article {number}_*.txt in {directory}.", pytrace=False)
    return matches[0]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return seeds_in(SEEDS)


@pytest.fixture(scope="session")
def seed_path(seeds_dir):
    """Seed article N's file: ``seed_path("001")``."""
    return lambda number: seed_in(seeds_dir, number)


@pytest.fixture(scope="session")
def seed_article(seed_path):
    """Seed article N as the text importer parses it: ``seed_article("001")``."""

    def parsed(number: str) -> ParsedArticle:
        path = seed_path(number)
        return parse_text(path.read_bytes(), source=path.name)

    return parsed


@pytest.fixture
def reporter(db):
    return UserFactory(username="reporter", role="Reporter")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role="Editor")


@pytest.fixture
def standards_editor(db):
    return UserFactory(username="standards", role="Standards editor")


@pytest.fixture
def second_standards_editor(db):
    return UserFactory(username="standards2", role="Standards editor")


def logged_in_client(client, user):
    return log_in(client, user)


@pytest.fixture
def reporter_client(client, reporter):
    return logged_in_client(client, reporter)


@pytest.fixture
def editor_client(client, editor):
    return logged_in_client(client, editor)


@pytest.fixture
def standards_client(client, standards_editor):
    return logged_in_client(client, standards_editor)
