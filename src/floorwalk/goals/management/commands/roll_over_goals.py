from datetime import date

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from floorwalk.goals.services import roll_over_due_goals


class Command(BaseCommand):
    help = (
        "Closes every active recurring goal whose period has ended and opens the same goal for "
        "the next month or quarter, with a baseline from the latest data (run it daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--on",
            type=date.fromisoformat,
            default=None,
            help="the day to roll over as of, YYYY-MM-DD (default: today)",
        )

    def handle(self, *args, **options) -> None:
        today = options["on"] or timezone.localdate()
        rolled = roll_over_due_goals(today=today)
        self.stdout.write(self.style.SUCCESS(f"Rolled over {len(rolled)} goals as of {today}."))
