"""The site-wide history: every row of the audit trail, filterable, searchable and
exportable as CSV; read-only for everyone, superusers included."""

import csv
import json
from itertools import chain

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html

from coverage.admin.base import BoundedSearchMixin, ReadOnlyAdminMixin
from coverage.models import AuditEntry

CSV_COLUMNS = [
    "id",
    "when",
    "who",
    "action",
    "target type",
    "target id",
    "target",
    "public",
    "changes",
    "note",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (imported
    headlines and notes are anyone's text)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_row(entry: AuditEntry) -> list[str]:
    return [
        str(entry.pk),
        entry.created_at.isoformat(),
        entry.actor.get_username() if entry.actor else "system",
        entry.action,
        entry.content_type.model,
        str(entry.object_id),
        spreadsheet_safe(entry.object_repr),
        "yes" if entry.public else "no",
        spreadsheet_safe(json.dumps(entry.changes, ensure_ascii=False)),
        spreadsheet_safe(entry.note),
    ]


class Echo:
    """A file-like object whose write() hands the line back, for streaming."""

    def write(self, value):
        return value


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, BoundedSearchMixin, admin.ModelAdmin):
    change_list_template = "admin/coverage/auditentry/change_list.html"
    list_display = ["created_at", "actor", "action", "target", "public", "note"]
    list_filter = [
        ("actor", admin.RelatedOnlyFieldListFilter),
        "action",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "public",
        ("created_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["actor", "content_type"]
    search_fields = ["note", "object_repr"]
    date_hierarchy = "created_at"
    list_per_page = 100

    @admin.display(description="target", ordering="object_repr")
    def target(self, entry):
        label = f"{entry.content_type.model} {entry.object_id}: {entry.object_repr}"
        try:
            url = reverse(
                f"admin:{entry.content_type.app_label}_{entry.content_type.model}_change",
                args=[entry.object_id],
            )
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    def get_urls(self):
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_view),
                name="coverage_auditentry_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The rows the history report shows with the same filters and search,
        all of them, streamed as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            rows = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(
                reverse("admin:coverage_auditentry_changelist") + "?e=1"
            )
        writer = csv.writer(Echo())
        entries = (csv_row(entry) for entry in rows.iterator(chunk_size=2000))
        lines = (writer.writerow(line) for line in chain([CSV_COLUMNS], entries))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
        return response
