"""API tokens: issued here (the secret is shown once, on the page after the
save), revoked by an action; never edited or deleted, since audit rows name them."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse

from coverage import workflow
from coverage.admin.base import BoundedSearchMixin, WorkflowAdminMixin
from coverage.models import ApiToken
from coverage.workflow.rules import can_issue_api_token
from coverage.workflow.tokens import issue_token, revoke_token


@admin.register(ApiToken)
class ApiTokenAdmin(WorkflowAdminMixin, BoundedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "owner", "hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["owner"]
    search_fields = ["name", "owner__username"]
    autocomplete_fields = ["owner"]
    fields = ["owner", "name", "hint", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["hint", "created_at", "last_used_at", "revoked_at"]
        return self.fields

    def has_add_permission(self, request):
        return can_issue_api_token(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        token, secret = issue_token(
            actor=request.user,
            owner=form.cleaned_data["owner"],
            name=form.cleaned_data["name"],
        )
        self.adopt(obj, token)
        obj.secret = secret

    def response_add(self, request, obj, post_url_continue=None):
        """The one page that shows the secret: nothing keeps it."""
        return TemplateResponse(
            request,
            "admin/coverage/apitoken/issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "token": obj,
                "secret": obj.secret,
                "title": "API token issued",
            },
        )

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request, queryset):
        done, refusals = workflow.apply_to_each(
            queryset, revoke_token, actor=request.user
        )
        if done:
            self.message_user(request, f"Revoked {len(done)} token(s).")
        for refusal in refusals:
            self.message_user(request, refusal, messages.ERROR)
