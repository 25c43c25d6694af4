"""Background imports: an upload becomes an ``ImportJob`` whose chunks Celery
workers import, each through the same importer as ``import_file``.

``create_job`` reads and checks the upload, stores its articles in chunks and
writes the job's audit row, in one transaction; the chunks are queued once it
commits. ``run_chunk`` imports one chunk in one transaction, which also marks the
chunk imported and raises the job's counters with ``F()``: a worker killed half-way
rolls back all of it, the broker hands the chunk to another (``acks_late``), and
the store's idempotence means a chunk run twice writes its articles once.
``finish`` closes the job when its last chunk is in.
"""

import datetime
from collections.abc import Iterable
from itertools import islice
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils import timezone

from coverage.importers import (
    ImportFailed,
    ImportPermissionDenied,
    ImportReport,
    import_parsed,
)
from coverage.importers.uploads import (
    Item,
    Limits,
    UploadRefused,
    articles_in,
    parse_item,
    read_uploads,
)
from coverage.models import (
    FINISHED_STATUSES,
    AuditAction,
    ImportChunk,
    ImportJob,
    ImportJobStatus,
)
from coverage.workflow.records import record
from coverage.workflow.rules import can_import

CHUNKS_PER_INSERT = 20

__all__ = [
    "ConcurrentWrite",
    "UploadRefused",
    "create_job",
    "fail",
    "failures_so_far",
    "finish",
    "progress",
    "run_chunk",
]


def create_job(
    uploads: Iterable[tuple[str, BinaryIO]],
    *,
    actor,
    outlet_name: str = "",
    story_slug: str = "",
) -> ImportJob:
    """The queued job of an upload (``(name, stream)`` pairs), or
    ``UploadRefused`` naming each file that cannot be imported, with nothing
    written. An article that fails to parse does not refuse the upload: it is a
    failure of the job, as it is a failure of a foreground import."""
    if not can_import(actor):
        raise ImportPermissionDenied(f"{actor} may not import articles.")
    uploads = list(uploads)
    size = settings.NEWSROOM_IMPORT_CHUNK_SIZE
    with transaction.atomic():
        job = ImportJob.objects.create(
            actor=actor,
            files=[name for name, _ in uploads],
            outlet_name=outlet_name,
            story_slug=story_slug,
        )
        total, failures, chunks = 0, [], 0
        items = _items(uploads, failures)
        while batch := list(islice(items, size * CHUNKS_PER_INSERT)):
            total += len(batch)
            ImportChunk.objects.bulk_create(
                _chunk(job, chunks + n, batch[start : start + size])
                for n, start in enumerate(range(0, len(batch), size))
            )
            chunks += -(-len(batch) // size)
        total += len(failures)
        if not total:
            raise UploadRefused("The upload holds no articles.")
        job.total = total
        job.done = job.failed = len(failures)
        job.failures = [_as_failure(failure) for failure in failures]
        if not chunks:
            job.status = ImportJobStatus.DONE
            job.finished_at = timezone.now()
        job.save()
        record(
            actor,
            AuditAction.IMPORT_JOB_CREATE,
            job,
            changes={"files": ([], job.files), "total": (0, total)},
            note=f"{total} article(s) in {chunks} chunk(s) for the workers.",
        )
        chunk_ids = list(job.chunks.values_list("pk", flat=True))
        transaction.on_commit(lambda: _enqueue(chunk_ids), robust=True)
    return job


class ConcurrentWrite(Exception):
    """Articles of the chunk collided with another worker's writes (both creating
    one outlet or source); the chunk was rolled back, to be run again."""


def run_chunk(chunk_id: int, *, retry_conflicts: bool = True) -> int | None:
    """Import one chunk unless it is imported already; the job's id, or None when
    the chunk is gone (its job finished). With ``retry_conflicts``, a chunk in
    which an article collided with another worker's writes raises
    ``ConcurrentWrite`` and writes nothing; without, those articles are failures."""
    ImportJob.objects.filter(chunks=chunk_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, started_at=Now()
    )
    with transaction.atomic():
        chunk = (
            ImportChunk.objects.select_for_update(of=("self",))
            .select_related("job__actor")
            .filter(pk=chunk_id)
            .first()
        )
        if chunk is None:
            return None
        job = chunk.job
        if chunk.imported or job.finished:
            return job.pk
        if not can_import(job.actor):
            _fail(job.pk, f"{job.actor} may no longer import articles.")
            return job.pk
        items = _items_of(chunk)
        report = import_parsed(
            (parse_item(item) for item in items),
            report=ImportReport(source=str(job)),
            actor=job.actor,
            outlet_name=job.outlet_name or None,
            story_slug=job.story_slug or None,
        )
        if report.conflicts and retry_conflicts:
            raise ConcurrentWrite(
                f"{report.conflicts} article(s) of chunk {chunk_id} collided with "
                "another worker's writes."
            )
        chunk.imported = True
        chunk.content = b""
        chunk.failures = [_as_failure(failure) for failure in report.failures]
        chunk.save(update_fields=["imported", "content", "failures"])
        ImportJob.objects.filter(pk=job.pk).update(
            done=F("done") + len(items),
            failed=F("failed") + report.failed,
            created=F("created") + report.created,
            updated=F("updated") + report.updated,
            unchanged=F("unchanged") + report.unchanged,
        )
    return job.pk


def finish(job_id: int) -> ImportJob:
    """Mark the job done once every chunk is imported, gathering the chunks'
    failures into it and deleting the chunks; a no-op before then, and after."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.finished or job.chunks.filter(imported=False).exists():
            return job
        job.failures = _in_file_order(
            [*job.failures, *_chunk_failures(job.chunks.all())]
        )
        job.status = ImportJobStatus.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["failures", "status", "finished_at"])
        job.chunks.all().delete()
    return job


def fail(chunk_id: int, *, error: str) -> None:
    """The job of a chunk that could not be imported, however often it was tried,
    fails with the reason; its other chunks are skipped."""
    job_id = (
        ImportChunk.objects.filter(pk=chunk_id).values_list("job", flat=True).first()
    )
    if job_id is not None:
        _fail(job_id, f"Chunk {chunk_id} could not be imported: {error}")


def progress(job: ImportJob) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "finished": job.finished,
    }


def failures_so_far(job: ImportJob) -> list[dict]:
    """The job's failures: all of them once it is finished, else those of the
    chunks imported so far (one query)."""
    if job.finished:
        return job.failures
    chunks = job.chunks.filter(imported=True)
    return _in_file_order([*job.failures, *_chunk_failures(chunks)])


def _fail(job_id: int, reason: str) -> None:
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportJobStatus.DONE).update(
        status=ImportJobStatus.FAILED, error=reason, finished_at=Now()
    )


def _items(uploads, failures: list[ImportFailed]):
    """The upload's articles; files or lines refused before parsing (an empty
    JSON Lines file) go to ``failures``."""
    for source, fmt, content in read_uploads(uploads, limits=Limits.from_settings()):
        for item in articles_in(source, fmt, content):
            if isinstance(item, ImportFailed):
                failures.append(item)
            else:
                yield item


def _chunk(job: ImportJob, number: int, items: list[Item]) -> ImportChunk:
    return ImportChunk(
        job=job,
        number=number,
        items=[[item.source, item.line, item.fmt, len(item.data)] for item in items],
        content=b"".join(item.data for item in items),
    )


def _items_of(chunk: ImportChunk) -> list[Item]:
    content, offset, items = bytes(chunk.content), 0, []
    for source, line, fmt, length in chunk.items:
        items.append(Item(source, line, fmt, content[offset : offset + length]))
        offset += length
    return items


def _chunk_failures(chunks) -> list[dict]:
    return [
        failure
        for failures in chunks.values_list("failures", flat=True)
        for failure in failures
    ]


def _as_failure(error: ImportFailed) -> dict:
    return {
        "file": error.source,
        "line": error.line,
        "field": error.field,
        "problem": error.problem,
    }


def _in_file_order(failures: list[dict]) -> list[dict]:
    return sorted(failures, key=lambda f: (f["file"], f["line"] or 0))


def stalled_chunk_ids(*, older_than: datetime.timedelta) -> list[int]:
    """Chunks of unfinished jobs older than ``older_than`` still not imported: the
    broker was down when their job committed, or lost their tasks. Queuing one
    twice costs a look, never a second import (``run_chunk`` skips imported
    chunks)."""
    return list(
        ImportChunk.objects.filter(
            imported=False,
            job__created_at__lt=timezone.now() - older_than,
        )
        .exclude(job__status__in=FINISHED_STATUSES)
        .values_list("pk", flat=True)[:1000]
    )


def requeue_stalled(*, older_than: datetime.timedelta) -> int:
    """The sweeper for lost chunk tasks (the beat runs it, like the e-mail one)."""
    chunk_ids = stalled_chunk_ids(older_than=older_than)
    _enqueue(chunk_ids)
    return len(chunk_ids)


def _enqueue(chunk_ids: list[int]) -> None:
    from coverage.tasks import run_import_chunk  # tasks.py imports this module

    for chunk_id in chunk_ids:
        run_import_chunk.delay(chunk_id)
