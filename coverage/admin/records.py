"""The desk's reference records: outlets, stories, articles, sources, evidence."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from coverage import workflow
from coverage.admin.base import (
    HTTPS_URLS,
    BoundedSearchMixin,
    LabelledTabularInline,
    WorkflowAdminMixin,
)
from coverage.models import (
    Article,
    ArticleRevision,
    ClaimLink,
    Evidence,
    Outlet,
    Source,
    Story,
)


class ReferenceAdmin(WorkflowAdminMixin, BoundedSearchMixin, admin.ModelAdmin):
    """Adding and editing go through the workflow's ``create_…`` and ``update_…``
    of the model, and whether this user may edit this row is the rules table's
    answer (``can_edit_…``): a row they may not edit is shown read-only."""

    # Each subclass names its model's workflow functions and fields.
    create = update = can_edit = None
    editable: tuple[str, ...] = ()

    def has_change_permission(self, request, obj=None):
        return self.can_edit(request.user, obj)

    def save_model(self, request, obj, form, change):
        if change:
            self.update(obj, actor=request.user, **changed_values(form))
            return
        values = {
            name: form.cleaned_data[name]
            for name in self.editable
            if name in form.cleaned_data
        }
        self.adopt(obj, self.create(actor=request.user, **values))


def changed_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data}


@admin.register(Outlet)
class OutletAdmin(ReferenceAdmin):
    create = staticmethod(workflow.create_outlet)
    update = staticmethod(workflow.update_outlet)
    can_edit = staticmethod(workflow.can_edit_outlet)
    editable = workflow.OUTLET_EDITABLE_FIELDS
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "homepage", "needs_review"]
    list_filter = ["needs_review"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Story)
class StoryAdmin(ReferenceAdmin):
    create = staticmethod(workflow.create_story)
    update = staticmethod(workflow.update_story)
    can_edit = staticmethod(workflow.can_edit_story)
    editable = workflow.STORY_EDITABLE_FIELDS
    list_display = ["title", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}


class ArticleRevisionInline(LabelledTabularInline):
    model = ArticleRevision
    extra = 0
    can_delete = False
    fields = ["replaced_at", "headline", "content_hash", "replaced_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(ReferenceAdmin):
    create = staticmethod(workflow.create_article)
    update = staticmethod(workflow.update_article)
    can_edit = staticmethod(workflow.can_edit_article)
    editable = workflow.ARTICLE_EDITABLE_FIELDS
    formfield_overrides = HTTPS_URLS
    list_display = [
        "headline",
        "outlet",
        "story",
        "published_at",
        "headline_inferred",
        "is_retracted",
    ]
    list_filter = [
        "outlet",
        "story",
        "source_format",
        "headline_inferred",
        "is_retracted",
    ]
    list_select_related = ["outlet", "story"]
    search_fields = ["headline", "byline", "url"]
    autocomplete_fields = ["outlet", "story"]
    readonly_fields = [
        "corrections_list",
        "raw_text",
        "content_hash",
        "source_format",
        "source_name",
        "imported_at",
        "imported_by",
        "is_retracted",
        "retracted_at",
    ]
    date_hierarchy = "published_at"
    inlines = [ArticleRevisionInline]

    @admin.display(description="Corrections")
    def corrections_list(self, article):
        if article.pk is None:
            return "—"
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            (
                (
                    reverse("admin:coverage_correction_change", args=[c.pk]),
                    c.get_kind_display(),
                    c.get_status_display(),
                )
                for c in article.corrections.order_by("created_at")
            ),
        )
        return format_html("<ul>{}</ul>", rows) if rows else "None yet."

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        obj = kwargs.get("obj")
        if obj is not None and workflow.can_draft_correction(request.user, obj):
            context["draft_correction_url"] = (
                reverse("admin:coverage_correction_add") + f"?article={obj.pk}"
            )
        return super().render_change_form(request, context, add, change, **kwargs)


@admin.register(Source)
class SourceAdmin(ReferenceAdmin):
    create = staticmethod(workflow.create_source)
    update = staticmethod(workflow.update_source)
    can_edit = staticmethod(workflow.can_edit_source)
    editable = workflow.SOURCE_EDITABLE_FIELDS
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "kind", "description"]
    list_filter = ["kind"]
    search_fields = ["name", "normalised_name", "description"]


@admin.register(ClaimLink)
class ClaimLinkAdmin(WorkflowAdminMixin, BoundedSearchMixin, admin.ModelAdmin):
    list_display = ["from_claim", "relation", "to_claim", "created_at"]
    list_filter = ["relation"]
    list_select_related = ["from_claim", "to_claim"]
    raw_id_fields = ["from_claim", "to_claim"]

    def get_readonly_fields(self, request, obj=None):
        return ["from_claim"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            workflow.change_link(obj, actor=request.user, **changed_values(form))
            return
        values = {name: form.cleaned_data[name] for name in workflow.LINK_FIELDS}
        created = workflow.add_link(
            form.cleaned_data["from_claim"], actor=request.user, **values
        )
        self.adopt(obj, created)

    def delete_model(self, request, obj):
        workflow.remove_link(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for link in queryset.select_related("from_claim", "to_claim"):
            workflow.remove_link(link, actor=request.user)


@admin.register(Evidence)
class EvidenceAdmin(WorkflowAdminMixin, BoundedSearchMixin, admin.ModelAdmin):
    """Evidence under a published verdict is read-only but for standards editors
    (the same check as the workflow's); reopening the claim frees it."""

    formfield_overrides = HTTPS_URLS
    list_display = ["citation", "stance", "claim", "source"]
    list_filter = ["stance"]
    list_select_related = ["claim", "source"]
    search_fields = ["citation", "note"]
    raw_id_fields = ["claim"]
    autocomplete_fields = ["source"]

    def get_readonly_fields(self, request, obj=None):
        return ["claim", "added_by"] if obj is not None else ["added_by"]

    def has_change_permission(self, request, obj=None):
        claim = obj.claim if obj is not None else None
        return workflow.can_change_evidence(request.user, claim)

    def has_delete_permission(self, request, obj=None):
        claim = obj.claim if obj is not None else None
        return workflow.can_remove_evidence(request.user, claim)

    def save_model(self, request, obj, form, change):
        if change:
            workflow.change_evidence(obj, actor=request.user, **changed_values(form))
            return
        values = {name: form.cleaned_data[name] for name in workflow.EVIDENCE_FIELDS}
        created = workflow.add_evidence(
            form.cleaned_data["claim"], actor=request.user, **values
        )
        self.adopt(obj, created)

    def delete_model(self, request, obj):
        workflow.remove_evidence(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for evidence in queryset.select_related("claim"):
            workflow.remove_evidence(evidence, actor=request.user)
