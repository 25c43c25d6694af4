"""What the claim and correction admins share: saves go through the workflow."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from coverage import workflow

WORKFLOW_ERRORS = (
    workflow.WorkflowPermissionDenied,
    ValidationError,
    workflow.StaleEdit,
)


class WorkflowAdminMixin:
    """Saves go through the workflow; its refusals become messages, not errors.

    A refusal raised while saving leaves Django's atomic block, so inlines saved
    alongside are rolled back too."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except WORKFLOW_ERRORS as error:
            self.message_user(request, workflow.message_of(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def run_move(self, request, move, obj, **kwargs):
        """Call one workflow function for a button; report the outcome."""
        try:
            result = move(obj, actor=request.user, **kwargs)
        except WORKFLOW_ERRORS as error:
            self.message_user(request, workflow.message_of(error), messages.ERROR)
            return None
        return result

    def change_url(self, obj):
        opts = obj._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
        )

    def posted_object(self, request, object_id):
        if request.method != "POST":
            return None
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with id {object_id}.")
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        return obj


# Links typed without a scheme are https (Django 6's default; no transition warning).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
