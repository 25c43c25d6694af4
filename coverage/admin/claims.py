"""The verification queue and the claim page: transitions and bulk actions (the
desk page, served under the claim admin, is in ``desk.py``)."""

from functools import partial

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince

from coverage import search, versions, workflow
from coverage.admin import forms
from coverage.admin.base import (
    HTTPS_URLS,
    LabelledTabularInline,
    WorkflowAdminMixin,
)
from coverage.admin.desk import desk_view
from coverage.admin.large_lists import (
    COUNT_LIMIT,
    LargeChangeList,
    LargeChangelistMixin,
    StoryFilter,
    highlighted,
)
from coverage.admin.matching import match_panel, match_view, propagate_view
from coverage.figures import conflicting_figures
from coverage.models import (
    AuditEntry,
    Claim,
    ClaimAppearance,
    ClaimLink,
    Evidence,
    Outlet,
)

CONTEXT_CHARS = 280  # characters of article shown either side of a quote


class ClaimAppearanceInline(LabelledTabularInline):
    """Read-only: where the importer found the quote. Its offsets are into the
    article's text, which only an import changes (and keeps as a revision), so a
    hand edit could only make the quote disagree with the text it points into."""

    model = ClaimAppearance
    extra = 0
    fields = ["article", "quote", "start", "end", "revision"]
    readonly_fields = fields

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EvidenceInline(LabelledTabularInline):
    """Read-only under a published verdict, but for standards editors (the
    workflow's own check); reopening the claim frees it. ``obj`` is the claim."""

    formfield_overrides = HTTPS_URLS
    model = Evidence
    extra = 0
    fields = [*workflow.EVIDENCE_FIELDS, "added_by"]
    readonly_fields = ["added_by"]
    autocomplete_fields = ["source"]

    def has_add_permission(self, request, obj):
        return workflow.can_add_evidence(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return workflow.can_change_evidence(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return workflow.can_remove_evidence(request.user, obj)


class ClaimLinkInline(LabelledTabularInline):
    model = ClaimLink
    fk_name = "from_claim"
    extra = 0
    fields = list(workflow.LINK_FIELDS)
    raw_id_fields = ["to_claim"]
    verbose_name = "link to another claim"


# Inline model → its workflow moves: (add, change, remove, fields).
INLINE_MOVES = {
    Evidence: (
        workflow.add_evidence,
        workflow.change_evidence,
        workflow.remove_evidence,
        workflow.EVIDENCE_FIELDS,
    ),
    ClaimLink: (
        workflow.add_link,
        workflow.change_link,
        workflow.remove_link,
        workflow.LINK_FIELDS,
    ),
}


class OutletFilter(admin.SimpleListFilter):
    title = "outlet"
    parameter_name = "outlet"

    def lookups(self, request, model_admin):
        return Outlet.objects.values_list("pk", "name")

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in {str(pk) for pk, _name in self.lookup_choices}:
            # Django's answer to a bad filter value: the list, unfiltered, flagged.
            raise IncorrectLookupParameters(f"No outlet with id {self.value()!r}.")
        # The appearance's own copy of its article's outlet: one probe of the
        # index (outlet, claim) per claim along the queue's order, not two.
        appears = ClaimAppearance.objects.filter(
            claim=OuterRef("pk"), outlet=self.value()
        )
        return queryset.filter(Exists(appears))

    def bounded_claim_count(self) -> tuple[int, bool]:
        """The outlet's claims, counted to COUNT_LIMIT from the index of its
        appearances (outlet, claim) alone: 80 of its pages at a million claims,
        where each of the outlet's articles' appearances took 20,000 (30 ms, now
        4), and counting through the claims probed each claim's primary key too."""
        appearances = ClaimAppearance.objects.filter(outlet=self.value())
        return search.bounded_count(appearances, COUNT_LIMIT, distinct="claim_id")


class StaffAssigneeFilter(admin.RelatedFieldListFilter):
    """The desk's staff to choose from (whom a claim can be assigned to): Django's
    RelatedOnlyFieldListFilter asks for the distinct assignees of every claim,
    which reads the whole table on each page of the queue."""

    def field_choices(self, field, request, model_admin):
        return field.get_choices(
            include_blank=False,
            ordering=self.field_admin_ordering(field, request, model_admin),
            limit_choices_to={"is_staff": True, "is_active": True},
        )


class AssignmentFilter(admin.SimpleListFilter):
    title = "assignment"
    parameter_name = "assignment"

    def lookups(self, request, model_admin):
        return [("mine", "Assigned to me"), ("unassigned", "Unassigned")]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(assignee=request.user)
        if self.value() == "unassigned":
            return queryset.filter(assignee__isnull=True)
        return queryset


class WorthinessFilter(admin.SimpleListFilter):
    """Bands of the importer's check-worthiness score."""

    title = "check-worthiness"
    parameter_name = "worthiness"
    BANDS = {
        "high": ("High (0.7 and over)", 0.7, None),
        "medium": ("Medium (0.4 to 0.7)", 0.4, 0.7),
        "low": ("Low (under 0.4)", None, 0.4),
    }

    def lookups(self, request, model_admin):
        return [(band, label) for band, (label, _low, _high) in self.BANDS.items()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in self.BANDS:
            raise IncorrectLookupParameters(f"No worthiness band {self.value()!r}.")
        _label, low, high = self.BANDS[self.value()]
        if low is not None:
            queryset = queryset.filter(worthiness__gte=low)
        if high is not None:
            queryset = queryset.filter(worthiness__lt=high)
        return queryset


def bulk_move(name: str, move, form_class):
    """A queue action for the move ``name`` of the rules table, confirmed on its
    own page first; offered to whoever the table lets make it (get_actions)."""
    title = workflow.MOVES[name].label

    @admin.action(description=f"{title}: selected claims")
    def action(modeladmin, request, queryset):
        return modeladmin.confirm_and_apply(
            request, queryset, form_class=form_class, move=move, title=title
        )

    action.__name__ = f"{move.__name__}_selected"
    action.move = name
    return action


class QueueChangeList(LargeChangeList):
    """The queue's rows with the outlet of each one's first appearance, read in
    the query of the rows shown (by primary key, LargeChangeList), so for them
    alone: the same subquery in the page's own query ran for every row a deep
    page skips too."""

    def get_results(self, request):
        if (outlet := self.outlet_alone()) is not None:
            request.bounded_count = outlet.bounded_claim_count()
        super().get_results(request)

    def outlet_alone(self) -> "OutletFilter | None":
        """The outlet filter, when it is all that narrows the queue (no other
        filter, no search)."""
        if self.query or set(self.get_filters_params()) != {
            OutletFilter.parameter_name
        }:
            return None
        return next(f for f in self.filter_specs if isinstance(f, OutletFilter))

    # What a row shows (ClaimAdmin.list_display, the checkbox's label the claim's
    # text); the rest of the claim and of its claimant, story and assignee, half
    # the row's columns and most of its bytes, is the claim page's.
    ROW_FIELDS = [
        "text",
        "worthiness",
        "status",
        "created_at",
        "claimant__name",
        "story__title",
        "assignee__username",
    ]

    def page_rows(self, queryset):
        first = ClaimAppearance.objects.filter(claim=OuterRef("pk")).order_by("id")
        return (
            super()
            .page_rows(queryset)
            .annotate(first_outlet=Subquery(first.values("outlet__name")[:1]))
        )


@admin.register(Claim)
class ClaimAdmin(LargeChangelistMixin, WorkflowAdminMixin, admin.ModelAdmin):
    form = forms.ClaimAdminForm
    list_display = [
        "claim_text",
        "worthiness_score",
        "status",
        "claimant",
        "story",
        "outlet",
        "assignee",
        "age",
    ]
    list_filter = [
        "status",
        WorthinessFilter,
        AssignmentFilter,
        StoryFilter,
        OutletFilter,
        ("assignee", StaffAssigneeFilter),
    ]
    list_select_related = ["claimant", "story", "assignee"]
    # On PostgreSQL the search reads the claim's queue vector instead: its text,
    # proposition, claimant and verdict, and the headlines of the articles that
    # quote it (migrations full_text_search and claim_queue_vector).
    search_fields = [
        "text",
        "claimant__name",
        "appearances__quote",
        "appearances__article__headline",
    ]
    search_vector = "queue_vector"
    excerpt_field = "text"
    # Most check-worthy first; among equals, waiting longest first.
    ordering = ["-worthiness", "created_at", "id"]
    autocomplete_fields = ["claimant", "story"]
    inlines = [EvidenceInline, ClaimAppearanceInline, ClaimLinkInline]
    actions = [
        bulk_move("start_review", workflow.start_review, forms.StartReviewForm),
        bulk_move("verdict", workflow.give_verdict, forms.VerdictForm),
        bulk_move("reopen", workflow.reopen, forms.ReopenForm),
        bulk_move("assign", workflow.assign, forms.AssignForm),
    ]

    class Media:
        # Desk styles on every claim page, the queue included (no inline CSS: CSP).
        css = {"all": ["coverage/admin.css"]}

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = forms.staff_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # The queue.

    @admin.display(description="claim", ordering="text")
    def claim_text(self, claim):
        return highlighted(claim, str(claim))

    @admin.display(description="worthiness", ordering="-worthiness")
    def worthiness_score(self, claim):
        return f"{claim.worthiness:.2f}"

    # Not a column to sort by: the order would need every claim's first outlet.
    @admin.display(description="outlet")
    def outlet(self, claim):
        """The outlet of the claim's first appearance (QueueChangeList)."""
        return claim.first_outlet or "—"

    @admin.display(description="age", ordering="created_at")
    def age(self, claim):
        return timesince(claim.created_at)

    # The claim page.

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["text", "story", "claimant", "internal_notes"]})]
        return [
            (
                None,
                {
                    "fields": [
                        "text",
                        "proposition",
                        "check_worthiness",
                        "status",
                        ("story", "claimant"),
                        "assignee",
                        "verdict_summary",
                        "verdict_published_at",
                        "internal_notes",
                        "seen_version",
                    ]
                },
            ),
            (
                "In context",
                {"fields": ["in_context", "sentence_since", "linked_claims"]},
            ),
            ("Figures", {"fields": ["figures", "conflicts"]}),
            ("Verification timeline", {"fields": ["timeline"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = [
            "text",
            "check_worthiness",
            "status",
            "verdict_published_at",
            "in_context",
            "sentence_since",
            "linked_claims",
            "figures",
            "conflicts",
            "timeline",
        ]
        if "rewrite_proposition" not in workflow.available_moves(request.user, obj):
            readonly.append("proposition")
        if "assign" not in workflow.available_moves(request.user, obj):
            readonly.append("assignee")
        if "amend_verdict_summary" not in workflow.available_moves(request.user, obj):
            # In review the verdict form writes it; once published, only an
            # audited amendment rewords it.
            readonly.append("verdict_summary")
        return readonly

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description="Quoted in")
    def in_context(self, claim):
        appearances = claim.appearances.select_related("article__outlet", "revision")
        blocks = format_html_join(
            "",
            '<blockquote class="claim-context">…{}<mark>{}</mark>{}…'
            '<footer>{}{} — <a href="{}">{}</a> · <a href="{}">draft a correction'
            "</a></footer></blockquote>",
            (
                (
                    *quote_in_context(a.text, a.start, a.end),
                    ""
                    if a.in_current_text
                    else f"No longer in the current text (in the text until "
                    f"{a.revision.replaced_at:%Y-%m-%d %H:%M}) · ",
                    a.article.outlet,
                    reverse("admin:coverage_article_change", args=[a.article_id]),
                    a.article.headline,
                    reverse("admin:coverage_correction_add")
                    + f"?article={a.article_id}&claim={claim.pk}",
                )
                for a in appearances
            ),
        )
        return blocks or "Not linked to any article yet."

    @admin.display(description="Its sentence since")
    def sentence_since(self, claim):
        """Read from the articles' versions: changed, vanished, or still there."""
        return render_to_string(
            "admin/coverage/claim/sentence_since.html",
            {"fates": versions.sentence_fates(claim)},
        )

    @admin.display(description="Check-worthiness")
    def check_worthiness(self, claim):
        reasons = ", ".join(claim.worthiness_reasons) or "none given"
        return f"{claim.worthiness:.2f} (reasons: {reasons})"

    @admin.display(description="Figures in the quote")
    def figures(self, claim):
        return render_to_string(
            "admin/coverage/claim/figures.html",
            {"quantities": claim.quantities.all()},
        )

    @admin.display(description="Conflicting figures in the story")
    def conflicts(self, claim):
        return render_to_string(
            "admin/coverage/claim/conflicts.html",
            {"pairs": conflicting_figures(claim), "claim": claim},
        )

    @admin.display(description="Linked claims")
    def linked_claims(self, claim):
        outgoing = claim.links_out.select_related("to_claim")
        incoming = claim.links_in.select_related("from_claim")
        rows = [
            (link.get_relation_display().lower(), link.to_claim) for link in outgoing
        ] + [
            (f"{link.get_relation_display().lower()} (from)", link.from_claim)
            for link in incoming
        ]
        if not rows:
            return "None."
        items = format_html_join(
            "",
            '<li>{}: <a href="{}">{}</a> ({})</li>',
            (
                (relation, self.change_url(other), other, other.get_status_display())
                for relation, other in rows
            ),
        )
        return format_html("<ul>{}</ul>", items)

    @admin.display(description="Timeline")
    def timeline(self, claim):
        entries = AuditEntry.objects.for_object(claim).select_related("actor")
        return render_to_string(
            "admin/coverage/claim/timeline.html", {"entries": entries}
        )

    def save_model(self, request, obj, form, change):
        if not change:
            created = workflow.create_claim(
                actor=request.user,
                **{
                    name: form.cleaned_data[name]
                    for name in ["text", "story", "claimant", "internal_notes"]
                },
            )
            self.adopt(obj, created)
            return
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in workflow.CLAIM_EDITABLE_FIELDS
        }
        workflow.update_claim(
            obj,
            actor=request.user,
            seen_version=form.cleaned_data["seen_version"],
            **fields,
        )
        if "proposition" in form.changed_data:
            workflow.rewrite_proposition(
                obj,
                actor=request.user,
                proposition=form.cleaned_data["proposition"],
                note="From the claim form.",
                seen_version=obj.version,
            )
        if "verdict_summary" in form.changed_data:
            # Editable only on a published claim, for who may amend it.
            workflow.amend_verdict_summary(
                obj,
                actor=request.user,
                summary=form.cleaned_data["verdict_summary"],
                note="From the claim form.",
                seen_version=obj.version,
            )

    def save_formset(self, request, form, formset, change):
        """Evidence and links change through the workflow, one audit row each."""
        if formset.model not in INLINE_MOVES:
            formset.save()
            return
        add, change_one, remove, fields = INLINE_MOVES[formset.model]
        formset.save(commit=False)
        actor, claim = request.user, form.instance
        for obj in formset.deleted_objects:
            remove(obj, actor=actor)
        for obj, changed in formset.changed_objects:
            values = {name: getattr(obj, name) for name in changed if name in fields}
            change_one(obj, actor=actor, **values)
        for obj in formset.new_objects:
            add(claim, actor=actor, **{name: getattr(obj, name) for name in fields})

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        obj = kwargs.get("obj")
        if obj is not None:
            context.update(self.transition_buttons(request, obj))
            context.update(match_panel(request, obj))
        return super().render_change_form(request, context, add, change, **kwargs)

    def transition_buttons(self, request, claim):
        """Offer only the moves this user may make from this state; the view
        checks again through the workflow."""
        moves = workflow.available_moves(request.user, claim)
        buttons = {
            name: form_class(auto_id=f"{name}_%s")
            for name, (form_class, _move) in self.BUTTONS.items()
            if name in moves and name != "assign"
        }
        if "assign" in moves and claim.assignee_id != request.user.pk:
            buttons["assign_to_me"] = True
        return {
            "transition_forms": buttons,
            "claim_version": claim.version,
        }

    # The desk page (desk.py) and the buttons: one POST view per move.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "desk/",
                view(partial(desk_view, model_admin=self)),
                name="coverage_claim_desk",
            ),
            path(
                "<path:object_id>/move/<str:move>/",
                view(self.transition_view),
                name="coverage_claim_transition",
            ),
            path(
                "<path:object_id>/match/<int:match_id>/<str:move>/",
                view(partial(match_view, model_admin=self)),
                name="coverage_claim_match",
            ),
            path(
                "<path:object_id>/propagate/",
                view(partial(propagate_view, model_admin=self)),
                name="coverage_claim_propagate",
            ),
            *super().get_urls(),
        ]

    BUTTONS = {
        "start_review": (forms.StartReviewForm, workflow.start_review),
        "verdict": (forms.VerdictForm, workflow.give_verdict),
        "reopen": (forms.ReopenForm, workflow.reopen),
        "assign": (forms.AssignForm, workflow.assign),
    }

    def transition_view(self, request, object_id, move):
        claim = self.posted_object(request, object_id)
        if claim is None:
            return HttpResponseNotAllowed(["POST"])
        if move not in self.BUTTONS:
            raise Http404(f"No move called {move!r}.")
        form_class, function = self.BUTTONS[move]
        form, seen = form_class(request.POST), forms.SeenVersionForm(request.POST)
        if not (form.is_valid() and seen.is_valid()):
            errors = {**form.errors, **seen.errors}
            for field, problems in errors.items():
                self.message_user(
                    request, f"{field}: {' '.join(problems)}", messages.ERROR
                )
            return HttpResponseRedirect(self.change_url(claim))
        claim.version = seen.cleaned_data["version"]
        result = self.run_move(request, function, claim, **form.cleaned_data)
        if result is not None:
            self.message_user(
                request,
                f"Claim {claim.pk} is now {result.get_status_display().lower()}"
                + (f", assigned to {result.assignee}." if result.assignee else "."),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self.change_url(claim))

    # Bulk actions on the queue, each confirmed on its own page.

    def get_actions(self, request):
        """Each bulk move is offered to whoever the rules table lets make it."""
        return {
            name: action
            for name, action in super().get_actions(request).items()
            if not hasattr(action[0], "move")
            or workflow.MOVES[action[0].move].permits(request.user)
        }

    def confirm_and_apply(self, request, queryset, *, form_class, move, title):
        form = form_class(request.POST if request.POST.get("post") else None)
        if request.POST.get("post") and form.is_valid():
            done, refusals = workflow.apply_to_each(
                queryset, move, actor=request.user, **form.cleaned_data
            )
            if done:
                self.message_user(
                    request,
                    f"{title}: done for {len(done)} claim{'s' * (len(done) != 1)}.",
                    messages.SUCCESS,
                )
            for refusal in refusals:
                self.message_user(request, refusal, messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"{title}: confirm",
            "subtitle": None,
            "action_title": title,
            "queryset": queryset,
            "form": form,
            "action": request.POST.get("action"),
            "opts": self.opts,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/coverage/claim/confirm_transition.html", context
        )


def quote_in_context(body: str, start: int, end: int) -> tuple[str, str, str]:
    """The quoted span and the text around it, cut at word boundaries."""
    before = body[max(0, start - CONTEXT_CHARS) : start]
    after = body[end : end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS and " " in before:
        before = before.split(" ", 1)[1]
    if end + CONTEXT_CHARS < len(body) and " " in after:
        after = after.rsplit(" ", 1)[0]
    return before, body[start:end], after
