"""Background imports: a job per upload, run by Celery workers in chunks.

The uploaded content is kept in the database, in the job's chunks, not as files in
``MEDIA_ROOT``: every worker already shares the database, on whatever machine it
runs, so a job uploaded to one web server is imported by a worker on another with
no shared file storage to set up, and a chunk's content is committed together with
the job that needs it. A chunk's content is emptied once it is imported, and the
chunks are deleted when the job finishes, so the database keeps only the result.
"""

from django.conf import settings
from django.db import models


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


FINISHED_STATUSES = frozenset({ImportJobStatus.DONE, ImportJobStatus.FAILED})


class ImportJobQuerySet(models.QuerySet):
    def unfinished(self):
        return self.exclude(status__in=FINISHED_STATUSES)


class ImportJob(models.Model):
    """One upload's import. ``done`` counts the articles handled (imported or
    failed) out of ``total``; the counters are raised with ``F()`` by each chunk as
    it commits, so workers running two chunks at once lose no update."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who uploaded it; the articles are imported in their name.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    files = models.JSONField(default=list, help_text="The uploaded files' names.")
    outlet_name = models.CharField(max_length=200, blank=True)
    story_slug = models.SlugField(max_length=200, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failures = models.JSONField(
        default=list,
        help_text="One {file, line, field, problem} per article that failed.",
    )
    error = models.TextField(blank=True, help_text="Why the job itself failed.")

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"], name="importjob_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total"))
                & models.Q(failed__lte=models.F("done")),
                name="importjob_counts_within_total",
            )
        ]

    def __str__(self):
        return f"Import {self.pk} ({len(self.files)} file(s))"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    def failure_lines(self) -> list[str]:
        return [failure_line(failure) for failure in self.failures]


def failure_line(failure: dict) -> str:
    """``file:line: field: problem``, as the importer words its errors."""
    where = failure["file"]
    if failure.get("line") is not None:
        where = f"{where}:{failure['line']}"
    return f"{where}: {failure['field']}: {failure['problem']}"


class ImportChunk(models.Model):
    """Up to a chunk's worth of articles of one job, imported in one transaction.

    ``items`` describes each article as ``[file, line, format, length]`` and
    ``content`` holds their bytes one after the other, exactly as uploaded (the
    parsers decode them, as they do a file)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    items = models.JSONField(default=list)
    content = models.BinaryField(default=b"")
    imported = models.BooleanField(default=False)
    failures = models.JSONField(default=list)

    class Meta:
        ordering = ["job_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "number"], name="importchunk_unique_number"
            )
        ]

    def __str__(self):
        return f"Import {self.job_id}, chunk {self.number}"
