"""The public form's proof of work (ALTCHA's scheme, via the ``altcha`` library):
no third-party service, no cookie, nothing about the reader sent anywhere.

The server issues a challenge: a random salt carrying its expiry, a hidden number
below ``NEWSROOM_REQUEST_CHALLENGE_MAX_NUMBER``, the SHA-256 of the two, and an
HMAC of that hash under ``SECRET_KEY``. The browser (static/coverage/challenge.js,
``crypto.subtle``) tries numbers until the hash matches and posts the answer. The
server checks the signature (it issued the challenge), the expiry, the answer,
and that the challenge was not used before (its salt in the shared cache until
it expires). A form costs a browser a moment; a thousand cost a bot a thousand
moments, and it cannot reuse one answer."""

import base64
import binascii
import datetime
import hashlib
import json

from altcha import (
    PayloadV1,
    create_challenge_v1,
    verify_solution_v1,
)
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

LIFETIME = datetime.timedelta(minutes=30)  # time to write a request
HMAC_SALT = "coverage.public.challenge"

MISSING = (
    "The anti-spam check did not run. It is a small calculation your browser "
    "does with JavaScript, sending nothing to anyone else; please allow "
    "JavaScript for this site and send the form again."
)
INVALID = "The anti-spam check failed. Please send the form again."
EXPIRED = "The anti-spam check expired. Please send the form again: it renews itself."
USED = (
    "This anti-spam check was already used. Please send the form again: it "
    "renews itself."
)


def hmac_key() -> str:
    return hashlib.sha256(f"{HMAC_SALT}:{settings.SECRET_KEY}".encode()).hexdigest()


def issue(*, now: datetime.datetime | None = None) -> dict:
    """A new challenge, as the form's data attributes give it to the script."""
    challenge = create_challenge_v1(
        hmac_key=hmac_key(),
        max_number=settings.NEWSROOM_REQUEST_CHALLENGE_MAX_NUMBER,
        expires=(now or timezone.now()) + LIFETIME,
    )
    return challenge.to_dict()


def verify(payload: str) -> None:
    """Accept a solved challenge once; raise ValidationError with the reader's
    message otherwise."""
    if not payload:
        raise ValidationError(MISSING, code="missing")
    try:
        solution = PayloadV1.from_base64(payload)
        _, expires, _ = solution.parse_salt()
    except (ValueError, TypeError, KeyError, binascii.Error, json.JSONDecodeError):
        raise ValidationError(INVALID, code="invalid") from None
    ok, problem = verify_solution_v1(payload, hmac_key(), check_expires=True)
    if problem and "expired" in problem:
        raise ValidationError(EXPIRED, code="expired")
    if not ok or expires is None:
        raise ValidationError(INVALID, code="invalid")
    remaining = int(expires - timezone.now().timestamp()) + 60
    key = "challenge-used:" + hashlib.sha256(solution.salt.encode()).hexdigest()
    if not cache.add(key, True, timeout=max(remaining, 60)) and cache.get(key):
        # A cache that is down answers neither: the check then holds without
        # single use, rather than refusing every reader.
        raise ValidationError(USED, code="used")


def encode(solution: dict) -> str:
    """A solution as the browser posts it (base64 of its JSON); for tests and
    anyone scripting against their own server."""
    return base64.b64encode(json.dumps(solution).encode()).decode()
