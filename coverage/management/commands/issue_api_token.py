"""Issue an API token to a desk account and print its secret, the only time
anything shows it. The token acts under the owner's rules; ``--as`` (or the only
superuser) is who issues it, on the record."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from coverage.management.commands.import_articles import Command as ImportCommand
from coverage.workflow.rules import message_of
from coverage.workflow.tokens import issue_token


class Command(BaseCommand):
    help = "Issue an API token for a newsroom system; prints the secret once."

    actor = ImportCommand.actor

    def add_arguments(self, parser):
        parser.add_argument("owner", help="Username whose rules the token acts under.")
        parser.add_argument("--name", required=True, help="Which system uses it.")
        parser.add_argument("--as", dest="username", help="Who issues it.")

    def handle(self, *args, **options):
        actor = self.actor(options["username"])
        users = get_user_model().objects
        try:
            owner = users.get(username=options["owner"])
        except users.model.DoesNotExist:
            raise CommandError(f"No user named {options['owner']!r}.") from None
        try:
            token, secret = issue_token(actor=actor, owner=owner, name=options["name"])
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(message_of(error)) from error
        if options["verbosity"]:
            self.stderr.write(
                f"Issued token {token.pk} “{token.name}” for {owner}. Its secret "
                "follows; it is not shown again."
            )
        self.stdout.write(secret)
