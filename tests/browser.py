"""Real-browser tests: Debian's Chromium, driven by Playwright, against live_server.

A pytest plugin (``tests/conftest.py`` loads it): one Chromium per test, a
fresh browser context per person in it (separate cookies, so separate
logins), a screenshot of every open page in ``test-artifacts/`` when a test
fails, and a skip with the reason when Chromium is not installed.

Chromium comes from Debian (``apt-get install chromium``; ``.ci/run`` installs
it); ``playwright install`` and its downloaded browsers are never used.
"""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from coverage.second_factor.devices import requires_second_factor
from tests.factories import PASSWORD
from tests.logins import app_of, current_code

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No network beyond the live server: without these Chromium keeps trying to
    # reach Google's update, sync and field-trial servers.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so a fixture's teardown can
    tell whether the test failed (``item.rep_call.failed``)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def browser(monkeypatch):
    """Chromium for one test: started after the test database is ready and closed
    before it is flushed.

    Playwright's sync API runs an asyncio event loop on this thread (in a
    greenlet) while it is started, and runs the test in a context of its own.
    Two consequences. Django's async-safety check sees a running loop and refuses
    every ORM call the test makes, although nothing here is asynchronous: the test
    makes plain blocking calls between browser steps and live_server answers the
    browser on its own thread; DJANGO_ALLOW_ASYNC_UNSAFE lifts the check for this
    test only. And Django's connections are context-local, so the test's queries
    use a second connection, which is closed here; the one that holds the
    ``serialized_rollback`` copy is back in use for the flush after the test.
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
        )
        yield chromium
        chromium.close()
        connections.close_all()


@pytest.fixture
def browser_settings(settings):
    # The live server speaks plain HTTP; production cookies are HTTPS-only.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def open_page(browser, live_server, browser_settings, request) -> Callable:
    """``open_page(label)`` gives a page in a new context: one person's browser.

    On failure every page is saved to ``test-artifacts/<test>.png`` (the last one
    opened) and ``test-artifacts/<test>.<label>.png`` (the others)."""
    cache.clear()  # pages cached by an earlier test's live server are not ours
    pages = []

    def open_one(label: str):
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        pages.append((label, page))
        return page

    yield open_one
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        save_screenshots(request.node.name, pages)
    for _, page in pages:
        page.context.close()


def save_screenshots(test_name: str, pages: list) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", test_name).strip("_")
    for number, (label, page) in enumerate(pages, start=1):
        last = number == len(pages)
        path = ARTIFACTS / (f"{stem}.png" if last else f"{stem}.{label}.png")
        page.screenshot(path=path, full_page=True)


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Through the real admin login pages, as a person would: the password, then,
    where the role needs it, the code the person's authenticator app shows (an app
    is enrolled first for a user who has none, as after their first login)."""
    user = get_user_model().objects.get(username=username)
    app = app_of(user) if requires_second_factor(user) else None
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/admin/login/" not in url)
    if app is not None:
        expect(page).to_have_url(re.compile(r"/admin/second-factor/"))
        page.get_by_label("Code").fill(current_code(app))
        page.get_by_role("button", name="Verify").click()
        page.wait_for_url(lambda url: "/admin/second-factor/" not in url)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
