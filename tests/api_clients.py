"""API tokens as the desk issues them, and requests that carry one."""

import json

from coverage.workflow.tokens import issue_token
from tests.factories import UserFactory


def token_for(user, *, name="CMS publisher"):
    """A token for ``user`` and its secret, issued by a superuser."""
    issuer = UserFactory(username="root", is_superuser=True)
    return issue_token(actor=issuer, owner=user, name=name)


def post(client, path: str, payload, *, secret: str | None = None):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return client.post(
        path,
        data=payload if isinstance(payload, str) else json.dumps(payload),
        content_type="application/json",
        headers=headers,
    )
