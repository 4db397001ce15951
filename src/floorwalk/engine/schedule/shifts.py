"""Building shifts from templates: their breaks, the minutes they work in each interval, and
the (template, start) choices an agent may take on a day under the per-shift hard rules."""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from floorwalk.engine.schedule.problem import (
    MINUTES_PER_DAY,
    Agent,
    BreakRule,
    Problem,
    ShiftTemplate,
)
from floorwalk.engine.schedule.result import PlacedBreak, Shift

BREAK_STEP = 15  # breaks start on quarter hours after the shift start


@dataclass(frozen=True)
class Choice:
    """A (template, start of shift) an agent may take; `start` is absolute."""

    template: str
    start: int


def break_offsets(rule: BreakRule) -> range:
    return range(rule.earliest_offset, rule.latest_offset + 1, BREAK_STEP)


def middle_offset(rule: BreakRule) -> int:
    """The window's middle, on the break step: where the model assumes the break sits."""
    offsets = break_offsets(rule)
    return offsets[len(offsets) // 2]


def make_shift(
    agent: str, template: ShiftTemplate, start: int, offsets: tuple[int, ...] | None = None
) -> Shift:
    """The shift of `template` from `start`, its breaks at `offsets` (default: mid-window)."""
    chosen = offsets if offsets is not None else tuple(middle_offset(b) for b in template.breaks)
    breaks = tuple(
        PlacedBreak(start + offset, rule.minutes, rule.paid)
        for rule, offset in zip(template.breaks, chosen, strict=True)
    )
    return Shift(agent, template.id, start, start + template.span_minutes, breaks)


def worked_segments(shift: Shift) -> Iterator[tuple[int, int]]:
    """[start, end) pieces of the shift outside its breaks."""
    return iter(_segments(shift.start, shift.end, _break_spans(shift)))


def _break_spans(shift: Shift) -> tuple[tuple[int, int], ...]:
    return tuple(sorted((b.start, b.minutes) for b in shift.breaks))


@lru_cache(maxsize=1 << 16)
def _segments(
    start: int, end: int, breaks: tuple[tuple[int, int], ...]
) -> tuple[tuple[int, int], ...]:
    found = []
    cursor = start
    for break_start, minutes in breaks:
        if break_start > cursor:
            found.append((cursor, break_start))
        cursor = max(cursor, break_start + minutes)
    if end > cursor:
        found.append((cursor, end))
    return tuple(found)


def minutes_by_interval(shift: Shift, interval_minutes: int, intervals: int) -> dict[int, int]:
    """Worked minutes of the shift in each interval of the horizon it touches (a fresh dict
    the caller may change)."""
    return dict(
        _minutes_by_interval(
            shift.start, shift.end, _break_spans(shift), interval_minutes, intervals
        )
    )


@lru_cache(maxsize=1 << 16)
def _minutes_by_interval(
    start: int,
    end: int,
    breaks: tuple[tuple[int, int], ...],
    interval_minutes: int,
    intervals: int,
) -> tuple[tuple[int, int], ...]:
    found: dict[int, int] = {}
    for lo_, hi_ in _segments(start, end, breaks):
        first, last = lo_ // interval_minutes, (hi_ - 1) // interval_minutes
        for interval in range(first, min(last, intervals - 1) + 1):
            lo = max(lo_, interval * interval_minutes)
            hi = min(hi_, (interval + 1) * interval_minutes)
            if hi > lo:
                found[interval] = found.get(interval, 0) + hi - lo
    return tuple(found.items())


def expected_minutes_by_interval(
    template: ShiftTemplate, start: int, interval_minutes: int, intervals: int
) -> dict[int, int]:
    """Worked minutes per interval with each break spread evenly over its possible starts (to
    the nearest minute): what the model counts, since breaks are placed afterwards and many
    agents' breaks together spread over their windows."""
    bare = Shift("", template.id, start, start + template.span_minutes)
    found = {t: float(m) for t, m in minutes_by_interval(bare, interval_minutes, intervals).items()}
    for rule in template.breaks:
        offsets = break_offsets(rule)
        for offset in offsets:
            held = Shift("", template.id, start + offset, start + offset + rule.minutes)
            for t, m in minutes_by_interval(held, interval_minutes, intervals).items():
                found[t] = found.get(t, 0.0) - m / len(offsets)
    return {t: round(m) for t, m in found.items() if round(m) > 0}


def overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    return start < other_end and other_start < end


def allowed_choices(problem: Problem, agent: Agent, day: int) -> tuple[Choice, ...]:
    """The shifts `agent` may work on `day` as far as one shift alone can tell: allowed
    template, not on leave, clear of unavailable time, within the daily maximum and any
    "must end by". Week-level rules are the model's (or the checker's) business."""
    if day in agent.leave_days:
        return ()
    weekday = problem.weekday(day)
    end_limits = [e.minute_of_day for e in agent.must_end_by if weekday in e.weekdays]
    found = []
    for template in problem.templates:
        if (
            not agent.may_use(template.id)
            or template.paid_minutes > agent.rules.max_minutes_per_day
        ):
            continue
        for start_of_day in template.starts():
            start = day * MINUTES_PER_DAY + start_of_day
            end = start + template.span_minutes
            if any(overlaps(start, end, r.start, r.end) for r in agent.unavailable):
                continue
            if any(start_of_day + template.span_minutes > limit for limit in end_limits):
                continue
            found.append(Choice(template.id, start))
    return tuple(found)
