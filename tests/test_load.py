"""Under load from readers and editors at once, gunicorn serves no 5xx and the audit
trail loses nothing: every successful transition has exactly one audit row.

Real parts only: gunicorn with production settings on loopback, PostgreSQL, editors
logging in through the admin's login pages (password, then second factor) and pressing the claim page's buttons.
Bounded: a fixed number of requests, then it stops by itself.
"""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import timezone

from coverage.models import AuditEntry, Claim, ClaimStatus, Correction
from tests.app_servers import AppServer, collect_static, production_env
from tests.factories import (
    ArticleFactory,
    ClaimAppearanceFactory,
    CorrectionFactory,
    StoryFactory,
    UserFactory,
)
from tests.web_clients import Editor, request

CLAIMS = 30
READS_PER_READER = 60
READERS = 4
PUBLIC_PATHS = ["/", "/corrections/", "/claims/", "/corrections.json", "/healthz"]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def gunicorn():
    """gunicorn with production settings on the test database."""
    env = production_env()
    collect_static(env)
    server = AppServer(env)
    server.start()
    yield server.address
    server.stop()


def review_all(editor: Editor, claim_ids):
    for claim_id in claim_ids:
        editor.press(claim_id, "start_review")
        editor.press(claim_id, "verdict")
    return editor.statuses


def read_public_pages(address):
    statuses = Counter()
    for i in range(READS_PER_READER):
        status = request(address, "GET", PUBLIC_PATHS[i % len(PUBLIC_PATHS)]).status
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
            pool.submit(review_all, Editor(gunicorn, editor), claim_ids)
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
