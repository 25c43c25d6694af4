"""The desk's reference records: outlets, stories, articles, sources, evidence."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from coverage import search, versions, workflow
from coverage.admin.base import (
    HTTPS_URLS,
    WORKFLOW_ERRORS,
    BoundedSearchMixin,
    LabelledTabularInline,
    WorkflowAdminMixin,
)
from coverage.admin.large_lists import (
    LargeChangeList,
    LargeChangelistMixin,
    StoryFilter,
    highlighted,
)
from coverage.models import (
    Article,
    ArticleRevision,
    ClaimLink,
    Evidence,
    Outlet,
    Source,
    SourceAlias,
    Story,
)
from coverage.sources import suggested_merges, why_same


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
    fields = [
        "replaced_at",
        "headline",
        "grade",
        "reasons",
        "content_hash",
        "replaced_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def is_address(term: str) -> bool:
    """A search for an article by its address (the start of its URL) rather than
    by words: one word with a slash or a dot in it."""
    term = term.strip()
    return bool(term) and " " not in term and ("/" in term or "." in term)


class ArticleChangeList(LargeChangeList):
    # What a row shows (ArticleAdmin.list_display, the checkbox's label the
    # headline): not the article's text, twice (as imported and cleaned), nor
    # its outlet's and story's other columns.
    ROW_FIELDS = [
        "headline",
        "outlet__name",
        "story__title",
        "published_at",
        "headline_inferred",
        "is_retracted",
    ]


@admin.register(Article)
class ArticleAdmin(LargeChangelistMixin, ReferenceAdmin):
    create = staticmethod(workflow.create_article)
    update = staticmethod(workflow.update_article)
    can_edit = staticmethod(workflow.can_edit_article)
    editable = workflow.ARTICLE_EDITABLE_FIELDS
    formfield_overrides = HTTPS_URLS
    list_display = [
        "shown_headline",
        "outlet",
        "story",
        "published_at",
        "headline_inferred",
        "is_retracted",
    ]
    # Published today, this week, this month or year: by what it costs nothing to
    # ask. Django's date hierarchy read the distinct years of every article's
    # date on each page view (65 ms of the list's 160 at 200,000 articles).
    list_filter = [
        ("published_at", admin.DateFieldListFilter),
        "outlet",
        StoryFilter,
        "source_format",
        "headline_inferred",
        "is_retracted",
    ]
    list_select_related = ["outlet", "story"]
    # On PostgreSQL: the headline and byline's search vector, or the address
    # when the search is one (get_search_results).
    search_fields = ["headline", "byline", "url"]
    excerpt_field = "headline"
    autocomplete_fields = ["outlet", "story"]
    readonly_fields = [
        "corrections_list",
        "watch_info",
        "raw_text",
        "content_hash",
        "source_format",
        "source_name",
        "imported_at",
        "imported_by",
        "is_retracted",
        "retracted_at",
    ]
    inlines = [ArticleRevisionInline]

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    # The headline, with a search's matches marked.
    @admin.display(description="headline", ordering="headline")
    def shown_headline(self, article):
        return highlighted(article, article.headline)

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

    @admin.display(description="Watched")
    def watch_info(self, article):
        watch = getattr(article, "watch", None) if article.pk else None
        if watch is None:
            return "Not watched."
        return format_html(
            "From {}; last fetched {}, next {}, watched until {}{}",
            watch.feed or "a feed no longer watched",
            watch.last_fetched_at or "never",
            watch.next_fetch_at,
            watch.watch_until,
            f" (last error: {watch.last_error})" if watch.last_error else "",
        )

    def get_search_results(self, request, queryset, search_term):
        if search.full_text() and is_address(search_term):
            return queryset.filter(url__startswith=search_term.strip()), False
        return super().get_search_results(request, queryset, search_term)

    def searches_full_text(self, request):
        if is_address(request.GET.get(SEARCH_VAR, "")):
            return False
        return super().searches_full_text(request)

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        obj = kwargs.get("obj")
        if obj is not None:
            context["versions_url"] = reverse(
                "admin:coverage_article_versions", args=[obj.pk]
            )
        if obj is not None and workflow.can_draft_correction(request.user, obj):
            context["draft_correction_url"] = (
                reverse("admin:coverage_correction_add") + f"?article={obj.pk}"
            )
        return super().render_change_form(request, context, add, change, **kwargs)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/versions/",
                self.admin_site.admin_view(self.versions_view),
                name="coverage_article_versions",
            ),
            *super().get_urls(),
        ]

    def versions_view(self, request, object_id):
        """Any two of the article's versions compared: ``?a=<revision>&b=<revision
        or current>``."""
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404(f"No article with id {object_id!r}.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        page = versions.versions_page(
            article, a=request.GET.get("a"), b=request.GET.get("b")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Versions of “{article}”",
            "page": page,
            "change_url": reverse("admin:coverage_article_change", args=[article.pk]),
        }
        return TemplateResponse(
            request,
            "admin/coverage/article/versions.html",
            context,
            status=400 if page.problem else 200,
        )


class SourceAliasInline(LabelledTabularInline):
    """Names merged into this source; the importer files them under it."""

    model = SourceAlias
    extra = 0
    can_delete = False
    fields = ["name", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(ReferenceAdmin):
    create = staticmethod(workflow.create_source)
    update = staticmethod(workflow.update_source)
    can_edit = staticmethod(workflow.can_edit_source)
    editable = workflow.SOURCE_EDITABLE_FIELDS
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "kind", "description"]
    list_filter = ["kind"]
    search_fields = ["name", "normalised_name", "description", "aliases__name"]
    inlines = [SourceAliasInline]
    actions = ["merge_selected"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not workflow.can_merge_sources(request.user, None):
            actions.pop("merge_selected", None)
        return actions

    @admin.action(description="Merge the two selected sources")
    def merge_selected(self, request, queryset):
        pair = list(queryset.order_by("pk").values_list("pk", flat=True)[:3])
        if len(pair) != 2:
            self.message_user(
                request, "Select exactly two sources to merge.", messages.ERROR
            )
            return None
        return HttpResponseRedirect(
            reverse("admin:coverage_source_merge", args=[pair[1], pair[0]])
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "merge-suggestions/",
                view(self.suggestions_view),
                name="coverage_source_merge_suggestions",
            ),
            path(
                "<int:merge>/merge-into/<int:keep>/",
                view(self.merge_view),
                name="coverage_source_merge",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, title, **values):
        request.current_app = self.admin_site.name
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "may_merge": workflow.can_merge_sources(request.user, None),
            **values,
        }

    def suggestions_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = self._context(
            request, "Sources that may be one", suggestions=suggested_merges()
        )
        return TemplateResponse(
            request, "admin/coverage/source/merge_suggestions.html", context
        )

    def merge_view(self, request, merge, keep):
        """GET: the two, and which is kept; POST: merge, through the workflow."""
        if not workflow.can_merge_sources(request.user, None):
            raise PermissionDenied
        sources = Source.objects.in_bulk([keep, merge])
        if keep not in sources or merge not in sources:
            raise Http404("No such pair of sources.")
        keep, merge = sources[keep], sources[merge]
        if request.method == "POST":
            result = self.run_merge(request, keep, merge, request.POST.get("note", ""))
            if result is not None:
                return HttpResponseRedirect(self.change_url(result))
            return HttpResponseRedirect(reverse("admin:coverage_source_changelist"))
        context = self._context(
            request,
            "Merge two sources",
            keep=keep,
            merge=merge,
            reason=why_same(keep, merge),
            keep_claims=keep.claims.count(),
            merge_claims=merge.claims.count(),
        )
        return TemplateResponse(
            request, "admin/coverage/source/merge_confirm.html", context
        )

    def run_merge(self, request, keep, merge, note):
        merged_name = merge.name
        try:
            result = workflow.merge_sources(
                actor=request.user, keep=keep, merge=merge, note=note.strip()
            )
        except WORKFLOW_ERRORS as error:
            self.message_user(request, workflow.message_of(error), messages.ERROR)
            return None
        self.message_user(
            request,
            f"Merged “{merged_name}” into “{result.name}”.",
            messages.SUCCESS,
        )
        return result


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
