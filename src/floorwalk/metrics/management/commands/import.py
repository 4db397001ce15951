"""`floorwalk import people|queues|interactions FILE`: the same services as the upload pages."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from floorwalk.core.imports import ImportFileError, ImportRefusedError, ImportReport
from floorwalk.experience.recognition_imports import compliments_import
from floorwalk.metrics.adherence.imports import agent_states_import
from floorwalk.metrics.ingest import DEFAULT_SOURCE, count_data_rows, interactions_import
from floorwalk.metrics.qa.imports import qa_evaluations_import
from floorwalk.org.imports import people_import, queues_import

ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Imports a file: queues (name, channel, site), people (employee_number, display_name, "
        "email, site, team, hire_date, leaving_date, roles, queues) or interactions (the "
        "canonical interaction format, CSV or JSON Lines) or qa_evaluations (evaluation_id, "
        "interaction_id, form, evaluator, evaluated_at, item_scores[, comment]) or agent_states "
        "(agent, state, started_at, ended_at) or compliments (compliment_id, agent, "
        "received_on, text[, interaction_id]). A file with "
        "any bad row applies nothing unless --skip-invalid is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            choices=[
                "people",
                "queues",
                "interactions",
                "qa_evaluations",
                "agent_states",
                "compliments",
            ],
        )
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--source",
            default=DEFAULT_SOURCE,
            help="interactions, qa_evaluations, agent_states: the platform the ids come from",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="apply the valid rows and write the rejected ones to FILE.rejected.csv",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and count; change nothing"
        )
        parser.add_argument(
            "--rejected", type=Path, default=None, help="where to write the rejected rows"
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            report = self._run(options["kind"], path, options)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        except ImportRefusedError as refused:
            self._print_errors(refused.report)
            raise CommandError(
                f"{refused.report.summary()} Fix the rows above, or run again with "
                "--skip-invalid to apply the valid rows."
            ) from None
        self._print_errors(report)
        if report.rejected_file:
            self.stdout.write(f"Rejected rows and their reasons: {report.rejected_file}")
        prefix = "Dry run: " if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))

    def _run(self, kind: str, path: Path, options) -> ImportReport:
        common = {
            "path": path,
            "dry_run": options["dry_run"],
            "skip_invalid": options["skip_invalid"],
        }
        if kind == "queues":
            return queues_import(**common)
        if kind == "people":
            return people_import(**common, today=timezone.localdate())
        if kind == "qa_evaluations":
            return qa_evaluations_import(**common, source=options["source"])
        if kind == "agent_states":
            return agent_states_import(**common, source=options["source"])
        if kind == "compliments":
            return compliments_import(**common, source=options["source"])
        with tqdm(
            total=count_data_rows(path), unit=" rows", unit_scale=True, file=self.stderr._out
        ) as bar:
            return interactions_import(
                **common,
                source=options["source"],
                rejected_path=options["rejected"],
                progress=lambda rows: bar.update(rows - bar.n),
            )

    def _print_errors(self, report: ImportReport) -> None:
        for error in report.errors[:ERRORS_SHOWN]:
            self.stderr.write(str(error))
        hidden = report.error_count - min(len(report.errors), ERRORS_SHOWN)
        if hidden > 0:
            where = report.rejected_file or "the import's record"
            self.stderr.write(f"… and {hidden:,} more errors (all of them in {where}).")
