"""What the claim and correction admins share: saves go through the workflow."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst

from coverage import workflow
from coverage.models import AuditEntry
from coverage.search import search_words

WORKFLOW_ERRORS = (
    workflow.WorkflowPermissionDenied,
    ValidationError,
    workflow.StaleEdit,
)


class LabelledAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, showing its ``aria-label`` while empty: select2 names
    its combobox after the text it shows, which is blank without a placeholder."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-placeholder"] = attrs.get("aria-label", "")
        return attrs


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs a screen reader can name.

    Django's tabular rows put each input under a column header, with no <label>;
    each input gets its field's label as ``aria-label`` instead."""

    class Media:
        js = ["coverage/inline_labels.js"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                LabelledAutocompleteSelect(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", str(formfield.label))
        return formfield


class BoundedSearchMixin:
    """The admin's search bounded as the public log's (coverage/search.py): Django
    adds one condition per word over every search field, so a search of hundreds of
    words took workers offline. A longer one finds nothing and says why."""

    def get_search_results(self, request, queryset, search_term):
        try:
            search_words(search_term)
        except ValidationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


class ReadOnlyAdminMixin:
    """A record to read, not to edit: no add, change or delete pages."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditHistoryMixin:
    """The History page shows the object's rows of the audit trail, not the admin's
    own (mutable) log."""

    object_history_template = "admin/coverage/audit_history.html"
    history_per_page = 100

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        entries = AuditEntry.objects.for_object(obj).select_related("actor")
        paginator = self.get_paginator(request, entries, self.history_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Change history: {obj}",
            "subtitle": None,
            "action_list": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.count > self.history_per_page,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "object": obj,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)


class WorkflowAdminMixin(AuditHistoryMixin):
    """Saves go through the workflow; its refusals become messages, not errors.

    The workflow writes the audit row of each save, so the admin's own log is not
    written. A refusal raised while saving leaves Django's atomic block, so
    inlines saved alongside are rolled back too."""

    def log_addition(self, request, obj, message):
        """The workflow function that added it wrote the audit row."""

    def log_change(self, request, obj, message):
        """The workflow function that changed it wrote the audit row."""

    def log_deletions(self, request, queryset):
        """delete_with_record wrote the audit rows."""

    def delete_model(self, request, obj):
        workflow.delete_with_record(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            workflow.delete_with_record(obj, actor=request.user)

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

    def adopt(self, obj, created) -> None:
        """Make the admin's unsaved form instance the row the workflow created,
        for the message and redirect that follow the save."""
        obj.pk = created.pk
        obj._state.adding = False
        obj.refresh_from_db()

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
