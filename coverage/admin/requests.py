"""Readers' correction requests: the queue (overdue first, then by deadline) and
each request's page, with the buttons the rules table offers this user."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from coverage import workflow
from coverage.admin import forms
from coverage.admin.base import WORKFLOW_ERRORS, AuditHistoryMixin, BoundedSearchMixin
from coverage.models import AuditEntry, CorrectionRequest


class OverdueFilter(admin.SimpleListFilter):
    title = "deadline"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.exclude(pk__in=CorrectionRequest.objects.overdue())
        return queryset


class AssignmentFilter(admin.SimpleListFilter):
    title = "assignment"
    parameter_name = "assignment"

    def lookups(self, request, model_admin):
        return [("mine", "Assigned to me"), ("nobody", "Unassigned")]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(assignee=request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee__isnull=True)
        return queryset


READER_FIELDS = [
    "article_given",
    "article",
    "quote",
    "what_is_wrong",
    "supporting_link",
    "reader_email",
]
DESK_FIELDS = [
    "status",
    "assignee",
    "deadline",
    "received_at",
    "closed_at",
    "decline_reason",
    "duplicate_of",
    "correction",
]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(BoundedSearchMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "assignee",
        "deadline",
        "overdue",
        "received_at",
    ]
    list_filter = ["status", OverdueFilter, AssignmentFilter, "assignee"]
    list_select_related = ["article", "assignee"]
    search_fields = ["article_given", "quote", "article__headline"]
    fieldsets = [
        ("What the reader sent", {"fields": READER_FIELDS}),
        ("The desk", {"fields": [*DESK_FIELDS, "internal_notes", "timeline"]}),
    ]
    show_full_result_count = False

    class Media:
        # Desk styles on the queue too (no inline CSS: CSP).
        css = {"all": ["coverage/admin.css"]}

    def get_queryset(self, request):
        """Annotated with ``is_overdue``, which the ordering below reads."""
        return CorrectionRequest.objects.queue()

    def get_ordering(self, request):
        """Overdue first, then the nearest deadline (the queue's annotation)."""
        return ["-is_overdue", "deadline", "id"]

    def get_readonly_fields(self, request, obj=None):
        editable = (
            {"internal_notes"} if self.has_change_permission(request, obj) else set()
        )
        return [
            name
            for name in [*READER_FIELDS, *DESK_FIELDS, "internal_notes", "timeline"]
            if name not in editable
        ]

    @admin.display(boolean=True, ordering="is_overdue")
    def overdue(self, correction_request):
        return correction_request.is_overdue

    @admin.display(description="Reader's e-mail")
    def reader_email(self, correction_request):
        return correction_request.email or "(none, or erased)"

    @admin.display(description="Timeline")
    def timeline(self, correction_request):
        entries = AuditEntry.objects.for_object(correction_request).select_related(
            "actor"
        )
        rows = format_html_join(
            "",
            "<li>{}: {} by {}{}</li>",
            (
                (
                    timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M"),
                    entry.get_action_display(),
                    entry.actor or "the reader",
                    f" ({entry.note})" if entry.note else "",
                )
                for entry in entries
            ),
        )
        return format_html("<ol class='request-timeline'>{}</ol>", rows)

    def has_add_permission(self, request):
        return False  # readers file them, on the public form

    def has_change_permission(self, request, obj=None):
        return workflow.can_decide_request(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # part of the record

    def log_change(self, request, obj, message):
        """note_request wrote the audit row."""

    def save_model(self, request, obj, form, change):
        workflow.note_request(
            CorrectionRequest.objects.get(pk=obj.pk),
            actor=request.user,
            internal_notes=form.cleaned_data["internal_notes"],
        )

    BUTTONS = {
        "triage_request": (forms.TriageRequestForm, workflow.triage_request),
        "assign_request": (forms.AssignRequestForm, workflow.assign_request),
        "uphold_request": (forms.UpholdRequestForm, workflow.uphold_request),
        "decline_request": (forms.DeclineRequestForm, workflow.decline_request),
        "duplicate_request": (forms.DuplicateRequestForm, workflow.mark_duplicate),
    }
    """The buttons: move of the rules table → its form and workflow function."""

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        obj = kwargs.get("obj")
        if obj is not None:
            context["request_buttons"] = self.request_buttons(request, obj)
        return super().render_change_form(request, context, add, change, **kwargs)

    def request_buttons(self, request, correction_request):
        moves = workflow.available_moves(request.user, correction_request)
        initial = {
            "uphold_request": {
                "what_was_wrong": correction_request.quote,
                "kind": "correction",
            },
            "assign_request": {"assignee": correction_request.assignee_id},
        }
        return [
            (
                workflow.MOVES[name].label,
                reverse(
                    "admin:coverage_correctionrequest_move",
                    args=[correction_request.pk, name],
                ),
                form_class(initial=initial.get(name), auto_id=f"{name}_%s"),
            )
            for name, (form_class, _function) in self.BUTTONS.items()
            if name in moves
        ]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/move/<str:move>/",
                self.admin_site.admin_view(self.move_view),
                name="coverage_correctionrequest_move",
            ),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id, move):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        correction_request = self.get_object(request, object_id)
        if correction_request is None:
            raise Http404(f"No correction request with id {object_id}.")
        if move not in self.BUTTONS:
            raise Http404(f"No move called {move!r}.")
        form_class, function = self.BUTTONS[move]
        form, seen = form_class(request.POST), forms.SeenVersionForm(request.POST)
        change_url = reverse(
            "admin:coverage_correctionrequest_change", args=[correction_request.pk]
        )
        if not (form.is_valid() and seen.is_valid()):
            for field, problems in {**form.errors, **seen.errors}.items():
                self.message_user(
                    request, f"{field}: {' '.join(problems)}", messages.ERROR
                )
            return HttpResponseRedirect(change_url)
        correction_request.version = seen.cleaned_data["version"]
        try:
            result = function(
                correction_request, actor=request.user, **form.cleaned_data
            )
        except WORKFLOW_ERRORS as error:
            self.message_user(request, workflow.message_of(error), messages.ERROR)
            return HttpResponseRedirect(change_url)
        if move == "uphold_request":
            self.message_user(
                request,
                f"Request {correction_request.pk} upheld: correction {result.pk} is "
                "drafted. Check it, then submit it for approval.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:coverage_correction_change", args=[result.pk])
            )
        self.message_user(
            request,
            f"Request {correction_request.pk} is now "
            f"{result.get_status_display().lower()}"
            + (f", assigned to {result.assignee}." if result.assignee else "."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(change_url)
