"""The standards desk works here. Every change of state is a call into
``coverage.workflow``; these modules only show, ask and report."""

from django.contrib import admin

from coverage.admin import (
    api,
    audit,
    changes,
    claims,
    corrections,
    imports,
    notifications,
    records,
    requests,
    second_factor,
    watching,
    webhooks,
)

admin.site.site_header = "Newsroom standards desk"
admin.site.site_title = "Newsroom desk"
admin.site.index_title = "The desk"

__all__ = [
    "api",
    "audit",
    "changes",
    "claims",
    "corrections",
    "imports",
    "notifications",
    "records",
    "requests",
    "second_factor",
    "watching",
    "webhooks",
]
