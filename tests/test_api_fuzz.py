"""Schemathesis against /api/openapi.json, through the WSGI app: every response
holds to the description, none is a server error, nothing unpublished shows, and
no write goes through without a token. A few examples per operation keep it to
seconds; the other API tests pin the behaviour."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from coverage.api.site import api
from coverage.models import Claim
from newsroom.wsgi import application
from tests import factories
from tests.api_clients import token_for

UNPUBLISHED = "UNPUBLISHED-MARKER"
FEW = settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def record(db):
    """Published rows to find, and unpublished ones that must never show."""
    factories.PublishedCorrectionFactory()
    factories.PublishedClaimFactory()
    factories.CorrectionFactory(what_was_wrong=UNPUBLISHED)
    factories.CorrectionFactory(
        what_was_wrong=UNPUBLISHED, status="submitted", article__headline=UNPUBLISHED
    )
    factories.ClaimFactory(
        text=UNPUBLISHED, story=factories.StoryFactory(title=UNPUBLISHED)
    )
    factories.ClaimFactory(
        text=UNPUBLISHED, status=Claim.Status.ACCURATE, verdict_summary=UNPUBLISHED
    )


@pytest.fixture(autouse=True)
def served(record, settings):
    """Schemathesis calls the WSGI app as ``localhost``. The app would close the
    test's database connection after each request (the test transaction is not
    autocommit): keep it open, as Django's test client does."""
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.API_WRITES_PER_MINUTE = 10_000
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# The description /api/openapi.json serves (tests/test_api.py fetches it).
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application


def nothing_unpublished(ctx, response, case):
    assert UNPUBLISHED not in response.text, f"{case.path} showed an unpublished row"


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@schema.include(method="GET").parametrize()
@FEW
def test_reads_hold_to_the_description(case):
    case.call_and_validate(checks=CHECKS, additional_checks=[nothing_unpublished])


@schema.include(method="POST").parametrize()
@FEW
def test_writes_without_a_token_are_refused(case):
    case.headers = {
        k: v for k, v in (case.headers or {}).items() if k != "Authorization"
    }
    response = case.call_and_validate(checks=CHECKS)
    # The coverage phase also tries methods the path does not have (405).
    expected = 401 if case.method.upper() == "POST" else 405
    assert response.status_code == expected


@schema.include(method="POST").parametrize()
@FEW
def test_writes_with_a_token_hold_to_the_description(case, editor):
    _, secret = token_for(editor)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {secret}"},
        checks=CHECKS,
        additional_checks=[nothing_unpublished],
    )
