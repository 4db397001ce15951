from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from floorwalk.digest.models import Granularity
from floorwalk.digest.selectors import digest_period
from floorwalk.digest.services import digests_send


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--on: {value!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Emails each team leader and site manager their teams' digest for the latest complete "
        "period (or the period containing --on): leaders daily and monthly, managers monthly, "
        "quarterly and yearly. Sent once per person and period; nothing is sent when there is "
        "nothing to report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--granularity", required=True, choices=[choice.value for choice in Granularity]
        )
        parser.add_argument(
            "--on",
            type=_day,
            default=None,
            help="a day in the period to send, YYYY-MM-DD (default: the latest complete period)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say who would get what; send nothing"
        )

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        granularity = Granularity(options["granularity"])
        if options["on"] is not None and options["on"] > today:
            raise CommandError("--on: a digest covers days up to today, not later.")
        period = digest_period(granularity, options["on"], today)
        dry_run = options["dry_run"]
        result = digests_send(granularity=granularity, period=period, today=today, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for email in result.sent:
            teams = ", ".join(f"{digest.team.name} ({digest.total})" for digest in email.digests)
            self.stdout.write(
                f"{verb} to {email.user.username} <{email.address}>: {email.items} items; {teams}"
            )
        for user in result.already_sent:
            self.stdout.write(f"Already sent to {user.username}.")
        for user in result.nothing_to_report:
            self.stdout.write(f"Nothing to report for {user.username}; not sent.")
        for user in result.no_address:
            self.stdout.write(f"No email address for {user.username}; not sent.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{granularity.label} digest {period.label}: "
                f"{len(result.sent)} {'to send' if dry_run else 'sent'}, "
                f"{len(result.already_sent)} already sent, "
                f"{len(result.nothing_to_report)} with nothing to report, "
                f"{len(result.no_address)} without an address."
            )
        )
