"""Background imports: staff who may import (``can_import``, and the job
permissions the migration gives the same roles) upload files here, follow the job
while workers import it, and read its failures. Jobs are written only by
``coverage.importers.jobs``."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from coverage.admin.base import AuditHistoryMixin, BoundedSearchMixin
from coverage.importers import jobs
from coverage.importers.uploads import MB, Limits
from coverage.models import ImportJob, failure_line
from coverage.workflow import can_import

REFRESH_SECONDS = 2


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class UploadForm(forms.Form):
    files = MultipleFileField(
        help_text="Text, HTML or JSON Lines files, or a zip of them."
    )
    outlet = forms.CharField(
        required=False, max_length=200, help_text="For articles that name none."
    )
    story = forms.SlugField(
        required=False, help_text="Story slug to file them under (created if new)."
    )


@admin.register(ImportJob)
class ImportJobAdmin(AuditHistoryMixin, BoundedSearchMixin, admin.ModelAdmin):
    list_display = ["__str__", "actor", "created_at", "status", "done", "total"]
    list_display_links = ["__str__"]
    list_filter = ["status"]
    list_select_related = ["actor"]
    search_fields = ["actor__username"]

    def has_module_permission(self, request):
        return can_import(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_import(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return can_import(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:job_id>/progress.json",
                self.admin_site.admin_view(self.progress_json),
                name="coverage_importjob_progress",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = jobs.create_job(
                    [(file.name, file) for file in form.cleaned_data["files"]],
                    actor=request.user,
                    outlet_name=form.cleaned_data["outlet"],
                    story_slug=form.cleaned_data["story"],
                )
            except jobs.UploadRefused as error:
                form.add_error("files", error)
            else:
                return HttpResponseRedirect(
                    reverse("admin:coverage_importjob_change", args=[job.pk])
                )
        limits = Limits.from_settings()
        return self.render_page(
            request,
            "upload.html",
            title="Import articles in the background",
            form=form,
            limits=limits,
            file_mb=limits.file_bytes // MB,
            total_mb=limits.total_bytes // MB,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.job(request, object_id)
        return self.render_page(
            request,
            "progress.html",
            title=str(job),
            job=job,
            failures=[failure_line(f) for f in jobs.failures_so_far(job)],
            refresh=None if job.finished else REFRESH_SECONDS,
        )

    def progress_json(self, request, job_id):
        return JsonResponse(jobs.progress(self.job(request, job_id)))

    def job(self, request, job_id) -> ImportJob:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(ImportJob.objects.select_related("actor"), pk=job_id)

    def render_page(self, request, template, **context):
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            f"admin/coverage/importjob/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "subtitle": None,
                **context,
            },
        )
