"""Under load from readers and editors at once, gunicorn serves no 5xx and the audit
trail loses nothing: every successful transition has exactly one audit row.

Real parts only: gunicorn with production settings on loopback, PostgreSQL, editors
logging in through the admin's login pages (password, then second factor) and pressing the claim page's buttons.
Bounded: a fixed number of requests, then it stops by itself.
"""

import http.client
import os
import re
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import global_settings
from django.db import connection
from django.utils import timezone

from coverage.models import AuditEntry, Claim, ClaimStatus, Correction
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    ClaimAppearanceFactory,
    CorrectionFactory,
    StoryFactory,
    UserFactory,
)
from tests.logins import app_of, current_code
from tests.processes import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = 30
READS_PER_READER = 60
READERS = 4
PUBLIC_PATHS = ["/", "/corrections/", "/claims/", "/corrections.json", "/healthz"]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def production_password_hashing(settings):
    """The server checks passwords with the production hashers, so users must be
    stored with one of them."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


@pytest.fixture
def gunicorn():
    """gunicorn with production settings on the test database."""
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "newsroom.wsgi",
            "--workers=3",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until(
            lambda: server.poll() is not None or answers_health_check(port),
            awaited="gunicorn to answer /healthz",
        )
        assert server.poll() is None, "gunicorn exited at start-up"
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def request(port, method, path, *, body=None, cookies=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    all_headers = {"Host": "127.0.0.1", **(headers or {})}
    if cookies:
        all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode(body)
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    content = response.read().decode("utf-8", "replace")
    for header in response.headers.get_all("Set-Cookie") or []:
        if cookies is not None:
            cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
    conn.close()
    return response.status, content


def answers_health_check(port: int) -> bool:
    try:
        return request(port, "GET", "/healthz")[0] == 200
    except OSError:
        return False


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


class Editor:
    """A browser-less editor: a session cookie and the claim page's buttons."""

    def __init__(self, port, user):
        self.port, self.cookies, self.statuses = port, {}, Counter()
        app = app_of(user)  # enrolled before the login, as after a first one
        _, page = self.get("/admin/login/")
        status, _ = self.post(
            "/admin/login/?next=/admin/",
            {
                "username": user.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf_token(page),
            },
        )
        assert status == 302, f"{user.username} could not log in"
        _, page = self.get("/admin/second-factor/?next=/admin/")
        status, _ = self.post(
            "/admin/second-factor/?next=/admin/",
            {"code": current_code(app), "csrfmiddlewaretoken": csrf_token(page)},
        )
        assert status == 302, f"{user.username}'s second factor was refused"

    def get(self, path):
        status, page = request(self.port, "GET", path, cookies=self.cookies)
        self.statuses[status // 100] += 1
        return status, page

    def post(self, path, data):
        status, page = request(
            self.port,
            "POST",
            path,
            body=data,
            cookies=self.cookies,
            headers={"Referer": f"http://127.0.0.1:{self.port}{path}"},
        )
        self.statuses[status // 100] += 1
        return status, page

    def press(self, claim_id, move, **fields):
        _, page = self.get(f"/admin/coverage/claim/{claim_id}/change/")
        version = re.search(r'name="version" value="(\d+)"', page)
        if version is None:
            return  # the other editor got there first: no move left to offer
        self.post(
            f"/admin/coverage/claim/{claim_id}/move/{move}/",
            {
                "csrfmiddlewaretoken": csrf_token(page),
                "version": version.group(1),
                **fields,
            },
        )

    def review_all(self, claim_ids):
        for claim_id in claim_ids:
            self.press(claim_id, "start_review", note="On it.")
            self.press(
                claim_id,
                "verdict",
                verdict=ClaimStatus.ACCURATE,
                note="Checked against the agency count.",
                public_summary="The agency's published count agrees.",
            )
        return self.statuses


def read_public_pages(port):
    statuses = Counter()
    for i in range(READS_PER_READER):
        status, _ = request(port, "GET", PUBLIC_PATHS[i % len(PUBLIC_PATHS)])
        statuses[status // 100] += 1
    return statuses


def test_readers_and_editors_together_get_no_errors_and_lose_no_audit_rows(
    gunicorn, production_password_hashing
):
    story = StoryFactory()
    claims = [ClaimAppearanceFactory(claim__story=story).claim for _ in range(CLAIMS)]
    for _ in range(20):
        CorrectionFactory(
            article=ArticleFactory(story=story),
            author=UserFactory(),
            approver=UserFactory(),
            status=Correction.Status.PUBLISHED,
            published_at=timezone.now(),
        )
    editors = [UserFactory(username=f"loadeditor{i}", role="Editor") for i in range(2)]
    claim_ids = [claim.pk for claim in claims]

    with ThreadPoolExecutor(max_workers=READERS + len(editors)) as pool:
        reads = [pool.submit(read_public_pages, gunicorn) for _ in range(READERS)]
        # Both editors work the same queue, so they race for every claim.
        writes = [
            pool.submit(Editor(gunicorn, editor).review_all, claim_ids)
            for editor in editors
        ]
        statuses = sum((future.result() for future in reads + writes), Counter())

    assert statuses[5] == 0, statuses
    assert statuses[2] + statuses[3] == sum(statuses.values())
    # Each claim was reviewed once and judged once, whoever won each race.
    assert (
        Claim.objects.filter(pk__in=claim_ids, status=ClaimStatus.ACCURATE).count()
        == CLAIMS
    )
    events = Counter(AuditEntry.objects.values_list("action", flat=True))
    assert events == {"claim.start_review": CLAIMS, "claim.verdict": CLAIMS}
    # Every successful write bumped the version once and wrote exactly one audit row.
    for claim in Claim.objects.filter(pk__in=claim_ids):
        assert claim.version - 1 == AuditEntry.objects.for_object(claim).count()
