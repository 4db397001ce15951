"""Reading interaction files in batches of text columns, whatever their size.

CSV (comma or semicolon, UTF-8 with or without a byte-order mark) and JSON Lines are read a
chunk of bytes at a time (cut at row ends) and each chunk is parsed by Polars, so the memory
used does not grow with the file. When a file has a row those readers can't split (a line with more
fields than the header, a line that is not JSON), the file is read again by Python's own
readers, which say which row it is; that path is slower and only taken for such files.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import polars as pl
from django.utils import translation
from django.utils.translation import gettext as _

from floorwalk.core.imports import (
    FIRST_DATA_ROW,
    ImportFileError,
    PathLike,
    RowError,
    check_columns,
    detect_separator,
    read_header_line,
)
from floorwalk.engine.formats import INTERACTION_COLUMNS
from floorwalk.metrics.ingest.validation import ROW

BATCH_ROWS = 100_000
CHUNK_BYTES = 4 << 20  # about 45,000 rows of a typical export
MAX_ROW_BYTES = 64 << 20
BYTE_ORDER_MARK = b"\xef\xbb\xbf"
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
_COUNT_CHUNK = 1 << 24
_HANDOFF_WAIT = 0.1  # seconds a worker waits before looking again whether it should stop

Item = TypeVar("Item")


class UnsplittableRowError(Exception):
    """The fast reader met a row it can't split; read the file again the careful way."""


@dataclass
class RawBatch:
    """Rows as text columns plus a `row` column; rows that could not be split come apart."""

    frame: pl.DataFrame
    shape_errors: list[RowError] = field(default_factory=list)
    shape_rejected: list[list[str]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.frame.height + len(self.shape_rejected)


def is_json_lines(path: PathLike) -> bool:
    return Path(path).suffix.lower() in JSON_LINES_SUFFIXES


def count_data_rows(path: PathLike) -> int:
    """About how many rows the file has (its lines less the header), for a progress bar."""
    lines = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_COUNT_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk
    if lines and not last.endswith(b"\n"):
        lines += 1
    return max(lines - (0 if is_json_lines(path) else 1), 0)


def _empty_text_frame(rows: int = 0) -> pl.DataFrame:
    return pl.DataFrame({name: [None] * rows for name in INTERACTION_COLUMNS}).cast(pl.String)


def _csv_header(path: PathLike) -> tuple[str, list[str]]:
    line = read_header_line(path)
    separator = detect_separator(line)
    header = [name.strip() for name in next(csv.reader([line], delimiter=separator))]
    check_columns(header, INTERACTION_COLUMNS)
    return separator, header


def fast_batches(path: PathLike) -> Iterator[RawBatch]:
    """Parses the file a chunk at a time with Polars; raises UnsplittableRowError at a row it
    can't split."""
    first = FIRST_DATA_ROW - 1 if is_json_lines(path) else FIRST_DATA_ROW
    for frame in _parsed_chunks(path):
        batch = frame.select(INTERACTION_COLUMNS).with_row_index(ROW, offset=first)
        first += frame.height
        yield RawBatch(batch.with_columns(pl.col(ROW).cast(pl.Int64)))


def fast_ids(path: PathLike) -> Iterator[pl.Series]:
    """The `interaction_id` column alone, chunk by chunk, in the rows' order."""
    for frame in _parsed_chunks(path, columns=("interaction_id",)):
        yield frame["interaction_id"]


def _parsed_chunks(
    path: PathLike, columns: Sequence[str] = INTERACTION_COLUMNS
) -> Iterator[pl.DataFrame]:
    try:
        if is_json_lines(path):
            schema = dict.fromkeys(columns, pl.String)
            for chunk in _chunks(path, header=False):
                yield pl.read_ndjson(io.BytesIO(chunk), schema=schema)
        else:
            separator, header = _csv_header(path)
            header_line = _raw_header_line(path)
            for chunk in _chunks(path, header=True):
                # Each chunk is parsed under the file's own header, so a short first row
                # reads as it would in the whole file.
                yield pl.read_csv(
                    io.BytesIO(header_line + chunk),
                    separator=separator,
                    infer_schema=False,
                    new_columns=header,
                    encoding="utf8",
                ).select(columns)
    except pl.exceptions.ComputeError as error:
        raise UnsplittableRowError(str(error)) from error


def _raw_header_line(path: PathLike) -> bytes:
    with open(path, "rb") as handle:
        return handle.readline().removeprefix(BYTE_ORDER_MARK)


def _chunks(path: PathLike, *, header: bool) -> Iterator[bytes]:
    """The file's bytes after the header, about CHUNK_BYTES at a time, each ending at the end
    of a row, so memory stays flat whatever the file's size."""
    with open(path, "rb") as handle:
        if header:
            handle.readline()
        rest = b""
        while block := handle.read(CHUNK_BYTES):
            data = rest + block
            end = _last_row_end(data, quoted=header)
            if end < 0:
                if len(data) > MAX_ROW_BYTES:
                    raise UnsplittableRowError(f"no row end in {MAX_ROW_BYTES} bytes")
                rest = data
                continue
            yield data[: end + 1]
            rest = data[end + 1 :]
        if rest:
            yield rest


def _last_row_end(data: bytes, *, quoted: bool) -> int:
    """The position of the last line end that ends a row, or -1.

    In CSV a line end inside a quoted value does not end the row: the chunk is cut only where
    an even number of quote characters precede the line end (a quote inside a quoted value is
    written twice). JSON Lines can't hold a raw line end inside a value.
    """
    end = data.rfind(b"\n")
    if not quoted or b'"' not in data:
        return end
    while end >= 0 and data.count(b'"', 0, end) % 2:
        end = data.rfind(b"\n", 0, end)
    return end


def careful_batches(path: PathLike) -> Iterator[RawBatch]:
    """Python's readers, row by row: slower, and they name the rows that don't fit."""
    records = _json_records(path) if is_json_lines(path) else _csv_records(path)
    while chunk := list(itertools.islice(records, BATCH_ROWS)):
        batch = RawBatch(_empty_text_frame())
        good_rows: list[int] = []
        good_values: list[list[str | None]] = []
        for row, values, problem in chunk:
            if problem:
                batch.shape_errors.append(RowError(row, "", "", problem))
                batch.shape_rejected.append([str(value) for value in values])
            else:
                good_rows.append(row)
                good_values.append(values)
        columns = dict(zip(INTERACTION_COLUMNS, zip(*good_values, strict=False), strict=False))
        frame = pl.DataFrame(
            {name: list(columns.get(name, ())) for name in INTERACTION_COLUMNS},
            schema=dict.fromkeys(INTERACTION_COLUMNS, pl.String),
        )
        batch.frame = frame.insert_column(0, pl.Series(ROW, good_rows, dtype=pl.Int64))
        yield batch


def careful_ids(path: PathLike) -> Iterator[pl.Series]:
    for batch in careful_batches(path):
        yield batch.frame["interaction_id"]


Record = tuple[int, list[str | None], str]


def _csv_records(path: PathLike) -> Iterator[Record]:
    separator, header = _csv_header(path)
    positions = [header.index(name) for name in INTERACTION_COLUMNS]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=separator)
        next(reader)
        for row, values in enumerate(reader, start=FIRST_DATA_ROW):
            if len(values) != len(header):
                problem = _("the row has %(found)d fields but the header has %(expected)d") % {
                    "found": len(values),
                    "expected": len(header),
                }
                yield row, list(values), problem
            else:
                yield row, [values[position] for position in positions], ""


def _json_records(path: PathLike) -> Iterator[Record]:
    with open(path, encoding="utf-8-sig") as handle:
        for row, line in enumerate(handle, start=FIRST_DATA_ROW - 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield row, [line.rstrip("\n")], _("not valid JSON: %(error)s") % {"error": error}
                continue
            if not isinstance(record, dict):
                yield row, [line.rstrip("\n")], _("not a JSON object")
                continue
            yield row, [_json_text(record.get(name)) for name in INTERACTION_COLUMNS], ""


def _json_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def check_readable(path: PathLike) -> None:
    if not Path(path).is_file():
        raise ImportFileError(_("There is no file at %(path)s.") % {"path": path})
    if not is_json_lines(path):
        _csv_header(path)


def read_ahead(items: Iterator[Item]) -> Iterator[Item]:
    """The same items, produced by a worker thread one item ahead of the consumer.

    Polars releases Python's lock while it parses and checks, and so do SQLite while it writes
    and psycopg while it waits on PostgreSQL, so producing the next batch overlaps writing
    this one: two cores instead of one. The worker touches no database; at most one finished
    item waits in the queue, so memory stays bounded. An exception in the worker is raised in
    the consumer; if the consumer stops early, the worker stops too.
    """
    handoff: queue.Queue[tuple[bool, Item | BaseException | None]] = queue.Queue(maxsize=1)
    stop = threading.Event()
    language = translation.get_language()

    def put(entry: tuple[bool, Item | BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                handoff.put(entry, timeout=_HANDOFF_WAIT)
            except queue.Full:
                continue
            return True
        return False

    def produce() -> None:
        # The row errors' reasons in the language of the request that started the import.
        with translation.override(language):
            try:
                for item in items:
                    if not put((False, item)):
                        return
                put((True, None))
            except BaseException as error:  # handed to the consumer, raised there
                put((True, error))

    worker = threading.Thread(target=produce, name="import-read-ahead", daemon=True)
    worker.start()
    try:
        while True:
            finished, value = handoff.get()
            if isinstance(value, BaseException):
                raise value
            if finished:
                return
            yield value  # type: ignore[misc]
    finally:
        stop.set()
        worker.join()
