"""A published schedule to test against, and agent-state files."""

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from floorwalk.engine.formats import AGENT_STATE_COLUMNS

WARSAW = ZoneInfo("Europe/Warsaw")  # the floor's North site


@dataclass(frozen=True)
class Activity:
    """Shaped like `scheduling.selectors.PublishedActivity`."""

    kind: str
    start: datetime
    end: datetime
    queue_id: int | None = None


class FakeSchedule:
    """A schedule source: the activities of each person, as the scheduling app would give
    them (those overlapping the window asked for); records each call."""

    def __init__(self, activities: dict[int, list[Activity]] | None = None) -> None:
        self.activities = activities or {}
        self.calls: list[tuple[list[int], datetime, datetime]] = []

    def __call__(self, *, people, start, end):
        ids = [person.pk for person in people]
        self.calls.append((ids, start, end))
        return {
            pk: [a for a in self.activities.get(pk, []) if a.end > start and a.start < end]
            for pk in ids
        }


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in October 2026 at the North site."""
    return datetime(2026, 10, day, hour, minute, tzinfo=WARSAW)


def stamp(day: int, hour: int, minute: int = 0) -> str:
    return at(day, hour, minute).isoformat()


def write_states(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(AGENT_STATE_COLUMNS)
        writer.writerows(rows)
    return path
