"""The interval-volume import: `queue, interval_start, offered, handled, aht_seconds` (and an
optional `site`), for sites whose history predates Floorwalk.

The rules of every import hold: each bad row is reported with its row, column and reason; by
default a file with any bad row applies nothing; with `skip_invalid` the valid rows are
applied and the rejected ones written to a file; a dry run checks and counts, then rolls
back. Rows are matched by queue and interval start, so importing a file again changes
nothing. An interval start without a UTC offset is read on the site's clock; every start must
fall on the site's interval grid (:00 and :30 for 30-minute intervals).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from floorwalk.core.imports import (
    CsvRow,
    ImportRefusedError,
    ImportReport,
    PathLike,
    Progress,
    RowError,
    atomic_unless_dry_run,
    read_csv_rows,
    rejected_path_for,
    row_shape_error,
    write_rejected_rows,
)
from floorwalk.engine.formats import VOLUME_COLUMNS
from floorwalk.org.models import Queue
from floorwalk.wfm.models import IntervalVolume, VolumeSource
from floorwalk.wfm.selectors import interval_minutes_for, site_zone

PROGRESS_EVERY = 5000
MAX_AHT_SECONDS = 86_400.0


@dataclass(frozen=True)
class VolumeRow:
    queue: Queue
    interval_start: datetime  # aware
    offered: int
    handled: int
    aht_seconds: float

    @property
    def key(self) -> tuple[int, datetime]:
        return (self.queue.pk, self.interval_start)


class _Queues:
    """Queue names as volume files give them: unique by name, or told apart by `site`."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Queue]] = defaultdict(list)
        for queue in Queue.objects.select_related("site"):
            self.by_name[queue.name].append(queue)
        self.grid: dict[int, tuple[ZoneInfo, int]] = {}

    def find(self, name: str, site: str) -> Queue | str:
        candidates = self.by_name.get(name, [])
        if site:
            candidates = [queue for queue in candidates if queue.site.name == site]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            if site:
                return _("no queue %(name)r at site %(site)r") % {"name": name, "site": site}
            return _("unknown queue %(name)r (import queues first)") % {"name": name}
        return _(
            "queue name %(name)r is used at several sites: add a site column naming the site"
        ) % {"name": name}

    def zone_and_minutes(self, queue: Queue) -> tuple[ZoneInfo, int]:
        if queue.site_id not in self.grid:
            self.grid[queue.site_id] = (site_zone(queue.site), interval_minutes_for(queue.site))
        return self.grid[queue.site_id]


def _whole_number(row: CsvRow, column: str, errors: list[RowError]) -> int | None:
    value = row.values.get(column, "")
    try:
        number = int(value)
    except ValueError:
        errors.append(RowError(row.number, column, value, _("not a whole number")))
        return None
    if number < 0:
        errors.append(RowError(row.number, column, value, _("cannot be negative")))
        return None
    return number


def _start(
    row: CsvRow, zone: ZoneInfo | None, minutes: int, errors: list[RowError]
) -> datetime | None:
    value = row.values.get("interval_start", "")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        errors.append(
            RowError(
                row.number,
                "interval_start",
                value,
                _("not a date and time in the form YYYY-MM-DDTHH:MM[+HH:MM]"),
            )
        )
        return None
    if zone is None:
        return None  # the queue is unknown: its clock is too
    if moment.tzinfo is None:
        local = moment.replace(tzinfo=zone)
        if local.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None) != moment:
            errors.append(
                RowError(
                    row.number,
                    "interval_start",
                    value,
                    _("this time does not exist at the site (the clocks go forward then)"),
                )
            )
            return None
        moment = local
    local = moment.astimezone(zone)
    if local.minute % minutes or local.second or local.microsecond:
        errors.append(
            RowError(
                row.number,
                "interval_start",
                value,
                _("not the start of a %(minutes)d-minute interval at the site (%(time)s there)")
                % {"minutes": minutes, "time": local.strftime("%H:%M")},
            )
        )
        return None
    return moment


def _volume_row(row: CsvRow, queues: _Queues, errors: list[RowError]) -> VolumeRow | None:
    name = row.values.get("queue", "")
    queue: Queue | None = None
    if not name:
        errors.append(RowError(row.number, "queue", name, _("a value is required")))
    else:
        found = queues.find(name, row.values.get("site", ""))
        if isinstance(found, str):
            errors.append(RowError(row.number, "queue", name, found))
        else:
            queue = found
    zone, minutes = queues.zone_and_minutes(queue) if queue else (None, 0)
    start = _start(row, zone, minutes, errors)
    offered = _whole_number(row, "offered", errors)
    handled = _whole_number(row, "handled", errors)
    if offered is not None and handled is not None and handled > offered:
        errors.append(
            RowError(
                row.number,
                "handled",
                str(handled),
                _("more than the %(offered)d offered") % {"offered": offered},
            )
        )
    text = row.values.get("aht_seconds", "")
    aht: float | None = None
    try:
        aht = float(text)
    except ValueError:
        errors.append(RowError(row.number, "aht_seconds", text, _("not a number of seconds")))
    if aht is not None and (not math.isfinite(aht) or not 0 <= aht <= MAX_AHT_SECONDS):
        errors.append(
            RowError(row.number, "aht_seconds", text, _("must be between 0 and 86400 seconds"))
        )
        aht = None
    if errors or queue is None or start is None:
        return None
    return VolumeRow(queue, start, offered or 0, handled or 0, float(aht or 0.0))


@dataclass
class _Checked:
    header: list[str]
    good: list[VolumeRow]
    rejected: list[tuple[list[str], list[RowError]]]


def _check(path: PathLike, progress: Progress | None) -> _Checked:
    header, rows = read_csv_rows(path, VOLUME_COLUMNS)
    checked = _Checked(header, [], [])
    queues = _Queues()
    first_row_of: dict[tuple[int, datetime], int] = {}
    for row in rows:
        errors: list[RowError] = []
        shape_error = row_shape_error(row, header)
        if shape_error:
            errors.append(shape_error)
        parsed = _volume_row(row, queues, errors)
        if parsed is not None and not errors:
            if parsed.key in first_row_of:
                errors.append(
                    RowError(
                        row.number,
                        "interval_start",
                        row.values.get("interval_start", ""),
                        _("repeats row %(row)d (same queue and interval)")
                        % {"row": first_row_of[parsed.key]},
                    )
                )
            else:
                first_row_of[parsed.key] = row.number
        if errors or parsed is None:
            checked.rejected.append((row.raw, errors))
        else:
            checked.good.append(parsed)
        read = len(checked.good) + len(checked.rejected)
        if progress is not None and read % PROGRESS_EVERY == 0:
            progress(read)
    if progress is not None:
        progress(len(checked.good) + len(checked.rejected))
    return checked


def _apply(rows: list[VolumeRow], report: ImportReport) -> None:
    by_queue: dict[int, list[VolumeRow]] = defaultdict(list)
    for row in rows:
        by_queue[row.queue.pk].append(row)
    for queue_id, queue_rows in by_queue.items():
        starts = [row.interval_start for row in queue_rows]
        existing = {
            volume.interval_start: volume
            for volume in IntervalVolume.objects.filter(
                queue_id=queue_id,
                interval_start__gte=min(starts),
                interval_start__lte=max(starts),
            )
        }
        created, changed = [], []
        for row in queue_rows:
            current = existing.get(row.interval_start)
            figures = (row.offered, row.handled, row.aht_seconds, VolumeSource.IMPORT)
            if current is None:
                created.append(
                    IntervalVolume(
                        queue_id=queue_id,
                        interval_start=row.interval_start,
                        offered=row.offered,
                        handled=row.handled,
                        aht_seconds=row.aht_seconds,
                        source=VolumeSource.IMPORT,
                    )
                )
            elif (
                current.offered,
                current.handled,
                current.aht_seconds,
                current.source,
            ) != figures:
                current.offered, current.handled = row.offered, row.handled
                current.aht_seconds, current.source = row.aht_seconds, VolumeSource.IMPORT
                changed.append(current)
            else:
                report.unchanged += 1
        IntervalVolume.objects.bulk_create(created, batch_size=2000)
        IntervalVolume.objects.bulk_update(
            changed, ["offered", "handled", "aht_seconds", "source", "updated_at"], batch_size=2000
        )
        report.created += len(created)
        report.updated += len(changed)


def volumes_import(
    *,
    path: PathLike,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Creates or updates interval volumes by queue and interval start (all or nothing unless
    `skip_invalid`)."""
    checked = _check(path, progress)
    report = ImportReport(rows_read=len(checked.good) + len(checked.rejected))
    for _raw, errors in checked.rejected:
        report.add_errors(errors, invalid_rows=1)
    if checked.rejected:
        target = rejected_path_for(path)
        write_rejected_rows(target, checked.header, checked.rejected)
        report.rejected_file = str(target)
        if not skip_invalid:
            raise ImportRefusedError(report)
    with atomic_unless_dry_run(dry_run):
        _apply(checked.good, report)
    report.applied = not dry_run
    return report
