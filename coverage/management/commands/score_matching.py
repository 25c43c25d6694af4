import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coverage import matching

DEFAULT_PAIRS = Path(settings.BASE_DIR) / "tests" / "fixtures" / "claim_pairs.jsonl"


class Command(BaseCommand):
    help = (
        "Print the precision and recall of claim-match suggestions on labelled "
        "pairs (JSON lines: a, b, same, kind), through the configured database "
        "(PostgreSQL's trigram search or SQLite's word search). Writes nothing: "
        "the claims it stores are rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pairs", default=str(DEFAULT_PAIRS), help="The labelled pairs file."
        )
        parser.add_argument(
            "--threshold",
            type=float,
            default=matching.THRESHOLD,
            help=f"Suggest at this score or over (default {matching.THRESHOLD}).",
        )

    def handle(self, *args, pairs, threshold, verbosity, **options):
        try:
            with open(pairs, encoding="utf-8") as lines:
                labelled = [json.loads(line) for line in lines if line.strip()]
        except (OSError, ValueError) as error:
            raise CommandError(f"{pairs}: {error}") from error
        result = matching.measure(labelled, threshold=threshold)
        same = result.true_positives + result.false_negatives
        self.stdout.write(
            f"{len(labelled)} pairs ({same} the same claim) on {result.vendor}, "
            f"threshold {result.threshold:.2f}"
        )
        self.stdout.write(
            f"precision {result.precision:.2f} "
            f"({result.true_positives} of "
            f"{result.true_positives + result.false_positives} suggestions right)"
        )
        self.stdout.write(
            f"recall {result.recall:.2f} "
            f"({result.true_positives} of {same} same-claim pairs suggested)"
        )
        for kind, count in sorted(result.pairs.items()):
            self.stdout.write(
                f"  {kind}: {result.suggested.get(kind, 0)} of {count} suggested"
            )
        self.stdout.write(f"  suggested with a difference flagged: {result.flagged}")
        if verbosity > 1:
            for miss in result.misses:
                self.stdout.write(f"  {miss}")
