"""Unacknowledged changes: the list (open first) and each change's page, showing
what changed word by word, with the moves the rules table offers this user."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import path, reverse

from coverage import workflow
from coverage.admin import forms
from coverage.admin.base import BoundedSearchMixin, WorkflowAdminMixin
from coverage.importers.changes import diff_versions
from coverage.models import ArticleRevision, ChangeStatus, UnacknowledgedChange

DECISION_FIELDS = ["correction", "dismiss_reason", "decided_by", "decided_at"]


def text_after(revision: ArticleRevision) -> str:
    """The version that replaced ``revision``: the next revision's text, or the
    article's current one."""
    following = (
        ArticleRevision.objects.filter(
            article_id=revision.article_id, replaced_at__gt=revision.replaced_at
        )
        .order_by("replaced_at", "id")
        .values_list("body", flat=True)
        .first()
    )
    return following if following is not None else revision.article.body


@admin.register(UnacknowledgedChange)
class UnacknowledgedChangeAdmin(
    BoundedSearchMixin, WorkflowAdminMixin, admin.ModelAdmin
):
    list_display = ["article", "what_changed", "seen_by", "seen_at", "status"]
    list_filter = ["status"]
    list_select_related = ["article", "revision", "seen_by"]
    fields = [
        "article",
        "status",
        "seen_at",
        "seen_by",
        "what_changed",
        "word_diff",
        *DECISION_FIELDS,
    ]
    readonly_fields = fields
    show_full_result_count = False

    class Media:
        css = {"all": ["coverage/admin.css"]}

    BUTTONS = {
        "link_change": (forms.LinkChangeForm, workflow.link_change),
        "dismiss_change": (forms.DismissChangeForm, workflow.dismiss_change),
    }
    """The buttons: move of the rules table → its form and workflow function."""

    def get_queryset(self, request):
        """Annotated with ``waiting`` (0 for an open change), which the ordering reads."""
        return UnacknowledgedChange.objects.annotate(
            waiting=Case(
                When(status=ChangeStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )

    def get_ordering(self, request):
        """Open first, oldest first, as the desk works through them."""
        return ["waiting", "seen_at", "id"]

    @admin.display(description="What changed")
    def what_changed(self, change):
        return "; ".join(change.revision.reasons) or "(no reasons kept)"

    @admin.display(description="Word by word")
    def word_diff(self, change):
        revision = change.revision
        return render_to_string(
            "coverage/_word_diff.html",
            {"paragraphs": diff_versions(revision.body, text_after(revision))},
        )

    def has_add_permission(self, request):
        return False  # raised by re-imports

    def has_change_permission(self, request, obj=None):
        return False  # decided by the moves below, never edited

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        obj = kwargs.get("obj")
        if obj is not None:
            context["change_buttons"] = self.change_buttons(request, obj)
        return super().render_change_form(request, context, add, change, **kwargs)

    def change_buttons(self, request, change):
        moves = workflow.available_moves(request.user, change)
        return [
            (
                workflow.MOVES[name].label,
                reverse(
                    "admin:coverage_unacknowledgedchange_move", args=[change.pk, name]
                ),
                form_class(change=change, auto_id=f"{name}_%s"),
            )
            for name, (form_class, _function) in self.BUTTONS.items()
            if name in moves
        ]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/move/<str:move>/",
                self.admin_site.admin_view(self.move_view),
                name="coverage_unacknowledgedchange_move",
            ),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id, move):
        change = self.posted_object(request, object_id)
        if change is None:
            return HttpResponseNotAllowed(["POST"])
        if move not in self.BUTTONS:
            raise Http404(f"No move called {move!r}.")
        if not workflow.can_decide_change(request.user, change):
            raise PermissionDenied
        form_class, function = self.BUTTONS[move]
        form = form_class(request.POST, change=change)
        seen = forms.SeenVersionForm(request.POST)
        change_url = self.change_url(change)
        if not (form.is_valid() and seen.is_valid()):
            for bound in (form, seen):
                for name, problems in bound.errors.items():
                    self.message_user(
                        request,
                        f"{workflow.MOVES[move].label}: {bound[name].label}: "
                        f"{' '.join(problems)}",
                        messages.ERROR,
                    )
            return HttpResponseRedirect(change_url)
        change.version = seen.cleaned_data["version"]
        result = self.run_move(request, function, change, **form.cleaned_data)
        if result is None:
            return HttpResponseRedirect(change_url)
        if move == "link_change":
            self.message_user(
                request,
                f"Change {change.pk} is linked to correction {result.pk} "
                f"({result.get_status_display().lower()}).",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self.change_url(result))
        self.message_user(request, f"Change {change.pk} dismissed.", messages.SUCCESS)
        return HttpResponseRedirect(change_url)
