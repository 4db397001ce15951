"""Import runs: an uploaded file imported in the background, with its progress and its report.

The upload page, the API and the command line run the same import services; this module adds
what running off the request needs. `import_run_start` keeps the file under IMPORTS_DIR,
records the run and queues the task once the run is committed; the task calls
`import_run_execute`, which runs the import with a progress callback and records how it went.
Each import is one transaction, so a run that fails has applied nothing.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import can_start_import
from floorwalk.core.imports import (
    ImportFileError,
    ImportRefusedError,
    ImportReport,
    Progress,
    check_columns,
    detect_separator,
)
from floorwalk.core.models import ImportKind, ImportRun, ImportStatus
from floorwalk.engine.formats import (
    AGENT_STATE_COLUMNS,
    INTERACTION_COLUMNS,
    PEOPLE_COLUMNS,
    QA_EVALUATION_COLUMNS,
    QUEUE_COLUMNS,
    VOLUME_COLUMNS,
)
from floorwalk.experience.recognition_imports import COMPLIMENT_COLUMNS, compliments_import
from floorwalk.metrics.adherence.imports import agent_states_import
from floorwalk.metrics.ingest import DEFAULT_SOURCE, count_data_rows, interactions_import
from floorwalk.metrics.qa.imports import qa_evaluations_import
from floorwalk.org.imports import people_import, queues_import
from floorwalk.wfm.imports import volumes_import

logger = logging.getLogger(__name__)

JSON_LINES = (".jsonl", ".ndjson")
SUFFIXES: dict[str, tuple[str, ...]] = {
    ImportKind.INTERACTIONS: (".csv", *JSON_LINES),
    ImportKind.PEOPLE: (".csv",),
    ImportKind.QUEUES: (".csv",),
    ImportKind.QA_EVALUATIONS: (".csv",),
    ImportKind.VOLUMES: (".csv",),
    ImportKind.AGENT_STATES: (".csv",),
    ImportKind.COMPLIMENTS: (".csv",),
}
# Kinds whose rows are known per source: interactions by the platform's ids, agent states by
# agent and start.
KINDS_WITH_SOURCE = frozenset(
    {
        ImportKind.INTERACTIONS,
        ImportKind.QA_EVALUATIONS,
        ImportKind.AGENT_STATES,
        ImportKind.COMPLIMENTS,  # the interaction a compliment names, by the platform's id
    }
)
COLUMNS: dict[str, tuple[str, ...]] = {
    ImportKind.INTERACTIONS: INTERACTION_COLUMNS,
    ImportKind.PEOPLE: PEOPLE_COLUMNS,
    ImportKind.QUEUES: QUEUE_COLUMNS,
    ImportKind.QA_EVALUATIONS: QA_EVALUATION_COLUMNS,
    ImportKind.VOLUMES: VOLUME_COLUMNS,
    ImportKind.AGENT_STATES: AGENT_STATE_COLUMNS,
    ImportKind.COMPLIMENTS: COMPLIMENT_COLUMNS,
}
HEADER_PEEK_BYTES = 64 * 1024
STOPPED_MESSAGE = gettext_noop(
    "The worker was stopped during the import. Nothing was applied; upload the file again."
)
PROGRESS_FILE_NAME = "progress"
FILE_NAME_MAX = 200  # characters kept of an uploaded file's name


# ---- checking an upload -----------------------------------------------------------------------


def upload_problem(*, kind: ImportKind, upload: UploadedFile) -> str | None:
    """Why this file can't be imported as `kind`, told at upload; None when it looks right.

    Only the name, the size and the header row are looked at here; the rows are checked by
    the import itself, which reports each bad one.
    """
    suffixes = SUFFIXES.get(kind, ())
    name = upload.name or ""
    if not name.lower().endswith(suffixes):
        return _("%(name)s is not a file this import reads: upload a %(suffixes)s file.") % {
            "name": name,
            "suffixes": _either(suffixes),
        }
    size = upload.size or 0
    if size == 0:
        return _("The file is empty: it needs a header row and data rows.")
    if size > settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024:
        return _("The file is larger than %(limit)d MB; import it from the command line.") % {
            "limit": settings.IMPORT_MAX_UPLOAD_MB
        }
    upload.seek(0)
    head = upload.read(HEADER_PEEK_BYTES)
    upload.seek(0)
    first_line = head.split(b"\n", 1)[0]
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _("The file is not UTF-8 text. Save it as UTF-8 CSV and upload it again.")
    if name.lower().endswith(JSON_LINES):
        return _json_lines_problem(text)
    return _header_problem(text, COLUMNS[kind])


def _either(choices: tuple[str, ...]) -> str:
    if len(choices) == 1:
        return choices[0]
    return _("%(some)s or %(last)s") % {"some": ", ".join(choices[:-1]), "last": choices[-1]}


def _header_problem(line: str, required: tuple[str, ...]) -> str | None:
    row = next(csv.reader([line.strip()], delimiter=detect_separator(line)), [])
    header = [column.strip() for column in row]
    try:
        check_columns(header, required)
    except ImportFileError as error:
        return str(error)
    return None


def _json_lines_problem(line: str) -> str | None:
    try:
        first = json.loads(line)
    except ValueError:
        first = None
    if not isinstance(first, dict):
        return _("The first line is not a JSON object: JSON Lines files hold one object a line.")
    return None


# ---- starting a run ---------------------------------------------------------------------------


def imports_dir() -> Path:
    return Path(settings.IMPORTS_DIR)


def import_run_path(run: ImportRun) -> Path:
    """The uploaded file of the run."""
    return imports_dir() / run.file_name


def import_run_rejected_path(run: ImportRun) -> Path | None:
    return imports_dir() / run.rejected_file if run.rejected_file else None


def _safe_file_name(name: str) -> str:
    """The upload's own name, safe on any disk and short enough for the run's record."""
    safe = Path(get_valid_filename(Path(name).name or "upload"))
    if len(safe.name) <= FILE_NAME_MAX:
        return safe.name
    return safe.stem[: FILE_NAME_MAX - len(safe.suffix)] + safe.suffix


def _store_upload(run: ImportRun, upload: UploadedFile) -> str:
    """Copies the upload into the run's own folder; returns its path under IMPORTS_DIR."""
    folder = imports_dir() / str(run.pk)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / _safe_file_name(upload.name or "")
    upload.seek(0)
    with open(target, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return str(target.relative_to(imports_dir()))


def import_run_start(
    *,
    actor: User,
    kind: ImportKind,
    upload: UploadedFile,
    source: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> ImportRun:
    """Records the run, keeps the file, and queues the import once the run is committed."""
    if not can_start_import(actor, kind):
        raise PermissionDenied
    from floorwalk.core.tasks import import_run_task  # the task module imports this one

    with transaction.atomic():
        run = ImportRun.objects.create(
            kind=kind,
            file_name=_safe_file_name(upload.name or ""),
            source=(source or DEFAULT_SOURCE) if kind in KINDS_WITH_SOURCE else "",
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            created_by=actor,
        )
        try:
            run.file_name = _store_upload(run, upload)
            run.save(update_fields=["file_name", "updated_at"])
        except BaseException:
            shutil.rmtree(imports_dir() / str(run.pk), ignore_errors=True)
            raise
        transaction.on_commit(partial(import_run_task.enqueue, run_id=run.pk))
    return run


# ---- running it -------------------------------------------------------------------------------


def progress_path(run: ImportRun) -> Path:
    return import_run_path(run).parent / PROGRESS_FILE_NAME


def _progress_writer(target: Path) -> Progress:
    """Rows read so far, written beside the upload for the run page to show.

    The count can't go into the run's record while the import runs: the import is one
    transaction, so nobody would see the count before the end, and on SQLite a second
    connection can't write at all until it commits. A small file is seen at once.
    """

    def report(rows: int) -> None:
        partial_file = target.with_suffix(".part")
        partial_file.write_text(str(rows), encoding="ascii")
        os.replace(partial_file, target)

    return report


def _run_import(run: ImportRun, path: Path, progress: Progress) -> ImportReport:
    dry_run, skip_invalid = run.dry_run, run.skip_invalid
    if run.kind == ImportKind.INTERACTIONS:
        return interactions_import(
            path=path,
            source=run.source or DEFAULT_SOURCE,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            progress=progress,
        )
    if run.kind == ImportKind.PEOPLE:
        return people_import(
            path=path,
            today=timezone.localdate(),
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            progress=progress,
        )
    if run.kind == ImportKind.QUEUES:
        return queues_import(
            path=path, dry_run=dry_run, skip_invalid=skip_invalid, progress=progress
        )
    if run.kind == ImportKind.QA_EVALUATIONS:
        return qa_evaluations_import(
            path=path,
            source=run.source or DEFAULT_SOURCE,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            actor=run.created_by,
        )
    if run.kind == ImportKind.VOLUMES:
        return volumes_import(
            path=path, dry_run=dry_run, skip_invalid=skip_invalid, progress=progress
        )
    if run.kind == ImportKind.AGENT_STATES:
        return agent_states_import(
            path=path,
            source=run.source or DEFAULT_SOURCE,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            progress=progress,
        )
    if run.kind == ImportKind.COMPLIMENTS:
        return compliments_import(
            path=path,
            source=run.source or DEFAULT_SOURCE,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            actor=run.created_by,
        )
    raise ImportFileError(_("Files of this kind can't be imported from an upload yet."))


@dataclass(frozen=True)
class RunOutcome:
    status: ImportStatus
    message: str
    report: ImportReport | None = None


def _outcome(run: ImportRun, path: Path) -> RunOutcome:
    """Runs the import; whatever happens, says how it ended (a crash included)."""
    try:
        report = _run_import(run, path, _progress_writer(progress_path(run)))
    except ImportRefusedError as refused:
        return RunOutcome(
            ImportStatus.REJECTED,
            refused.report.summary()
            + " "
            + _(
                "Fix the rows listed below and upload the file again, or upload it with "
                "“skip invalid rows” to apply the valid rows only."
            ),
            refused.report,
        )
    except ImportFileError as error:
        return RunOutcome(ImportStatus.FAILED, f"{error} {_('Nothing was applied.')}")
    except Exception as error:
        logger.exception("Import run %s stopped on an unexpected error", run.pk)
        return RunOutcome(
            ImportStatus.FAILED,
            _(
                "The import stopped on an unexpected error (%(error)s). Nothing was applied; "
                "the worker's log has the details."
            )
            % {"error": f"{type(error).__name__}: {error}"},
        )
    if run.dry_run:
        message = _("Dry run: %(summary)s") % {"summary": report.summary()}
        return RunOutcome(ImportStatus.CHECKED, message, report)
    return RunOutcome(ImportStatus.SUCCEEDED, report.summary(), report)


def _relative_to_imports_dir(path: str) -> str:
    if not path:
        return ""
    try:
        return str(Path(path).resolve().relative_to(imports_dir().resolve()))
    except ValueError:
        return ""  # written elsewhere; not offered for download


def import_run_execute(*, run_id: int) -> None:
    """Runs a queued import and records its outcome; a run already taken is left alone."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if not claimed:
        return
    run = ImportRun.objects.get(pk=run_id)
    path = import_run_path(run)
    if path.is_file():
        run.rows_expected = count_data_rows(path)
        run.save(update_fields=["rows_expected", "updated_at"])
        try:
            outcome = _outcome(run, path)
        except BaseException:
            # The worker is being stopped (a second Ctrl+C, SIGTERM while shutting down): the
            # import's transaction is already rolled back, so say so instead of "running".
            _record(run, RunOutcome(ImportStatus.FAILED, _(STOPPED_MESSAGE)))
            raise
    else:
        outcome = RunOutcome(
            ImportStatus.FAILED,
            _("The uploaded file is no longer there (%(name)s). Nothing was applied.")
            % {"name": run.file_name},
        )
    _record(run, outcome)


def _record(run: ImportRun, outcome: RunOutcome) -> None:
    run.status = outcome.status
    run.message = outcome.message
    run.finished_at = timezone.now()
    report = outcome.report
    if report is not None:
        run.rows_read = report.rows_read
        run.rows_invalid = report.invalid_rows
        run.rows_created = report.created
        run.rows_updated = report.updated
        run.rows_unchanged = report.unchanged
        run.errors = [error.as_dict() for error in report.errors]
        run.rejected_file = _relative_to_imports_dir(report.rejected_file)
    run.save()
