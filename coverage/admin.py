from django.contrib import admin

from coverage.models import (
    Article,
    ArticleRevision,
    Claim,
    ClaimAppearance,
    ClaimLink,
    Correction,
    Evidence,
    Outlet,
    Source,
    Story,
    VerificationEvent,
)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "homepage", "needs_review"]
    list_filter = ["needs_review"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}


class ArticleRevisionInline(admin.TabularInline):
    model = ArticleRevision
    extra = 0
    can_delete = False
    fields = ["replaced_at", "headline", "content_hash", "replaced_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
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


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "description"]
    list_filter = ["kind"]
    search_fields = ["name", "normalised_name", "description"]


class ClaimAppearanceInline(admin.TabularInline):
    model = ClaimAppearance
    extra = 0
    autocomplete_fields = ["article"]


class EvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 0
    autocomplete_fields = ["source"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "claimant", "story", "assignee", "created_at"]
    list_filter = ["status", "story"]
    list_select_related = ["claimant", "story", "assignee"]
    search_fields = ["text", "claimant__name"]
    autocomplete_fields = ["claimant", "story"]
    readonly_fields = ["status", "verdict_published_at", "version"]
    inlines = [ClaimAppearanceInline, EvidenceInline]


@admin.register(ClaimLink)
class ClaimLinkAdmin(admin.ModelAdmin):
    list_display = ["from_claim", "relation", "to_claim", "created_at"]
    list_filter = ["relation"]
    raw_id_fields = ["from_claim", "to_claim"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["citation", "stance", "claim", "source"]
    list_filter = ["stance"]
    list_select_related = ["claim", "source"]
    search_fields = ["citation", "note"]
    raw_id_fields = ["claim"]


@admin.register(VerificationEvent)
class VerificationEventAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "claim",
        "action",
        "from_status",
        "to_status",
        "actor",
    ]
    list_filter = ["action", "to_status"]
    list_select_related = ["claim", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "author", "approver", "published_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["article", "author", "approver"]
    search_fields = [
        "what_was_wrong",
        "what_is_right",
        "public_explanation",
        "article__headline",
    ]
    raw_id_fields = ["article", "claim", "supersedes"]
    readonly_fields = ["status", "author", "submitted_at", "approver", "published_at"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)
