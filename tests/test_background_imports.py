"""Background imports: the upload page and who may use it, what a zip may hold,
chunks imported by workers (in-process here, real Celery workers on PostgreSQL at
the end), the progress and result pages, and ``import_articles --background``."""

import datetime
import io
import json
import struct
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage.importers import ImportPermissionDenied, jobs
from coverage.models import (
    Article,
    AuditAction,
    AuditEntry,
    ImportChunk,
    ImportJob,
    ImportJobStatus,
)
from tests.factories import UserFactory
from tests.logins import log_in
from tests.processes import wait_until

ADD = reverse("admin:coverage_importjob_add")


def line(number: int, **fields) -> str:
    record = {
        "headline": f"Flood story {number}",
        "body": f"The council said {number + 100} homes flooded in 2020. "
        "Residents gathered at the harbour to look at the damage.",
        "url": f"https://daily.test/floods/{number}",
        "outlet": "The Daily Test",
        **fields,
    }
    return json.dumps(record) + "\n"


def jsonl(count: int, *, bad_lines=()) -> bytes:
    return "".join(
        "{not json\n" if n in bad_lines else line(n) for n in range(count)
    ).encode()


def zipped(members: dict[str, bytes], *, name="upload.zip") -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    buffer.seek(0)
    buffer.name = name
    return buffer


def upload(name: str, stream) -> list:
    return [(name, stream)]


def job_of(upload_name, stream, actor, **options) -> ImportJob:
    job = jobs.create_job(upload(upload_name, stream), actor=actor, **options)
    job.refresh_from_db()
    return job


@pytest.fixture
def small_chunks(settings):
    settings.NEWSROOM_IMPORT_CHUNK_SIZE = 2


# Who may upload.


@pytest.fixture
def staff_without_import(db):
    return UserFactory(username="clerk")  # staff, in no role: no import_article


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("staff without can_import", 403), ("reporter", 200)],
)
def test_who_may_open_the_upload_page(
    client, reporter, staff_without_import, who, expected
):
    user = {"reporter": reporter, "staff without can_import": staff_without_import}
    if who in user:
        log_in(client, user[who])
    response = client.get(ADD)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("admin:login"))


def test_a_crafted_upload_from_staff_without_can_import_is_refused(
    client, staff_without_import
):
    log_in(client, staff_without_import)
    response = client.post(
        ADD, {"files": SimpleUploadedFile("a.jsonl", jsonl(1))}, follow=False
    )
    assert response.status_code == 403
    assert not ImportJob.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT_JOB_CREATE).exists()


def test_staff_without_can_import_see_no_job(client, staff_without_import, reporter):
    job = job_of("a.jsonl", io.BytesIO(jsonl(1)), reporter)
    log_in(client, staff_without_import)
    change = reverse("admin:coverage_importjob_change", args=[job.pk])
    progress = reverse("admin:coverage_importjob_progress", args=[job.pk])
    assert client.get(change).status_code == 403
    assert client.get(progress).status_code == 403


def test_create_job_refuses_a_user_without_can_import(staff_without_import):
    with pytest.raises(ImportPermissionDenied, match="clerk may not import articles"):
        jobs.create_job(
            upload("a.jsonl", io.BytesIO(jsonl(1))), actor=staff_without_import
        )
    assert not ImportJob.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_upload_becomes_a_queued_job_with_one_audit_row(
    reporter_client, reporter, small_chunks
):
    response = reporter_client.post(
        ADD,
        {
            "files": [
                SimpleUploadedFile("a.jsonl", jsonl(3)),
                SimpleUploadedFile(
                    "b.txt",
                    b"Title: A text article\n\nThe mayor said 40 bridges were closed.",
                ),
            ]
        },
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:coverage_importjob_change", args=[job.pk]
    )
    assert (job.status, job.total, job.done, job.actor) == ("queued", 4, 0, reporter)
    assert job.files == ["a.jsonl", "b.txt"]
    assert job.chunks.count() == 2
    (entry,) = AuditEntry.objects.filter(action=AuditAction.IMPORT_JOB_CREATE)
    assert entry.actor == reporter
    assert entry.object_id == job.pk


# What an upload may hold.


def lying_about_its_size(content: bytes, *, declared: int) -> io.BytesIO:
    """A zip whose member says it is ``declared`` bytes once uncompressed."""
    data = bytearray(zipped({"bomb.txt": content}).getvalue())
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, declared)
    struct.pack_into("<I", data, central + 24, declared)
    stream = io.BytesIO(bytes(data))
    stream.name = "upload.zip"
    return stream


def with_symlink() -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("secrets.txt")
        info.external_attr = (0o120777) << 16
        archive.writestr(info, "/etc/passwd")
    buffer.seek(0)
    return buffer


REFUSALS = [
    (
        "path traversal",
        lambda: zipped({"../../etc/cron.d/evil.txt": b"x"}),
        "upload.zip/../../etc/cron.d/evil.txt: a name climbing out of the archive",
    ),
    (
        "absolute path",
        lambda: zipped({"/etc/evil.txt": b"x"}),
        "upload.zip//etc/evil.txt: an absolute path is refused.",
    ),
    (
        "symbolic link",
        with_symlink,
        "upload.zip/secrets.txt: a symbolic link is refused.",
    ),
    (
        "nested zip",
        lambda: zipped({"inner.zip": zipped({"a.txt": b"x"}).getvalue()}),
        "upload.zip/inner.zip: an archive inside an upload is refused",
    ),
    (
        "zip disguised as text",
        lambda: zipped({"inner.txt": zipped({"a.txt": b"x"}).getvalue()}),
        "upload.zip/inner.txt: a zip inside an upload is refused",
    ),
    (
        "too many members",
        lambda: zipped({f"{n}.txt": b"Some text." for n in range(4)}),
        "upload.zip: holds 4 files; at most 3 may be uploaded at once.",
    ),
    (
        "declared size over the cap",
        lambda: zipped({"big.txt": b"a" * (1024 * 1024 + 1)}),
        "upload.zip/big.txt: declares 1 MB once uncompressed; the limit per file "
        "is 1 MB.",
    ),
    (
        "declared total over the cap",
        lambda: zipped({f"{n}.txt": b"a" * (1024 * 1024 - 10) for n in range(3)}),
        "upload.zip: declares 2 MB once uncompressed; at most 2 MB may be uploaded",
    ),
    (
        "a size that lies",
        lambda: lying_about_its_size(b"a" * (2 * 1024 * 1024), declared=100),
        "upload.zip/bomb.txt: cannot be read from the zip",
    ),
    (
        "unsupported extension",
        lambda: zipped({"report.pdf": b"%PDF-1.4"}),
        "upload.zip/report.pdf: “.pdf” files are not supported",
    ),
    (
        "not a zip",
        lambda: io.BytesIO(b"just text"),
        "upload.zip: not a readable zip file.",
    ),
]


@pytest.fixture
def small_limits(settings):
    settings.NEWSROOM_IMPORT_MAX_FILES = 3
    settings.NEWSROOM_IMPORT_MAX_FILE_MB = 1
    settings.NEWSROOM_IMPORT_MAX_TOTAL_MB = 2


@pytest.mark.parametrize(
    ("case", "make", "message"), REFUSALS, ids=[case for case, _, _ in REFUSALS]
)
def test_a_zip_is_refused_by_member_with_nothing_written(
    reporter, small_limits, case, make, message
):
    with pytest.raises(jobs.UploadRefused) as refused:
        jobs.create_job(upload("upload.zip", make()), actor=reporter)
    assert any(text.startswith(message) for text in refused.value.messages), (
        refused.value.messages
    )
    assert not ImportJob.objects.exists()
    assert not ImportChunk.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_file_over_the_cap_is_refused(reporter, small_limits):
    with pytest.raises(jobs.UploadRefused, match=r"big.jsonl: larger than the 1 MB"):
        jobs.create_job(
            upload("big.jsonl", io.BytesIO(b"a" * (1024 * 1024 + 1))), actor=reporter
        )


def test_each_refused_member_is_named(reporter):
    with pytest.raises(jobs.UploadRefused) as refused:
        jobs.create_job(
            upload(
                "upload.zip", zipped({"a.pdf": b"x", "../b.txt": b"x", "ok.txt": b"x"})
            ),
            actor=reporter,
        )
    assert [m.split(":")[0] for m in refused.value.messages] == [
        "upload.zip/a.pdf",
        "upload.zip/../b.txt",
    ]


def test_the_upload_page_shows_the_refusal(reporter_client):
    stream = zipped({"../evil.txt": b"x"})
    response = reporter_client.post(
        ADD, {"files": SimpleUploadedFile("upload.zip", stream.getvalue())}
    )
    assert response.status_code == 200
    assert "upload.zip/../evil.txt: a name climbing out of the archive" in (
        response.content.decode()
    )
    assert not ImportJob.objects.exists()


def test_hidden_files_and_resource_forks_are_skipped(reporter):
    stream = zipped(
        {"a.jsonl": jsonl(1), "__MACOSX/._a.jsonl": b"\x00\x01", ".DS_Store": b"\x00"}
    )
    assert job_of("upload.zip", stream, reporter).total == 1


# Chunks, run in this process.


def run_all(job: ImportJob) -> ImportJob:
    for chunk_id in job.chunks.values_list("pk", flat=True):
        jobs.run_chunk(chunk_id)
    jobs.finish(job.pk)
    job.refresh_from_db()
    return job


def test_chunks_import_every_article_and_gather_the_failures(reporter, small_chunks):
    stream = zipped({"a.jsonl": jsonl(5, bad_lines={3}), "empty.jsonl": b"\n"})
    job = job_of("upload.zip", stream, reporter)
    assert (job.total, job.done, job.failed, job.chunks.count()) == (6, 1, 1, 3)

    job = run_all(job)

    assert (job.status, job.done, job.failed, job.created) == ("done", 6, 2, 4)
    assert job.failure_lines() == [
        "upload.zip/a.jsonl:4: json: Expecting property name enclosed in double "
        "quotes at column 2",
        "upload.zip/empty.jsonl: file: empty file",
    ]
    assert Article.objects.count() == 4
    assert not job.chunks.exists()


def test_a_chunk_run_twice_imports_once(reporter, small_chunks):
    job = job_of("a.jsonl", io.BytesIO(jsonl(4)), reporter)
    first = job.chunks.first().pk
    jobs.run_chunk(first)
    jobs.run_chunk(first)  # the broker handing it out again
    job.refresh_from_db()
    assert (job.done, job.created) == (2, 2)
    assert Article.objects.count() == 2


def test_importing_the_same_upload_again_creates_nothing_new(reporter, small_chunks):
    run_all(job_of("a.jsonl", io.BytesIO(jsonl(4)), reporter))
    again = run_all(job_of("a.jsonl", io.BytesIO(jsonl(4)), reporter))
    assert (again.created, again.unchanged, again.failed) == (0, 4, 0)
    assert Article.objects.count() == 4


def test_the_sweeper_finds_the_chunks_a_lost_broker_never_delivered(
    reporter, small_chunks
):
    # create_job's on-commit queuing never runs here: as if the broker were down
    waiting = job_of("a.jsonl", io.BytesIO(jsonl(4)), reporter)
    chunk_ids = list(waiting.chunks.values_list("pk", flat=True))
    assert len(chunk_ids) == 2
    assert jobs.stalled_chunk_ids(older_than=datetime.timedelta(hours=1)) == []
    assert sorted(jobs.stalled_chunk_ids(older_than=datetime.timedelta(0))) == (
        chunk_ids
    )
    jobs.run_chunk(chunk_ids[0])
    assert jobs.stalled_chunk_ids(older_than=datetime.timedelta(0)) == [chunk_ids[1]]
    run_all(waiting)
    assert jobs.stalled_chunk_ids(older_than=datetime.timedelta(0)) == []


def test_a_job_is_imported_once_its_transaction_commits(
    reporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.create_job(upload("a.jsonl", io.BytesIO(jsonl(3))), actor=reporter)
    job.refresh_from_db()
    assert (job.status, job.created) == ("done", 3)


def test_a_job_whose_uploader_lost_the_right_to_import_fails(reporter, small_chunks):
    job = job_of("a.jsonl", io.BytesIO(jsonl(2)), reporter)
    reporter.groups.clear()
    reporter.is_active = False
    reporter.save()
    jobs.run_chunk(job.chunks.get().pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.error == "reporter may no longer import articles."
    assert not Article.objects.exists()


# The progress and result pages.


def progress_page(client, job):
    return client.get(reverse("admin:coverage_importjob_change", args=[job.pk]))


def test_the_progress_page_refreshes_itself_until_the_job_is_done(
    reporter_client, reporter, small_chunks
):
    job = job_of("a.jsonl", io.BytesIO(jsonl(4, bad_lines={0})), reporter)
    jobs.run_chunk(job.chunks.first().pk)
    page = progress_page(reporter_client, job).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "2 of 4 article(s) done, 1 failed so far" in page
    assert "a.jsonl:1: json: Expecting property name" in page

    progress = reverse("admin:coverage_importjob_progress", args=[job.pk])
    assert reporter_client.get(progress).json() == {
        "id": job.pk,
        "status": "running",
        "total": 4,
        "done": 2,
        "failed": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "finished": False,
    }
    run_all(job)
    page = progress_page(reporter_client, job).content.decode()
    assert "http-equiv" not in page
    assert "4 of 4 article(s) done, 1 failed so far: created 3" in page


def queries_of(client, job) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert progress_page(client, job).status_code == 200
    return len(queries)


def test_the_progress_page_costs_the_same_queries_for_1_or_10_failures(
    reporter_client, reporter, small_chunks
):
    one = job_of("a.jsonl", io.BytesIO(jsonl(4, bad_lines={0})), reporter)
    ten = job_of("b.jsonl", io.BytesIO(jsonl(24, bad_lines=set(range(10)))), reporter)
    for job in (one, ten):
        for chunk in job.chunks.all()[:6]:
            jobs.run_chunk(chunk.pk)
    # Session, user, whether the role needs a second factor, the user's and the
    # groups' permissions (can_import), the job with its uploader, and the
    # imported chunks' failures.
    assert queries_of(reporter_client, one) == queries_of(reporter_client, ten) == 7
    run_all(ten)
    # Once finished, the failures are on the job: no query for the chunks.
    assert queries_of(reporter_client, ten) == 6


# The command.


def test_the_command_hands_the_files_to_the_workers(reporter, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(jsonl(3))
    out = StringIO()
    call_command(
        "import_articles", str(path), "--background", "--as", "reporter", stdout=out
    )
    job = ImportJob.objects.get()
    page = reverse("admin:coverage_importjob_change", args=[job.pk])
    assert out.getvalue() == (
        f"Import job {job.pk} queued: 3 article(s). Follow it at "
        f"http://127.0.0.1:8000{page}\n"
    )
    assert (job.status, job.files, job.actor) == ("queued", [str(path)], reporter)
    assert not Article.objects.exists()  # nothing in the foreground


def test_the_command_refuses_a_bad_zip_naming_the_member(reporter, tmp_path):
    path = tmp_path / "batch.zip"
    path.write_bytes(zipped({"../x.txt": b"x"}).getvalue())
    with pytest.raises(CommandError, match=r"batch.zip/\.\./x.txt: a name climbing"):
        call_command("import_articles", str(path), "--background", "--as", "reporter")
    assert not ImportJob.objects.exists()


def test_the_command_still_imports_in_the_foreground(reporter, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(jsonl(2))
    call_command("import_articles", str(path), "--as", "reporter", stdout=StringIO())
    assert Article.objects.count() == 2
    assert not ImportJob.objects.exists()


# Real workers, on PostgreSQL.


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_imports_a_zip_with_progress_and_failures(
    mailbox_and_queue, client, settings
):
    _mailbox, task_queue = mailbox_and_queue
    settings.NEWSROOM_IMPORT_CHUNK_SIZE = 2
    reporter = UserFactory(username="reporter", role="Reporter")
    log_in(client, reporter)
    stream = zipped(
        {
            "wire/a.jsonl": jsonl(5, bad_lines={2}),
            "wire/b.txt": b"Title: Bridges\n\nThe mayor said 40 bridges were closed.",
        }
    )
    response = client.post(
        ADD, {"files": SimpleUploadedFile("upload.zip", stream.getvalue())}
    )
    job = ImportJob.objects.get()
    assert response["Location"].endswith(f"/{job.pk}/change/")
    task_queue.start_worker("w1")

    def finished():
        job.refresh_from_db()
        return job.finished

    wait_until(finished, awaited="the worker to finish the import")
    page = progress_page(client, job).content.decode()
    assert job.status == "done"
    assert "6 of 6 article(s) done, 1 failed so far: created 5" in page
    assert (
        "upload.zip/wire/a.jsonl:3: json: Expecting property name enclosed in "
        "double quotes at column 2"
    ) in page
    assert Article.objects.count() == 5
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT_JOB_CREATE).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_import_leaves_its_chunk_to_another_imported_once(
    mailbox_and_queue, settings
):
    _mailbox, task_queue = mailbox_and_queue
    settings.NEWSROOM_IMPORT_CHUNK_SIZE = 40
    reporter = UserFactory(username="reporter", role="Reporter")
    first = task_queue.start_worker("w1")
    job = jobs.create_job(upload("a.jsonl", io.BytesIO(jsonl(120))), actor=reporter)

    def running():
        job.refresh_from_db()
        return job.status == ImportJobStatus.RUNNING

    wait_until(running, awaited="the first worker to take a chunk")
    first.kill()  # a chunk's transaction is open: it rolls back
    task_queue.start_worker("w2")

    def finished():
        job.refresh_from_db()
        return job.finished

    wait_until(finished, awaited="the second worker to finish the import")
    assert (job.status, job.done, job.created, job.failed) == ("done", 120, 120, 0)
    assert Article.objects.count() == 120
