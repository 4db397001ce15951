"""`floorwalk training apply-rules [--today YYYY-MM-DD]`: runs every active auto-assign rule
for every current person, as recording a QA evaluation does for its agent, and prints the
enrolments made. Running it again the same day makes none."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from floorwalk.learning.training_services import rules_apply


class Command(BaseCommand):
    help = "Training: apply the auto-assign rules."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        apply = sub.add_parser("apply-rules", help="enrol agents whose QA answers meet a rule")
        apply.add_argument("--today", default="", help="the day to apply them on, YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today: give a date as YYYY-MM-DD.") from None
        made = rules_apply(today=today)
        for enrolment in made:
            where = (
                f"session of {enrolment.session.starts_on}"
                if enrolment.session
                else "the waiting list"
            )
            self.stdout.write(
                f"{enrolment.person.display_name}: {enrolment.course.name}, {where} "
                f"(rule: {enrolment.rule.qa_item_key} failed "  # type: ignore[union-attr]
                f"{enrolment.rule.consecutive_fails} times in a row)"  # type: ignore[union-attr]
            )
        self.stdout.write(f"{len(made)} enrolments made by the rules.")
