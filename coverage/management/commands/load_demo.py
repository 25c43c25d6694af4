from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coverage.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo newsroom (articles, claims, corrections, one account per role) "
        "and print the logins. Safe to run twice; refuses to run with DEBUG off, "
        "because the demo accounts have published passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (a throwaway staging database only).",
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo accounts with DEBUG off: their passwords are "
                "public. Use --force on a throwaway database."
            )
        accounts = load_demo()
        self.stdout.write(
            self.style.SUCCESS("Demo newsroom ready. Log in at /admin/ as:")
        )
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<10} password {account.password:<15} ({account.role})"
            )
            if account.app_secret:
                self.stdout.write(f"  {'':<10} app secret {account.app_secret}")
        self.stdout.write(
            "Editors, standards editors and superusers then give a six-digit code: "
            "add the account's app secret to any authenticator app (time-based, 30 "
            "seconds), or run: oathtool --totp -b SECRET"
        )
