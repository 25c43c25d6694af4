"""Webhook subscriptions for the newsroom's systems, and the log of every delivery
and attempt, so a receiver's failures are seen (and a paused one resumed)."""

from django import forms
from django.contrib import admin, messages

from coverage import webhooks
from coverage.admin.base import (
    HTTPS_URLS,
    BoundedSearchMixin,
    ReadOnlyAdminMixin,
    WorkflowAdminMixin,
)
from coverage.models import WebhookAttempt, WebhookDelivery, WebhookSubscription


class SubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=WebhookSubscription.Event.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "owner", "is_active"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(
    WorkflowAdminMixin, BoundedSearchMixin, admin.ModelAdmin
):
    form = SubscriptionForm
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "url", "is_active", "paused_at", "consecutive_failures"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    readonly_fields = ["secret", "consecutive_failures", "paused_at", "created_at"]
    actions = ["resume", "give_new_secret"]

    def save_model(self, request, obj, form, change):
        values = {
            name: form.cleaned_data[name] for name in SubscriptionForm.Meta.fields
        }
        if change:
            webhooks.update_subscription(obj, actor=request.user, **values)
        else:
            values.pop("is_active")
            self.adopt(obj, webhooks.create_subscription(actor=request.user, **values))

    def delete_model(self, request, obj):
        webhooks.delete_subscription(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for subscription in queryset:
            webhooks.delete_subscription(subscription, actor=request.user)

    @admin.action(description="Resume the paused subscriptions", permissions=["change"])
    def resume(self, request, queryset):
        waiting = sum(
            webhooks.resume_subscription(subscription, actor=request.user)
            for subscription in queryset
        )
        self.message_user(
            request, f"Resumed; {waiting} waiting deliveries queued.", messages.SUCCESS
        )

    @admin.action(description="Give them new secrets", permissions=["change"])
    def give_new_secret(self, request, queryset):
        for subscription in queryset:
            webhooks.new_secret(subscription, actor=request.user)
        self.message_user(
            request,
            "New secrets made: copy each to its receiver from its page.",
            messages.WARNING,
        )


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = ["started_at", "response_code", "duration_ms", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        """The attempts are the delivery's log: whoever sees it sees them."""
        return request.user.has_perm("coverage.view_webhookdelivery")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, BoundedSearchMixin, admin.ModelAdmin):
    list_display = ["created_at", "event", "subscription", "status", "attempts"]
    list_filter = ["status", "event", "subscription"]
    list_select_related = ["subscription"]
    search_fields = ["dedupe_key"]
    fields = [
        "subscription",
        "event",
        "status",
        "attempts",
        "created_at",
        "delivered_at",
        "body",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["send_again"]
    show_full_result_count = False

    @admin.action(description="Deliver the failed ones again", permissions=["view"])
    def send_again(self, request, queryset):
        count = webhooks.retry(queryset, actor=request.user)
        self.message_user(
            request, f"{count} delivery(ies) queued again.", messages.SUCCESS
        )
