from datetime import date

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from floorwalk.development.competency_services import assessments_derive, kpi_window


class Command(BaseCommand):
    help = (
        "Derives every active agent's competency levels from their results over the last four "
        "whole weeks (one results-derived assessment per agent, competency and day; running it "
        "again for the same day replaces that day's)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--on",
            type=date.fromisoformat,
            default=None,
            help="the day the assessments are dated, YYYY-MM-DD (default: today)",
        )

    def handle(self, *args, **options) -> None:
        on = options["on"] or timezone.localdate()
        weeks = kpi_window(on)
        result = assessments_derive(on=on)
        self.stdout.write(
            self.style.SUCCESS(
                f"Assessments of {on} from results of {weeks[0].start} – {weeks[-1].end}: "
                f"{result.created} created, {result.updated} updated, {result.removed} removed."
            )
        )
