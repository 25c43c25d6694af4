"""The site-wide history: every row of the audit trail, read-only for everyone."""

from django.contrib import admin

from coverage.admin.base import BoundedSearchMixin
from coverage.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_repr", "public", "note"]
    list_filter = ["action", "public"]
    list_select_related = ["actor", "content_type"]
    search_fields = ["note", "object_repr"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
