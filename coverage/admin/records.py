"""The desk's reference records: outlets, stories, articles, sources, evidence."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from coverage import workflow
from coverage.admin.base import (
    HTTPS_URLS,
    BoundedSearchMixin,
    LabelledTabularInline,
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


@admin.register(Outlet)
class OutletAdmin(BoundedSearchMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "homepage", "needs_review"]
    list_filter = ["needs_review"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Story)
class StoryAdmin(BoundedSearchMixin, admin.ModelAdmin):
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
class ArticleAdmin(BoundedSearchMixin, admin.ModelAdmin):
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
class SourceAdmin(BoundedSearchMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "kind", "description"]
    list_filter = ["kind"]
    search_fields = ["name", "normalised_name", "description"]


@admin.register(ClaimLink)
class ClaimLinkAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = ["from_claim", "relation", "to_claim", "created_at"]
    list_filter = ["relation"]
    list_select_related = ["from_claim", "to_claim"]
    raw_id_fields = ["from_claim", "to_claim"]


@admin.register(Evidence)
class EvidenceAdmin(BoundedSearchMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["citation", "stance", "claim", "source"]
    list_filter = ["stance"]
    list_select_related = ["claim", "source"]
    search_fields = ["citation", "note"]
    raw_id_fields = ["claim"]
    autocomplete_fields = ["source"]
    readonly_fields = ["added_by"]

    def save_model(self, request, obj, form, change):
        if obj.added_by_id is None:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
