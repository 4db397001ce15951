"""Reads that shape import runs for the pages and the API."""

from contextlib import suppress
from dataclasses import dataclass

from django.db.models import QuerySet

from floorwalk.core.models import ImportRun, ImportStatus
from floorwalk.core.services import progress_path

IN_PROGRESS = (ImportStatus.QUEUED, ImportStatus.RUNNING)


@dataclass(frozen=True)
class RunProgress:
    rows_read: int
    rows_expected: int
    in_progress: bool

    @property
    def percent(self) -> int:
        """How far the run is, 0–100; a finished run is at 100 whatever its row count."""
        if not self.in_progress:
            return 100
        if not self.rows_expected:
            return 0
        return min(100, self.rows_read * 100 // self.rows_expected)


def import_run_progress(run: ImportRun) -> RunProgress:
    """Rows read so far: from the worker's progress file while the run is going."""
    in_progress = run.status in IN_PROGRESS
    rows_read = run.rows_read
    if run.status == ImportStatus.RUNNING:
        # The file may not be written yet; a failed read just shows the last count.
        with suppress(OSError, ValueError):
            rows_read = max(rows_read, int(progress_path(run).read_text(encoding="ascii")))
    return RunProgress(rows_read, run.rows_expected, in_progress)


RUN_SORTS = {
    "created_at": "created_at",
    "kind": "kind",
    "status": "status",
    "rows_read": "rows_read",
}


def import_runs_listed(
    runs: QuerySet[ImportRun], *, sort: str = "created_at", descending: bool = True
) -> QuerySet[ImportRun]:
    """The runs a list shows, in the chosen order (ties newest first), with who started them."""
    field = RUN_SORTS[sort]
    return runs.select_related("created_by__person").order_by(
        f"-{field}" if descending else field, "-pk"
    )
