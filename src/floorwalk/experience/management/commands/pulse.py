"""`floorwalk pulse open-due [--on DATE]`: closes pulse rounds past their last day, creates the
next round of recurring surveys, opens the rounds whose first day has come. Running it again
the same day changes nothing; run it once a day."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from floorwalk.experience.listening_services import pulse_open_due


class Command(BaseCommand):
    help = "Pulse surveys: open the rounds that are due (and close the finished ones)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        open_due = sub.add_parser("open-due", help="open due rounds, close finished ones")
        open_due.add_argument("--on", default="", help="the day, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError:
            raise CommandError("--on: give a date as YYYY-MM-DD.") from None
        result = pulse_open_due(today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Pulse rounds on {today}: {result.opened} opened, {result.closed} closed, "
                f"{result.created} next rounds created."
            )
        )
