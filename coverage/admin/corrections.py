"""Corrections: draft, submit, return, publish, supersede; published ones read-only."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from coverage import workflow
from coverage.admin import forms
from coverage.admin.base import WorkflowAdminMixin
from coverage.admin.large_lists import LargeChangelistMixin
from coverage.admin.standards import StandardsRecordViews
from coverage.models import Correction, CorrectionRequest


@admin.register(Correction)
class CorrectionAdmin(
    StandardsRecordViews, LargeChangelistMixin, WorkflowAdminMixin, admin.ModelAdmin
):
    form = forms.CorrectionAdminForm
    list_display = [
        "__str__",
        "kind",
        "status",
        "author",
        "approver",
        "published_at",
        "supersedes",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["article", "author", "approver", "supersedes__article"]
    search_fields = [
        "what_was_wrong",
        "what_is_right",
        "public_explanation",
        "article__headline",
    ]
    raw_id_fields = ["article", "claim"]

    def get_fields(self, request, obj=None):
        fields = list(forms.CorrectionAdminForm.Meta.fields)
        if obj is None:
            return fields
        return [
            "status",
            *fields,
            "author",
            "written_by",
            "submitted_at",
            "approver",
            "published_at",
            "amendments",
            "reader_request",
            "seen_version",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "status",
            "article",
            "author",
            "written_by",
            "submitted_at",
            "approver",
            "published_at",
            "amendments",
            "reader_request",
        ]

    @admin.display(description="Drafted from")
    def reader_request(self, correction):
        try:
            found = correction.request
        except CorrectionRequest.DoesNotExist:
            return "—"
        return format_html(
            '<a href="{}">the reader\'s request {}</a>',
            self.change_url(found),
            found.pk,
        )

    @admin.display(description="Written or changed by")
    def written_by(self, correction):
        """The two-person rule bars each of them from approving it."""
        names = correction.contributors.values_list("user__username", flat=True)
        return ", ".join(names) or "—"

    @admin.display(description="Amendments")
    def amendments(self, correction):
        links = []
        if correction.supersedes_id:
            links.append(("Supersedes", correction.supersedes))
        successor = Correction.objects.filter(supersedes=correction).first()
        if successor is not None:
            links.append(("Superseded by", successor))
        if not links:
            return "—"
        return format_html_join(
            format_html("<br>"),
            '{} <a href="{}">correction {}</a> ({})',
            (
                (label, self.change_url(other), other.pk, other.get_status_display())
                for label, other in links
            ),
        )

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return "edit_correction" in workflow.available_moves(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name]
            for name in workflow.CORRECTION_EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        if change:
            changed = {name: data[name] for name in form.changed_data if name in data}
            workflow.update_correction(
                obj,
                actor=request.user,
                seen_version=form.cleaned_data["seen_version"],
                **changed,
            )
            return
        created = workflow.draft_correction(
            form.cleaned_data["article"], actor=request.user, **data
        )
        self.adopt(obj, created)

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        obj = kwargs.get("obj")
        if obj is not None:
            context["correction_buttons"] = self.correction_buttons(request, obj)
        return super().render_change_form(request, context, add, change, **kwargs)

    MOVES = {
        "submit": workflow.submit_correction,
        "return": workflow.return_correction,
        "publish": workflow.publish_correction,
        "supersede": workflow.supersede_correction,
    }
    """The buttons: move of the rules table → the workflow function behind it."""

    def correction_buttons(self, request, correction):
        """Offer the moves the rules table lets this user make now."""
        moves = workflow.available_moves(request.user, correction)
        return [
            (
                workflow.MOVES[name].label,
                reverse("admin:coverage_correction_move", args=[correction.pk, name]),
            )
            for name in self.MOVES
            if name in moves
        ]

    def get_urls(self):
        return [
            *self.standards_urls(),
            path(
                "<path:object_id>/move/<str:move>/",
                self.admin_site.admin_view(self.move_view),
                name="coverage_correction_move",
            ),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id, move):
        correction = self.posted_object(request, object_id)
        if correction is None:
            return HttpResponseNotAllowed(["POST"])
        if move not in self.MOVES:
            raise Http404(f"No move called {move!r}.")
        function = self.MOVES[move]
        seen = forms.SeenVersionForm(request.POST)
        if seen.is_valid():
            correction.version = seen.cleaned_data["version"]
        result = self.run_move(request, function, correction)
        if result is None:
            return HttpResponseRedirect(self.change_url(correction))
        if move == "supersede":
            self.message_user(
                request,
                f"Drafted correction {result.pk} to supersede correction "
                f"{correction.pk}. Edit it, then submit it for approval.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                f"Correction {result.pk} is now {result.get_status_display().lower()}.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self.change_url(result))
