"""What every file import shares: reading CSV files, row errors, reports and rejected rows.

An import either applies whole, or (when the user asks to skip invalid rows) applies the valid
rows and writes the rejected ones with their reasons to a file. Rows are numbered as a
spreadsheet shows them: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from floorwalk.engine.formats import LIST_SEPARATOR

FIRST_DATA_ROW = 2
ERRORS_KEPT = 1000  # errors stored with the import record; the rejected-rows file has them all
SEPARATORS = (",", ";")

PathLike = str | os.PathLike[str]
Progress = Callable[[int], None]  # rows read so far


class ImportFileError(Exception):
    """The file as a whole can't be imported (unreadable, empty, missing columns)."""


class ImportRefusedError(Exception):
    """The file has bad rows and the user did not ask to skip them; nothing was applied."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report.summary())
        self.report = report


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        if self.column:
            return _("row %(row)d, %(column)s = %(value)r: %(reason)s") % {
                "row": self.row,
                "column": self.column,
                "value": self.value,
                "reason": self.reason,
            }
        return _("row %(row)d: %(reason)s") % {"row": self.row, "reason": self.reason}

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class ImportReport:
    """What an import read, found wrong and (unless it was a dry run) applied."""

    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    invalid_rows: int = 0
    applied: bool = False
    rejected_file: str = ""

    @property
    def valid_rows(self) -> int:
        return self.rows_read - self.invalid_rows

    def add_errors(self, errors: Sequence[RowError], invalid_rows: int) -> None:
        room = max(ERRORS_KEPT - len(self.errors), 0)
        self.errors.extend(errors[:room])
        self.error_count += len(errors)
        self.invalid_rows += invalid_rows

    def summary(self) -> str:
        text = _(
            "%(read)d rows read: %(valid)d valid, %(invalid)d invalid (%(errors)d errors)."
        ) % {
            "read": self.rows_read,
            "valid": self.valid_rows,
            "invalid": self.invalid_rows,
            "errors": self.error_count,
        }
        if self.applied:
            text += " " + _(
                "%(created)d created, %(updated)d updated, %(unchanged)d unchanged."
            ) % {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
            }
        else:
            text += " " + _("Nothing was applied.")
        return text


def detect_separator(header_line: str) -> str:
    """Comma or semicolon, whichever the header uses (spreadsheets in many locales write ;)."""
    return max(SEPARATORS, key=header_line.count)


def read_header_line(path: PathLike) -> str:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            line = handle.readline()
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file is not UTF-8 text (byte %(position)d). Save it as UTF-8 CSV.")
            % {"position": error.start}
        ) from None
    if not line.strip():
        raise ImportFileError(_("The file is empty: it needs a header row and data rows."))
    return line


def check_columns(found: Sequence[str], required: Sequence[str]) -> None:
    missing = [name for name in required if name not in found]
    duplicated = sorted({name for name in found if found.count(name) > 1})
    if missing or duplicated:
        problems = []
        if missing:
            problems.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
        if duplicated:
            problems.append(_("repeated columns: %(names)s") % {"names": ", ".join(duplicated)})
        raise ImportFileError(
            _("The header row does not fit: %(problems)s. Expected columns: %(expected)s.")
            % {"problems": "; ".join(problems), "expected": ", ".join(required)}
        )


@dataclass(frozen=True)
class CsvRow:
    number: int
    values: dict[str, str]
    raw: list[str]


def read_csv_rows(path: PathLike, required: Sequence[str]) -> tuple[list[str], Iterator[CsvRow]]:
    """The header and the rows of a small CSV file, each value stripped of spaces."""
    separator = detect_separator(read_header_line(path))
    handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by the iterator)
    reader = csv.reader(handle, delimiter=separator)
    header = [name.strip() for name in next(reader)]
    check_columns(header, required)

    def rows() -> Iterator[CsvRow]:
        with handle:
            try:
                for number, raw in enumerate(reader, start=FIRST_DATA_ROW):
                    if not any(value.strip() for value in raw):
                        continue
                    values = dict(zip(header, (value.strip() for value in raw), strict=False))
                    yield CsvRow(number, values, raw)
            except UnicodeDecodeError as error:
                raise ImportFileError(
                    _("The file is not UTF-8 text (byte %(position)d). Save it as UTF-8 CSV.")
                    % {"position": error.start}
                ) from None

    return header, rows()


def row_shape_error(row: CsvRow, header: Sequence[str]) -> RowError | None:
    if len(row.raw) == len(header):
        return None
    return RowError(
        row.number,
        "",
        "",
        _("the row has %(found)d fields but the header has %(expected)d")
        % {"found": len(row.raw), "expected": len(header)},
    )


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def rejected_path_for(path: PathLike) -> Path:
    source = Path(path)
    return source.with_name(source.stem + ".rejected.csv")


def write_rejected_rows(
    target: PathLike, header: Sequence[str], rows: Sequence[tuple[list[str], list[RowError]]]
) -> None:
    """The rejected rows as they were, with the row number and every reason, for fixing."""
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "errors", *header])
        for raw, errors in rows:
            reasons = "; ".join(
                f"{error.column}: {error.reason}" if error.column else error.reason
                for error in errors
            )
            writer.writerow([errors[0].row, reasons, *raw])


def errors_text(errors: Sequence[RowError]) -> str:
    buffer = io.StringIO()
    for error in errors:
        buffer.write(f"{error}\n")
    return buffer.getvalue()


@contextmanager
def atomic_unless_dry_run(dry_run: bool) -> Iterator[None]:
    """A transaction that is committed, or rolled back at its end when `dry_run` is set."""
    with transaction.atomic():
        yield
        if dry_run:
            transaction.set_rollback(True)
