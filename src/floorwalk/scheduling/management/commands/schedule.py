"""`floorwalk schedule generate --site ID --start DATE --days N --time-limit S [--as USER]
[--publish]`: generates the site's draft for the period (made if there is none) with the same
service as the planner's Generate button, and prints the outcome. It acts as `--as` (a login
that may draft the site's schedules), by default the first active administrator."""

import json
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from floorwalk.accounts.models import Role, User
from floorwalk.org.models import Site
from floorwalk.scheduling.models import GenerationStatus, Schedule, ScheduleStatus
from floorwalk.scheduling.services import (
    schedule_create_draft,
    schedule_generate,
    schedule_publish,
)


class Command(BaseCommand):
    help = "Generate a site's draft schedule for a period (and optionally publish it)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        generate = sub.add_parser("generate", help="generate a draft schedule")
        generate.add_argument("--site", type=int, required=True, help="site id")
        generate.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
        generate.add_argument("--days", type=int, default=7)
        generate.add_argument("--time-limit", type=int, default=60, help="seconds")
        generate.add_argument("--as", dest="username", default="", help="acting login")
        generate.add_argument("--publish", action="store_true", help="publish the result")
        generate.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        site = Site.objects.filter(pk=options["site"]).first()
        if site is None:
            raise CommandError(f"--site: no site with id {options['site']}.")
        try:
            start = date.fromisoformat(options["start"])
        except ValueError:
            raise CommandError("--start: give a date as YYYY-MM-DD.") from None
        actor = _actor(options["username"])
        try:
            schedule = Schedule.objects.filter(
                site=site,
                start_date=start,
                days=options["days"],
                status=ScheduleStatus.DRAFT,
            ).first() or schedule_create_draft(
                actor=actor, site=site, start_date=start, days=options["days"]
            )
            run = schedule_generate(
                actor=actor, schedule=schedule, time_limit=options["time_limit"]
            )
        except PermissionDenied:
            raise CommandError(f"{actor.username} may not draft schedules of {site}.") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if run.status != GenerationStatus.DONE:
            raise CommandError(f"Schedule {schedule.pk}: {run.message}")
        version = None
        if options["publish"]:
            try:
                version = schedule_publish(actor=actor, schedule=schedule)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        result = {"schedule": schedule.pk, "run": run.pk, **run.summary}
        if version is not None:
            result["published_version"] = version.number
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        summary = run.summary
        self.stdout.write(
            f"Schedule {schedule.pk} ({site}, {start.isoformat()} +{options['days']} days): "
            f"{summary['shifts']} shifts for {summary['agents']} agents, {summary['status']}, "
            f"under-coverage {summary['under_coverage_minutes']} agent-minutes, "
            f"mean satisfaction {summary['mean_satisfaction']}, gap {summary['gap']}, "
            f"{summary['seconds']} s."
            + (f" Published as version {version.number}." if version else "")
        )


def _actor(username: str) -> User:
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"--as: no active login {username!r}.")
        return user
    user = (
        User.objects.filter(is_active=True, person__role_assignments__role=Role.ADMIN)
        .order_by("pk")
        .first()
    )
    if user is None:
        raise CommandError("No active administrator to act as; name a login with --as.")
    return user
