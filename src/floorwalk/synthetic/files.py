"""Write a synthetic floor in the canonical CSV import formats (UTF-8, comma, header row)."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from floorwalk.engine.formats import (
    INTERACTION_COLUMNS,
    LIST_SEPARATOR,
    PEOPLE_COLUMNS,
    QUEUE_COLUMNS,
)
from floorwalk.synthetic.floor import SyntheticFloor
from floorwalk.synthetic.simulation import (
    CSAT_NONE,
    FCR_UNKNOWN,
    INTERACTION_ID_FORMAT,
    NPS_NONE,
    OUTCOMES,
    InteractionBatch,
    daily_interaction_batches,
)

QUEUES_FILE = "queues.csv"
PEOPLE_FILE = "people.csv"
INTERACTIONS_FILE = "interactions.csv"

Progress = Callable[[date, int], None]
PathLike = str | os.PathLike[str]

_LINE_END = "\n"
_WRITE_BUFFER = 1 << 20


def _csv_field(value: str) -> str:
    """Quote a value the way csv.writer's QUOTE_MINIMAL would."""
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _write_rows(path: PathLike, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator=_LINE_END)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_people_csv(floor: SyntheticFloor, path: PathLike) -> int:
    site = floor.spec.site_name
    return _write_rows(
        path,
        PEOPLE_COLUMNS,
        (
            (
                person.employee_number,
                person.display_name,
                person.email,
                site,
                person.team or "",
                person.hire_date.isoformat(),
                person.leaving_date.isoformat() if person.leaving_date else "",
                LIST_SEPARATOR.join(person.roles),
                LIST_SEPARATOR.join(person.queues),
            )
            for person in floor.people
        ),
    )


def write_queues_csv(floor: SyntheticFloor, path: PathLike) -> int:
    site = floor.spec.site_name
    return _write_rows(
        path, QUEUE_COLUMNS, ((queue.name, queue.channel, site) for queue in floor.queues)
    )


ObjectArray = npt.NDArray[np.object_]


def _object_array(values: Sequence[str]) -> ObjectArray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _offset_text(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


class _InteractionFormatter:
    """Turns a day's batch into CSV text through lookup tables instead of per-field formatting.

    Every column except the id takes few distinct values, so indexing a prebuilt array of
    strings is several times faster than converting numbers row by row.
    """

    def __init__(self, floor: SyntheticFloor) -> None:
        self.zone = ZoneInfo(floor.spec.time_zone)
        self.agents = _object_array([_csv_field(p.employee_number) for p in floor.people])
        self.queue_and_channel = _object_array(
            [f"{_csv_field(q.name)},{_csv_field(q.channel)}" for q in floor.queues]
        )
        self.numbers = _object_array([str(n) for n in range(4096)])
        fcr_texts = ("", "false", "true")
        csat_texts = ("", "1", "2", "3", "4", "5")
        nps_texts = ("", *(str(n) for n in range(11)))
        self.verdicts = _object_array(
            [
                f"{outcome},{fcr},{csat},{nps}"
                for outcome in OUTCOMES
                for fcr in fcr_texts
                for csat in csat_texts
                for nps in nps_texts
            ]
        )
        self.clocks: dict[str, ObjectArray] = {}

    def _numbers_up_to(self, largest: int) -> ObjectArray:
        if largest >= len(self.numbers):
            self.numbers = _object_array([str(n) for n in range(2 * largest + 1)])
        return self.numbers

    def _clock(self, offset: str) -> ObjectArray:
        if offset not in self.clocks:
            self.clocks[offset] = _object_array(
                [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{offset}" for s in range(86_400)]
            )
        return self.clocks[offset]

    def _times_of_day(self, day: date, seconds: npt.NDArray[np.int32]) -> ObjectArray:
        # Offsets change only on the hour, so one lookup per local hour covers DST days.
        offsets = [
            _offset_text(datetime(day.year, day.month, day.day, hour, tzinfo=self.zone))
            for hour in range(24)
        ]
        if len(set(offsets)) == 1:
            clock: ObjectArray = self._clock(offsets[0])[seconds]
            return clock
        hours = seconds // 3600
        times = np.empty(seconds.shape[0], dtype=object)
        for offset in set(offsets):
            rows = np.isin(hours, [h for h, o in enumerate(offsets) if o == offset])
            times[rows] = self._clock(offset)[seconds[rows]]
        return times

    def text(self, batch: InteractionBatch) -> str:
        size = len(batch)
        if size == 0:
            return ""
        ids = map(
            INTERACTION_ID_FORMAT.__mod__, range(batch.first_sequence, batch.first_sequence + size)
        )
        prefix = batch.day.isoformat() + "T"
        started = [
            prefix + clock for clock in self._times_of_day(batch.day, batch.seconds).tolist()
        ]
        longest = int(
            max(batch.talk_seconds.max(), batch.hold_seconds.max(), batch.acw_seconds.max())
        )
        numbers = self._numbers_up_to(longest)
        verdict = (
            (batch.outcome.astype(np.int64) * 3 + (batch.first_contact_resolution - FCR_UNKNOWN))
            * 6
            + (batch.csat - CSAT_NONE)
        ) * 12 + (batch.nps - NPS_NONE)
        columns = (
            ids,
            self.agents[batch.agent].tolist(),
            self.queue_and_channel[batch.queue].tolist(),
            started,
            numbers[batch.talk_seconds].tolist(),
            numbers[batch.hold_seconds].tolist(),
            numbers[batch.acw_seconds].tolist(),
            self.verdicts[verdict].tolist(),
        )
        return _LINE_END.join(map(",".join, zip(*columns, strict=False))) + _LINE_END


def write_interactions_csv(
    floor: SyntheticFloor, path: PathLike, progress: Progress | None = None
) -> int:
    """Stream the whole history to `path` a day at a time; returns the number of rows."""
    formatter = _InteractionFormatter(floor)
    rows = 0
    with open(path, "w", encoding="utf-8", newline="", buffering=_WRITE_BUFFER) as handle:
        handle.write(",".join(INTERACTION_COLUMNS) + _LINE_END)
        for day, batch in daily_interaction_batches(floor):
            handle.write(formatter.text(batch))
            rows += len(batch)
            if progress is not None:
                progress(day, rows)
    return rows


def write_dataset(
    floor: SyntheticFloor, directory: PathLike, progress: Progress | None = None
) -> dict[str, int]:
    """Write queues, people and interactions into `directory`; returns rows per file name."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    return {
        QUEUES_FILE: write_queues_csv(floor, target / QUEUES_FILE),
        PEOPLE_FILE: write_people_csv(floor, target / PEOPLE_FILE),
        INTERACTIONS_FILE: write_interactions_csv(floor, target / INTERACTIONS_FILE, progress),
    }
