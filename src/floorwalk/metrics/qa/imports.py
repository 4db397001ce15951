"""Importing QA evaluations scored on another platform (see docs/imports.md).

The rules are those of every import: each bad row is reported with its row, column, value and
reason; by default a file with any bad row applies nothing; `skip_invalid` applies the valid
rows and writes the rejected ones to a file; a dry run checks and counts, then rolls back.
Rows are matched by evaluation id, so importing the same file again changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.audit.services import snapshot
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
from floorwalk.engine.formats import LIST_SEPARATOR, QA_EVALUATION_COLUMNS
from floorwalk.engine.qa import QaAnswerError, qa_score
from floorwalk.metrics.ingest import DEFAULT_SOURCE
from floorwalk.metrics.models import (
    Interaction,
    QaDisputeStatus,
    QaEvaluation,
    QaEvaluationSource,
    QaEvent,
    QaEventAction,
    QaFormVersion,
    QaItemScore,
)
from floorwalk.metrics.qa.selectors import engine_items
from floorwalk.metrics.qa.services import SCORE_AUDIT_FIELDS, audit_score
from floorwalk.org.models import Person

VERSION_MARK = "@"
SCORE_MARK = "="
NOT_APPLICABLE = "na"
LOOKUP_CHUNK = 2000


@dataclass(frozen=True)
class EvaluationRow:
    external_id: str
    interaction: tuple[int, int]  # interaction id, agent id
    version: QaFormVersion
    evaluator_id: int
    evaluated_at: datetime
    answers: dict[str, float | None]
    score: float | None
    critical_failed: bool
    comment: str


class _References:
    """Interactions, forms and evaluators the file names, loaded in a few queries."""

    def __init__(self, rows: list[CsvRow], source: str) -> None:
        ids = sorted({row.values.get("interaction_id", "") for row in rows} - {""})
        self.interactions: dict[str, tuple[int, int]] = {}
        for start in range(0, len(ids), LOOKUP_CHUNK):
            chunk = ids[start : start + LOOKUP_CHUNK]
            for external_id, pk, agent_id in Interaction.objects.filter(
                source=source, external_id__in=chunk
            ).values_list("external_id", "pk", "agent_id"):
                self.interactions[external_id] = (pk, agent_id)
        numbers = {row.values.get("evaluator", "") for row in rows} - {""}
        self.evaluators = dict(
            Person.objects.filter(employee_number__in=numbers).values_list("employee_number", "pk")
        )
        self.versions: dict[tuple[str, int], QaFormVersion] = {}
        self.newest: dict[str, int] = {}
        for version in QaFormVersion.objects.select_related("form").prefetch_related("items"):
            self.versions[(version.form.name, version.number)] = version
            self.newest[version.form.name] = max(
                self.newest.get(version.form.name, 0), version.number
            )
        standing = QaEvaluation.objects.filter(
            calibration_session__isnull=True,
            interaction_id__in=[pk for pk, _agent in self.interactions.values()],
        ).values_list("interaction_id", "external_id")
        self.evaluated: dict[int, str] = dict(standing)

    def version(self, text: str) -> QaFormVersion | str:
        """The version a `form` value names, or why it can't be found."""
        name, mark, number = text.rpartition(VERSION_MARK)
        if not mark or (name not in self.newest and text in self.newest):
            name, number = text, ""  # no version given, or an @ that belongs to the name
        if name not in self.newest:
            return _("unknown form %(name)r (create it on the QA forms page first)") % {
                "name": name
            }
        if not number:
            return self.versions[(name, self.newest[name])]
        if not number.isdigit() or (name, int(number)) not in self.versions:
            return _("form %(name)r has no version %(number)s") % {"name": name, "number": number}
        return self.versions[(name, int(number))]


def _parse_answers(
    text: str, version: QaFormVersion, row: int, errors: list[RowError]
) -> dict[str, float | None]:
    answers: dict[str, float | None] = {}
    items = {item.key: item for item in version.items.all()}
    for pair in (part.strip() for part in text.split(LIST_SEPARATOR)):
        if not pair:
            continue
        key, mark, value = (part.strip() for part in pair.partition(SCORE_MARK))
        if not mark:
            errors.append(RowError(row, "item_scores", pair, _("write each item as key=score")))
            continue
        if key not in items:
            errors.append(
                RowError(
                    row,
                    "item_scores",
                    pair,
                    _("the form has no item %(key)r; its items are %(keys)s")
                    % {"key": key, "keys": ", ".join(items)},
                )
            )
            continue
        if key in answers:
            errors.append(RowError(row, "item_scores", pair, _("the item is scored twice")))
            continue
        if value.lower() == NOT_APPLICABLE:
            answers[key] = None
            continue
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not 0 <= number <= 1:
            errors.append(
                RowError(row, "item_scores", pair, _("a score is a number from 0 to 1, or na"))
            )
            continue
        answers[key] = number
    return answers


def _parse_row(row: CsvRow, refs: _References, errors: list[RowError]) -> EvaluationRow | None:
    values = row.values
    for column in QA_EVALUATION_COLUMNS:
        if not values.get(column, ""):
            errors.append(RowError(row.number, column, "", _("a value is required")))
    if errors:
        return None
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
    version = refs.version(values["form"])
    if isinstance(version, str):
        errors.append(RowError(row.number, "form", values["form"], version))
    evaluator_id = refs.evaluators.get(values["evaluator"])
    if evaluator_id is None:
        errors.append(
            RowError(
                row.number,
                "evaluator",
                values["evaluator"],
                _("no person with this employee number"),
            )
        )
    elif interaction is not None and interaction[1] == evaluator_id:
        errors.append(
            RowError(
                row.number,
                "evaluator",
                values["evaluator"],
                _("the agent cannot evaluate themselves"),
            )
        )
    evaluated_at = _parse_moment(row, errors)
    if isinstance(version, str):
        return None
    answers = _parse_answers(values["item_scores"], version, row.number, errors)
    if errors:
        return None
    try:
        result = qa_score(engine_items(version), answers)
    except QaAnswerError as error:
        errors.append(RowError(row.number, "item_scores", values["item_scores"], str(error)))
        return None
    if interaction is None or evaluator_id is None or evaluated_at is None:
        return None  # each has its error in `errors` already
    return EvaluationRow(
        external_id=values["evaluation_id"],
        interaction=interaction,
        version=version,
        evaluator_id=evaluator_id,
        evaluated_at=evaluated_at,
        answers=answers,
        score=result.score,
        critical_failed=bool(result.critical_failed),
        comment=values.get("comment", ""),
    )


def _parse_moment(row: CsvRow, errors: list[RowError]) -> datetime | None:
    value = row.values["evaluated_at"]
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        errors.append(
            RowError(row.number, "evaluated_at", value, _("not a date and time in ISO 8601 form"))
        )
        return None
    if moment.tzinfo is None:
        errors.append(
            RowError(row.number, "evaluated_at", value, _("add the time zone offset, e.g. +02:00"))
        )
        return None
    return moment


def _check_rows(
    rows: Iterable[CsvRow], header: list[str], refs: _References
) -> tuple[list[EvaluationRow], list[tuple[list[str], list[RowError]]]]:
    good: list[EvaluationRow] = []
    rejected: list[tuple[list[str], list[RowError]]] = []
    first_row_of_id: dict[str, int] = {}
    first_row_of_interaction: dict[int, int] = {}
    for row in rows:
        errors: list[RowError] = []
        shape_error = row_shape_error(row, header)
        if shape_error:
            errors.append(shape_error)
        parsed = _parse_row(row, refs, errors)
        if parsed is not None:
            _check_uniqueness(row, parsed, refs, first_row_of_id, first_row_of_interaction, errors)
        if errors or parsed is None:
            rejected.append((row.raw, errors))
        else:
            good.append(parsed)
    return good, rejected


def _check_uniqueness(
    row: CsvRow,
    parsed: EvaluationRow,
    refs: _References,
    first_row_of_id: dict[str, int],
    first_row_of_interaction: dict[int, int],
    errors: list[RowError],
) -> None:
    interaction_id = parsed.interaction[0]
    if parsed.external_id in first_row_of_id:
        errors.append(
            RowError(
                row.number,
                "evaluation_id",
                parsed.external_id,
                _("repeats row %(row)d") % {"row": first_row_of_id[parsed.external_id]},
            )
        )
    elif interaction_id in first_row_of_interaction:
        errors.append(
            RowError(
                row.number,
                "interaction_id",
                row.values["interaction_id"],
                _("row %(row)d evaluates this interaction already")
                % {"row": first_row_of_interaction[interaction_id]},
            )
        )
    elif refs.evaluated.get(interaction_id, parsed.external_id) != parsed.external_id:
        errors.append(
            RowError(
                row.number,
                "interaction_id",
                row.values["interaction_id"],
                _("the interaction has another evaluation already (%(other)s)")
                % {"other": refs.evaluated[interaction_id] or _("scored in Floorwalk")},
            )
        )
    first_row_of_id.setdefault(parsed.external_id, row.number)
    first_row_of_interaction.setdefault(interaction_id, row.number)


# ---- applying -------------------------------------------------------------------------------


def _same(evaluation: QaEvaluation, row: EvaluationRow, stored: Mapping[str, float | None]) -> bool:
    return (
        evaluation.interaction_id == row.interaction[0]
        and evaluation.form_version_id == row.version.pk
        and evaluation.evaluator_id == row.evaluator_id
        and evaluation.evaluated_at == row.evaluated_at
        and evaluation.comment == row.comment
        and stored == row.answers
    )


def _write_answers(evaluation: QaEvaluation, row: EvaluationRow) -> None:
    items = {item.key: item for item in row.version.items.all()}
    QaItemScore.objects.filter(evaluation=evaluation).delete()
    QaItemScore.objects.bulk_create(
        QaItemScore(evaluation=evaluation, item=items[key], answer=value)
        for key, value in row.answers.items()
    )


def _apply(row: EvaluationRow, actor: User | None, report: ImportReport) -> None:
    fields = {
        "interaction_id": row.interaction[0],
        "form_version": row.version,
        "evaluator_id": row.evaluator_id,
        "evaluated_at": row.evaluated_at,
        "score": row.score,
        "critical_failed": row.critical_failed,
        "comment": row.comment,
    }
    evaluation = (
        QaEvaluation.objects.filter(external_id=row.external_id).select_related("dispute").first()
    )
    if evaluation is None:
        evaluation = QaEvaluation.objects.create(
            external_id=row.external_id, source=QaEvaluationSource.IMPORT, **fields
        )
        _write_answers(evaluation, row)
        report.created += 1
    else:
        dispute = getattr(evaluation, "dispute", None)
        stored = dict(evaluation.answers.values_list("item__key", "answer"))
        # A score re-scored after an accepted dispute stands; the platform's copy can't undo it.
        if _same(evaluation, row, stored) or (
            dispute is not None and dispute.status == QaDisputeStatus.ACCEPTED
        ):
            report.unchanged += 1
            return
        before = snapshot(evaluation, SCORE_AUDIT_FIELDS)
        for name, value in fields.items():
            setattr(evaluation, name, value)
        evaluation.save()
        audit_score(
            actor=actor,
            evaluation=evaluation,
            before=before,
            reason=_("Changed by the import of evaluation %(id)s.") % {"id": row.external_id},
        )
        _write_answers(evaluation, row)
        report.updated += 1
    QaEvent.objects.create(
        actor=actor,
        action=QaEventAction.EVALUATION_IMPORTED,
        evaluation=evaluation,
        detail={"evaluation_id": row.external_id, "score": row.score},
    )


def qa_evaluations_import(
    *,
    path: PathLike,
    source: str = DEFAULT_SOURCE,
    dry_run: bool = False,
    skip_invalid: bool = False,
    actor: User | None = None,
) -> ImportReport:
    """Creates new evaluations and updates changed ones (by evaluation id)."""
    header, rows_iter = read_csv_rows(path, QA_EVALUATION_COLUMNS)
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
