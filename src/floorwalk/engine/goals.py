"""Goals: whether a goal is SMART, how far it has come, and where it is heading.

Everything here is advice for the leader who sets the goal: the SMART check returns findings
(warnings), never a refusal.

Attainment, one formula for both directions. With `sign` +1 when higher is better and −1 when
lower is better, `needed = sign × (target − baseline)` is the improvement the goal asks for and
`gained = sign × (current − baseline)` the improvement so far; attainment is
`100 × gained ÷ needed`. It is 0 % at the baseline, 100 % at the target, above 100 % beyond it
and negative when the value moved the wrong way. A target that asks for no improvement
(`needed ≤ 0`) is 100 % when the current value is at least as good as the target, else 0 %.

Projection to the period's end: a least-squares line through the weekly values seen so far
(week index → value), extended over the weeks still to come. A count metric's period value is
the sum of its weeks (observed plus projected); any other metric's is the mean of its weekly
values. With fewer than `MIN_TREND_WEEKS` weeks the trend is not trusted: a count keeps its
run rate, any other metric its current value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from floorwalk.engine.metrics import Direction
from floorwalk.engine.text import gettext_noop

MIN_HISTORY_WEEKS = 4
MIN_TREND_WEEKS = 3
HIGH_PERCENTILE = 95.0
LOW_PERCENTILE = 5.0


class Criterion(StrEnum):
    SPECIFIC = "specific"
    MEASURABLE = "measurable"
    ACHIEVABLE = "achievable"
    RELEVANT = "relevant"
    TIME_BOUND = "time_bound"


@dataclass(frozen=True)
class Finding:
    """One SMART criterion's verdict; `message` is an untranslated format string whose
    placeholders `params` fills (after translation)."""

    criterion: Criterion
    passed: bool
    message: str
    params: dict[str, float | int | str] = field(default_factory=dict)


@dataclass(frozen=True)
class GoalDraft:
    """What the SMART check needs to know about a goal."""

    metric_known: bool
    scope_count: int
    organisation_wide: bool
    start: date | None
    end: date | None
    target: float | None
    direction: Direction
    has_parent: bool
    weekly_history: Sequence[float | None]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation between closest ranks."""
    if not values:
        raise ValueError("the percentile of no values is undefined")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    lower = math.floor(position)
    upper = math.ceil(position)
    fraction = position - lower
    return ordered[lower] + (ordered[upper] - ordered[lower]) * fraction


def smart_findings(draft: GoalDraft) -> list[Finding]:
    """One finding per SMART criterion, in S-M-A-R-T order."""
    history = [value for value in draft.weekly_history if value is not None]
    return [
        _specific(draft),
        _measurable(draft, history),
        _achievable(draft, history),
        _relevant(draft),
        _time_bound(draft),
    ]


def _specific(draft: GoalDraft) -> Finding:
    if not draft.metric_known:
        return Finding(Criterion.SPECIFIC, False, gettext_noop("The goal names no known metric."))
    if draft.scope_count == 1 or (draft.scope_count == 0 and draft.organisation_wide):
        return Finding(Criterion.SPECIFIC, True, gettext_noop("One metric, one scope."))
    return Finding(
        Criterion.SPECIFIC,
        False,
        gettext_noop("The goal needs exactly one scope (an agent, a team or a queue)."),
    )


def _measurable(draft: GoalDraft, history: list[float]) -> Finding:
    if not history:
        return Finding(
            Criterion.MEASURABLE,
            False,
            gettext_noop("There is no data for this metric and scope yet."),
        )
    return Finding(
        Criterion.MEASURABLE,
        True,
        gettext_noop("%(weeks)d weeks of data for this metric and scope."),
        {"weeks": len(history)},
    )


def _achievable(draft: GoalDraft, history: list[float]) -> Finding:
    if draft.target is None:
        return Finding(Criterion.ACHIEVABLE, False, gettext_noop("The goal has no target."))
    if len(history) < MIN_HISTORY_WEEKS:
        return Finding(
            Criterion.ACHIEVABLE,
            False,
            gettext_noop(
                "Only %(weeks)d weeks of history (%(needed)d needed) to judge whether the "
                "target is realistic."
            ),
            {"weeks": len(history), "needed": MIN_HISTORY_WEEKS},
        )
    if draft.direction is Direction.HIGHER:
        bound = percentile(history, HIGH_PERCENTILE)
        beyond = draft.target > bound
        which = HIGH_PERCENTILE
    else:
        bound = percentile(history, LOW_PERCENTILE)
        beyond = draft.target < bound
        which = LOW_PERCENTILE
    params: dict[str, float | int | str] = {
        "target": round(draft.target, 2),
        "bound": round(bound, 2),
        "percentile": int(which),
        "weeks": len(history),
        "best": round(max(history) if draft.direction is Direction.HIGHER else min(history), 2),
    }
    if beyond:
        return Finding(
            Criterion.ACHIEVABLE,
            False,
            gettext_noop(
                "The target %(target)s lies beyond the %(percentile)dth percentile "
                "(%(bound)s) of the last %(weeks)d weekly values; the best week was %(best)s."
            ),
            params,
        )
    return Finding(
        Criterion.ACHIEVABLE,
        True,
        gettext_noop(
            "The target %(target)s is within the range of the last %(weeks)d weekly values "
            "(%(percentile)dth percentile %(bound)s)."
        ),
        params,
    )


def _relevant(draft: GoalDraft) -> Finding:
    if draft.has_parent:
        return Finding(Criterion.RELEVANT, True, gettext_noop("Linked to a parent goal."))
    if draft.organisation_wide:
        return Finding(
            Criterion.RELEVANT, True, gettext_noop("An organisation objective heads a cascade.")
        )
    return Finding(
        Criterion.RELEVANT,
        False,
        gettext_noop("Standalone: the goal is not linked to a team goal or objective."),
    )


def _time_bound(draft: GoalDraft) -> Finding:
    if draft.start is None or draft.end is None:
        return Finding(Criterion.TIME_BOUND, False, gettext_noop("The goal has no period."))
    if draft.end <= draft.start:
        return Finding(
            Criterion.TIME_BOUND, False, gettext_noop("The period must end after it starts.")
        )
    return Finding(
        Criterion.TIME_BOUND,
        True,
        gettext_noop("Runs %(days)d days."),
        {"days": (draft.end - draft.start).days + 1},
    )


# --------------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------------


def _sign(direction: Direction) -> int:
    return 1 if direction is Direction.HIGHER else -1


def attainment(baseline: float, target: float, current: float, direction: Direction) -> float:
    """Percent of the way from baseline to target covered (see the module docstring)."""
    sign = _sign(direction)
    needed = sign * (target - baseline)
    if needed <= 0:
        return 100.0 if is_met(target, current, direction) else 0.0
    return 100.0 * sign * (current - baseline) / needed


def is_met(target: float, value: float, direction: Direction) -> bool:
    """Whether `value` is at least as good as `target`."""
    return _sign(direction) * (value - target) >= 0


def _least_squares(points: Sequence[tuple[int, float]]) -> tuple[float, float]:
    """(intercept, slope) of the least-squares line through `points`."""
    count = len(points)
    mean_x = sum(x for x, _ in points) / count
    mean_y = sum(y for _, y in points) / count
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return mean_y, 0.0
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return mean_y - slope * mean_x, slope


def projection(
    weekly: Sequence[float | None], total_weeks: int, current: float | None, *, is_count: bool
) -> float | None:
    """The period's value at its end, from the weekly values so far (oldest first; None for a
    week without data) and the number of weeks the period has (see the module docstring)."""
    points = [(index, value) for index, value in enumerate(weekly) if value is not None]
    if current is None or not points:
        return None
    remaining = range(len(weekly), max(total_weeks, len(weekly)))
    if len(points) < MIN_TREND_WEEKS:
        if is_count:
            return current * max(total_weeks, len(weekly)) / len(weekly)
        return current
    intercept, slope = _least_squares(points)
    projected = [intercept + slope * index for index in remaining]
    if is_count:
        return current + sum(max(value, 0.0) for value in projected)
    observed = [value for _, value in points]
    everything = observed + projected
    return sum(everything) / len(everything)
