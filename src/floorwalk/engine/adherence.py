"""Schedule adherence and conformance of one agent, per calendar day of their site.

*Adherence* is the share of the scheduled time the agent spent in the state the schedule asked
for; *conformance* is the time worked over the time scheduled to work. Both are kept as
additive seconds per day (`AdherenceDay`), so a week, a team or a site is the ratio of sums.

The rules (docs/adherence.md tells them to users):

- Days are the site's calendar days, midnight to midnight in its time zone (23 or 25 hours on
  a daylight-saving change). Activities and states crossing midnight count on each side.
- Scheduled time is the union of the scheduled activities. Where activities overlap, the one
  of highest precedence is what the agent should be doing: lunch, then break, training,
  meeting, and work last (a break placed inside a shift interrupts the shift).
- Each kind is matched by its states (`MATCHING_STATES`); a meeting is matched by the meeting
  state. Scheduled time with no state recorded, or in another state, is out of adherence.
- Time worked is the time in a working state (available, on contact, after-contact work)
  anywhere in the day, scheduled or not, on days with scheduled work; on a day without
  scheduled work there is nothing to conform to, and the worked time is not counted.
- A day without any scheduled activity has no figure at all (not 0 %): it is left out.
- States may not overlap (the import refuses overlapping rows); `adherence_by_day` raises
  ValueError if they do.

Times are whole seconds (fractions are dropped on import), so the sums are exact integers.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum


class ActivityKind(StrEnum):
    """What a published schedule asks an agent to do."""

    WORK = "work"
    BREAK = "break"
    LUNCH = "lunch"
    TRAINING = "training"
    MEETING = "meeting"


class AgentState(StrEnum):
    """What the contact-center platform says an agent is doing."""

    AVAILABLE = "available"
    ON_CONTACT = "on_contact"
    AFTER_CONTACT_WORK = "after_contact_work"
    BREAK = "break"
    LUNCH = "lunch"
    TRAINING = "training"
    MEETING = "meeting"
    OFFLINE = "offline"


WORKING_STATES = frozenset(
    {AgentState.AVAILABLE, AgentState.ON_CONTACT, AgentState.AFTER_CONTACT_WORK}
)
MATCHING_STATES: dict[ActivityKind, frozenset[AgentState]] = {
    ActivityKind.WORK: WORKING_STATES,
    ActivityKind.BREAK: frozenset({AgentState.BREAK}),
    ActivityKind.LUNCH: frozenset({AgentState.LUNCH}),
    ActivityKind.TRAINING: frozenset({AgentState.TRAINING}),
    ActivityKind.MEETING: frozenset({AgentState.MEETING}),
}
# Highest first: where activities overlap, the first of these is the one that counts.
PRECEDENCE: tuple[ActivityKind, ...] = (
    ActivityKind.LUNCH,
    ActivityKind.BREAK,
    ActivityKind.TRAINING,
    ActivityKind.MEETING,
    ActivityKind.WORK,
)
_RANK = {kind: rank for rank, kind in enumerate(PRECEDENCE)}

# What platforms call the states, normalised (lower case, spaces and hyphens as "_"); anything
# else is refused by the import rather than guessed.
STATE_NAMES: dict[str, AgentState] = {
    "available": AgentState.AVAILABLE,
    "ready": AgentState.AVAILABLE,
    "idle": AgentState.AVAILABLE,
    "on_contact": AgentState.ON_CONTACT,
    "on_call": AgentState.ON_CONTACT,
    "on_chat": AgentState.ON_CONTACT,
    "talking": AgentState.ON_CONTACT,
    "interacting": AgentState.ON_CONTACT,
    "after_contact_work": AgentState.AFTER_CONTACT_WORK,
    "after_call_work": AgentState.AFTER_CONTACT_WORK,
    "acw": AgentState.AFTER_CONTACT_WORK,
    "wrap_up": AgentState.AFTER_CONTACT_WORK,
    "wrapup": AgentState.AFTER_CONTACT_WORK,
    "break": AgentState.BREAK,
    "lunch": AgentState.LUNCH,
    "meal": AgentState.LUNCH,
    "training": AgentState.TRAINING,
    "meeting": AgentState.MEETING,
    "offline": AgentState.OFFLINE,
    "logged_out": AgentState.OFFLINE,
}


def state_from_name(name: str) -> AgentState | None:
    """The state a platform's name stands for, or None when the name is not a known one."""
    key = "_".join(name.strip().lower().replace("-", " ").split())
    return STATE_NAMES.get(key)


@dataclass(frozen=True)
class ScheduledActivity:
    kind: ActivityKind
    start: datetime
    end: datetime


@dataclass(frozen=True)
class StateSpan:
    state: AgentState
    start: datetime
    end: datetime


@dataclass(frozen=True)
class OutOfAdherence:
    """A stretch of scheduled time spent otherwise: `actual` is None where no state was
    recorded."""

    start: datetime
    end: datetime
    scheduled: ActivityKind
    actual: AgentState | None

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())


@dataclass(frozen=True)
class AdherenceDay:
    """One agent's additive adherence figures on one site day, and where they fell short."""

    day: date
    scheduled_seconds: int
    adherent_seconds: int
    scheduled_work_seconds: int
    worked_seconds: int
    out_of_adherence: tuple[OutOfAdherence, ...] = ()

    @property
    def adherence(self) -> float | None:
        if not self.scheduled_seconds:
            return None
        return 100.0 * self.adherent_seconds / self.scheduled_seconds

    @property
    def conformance(self) -> float | None:
        if not self.scheduled_work_seconds:
            return None
        return 100.0 * self.worked_seconds / self.scheduled_work_seconds


def _seconds(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError(f"{moment} has no time zone: adherence needs aware times")
    return int(moment.timestamp())


def _moment(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def day_bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The site day as aware times: its local midnight and the next one."""
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    return start, end


def days_touched(start: datetime, end: datetime, zone: tzinfo) -> list[date]:
    """The site days the span from `start` to `end` (end excluded) has time in."""
    first = start.astimezone(zone).date()
    last = (end - timedelta(microseconds=1)).astimezone(zone).date() if end > start else first
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _check_states(states: Sequence[tuple[int, int, AgentState]]) -> None:
    for (_s1, end, _a), (start, _e2, _b) in itertools.pairwise(states):
        if start < end:
            raise ValueError(
                f"agent states overlap at {_moment(start).isoformat()}: "
                "states must not overlap (the import refuses such rows)"
            )


def adherence_by_day(
    activities: Iterable[ScheduledActivity], states: Iterable[StateSpan], zone: tzinfo
) -> dict[date, AdherenceDay]:
    """The figures of every site day that has scheduled time, in date order.

    A sweep over the boundaries of the activities, the states and the midnights: between two
    neighbouring boundaries nothing changes, so each stretch is judged once.
    """
    planned = sorted(
        (_seconds(item.start), _seconds(item.end), ActivityKind(item.kind))
        for item in activities
        if item.end > item.start
    )
    if not planned:
        return {}
    recorded = sorted(
        (_seconds(span.start), _seconds(span.end), AgentState(span.state))
        for span in states
        if span.end > span.start
    )
    _check_states(recorded)
    first_day = _moment(planned[0][0]).astimezone(zone).date()
    last_day = _moment(max(end for _start, end, _kind in planned) - 1).astimezone(zone).date()
    midnights = [
        _seconds(day_bounds(first_day + timedelta(days=offset), zone)[0])
        for offset in range((last_day - first_day).days + 2)
    ]
    window_start, window_end = midnights[0], midnights[-1]
    recorded = [
        (max(start, window_start), min(end, window_end), state)
        for start, end, state in recorded
        if end > window_start and start < window_end
    ]
    boundaries = sorted(
        {*midnights}
        | {moment for start, end, _kind in planned for moment in (start, end)}
        | {moment for start, end, _state in recorded for moment in (start, end)}
    )
    # Activities starting and ending at each boundary, to keep a count per kind.
    openings: dict[int, list[ActivityKind]] = {}
    closings: dict[int, list[ActivityKind]] = {}
    for start, end, kind in planned:
        openings.setdefault(start, []).append(kind)
        closings.setdefault(end, []).append(kind)
    active = dict.fromkeys(PRECEDENCE, 0)
    builders: dict[date, _DayBuilder] = {}
    day_index = 0
    state_index = 0
    for left, right in itertools.pairwise(boundaries):
        for kind in closings.get(left, ()):
            active[kind] -= 1
        for kind in openings.get(left, ()):
            active[kind] += 1
        while midnights[day_index + 1] <= left:
            day_index += 1
        while state_index < len(recorded) and recorded[state_index][1] <= left:
            state_index += 1
        state = None
        if state_index < len(recorded) and recorded[state_index][0] <= left:
            state = recorded[state_index][2]
        scheduled = next((kind for kind in PRECEDENCE if active[kind]), None)
        day = first_day + timedelta(days=day_index)
        builder = builders.setdefault(day, _DayBuilder(day))
        builder.add(left, right, scheduled, state)
    return {
        day: figures
        for day, builder in sorted(builders.items())
        if (figures := builder.build()).scheduled_seconds
    }


class _DayBuilder:
    def __init__(self, day: date) -> None:
        self.day = day
        self.scheduled = 0
        self.adherent = 0
        self.scheduled_work = 0
        self.worked = 0
        self.misses: list[tuple[int, int, ActivityKind, AgentState | None]] = []

    def add(
        self, left: int, right: int, scheduled: ActivityKind | None, state: AgentState | None
    ) -> None:
        length = right - left
        if state in WORKING_STATES:
            self.worked += length
        if scheduled is None:
            return
        self.scheduled += length
        if scheduled is ActivityKind.WORK:
            self.scheduled_work += length
        if state in MATCHING_STATES[scheduled]:
            self.adherent += length
            return
        last = self.misses[-1] if self.misses else None
        if last is not None and last[1] == left and last[2:] == (scheduled, state):
            self.misses[-1] = (last[0], right, scheduled, state)
        else:
            self.misses.append((left, right, scheduled, state))

    def build(self) -> AdherenceDay:
        return AdherenceDay(
            day=self.day,
            scheduled_seconds=self.scheduled,
            adherent_seconds=self.adherent,
            scheduled_work_seconds=self.scheduled_work,
            worked_seconds=self.worked if self.scheduled_work else 0,
            out_of_adherence=tuple(
                OutOfAdherence(_moment(start), _moment(end), kind, state)
                for start, end, kind, state in self.misses
            ),
        )
