"""Tokens for the newsroom's own systems to write through the API.

A token is shown once, when it is issued; only its SHA-256 is kept. The secret is
32 random bytes, so a fast hash is enough: nobody can guess their way to a
preimage, and a lookup by hash is one indexed query.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

TOKEN_PREFIX = "nrt_"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Not revoked, and owned by an active account."""
        return self.filter(revoked_at__isnull=True, owner__is_active=True)


class ApiToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text="Whose rules the token acts under; audit rows name them.",
    )
    name = models.CharField(
        max_length=100, help_text="Which system uses it, e.g. “CMS publisher”."
    )
    hint = models.CharField(
        max_length=12,
        editable=False,
        help_text="The secret's first characters, to tell tokens apart.",
    )
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="api_token_has_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
