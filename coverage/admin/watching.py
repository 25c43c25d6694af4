"""Watched feeds: staff register and edit them here (through ``coverage.watching``,
on the record) and see how each poll went."""

from django.contrib import admin

from coverage import watching
from coverage.admin.base import (
    HTTPS_URLS,
    BoundedSearchMixin,
    ReadOnlyAdminMixin,
    WorkflowAdminMixin,
)
from coverage.models import WatchedArticle, WatchedFeed


@admin.register(WatchedFeed)
class WatchedFeedAdmin(WorkflowAdminMixin, BoundedSearchMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    readonly_fields = [
        "owner",
        "last_success_at",
        "last_error",
        "last_error_at",
        "next_poll_at",
        "consecutive_failures",
        "etag",
        "last_modified",
    ]
    fields = [*watching.EDITABLE_FIELDS, *readonly_fields]
    list_display = [
        "url",
        "outlet",
        "kind",
        "active",
        "last_success_at",
        "next_poll_at",
        "consecutive_failures",
        "last_error",
    ]
    list_filter = ["kind", "active", "outlet"]
    list_select_related = ["outlet"]
    autocomplete_fields = ["outlet"]
    search_fields = ["url", "outlet__name"]

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in watching.EDITABLE_FIELDS}
        if change:
            watching.edit_feed(obj, actor=request.user, **values)
        else:
            values.pop("active")
            self.adopt(obj, watching.watch_feed(actor=request.user, **values))


@admin.register(WatchedArticle)
class WatchedArticleAdmin(ReadOnlyAdminMixin, BoundedSearchMixin, admin.ModelAdmin):
    """What the schedule holds; rows are written by polls, never by hand."""

    list_display = ["url", "feed", "last_fetched_at", "next_fetch_at", "watch_until"]
    list_select_related = ["feed"]
    search_fields = ["url"]
