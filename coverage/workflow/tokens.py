"""API tokens: issued to a desk account, shown once, revoked for good.

The token acts under its owner's rules (``rules.py``): it can do no more than its
owner could in the admin, and a deactivated owner's tokens stop working.
"""

from django.db import transaction
from django.utils import timezone

from coverage.models import ApiToken, AuditAction, hash_secret, new_secret
from coverage.workflow.records import record
from coverage.workflow.rules import (
    InvalidTransition,
    can_issue_api_token,
    can_revoke_api_token,
    refuse,
    require_text,
)


@transaction.atomic
def issue_token(*, actor, owner, name: str) -> tuple[ApiToken, str]:
    """A new token for ``owner`` and its secret, which nothing keeps: show it
    once."""
    refuse(can_issue_api_token(actor), actor, "issue API tokens")
    name = name.strip()
    require_text(name=name)
    if not owner.is_active:
        raise InvalidTransition(
            f"Cannot issue a token to {owner}: the account is inactive."
        )
    secret = new_secret()
    token = ApiToken.objects.create(
        owner=owner, name=name[:100], hint=secret[:12], secret_hash=hash_secret(secret)
    )
    record(
        actor,
        AuditAction.API_TOKEN_ISSUE,
        token,
        changes={"owner": (None, owner), "name": (None, token.name)},
    )
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, actor, note: str = "") -> ApiToken:
    refuse(can_revoke_api_token(actor, token), actor, "revoke API tokens")
    now = timezone.now()
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now
    ):
        raise InvalidTransition(f"Cannot revoke token {token}: it is already revoked.")
    token.refresh_from_db(fields=["revoked_at"])
    record(
        actor,
        AuditAction.API_TOKEN_REVOKE,
        token,
        changes={"revoked_at": (None, token.revoked_at)},
        note=note,
    )
    return token


def token_in_use(secret: str) -> ApiToken | None:
    """The usable token with this secret, its owner loaded, marked as used now
    (two queries); None for an unknown, revoked or orphaned one."""
    token = (
        ApiToken.objects.usable()
        .select_related("owner")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )
    if token is not None:
        token.last_used_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token
