"""Fact checks as the desk publishes them: through the real workflow (a review,
then a verdict), with the same plausible text unless a test says otherwise."""

from coverage import workflow
from coverage.models import Claim, ClaimStatus
from tests.factories import ClaimFactory, PublishedClaimFactory


def published_claim(desk, claim=None, **factory_values) -> Claim:
    """``claim``, or a new one made of ``factory_values``, reviewed and found
    inaccurate by ``desk``."""
    claim = workflow.start_review(claim or ClaimFactory(**factory_values), actor=desk)
    return workflow.give_verdict(
        claim,
        actor=desk,
        verdict=ClaimStatus.INACCURATE,
        note="Checked against the agency's count.",
        public_summary=PublishedClaimFactory.verdict_summary,
    )
