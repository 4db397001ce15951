"""The measured effect of a coaching session on its focus metric.

The focus metric is compared over the N weeks before the session and the N weeks after it
(the session day itself belongs to neither side). Each interaction contributes one value:
its handle time for AHT, 100 or 0 for a first-contact resolution, its rating for the CSAT
mean, and so on, exactly as the metric would compute over that interaction alone. Two kinds
of interval follow from that:

- a *proportion* metric (a percentage of 0/100 values: FCR, CSAT %, transfer rate…) gets the
  Newcombe hybrid-score interval of the difference of two proportions, which stays sensible
  near 0 % and 100 % where the simpler Wald interval collapses;
- a *mean* metric (AHT, hold, ACW, CSAT mean, tNPS…) gets Welch's interval of the difference
  of two means, with the Student t quantile at the Welch–Satterthwaite degrees of freedom
  (Cornish–Fisher expansion; within 0.004 of the exact quantile at 3 degrees of freedom
  and 0.001 from 4 on — the reliable samples keep it far above that).

A difference is only called an improvement when the whole 95 % interval lies on the metric's
better side; a worsening mirrors it; anything else is "no clear change". Before the after
window has ended, or while either side has fewer values than the metric's reliable sample,
the verdict is "not enough data yet", with the day it will be ready.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from floorwalk.engine.metrics import (
    Direction,
    InteractionRecord,
    Metric,
    Unit,
    totals_from_record,
)

DEFAULT_WINDOW_WEEKS = 4
Z_95 = 1.959963984540054  # the standard normal 97.5 % quantile
# Counts and QA scores are not values of single interactions, so they have no per-contact
# before/after comparison.
UNSUPPORTED_METRICS = frozenset({"contacts_handled", "qa_score"})


class Verdict(StrEnum):
    IMPROVED = "improved"
    WORSENED = "worsened"
    NO_CLEAR_CHANGE = "no_clear_change"
    NOT_ENOUGH_DATA = "not_enough_data"


class Kind(StrEnum):
    MEAN = "mean"
    PROPORTION = "proportion"


@dataclass(frozen=True)
class Windows:
    """The before and after windows of a session, both ends included."""

    before_start: date
    before_end: date
    after_start: date
    after_end: date

    @property
    def ready_on(self) -> date:
        """The first day on which the after window is complete."""
        return self.after_end + timedelta(days=1)


def windows_around(held_on: date, weeks: int = DEFAULT_WINDOW_WEEKS) -> Windows:
    if weeks < 1:
        raise ValueError("the window must be at least one week long")
    span = timedelta(weeks=weeks)
    day = timedelta(days=1)
    return Windows(held_on - span, held_on - day, held_on + day, held_on + span)


@dataclass(frozen=True)
class Side:
    """One window's values summarised: how many, their mean and sample variance."""

    n: int
    mean: float | None
    variance: float | None


@dataclass(frozen=True)
class Effect:
    metric_code: str
    kind: Kind
    windows: Windows
    before: Side
    after: Side
    difference: float | None  # after − before, in the metric's unit
    low: float | None  # the 95 % interval of the difference
    high: float | None
    verdict: Verdict

    @property
    def ready_on(self) -> date:
        return self.windows.ready_on


def is_supported(metric: Metric) -> bool:
    return metric.code not in UNSUPPORTED_METRICS


def kind_of(metric: Metric) -> Kind:
    return Kind.PROPORTION if metric.unit is Unit.PERCENT else Kind.MEAN


def values_of(metric: Metric, records: Iterable[InteractionRecord]) -> list[float]:
    """The metric over each interaction on its own, for those the metric counts."""
    values = []
    for record in records:
        totals = totals_from_record(record)
        value = metric.value(totals)
        if metric.sample(totals) > 0 and value is not None:
            values.append(value)
    return values


def summarise(values: Sequence[float]) -> Side:
    n = len(values)
    if n == 0:
        return Side(0, None, None)
    mean = math.fsum(values) / n
    variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1) if n > 1 else None
    return Side(n, mean, variance)


def t_quantile_975(degrees_of_freedom: float) -> float:
    """The Student t 97.5 % quantile (Cornish–Fisher expansion around the normal one)."""
    if degrees_of_freedom <= 0:
        raise ValueError("degrees of freedom must be positive")
    z = Z_95
    nu = degrees_of_freedom
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / nu + g2 / nu**2 + g3 / nu**3 + g4 / nu**4


def _mean_and_variance(side: Side) -> tuple[float, float]:
    if side.mean is None or side.variance is None:
        raise ValueError("an interval needs at least two values on each side")
    return side.mean, side.variance


def welch_interval(before: Side, after: Side) -> tuple[float, float, float]:
    """Difference of means (after − before) and its 95 % Welch interval."""
    mean_before, variance_before = _mean_and_variance(before)
    mean_after, variance_after = _mean_and_variance(after)
    difference = mean_after - mean_before
    share_before = variance_before / before.n
    share_after = variance_after / after.n
    standard_error = math.sqrt(share_before + share_after)
    if standard_error == 0:
        return difference, difference, difference
    # Welch–Satterthwaite, written with the before side's share of the variance so that tiny
    # variances cannot underflow to a zero denominator.
    weight = share_before / (share_before + share_after)
    degrees = 1 / (weight**2 / (before.n - 1) + (1 - weight) ** 2 / (after.n - 1))
    margin = t_quantile_975(degrees) * standard_error
    return difference, difference - margin, difference + margin


def wilson_interval(successes_share: float, n: int) -> tuple[float, float]:
    """The 95 % Wilson score interval of a proportion (0–1)."""
    z2 = Z_95**2
    centre = (successes_share + z2 / (2 * n)) / (1 + z2 / n)
    half = (
        Z_95
        / (1 + z2 / n)
        * math.sqrt(successes_share * (1 - successes_share) / n + z2 / (4 * n * n))
    )
    return centre - half, centre + half


def newcombe_interval(before: Side, after: Side) -> tuple[float, float, float]:
    """Difference of proportions (after − before, in percentage points) and its 95 %
    Newcombe hybrid-score interval."""
    p1 = _mean_and_variance(before)[0] / 100
    p2 = _mean_and_variance(after)[0] / 100
    low1, high1 = wilson_interval(p1, before.n)
    low2, high2 = wilson_interval(p2, after.n)
    difference = p2 - p1
    low = difference - math.sqrt((p2 - low2) ** 2 + (high1 - p1) ** 2)
    high = difference + math.sqrt((high2 - p2) ** 2 + (p1 - low1) ** 2)
    return 100 * difference, 100 * low, 100 * high


def judge(direction: Direction, low: float, high: float) -> Verdict:
    """Improved only when the whole interval lies on the better side."""
    better_above = direction is Direction.HIGHER
    if low > 0:
        return Verdict.IMPROVED if better_above else Verdict.WORSENED
    if high < 0:
        return Verdict.WORSENED if better_above else Verdict.IMPROVED
    return Verdict.NO_CLEAR_CHANGE


def coaching_effect(
    metric: Metric,
    windows: Windows,
    before_values: Sequence[float],
    after_values: Sequence[float],
    today: date,
) -> Effect:
    """The effect of a session given the per-interaction values of each window."""
    kind = kind_of(metric)
    before, after = summarise(before_values), summarise(after_values)
    enough = (
        today >= windows.ready_on
        and min(before.n, after.n) >= max(metric.min_sample, 2)
        and is_supported(metric)
    )
    if not enough:
        return Effect(
            metric.code, kind, windows, before, after, None, None, None, Verdict.NOT_ENOUGH_DATA
        )
    interval = newcombe_interval if kind is Kind.PROPORTION else welch_interval
    difference, low, high = interval(before, after)
    return Effect(
        metric.code,
        kind,
        windows,
        before,
        after,
        difference,
        low,
        high,
        judge(metric.direction, low, high),
    )
