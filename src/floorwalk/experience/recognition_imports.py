"""Importing customer compliments from a feedback channel's export (see docs/recognition.md).

The rules are those of every import: each bad row is reported with its row, column, value and
reason; by default a file with any bad row applies nothing; `skip_invalid` applies the valid
rows and writes the rejected ones to a file; a dry run checks and counts, then rolls back.
Rows are matched by compliment id, so importing the same file again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.core.imports import (
    CsvRow,
    ImportRefusedError,
    ImportReport,
    PathLike,
    RowError,
    atomic_unless_dry_run,
    read_csv_rows,
    rejected_path_for,
    row_shape_error,
    write_rejected_rows,
)
from floorwalk.experience.models import Compliment, ComplimentSource
from floorwalk.experience.recognition_services import (
    compliment_record,
    compliment_update_from_import,
)
from floorwalk.metrics.ingest import DEFAULT_SOURCE
from floorwalk.metrics.models import Interaction
from floorwalk.org.models import Person

COMPLIMENT_COLUMNS = ("compliment_id", "agent", "received_on", "text")
OPTIONAL_COLUMNS = ("interaction_id",)


@dataclass(frozen=True)
class ComplimentRow:
    external_id: str
    agent: Person
    received_on: date
    text: str
    interaction: Interaction | None


class _References:
    """The agents and interactions the file names, in two queries."""

    def __init__(self, rows: list[CsvRow], source: str) -> None:
        numbers = {row.values.get("agent", "") for row in rows} - {""}
        self.agents = {
            p.employee_number: p for p in Person.objects.filter(employee_number__in=numbers)
        }
        ids = {row.values.get("interaction_id", "") for row in rows} - {""}
        self.interactions = {
            item.external_id: item
            for item in Interaction.objects.filter(source=source, external_id__in=ids)
        }


def _parse_row(row: CsvRow, refs: _References, errors: list[RowError]) -> ComplimentRow | None:
    values = row.values
    for column in COMPLIMENT_COLUMNS:
        if not values.get(column, ""):
            errors.append(RowError(row.number, column, "", _("a value is required")))
    if errors:
        return None
    agent = refs.agents.get(values["agent"])
    if agent is None:
        errors.append(
            RowError(row.number, "agent", values["agent"], _("no person with this employee number"))
        )
    try:
        received_on = date.fromisoformat(values["received_on"])
    except ValueError:
        errors.append(
            RowError(row.number, "received_on", values["received_on"], _("not a date (YYYY-MM-DD)"))
        )
        received_on = None
    if received_on is not None and received_on > timezone.localdate():
        errors.append(
            RowError(
                row.number, "received_on", values["received_on"], _("the date is in the future")
            )
        )
    interaction = None
    if values.get("interaction_id", ""):
        interaction = refs.interactions.get(values["interaction_id"])
        if interaction is None:
            errors.append(
                RowError(
                    row.number,
                    "interaction_id",
                    values["interaction_id"],
                    _("no such interaction from this source (import interactions first)"),
                )
            )
        elif agent is not None and interaction.agent_id != agent.pk:
            errors.append(
                RowError(
                    row.number,
                    "interaction_id",
                    values["interaction_id"],
                    _("the interaction was handled by another agent"),
                )
            )
    if errors or agent is None or received_on is None:
        return None
    return ComplimentRow(values["compliment_id"], agent, received_on, values["text"], interaction)


def _check_rows(
    rows: list[CsvRow], header: list[str], refs: _References
) -> tuple[list[ComplimentRow], list[tuple[list[str], list[RowError]]]]:
    good: list[ComplimentRow] = []
    rejected: list[tuple[list[str], list[RowError]]] = []
    first_row_of_id: dict[str, int] = {}
    for row in rows:
        errors: list[RowError] = []
        shape_error = row_shape_error(row, header)
        if shape_error:
            errors.append(shape_error)
        parsed = _parse_row(row, refs, errors)
        if parsed is not None and parsed.external_id in first_row_of_id:
            errors.append(
                RowError(
                    row.number,
                    "compliment_id",
                    parsed.external_id,
                    _("repeats row %(row)d") % {"row": first_row_of_id[parsed.external_id]},
                )
            )
        if parsed is not None:
            first_row_of_id.setdefault(parsed.external_id, row.number)
        if errors or parsed is None:
            rejected.append((row.raw, errors))
        else:
            good.append(parsed)
    return good, rejected


def _apply(row: ComplimentRow, actor: User | None, report: ImportReport) -> None:
    stored = Compliment.objects.filter(external_id=row.external_id).first()
    if stored is None:
        compliment_record(
            actor=actor,
            agent=row.agent,
            received_on=row.received_on,
            text=row.text,
            interaction=row.interaction,
            external_id=row.external_id,
            source=ComplimentSource.IMPORT,
        )
        report.created += 1
    elif compliment_update_from_import(
        actor=actor,
        compliment=stored,
        agent=row.agent,
        received_on=row.received_on,
        text=row.text,
        interaction=row.interaction,
    ):
        report.updated += 1
    else:
        report.unchanged += 1


def compliments_import(
    *,
    path: PathLike,
    source: str = DEFAULT_SOURCE,
    dry_run: bool = False,
    skip_invalid: bool = False,
    actor: User | None = None,
) -> ImportReport:
    """Creates new compliments and updates changed ones (by compliment id)."""
    header, rows_iter = read_csv_rows(path, COMPLIMENT_COLUMNS)
    rows = list(rows_iter)
    good, rejected = _check_rows(rows, header, _References(rows, source))
    report = ImportReport(rows_read=len(rows))
    for _raw, errors in rejected:
        report.add_errors(errors, invalid_rows=1)
    if rejected:
        target = rejected_path_for(path)
        write_rejected_rows(target, header, rejected)
        report.rejected_file = str(target)
        if not skip_invalid:
            raise ImportRefusedError(report)
    with atomic_unless_dry_run(dry_run):
        for row in good:
            _apply(row, actor, report)
    report.applied = not dry_run
    return report
