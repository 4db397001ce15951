"""Planning from the command line: import interval volumes, build a queue's history from its
interactions, run a forecast. The same services as the pages and the API (run as the system,
so no user is needed)."""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from floorwalk.core.imports import ImportFileError, ImportRefusedError, errors_text
from floorwalk.org.models import Queue
from floorwalk.wfm.imports import volumes_import
from floorwalk.wfm.models import ForecastModel
from floorwalk.wfm.services import forecast_run_create, interval_history_rebuild


class Command(BaseCommand):
    help = (
        "import-volumes FILE: interval history from a volume file; build-history QUEUE_ID "
        "START END: history from interactions; run QUEUE_ID: a forecast with its backtest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        volumes = commands.add_parser("import-volumes")
        volumes.add_argument("file", type=Path)
        volumes.add_argument("--skip-invalid", action="store_true")
        volumes.add_argument("--dry-run", action="store_true")
        build = commands.add_parser("build-history")
        build.add_argument("queue", type=int, help="queue id")
        build.add_argument("start", type=date.fromisoformat, help="first day, YYYY-MM-DD")
        build.add_argument("end", type=date.fromisoformat, help="last day, YYYY-MM-DD")
        run = commands.add_parser("run")
        run.add_argument("queue", type=int, help="queue id")
        run.add_argument("--horizon", type=int, default=56, help="days ahead, 1-56")
        run.add_argument("--model", choices=ForecastModel.values, default=ForecastModel.BEST)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "import-volumes":
                self._import(options)
            elif options["action"] == "build-history":
                result = interval_history_rebuild(
                    actor=None,
                    queue=self._queue(options["queue"]),
                    start=options["start"],
                    end=options["end"],
                )
                self.stdout.write(
                    f"{result.intervals} intervals with contacts: {result.created} created, "
                    f"{result.updated} updated, {result.unchanged} unchanged, "
                    f"{result.deleted} removed."
                )
            else:
                made = forecast_run_create(
                    actor=None,
                    queue=self._queue(options["queue"]),
                    horizon_days=options["horizon"],
                    model=options["model"],
                )
                wape = "–" if made.backtest_wape is None else f"{made.backtest_wape:.1%}"
                mase = "–" if made.backtest_mase is None else f"{made.backtest_mase:.2f}"
                self.stdout.write(
                    f"Forecast {made.pk}: {made.first_day} to {made.last_day}, model "
                    f"{made.model}, backtest WAPE {wape}, MASE {mase} over "
                    f"{made.backtest_weeks} held-out weeks, {made.seconds:.2f} s."
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _queue(self, pk: int) -> Queue:
        queue = Queue.objects.select_related("site").filter(pk=pk).first()
        if queue is None:
            raise CommandError(f"There is no queue {pk}.")
        return queue

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            report = volumes_import(
                path=path, dry_run=options["dry_run"], skip_invalid=options["skip_invalid"]
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        except ImportRefusedError as refused:
            self.stderr.write(errors_text(refused.report.errors))
            raise CommandError(
                f"{refused.report.summary()} Fix the rows above, or run again with "
                "--skip-invalid to apply the valid rows."
            ) from None
        if report.errors:
            self.stderr.write(errors_text(report.errors))
        self.stdout.write(report.summary())
