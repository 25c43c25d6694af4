"""E-mail the desk sends: each person's preferences, and the outbox with every
e-mail's status and last error, so a failure is seen and can be sent again."""

from django.contrib import admin, messages
from django.shortcuts import redirect

from coverage import notifications
from coverage.admin.base import BoundedSearchMixin, ReadOnlyAdminMixin
from coverage.models import Notification, NotificationPreference


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(BoundedSearchMixin, admin.ModelAdmin):
    """Everyone on the desk edits their own preferences, and only their own (every
    role holds the change permission, migration 0013)."""

    fields = ["on_assignment", "on_awaiting_approval", "on_outcome", "daily_digest"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or obj.user_id == request.user.pk
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """There is one row to see: one's own, made on first visit."""
        if not self.has_change_permission(request):
            return super().changelist_view(request, extra_context)
        own, _ = NotificationPreference.objects.get_or_create(user=request.user)
        return redirect("admin:coverage_notificationpreference_change", own.pk)

    def save_model(self, request, obj, form, change):
        notifications.set_preferences(
            request.user, **{name: form.cleaned_data[name] for name in self.fields}
        )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, BoundedSearchMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "to_address",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "event"]
    search_fields = ["to_address", "subject"]
    list_select_related = ["recipient"]
    readonly_fields = [
        "event",
        "recipient",
        "to_address",
        "subject",
        "body_text",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    fields = readonly_fields
    actions = ["send_again"]
    show_full_result_count = False

    @admin.action(description="Send the failed e-mails again", permissions=["view"])
    def send_again(self, request, queryset):
        count = notifications.retry(queryset, actor=request.user)
        self.message_user(request, f"{count} e-mail(s) queued again.", messages.SUCCESS)
