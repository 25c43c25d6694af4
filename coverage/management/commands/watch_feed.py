"""Start watching an outlet's feed (RSS, Atom, JSON Feed or news sitemap).

The outlet is found by name, or created; the feed's imports are made in the name
of ``--as`` (or the only superuser), and the registration is on the record."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from coverage.management.commands.import_articles import Command as ImportCommand
from coverage.models import FeedKind, Outlet
from coverage.watching import watch_feed


class Command(BaseCommand):
    help = "Watch an outlet's feed: new articles are imported as they appear."

    actor = ImportCommand.actor

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--outlet", required=True, help="Outlet name.")
        parser.add_argument("--kind", choices=FeedKind.values, default=FeedKind.RSS)
        parser.add_argument("--every", type=int, default=30, help="Minutes.")
        parser.add_argument("--as", dest="username", help="Acting user.")

    def handle(self, *args, **options):
        actor = self.actor(options["username"])
        outlet = Outlet.objects.filter(name__iexact=options["outlet"]).first()
        if outlet is None:
            raise CommandError(f"No outlet named {options['outlet']!r}.")
        try:
            feed = watch_feed(
                outlet=outlet,
                url=options["url"],
                kind=options["kind"],
                actor=actor,
                interval_minutes=options["every"],
            )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(
                "; ".join(getattr(error, "messages", [str(error)]))
            ) from error
        self.stdout.write(f"Watching {feed} every {feed.interval_minutes} minutes.")
