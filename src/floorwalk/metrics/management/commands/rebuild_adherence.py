import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser

from floorwalk.metrics.adherence.services import adherence_rebuild
from floorwalk.org.models import Person

MAX_DAYS = 3 * 366


class Command(BaseCommand):
    help = (
        "Recomputes the daily adherence of every person (or one site's) from the stored agent "
        "states and the published schedules, for the days from --from to --to (imports and "
        "publishing keep them up to date; this is for repairs and checks)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", type=date.fromisoformat, required=True)
        parser.add_argument("--to", dest="end", type=date.fromisoformat, required=True)
        parser.add_argument("--site", default="", help="only the people of this site (name)")

    def handle(self, *args, **options) -> None:
        start, end = options["start"], options["end"]
        if end < start or (end - start).days >= MAX_DAYS:
            raise CommandError(f"Give --from before --to, at most {MAX_DAYS} days apart.")
        people = Person.objects.all()
        if options["site"]:
            people = people.filter(site__name=options["site"])
            if not people.exists():
                raise CommandError(f"No person works at a site named {options['site']!r}.")
        days = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
        started = time.perf_counter()
        rows = adherence_rebuild(people=people, days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt {rows:,} daily adherence rows in {time.perf_counter() - started:.1f} s."
            )
        )
