"""The interaction import: one service behind the command line, the upload page and the API.

The whole file is checked and staged inside one transaction; only then, if every row is valid
(or the user asked to skip invalid rows), are the rows applied and the rollups updated. An
interrupted import leaves the database as it was before.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import numpy as np
import polars as pl
from django.utils.translation import gettext as _

from floorwalk.core.imports import (
    ImportRefusedError,
    ImportReport,
    PathLike,
    RowError,
    atomic_unless_dry_run,
    rejected_path_for,
)
from floorwalk.engine.formats import INTERACTION_COLUMNS
from floorwalk.metrics.ingest import store
from floorwalk.metrics.ingest.reading import (
    RawBatch,
    UnsplittableRowError,
    careful_batches,
    check_readable,
    count_data_rows,
    fast_batches,
)
from floorwalk.metrics.ingest.validation import ROW, References, check_batch

if TYPE_CHECKING:
    from _csv import Writer

__all__ = ["DEFAULT_SOURCE", "count_data_rows", "interactions_import"]

DEFAULT_SOURCE = "default"
Progress = Callable[[int], None]
BatchReader = Callable[[PathLike], Iterator[RawBatch]]
_ID_HASH_SEED = 20_260_101


def _id_hashes(column: pl.Series) -> pl.Series:
    return column.str.strip_chars().fill_null("").hash(seed=_ID_HASH_SEED)


class RepeatedIds:
    """Finds rows whose interaction id an earlier row of the same file already used.

    A first pass keeps a 64-bit hash per row (8 bytes a row, so 12 million rows take 96 MB)
    and notes the hashes seen more than once; the second pass compares the actual ids of
    just those rows, so a hash collision can't report a false repeat.
    """

    def __init__(self, suspects: pl.Series) -> None:
        self.suspects = suspects
        self.first_row: dict[str, int] = {}

    @classmethod
    def scan(cls, batches: Iterator[RawBatch]) -> RepeatedIds:
        parts = [_id_hashes(batch.frame["interaction_id"]).to_numpy() for batch in batches]
        hashes = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)
        values, counts = np.unique(hashes, return_counts=True)
        return cls(pl.Series("suspects", values[counts > 1], dtype=pl.UInt64))

    def errors(self, frame: pl.DataFrame) -> list[RowError]:
        if self.suspects.is_empty():
            return []
        candidates = frame.filter(
            _id_hashes(frame["interaction_id"]).is_in(self.suspects.implode())
        )
        errors = []
        for row, raw_id in candidates.select(ROW, "interaction_id").iter_rows():
            interaction_id = (raw_id or "").strip()
            if not interaction_id:
                continue  # reported as missing by the row checks
            if interaction_id in self.first_row:
                reason = _("repeats the id of row %(row)d") % {
                    "row": self.first_row[interaction_id]
                }
                errors.append(RowError(row, "interaction_id", interaction_id, reason))
            else:
                self.first_row[interaction_id] = row
        return errors


class RejectedRows:
    """The rejected rows as they were read, each with its row number and every reason."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: TextIO | None = None

    def _writer(self) -> Writer:
        if self.handle is None:
            self.handle = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            csv.writer(self.handle).writerow(["row", "errors", *INTERACTION_COLUMNS])
        return csv.writer(self.handle)

    def add(
        self, invalid: pl.DataFrame, shape_rejected: list[list[str]], errors: list[RowError]
    ) -> None:
        writer = self._writer()
        reasons: dict[int, list[str]] = {}
        for error in errors:
            text = f"{error.column}: {error.reason}" if error.column else error.reason
            reasons.setdefault(error.row, []).append(text)
        for record in invalid.select(ROW, *INTERACTION_COLUMNS).iter_rows():
            writer.writerow([record[0], "; ".join(reasons[record[0]]), *record[1:]])
        shape_rows = [error.row for error in errors if not error.column]
        for row, raw in zip(shape_rows, shape_rejected, strict=False):
            writer.writerow([row, "; ".join(reasons[row]), *raw])

    def close(self) -> str:
        if self.handle is None:
            return ""
        self.handle.close()
        return str(self.path)


def _stage(
    path: PathLike,
    read: BatchReader,
    references: References,
    report: ImportReport,
    rejected: RejectedRows,
    skip_invalid: bool,
    progress: Progress | None,
) -> None:
    """Checks every row; stages the valid ones unless the file is already refused."""
    repeated = RepeatedIds.scan(read(path))
    for batch in read(path):
        checked = check_batch(batch.frame, references, repeated.errors(batch.frame))
        errors = sorted([*batch.shape_errors, *checked.errors], key=lambda error: error.row)
        invalid = checked.invalid_rows.height + len(batch.shape_rejected)
        report.rows_read += batch.rows
        report.add_errors(errors, invalid_rows=invalid)
        if invalid:
            rejected.add(checked.invalid_rows, batch.shape_rejected, errors)
        if skip_invalid or not report.error_count:
            store.staging_insert(checked.valid)
        if progress is not None:
            progress(report.rows_read)


def interactions_import(
    *,
    path: PathLike,
    source: str = DEFAULT_SOURCE,
    dry_run: bool = False,
    skip_invalid: bool = False,
    rejected_path: PathLike | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Checks the file and applies it whole; raises ImportRefusedError if a row is bad.

    Every rejected row is written, with its reasons, to `rejected_path` (by default beside
    the file); with `skip_invalid` the valid rows are applied all the same. A dry run
    checks and counts what would change, then rolls everything back.
    """
    check_readable(path)
    references = References.load()
    report = ImportReport()
    rejected = RejectedRows(Path(rejected_path or rejected_path_for(path)))
    try:
        with atomic_unless_dry_run(dry_run):
            store.staging_create()
            try:
                _stage(path, fast_batches, references, report, rejected, skip_invalid, progress)
            except UnsplittableRowError:
                store.staging_clear()
                report = ImportReport()
                rejected.close()
                rejected = RejectedRows(rejected.path)
                _stage(path, careful_batches, references, report, rejected, skip_invalid, progress)
            report.rejected_file = rejected.close()
            if report.error_count and not skip_invalid:
                raise ImportRefusedError(report)
            counts = store.staging_apply(source)
            store.staging_drop()
    finally:
        rejected.close()
    report.created, report.updated, report.unchanged = (
        counts.created,
        counts.updated,
        counts.unchanged,
    )
    report.applied = not dry_run
    return report
