"""Poll every active watched feed now, in the foreground (what the worker does
on schedule); with ``--refetch``, also re-fetch every watched article."""

from django.core.management.base import BaseCommand

from coverage.models import WatchedArticle, WatchedFeed
from coverage.watching import poll_feed, refetch_article


class Command(BaseCommand):
    help = "Poll watched feeds now; --refetch re-fetches every watched article."

    def add_arguments(self, parser):
        parser.add_argument("--refetch", action="store_true")

    def handle(self, *args, **options):
        for feed_id in WatchedFeed.objects.filter(active=True).values_list(
            "pk", flat=True
        ):
            report = poll_feed(feed_id)
            state = (
                "not modified"
                if report.not_modified
                else (f"{report.imported} imported, {report.known} known")
            )
            self.stdout.write(f"{report.feed.url}: {state}")
            for error in report.errors:
                self.stderr.write(f"  {error}")
        if options["refetch"]:
            for watch_id in WatchedArticle.objects.values_list("pk", flat=True):
                self.stdout.write(f"article {watch_id}: {refetch_article(watch_id)}")
