"""Import articles from text files, saved HTML pages and JSON Lines.

The acting user is recorded on every article (``--as``). Without ``--as`` the only
superuser is used when there is exactly one, so a fresh install can import at once;
otherwise the command asks who is importing rather than guess.
"""

import sys
from contextlib import ExitStack

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from tqdm import tqdm

from coverage.importers import (
    FORMATS,
    ImportFailed,
    ImportPermissionDenied,
    import_file,
    iter_paths,
    jobs,
    open_regular_file,
)
from coverage.public.payloads import site_url
from coverage.workflow import can_import


class Command(BaseCommand):
    help = "Import articles (text, HTML or JSON Lines) from files, directories or -."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", help="Files, directories, or - for stdin."
        )
        parser.add_argument("--format", choices=FORMATS, help="Skip format detection.")
        parser.add_argument(
            "--outlet", help="Outlet for articles that do not name one."
        )
        parser.add_argument(
            "--story", help="Story slug to file them under (created when missing)."
        )
        parser.add_argument(
            "--as", dest="username", help="Acting user (recorded as imported_by)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; write nothing."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar."
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Hand the files (text, HTML, JSON Lines or zip) to the Celery "
            "workers as one import job; print its admin page and id.",
        )

    def handle(self, *args, **options):
        actor = self.actor(options["username"])
        if not can_import(actor):
            raise CommandError(
                f"{actor} may not import articles: give them a desk role (Reporter, "
                "Editor or Standards editor) or the import_article permission."
            )
        if options["background"]:
            return self.background(actor, options)
        show = not options["no_progress"] and sys.stderr.isatty()
        totals = {
            "created": 0,
            "updated": 0,
            "unchanged": 0,
            "failed": 0,
            "claims_found": 0,
            "claims_below_threshold": 0,
        }
        with tqdm(unit=" articles", file=sys.stderr, disable=not show) as progress:
            for path in iter_paths(options["paths"]):
                if isinstance(path, ImportFailed):  # a directory it cannot search
                    self.stderr.write(str(path))
                    totals["failed"] += 1
                    continue
                try:
                    report = import_file(
                        path,
                        actor=actor,
                        fmt=options["format"],
                        outlet_name=options["outlet"],
                        story_slug=options["story"],
                        dry_run=options["dry_run"],
                        on_article=progress.update,
                    )
                except ImportPermissionDenied as error:
                    raise CommandError(str(error)) from None
                for error in report.errors:
                    self.stderr.write(error)
                for warning in report.warnings:
                    self.stderr.write(self.style.WARNING(warning))
                if options["verbosity"] >= 1:
                    self.stdout.write(f"{report.source}: {report.summary()}")
                for key in totals:
                    totals[key] += getattr(report, key)
        prefix = "Dry run, nothing written: " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}created {totals['created']}, updated {totals['updated']}, "
            f"unchanged {totals['unchanged']}, failed {totals['failed']}, "
            f"claims found {totals['claims_found']}"
            + (
                f" ({totals['claims_below_threshold']} more below the "
                "check-worthiness threshold, not stored)"
                if totals["claims_below_threshold"]
                else ""
            )
        )
        if totals["failed"]:
            raise CommandError(f"{totals['failed']} article(s) failed to import.")

    def background(self, actor, options):
        if options["dry_run"] or options["format"] or "-" in options["paths"]:
            raise CommandError(
                "--background imports named files; it takes no --dry-run, --format "
                "or stdin."
            )
        paths = list(iter_paths(options["paths"]))
        refused = [str(path) for path in paths if isinstance(path, ImportFailed)]
        if refused:
            raise CommandError("; ".join(refused))
        with ExitStack() as files:
            try:
                uploads = [
                    (path, files.enter_context(open_regular_file(path, source=path)))
                    for path in paths
                ]
                job = jobs.create_job(
                    uploads,
                    actor=actor,
                    outlet_name=options["outlet"] or "",
                    story_slug=options["story"] or "",
                )
            except ImportFailed as error:
                raise CommandError(str(error)) from None
            except jobs.UploadRefused as error:
                raise CommandError(" ".join(error.messages)) from None
        page = site_url(reverse("admin:coverage_importjob_change", args=[job.pk]))
        self.stdout.write(
            f"Import job {job.pk} queued: {job.total} article(s). Follow it at {page}"
        )

    def actor(self, username):
        users = get_user_model().objects
        if username:
            try:
                return users.get(username=username)
            except users.model.DoesNotExist:
                raise CommandError(f"No user named {username!r}.") from None
        superusers = list(users.filter(is_superuser=True, is_active=True)[:2])
        if len(superusers) != 1:
            raise CommandError("Say who is importing: --as USERNAME.")
        return superusers[0]
