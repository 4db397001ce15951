"""The interaction import: one service behind the command line, the upload page and the API.

The whole file is checked and loaded inside one transaction; only if every row is valid (or
the user asked to skip invalid rows) is it committed, with the rollups updated. An interrupted
import leaves the database as it was before. How the rows reach the tables (a staged upsert,
or straight in for a source's first import) is `store`'s business.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import numpy as np
import polars as pl
from django.db import transaction
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
    careful_ids,
    check_readable,
    count_data_rows,
    fast_batches,
    fast_ids,
    read_ahead,
)
from floorwalk.metrics.ingest.validation import ROW, References, check_batch

if TYPE_CHECKING:
    from _csv import Writer

__all__ = ["DEFAULT_SOURCE", "count_data_rows", "interactions_import"]

DEFAULT_SOURCE = "default"
Progress = Callable[[int], None]
_ID_HASH_SEED = 20_260_101


@dataclass(frozen=True)
class Reader:
    batches: Callable[[PathLike], Iterator[RawBatch]]
    ids: Callable[[PathLike], Iterator[pl.Series]]


FAST = Reader(fast_batches, fast_ids)
CAREFUL = Reader(careful_batches, careful_ids)


def _id_hashes(column: pl.Series) -> pl.Series:
    # 32 bits: collisions only make suspects, which are then compared by their actual ids.
    hashes = column.str.strip_chars().fill_null("").hash(seed=_ID_HASH_SEED)
    return (hashes % (1 << 32)).cast(pl.UInt32)


class RepeatedIds:
    """Finds rows whose interaction id an earlier row of the same file already used.

    A first pass, over the id column alone, keeps a 32-bit hash per row (4 bytes a row, so
    12 million rows take 48 MB) and notes the hashes seen more than once; the second pass
    compares the actual ids of just those rows, so a hash collision can't report a false
    repeat (12 million distinct ids make some 17,000 such suspects, a small dictionary).
    """

    def __init__(self, suspects: pl.Series) -> None:
        self.suspects = suspects
        self.first_row: dict[str, int] = {}

    @classmethod
    def scan(cls, ids: Iterator[pl.Series], rows_at_most: int) -> RepeatedIds:
        # One array filled in place and sorted in place: no copies of the 4 bytes a row.
        hashes = np.empty(rows_at_most, dtype=np.uint32)
        filled = 0
        for column in ids:
            part = _id_hashes(column).to_numpy()
            if filled + part.size > hashes.size:
                hashes.resize(max(2 * hashes.size, filled + part.size), refcheck=False)
            hashes[filled : filled + part.size] = part
            filled += part.size
        hashes.resize(filled, refcheck=False)
        hashes.sort()
        repeated = hashes[1:][hashes[1:] == hashes[:-1]]
        return cls(pl.Series("suspects", np.unique(repeated), dtype=pl.UInt32))

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


def _load(
    path: PathLike,
    read: Reader,
    references: References,
    report: ImportReport,
    rejected: RejectedRows,
    skip_invalid: bool,
    progress: Progress | None,
    into: store.StagedUpsert | store.FirstLoad,
) -> None:
    """Checks every row; loads the valid ones unless the file is already refused."""
    repeated = RepeatedIds.scan(read.ids(path), rows_at_most=count_data_rows(path) + 1)
    checked_batches = (
        (batch, check_batch(batch.frame, references, repeated.errors(batch.frame)))
        for batch in read.batches(path)
    )
    # The next batch is read and checked while this one is written to the database.
    for batch, checked in read_ahead(checked_batches):
        errors = sorted([*batch.shape_errors, *checked.errors], key=lambda error: error.row)
        invalid = checked.invalid_rows.height + len(batch.shape_rejected)
        report.rows_read += batch.rows
        report.add_errors(errors, invalid_rows=invalid)
        if invalid:
            rejected.add(checked.invalid_rows, batch.shape_rejected, errors)
        if skip_invalid or not report.error_count:
            into.add(checked.valid)
        if progress is not None:
            progress(report.rows_read)


def _import(
    path: PathLike,
    read: Reader,
    source: str,
    skip_invalid: bool,
    rejected_path: Path,
    progress: Progress | None,
) -> ImportReport:
    references = References.load()
    report = ImportReport()
    rejected = RejectedRows(rejected_path)
    try:
        store.source_lock(source)
        first_load = not store.source_has_rows(source)
        into = store.FirstLoad(source) if first_load else store.StagedUpsert(source)
        _load(path, read, references, report, rejected, skip_invalid, progress, into)
        report.rejected_file = rejected.close()
    finally:
        rejected.close()
    if report.error_count and not skip_invalid:
        raise ImportRefusedError(report)
    counts = into.apply()
    report.created, report.updated, report.unchanged = (
        counts.created,
        counts.updated,
        counts.unchanged,
    )
    return report


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
    rejected = Path(rejected_path or rejected_path_for(path))
    with store.import_session(), atomic_unless_dry_run(dry_run):
        try:
            # A savepoint: if the fast reader meets a row it can't split, whatever it loaded
            # is undone and the careful reader starts again from the first row.
            with transaction.atomic():
                report = _import(path, FAST, source, skip_invalid, rejected, progress)
        except UnsplittableRowError:
            report = _import(path, CAREFUL, source, skip_invalid, rejected, progress)
    report.applied = not dry_run
    return report
