"""Scorecard lines: each metric's value in a period, judged against its standard, compared
with the previous period and followed over recent periods; and the spread of a group's values.

The inputs are totals per period (oldest first, the scorecard's own period last), so the same
function serves an agent, a team or a site.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from floorwalk.engine.metrics import METRICS, Direction, Metric, Totals, is_reliable
from floorwalk.engine.periods import Period
from floorwalk.engine.ranking import Placing
from floorwalk.engine.standards import Status, Threshold, status


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    value: float | None
    sample: int


@dataclass(frozen=True)
class MetricLine:
    """One metric on a scorecard.

    An unreliable value (a sample below the metric's minimum) is shown but not judged: its
    status is NONE. `change` is the value minus the previous period's; `improved` says whether
    that change goes the metric's better way (None when there is nothing to compare).
    """

    metric: Metric
    value: float | None
    sample: int
    reliable: bool
    threshold: Threshold | None
    status: Status
    previous: float | None
    change: float | None
    improved: bool | None
    trend: tuple[TrendPoint, ...]
    placing: Placing | None = None


def judged_status(metric: Metric, totals: Totals, threshold: Threshold | None) -> Status:
    """The RAG status of `metric` over `totals`, NONE when the sample is too small to judge."""
    if not is_reliable(metric, totals):
        return Status.NONE
    return status(metric.value(totals), threshold)


def metric_line(
    metric: Metric,
    history: Sequence[tuple[Period, Totals]],
    threshold: Threshold | None,
    placing: Placing | None = None,
) -> MetricLine:
    """The line of `metric` whose periods are `history`, oldest first, the current one last."""
    if not history:
        raise ValueError("a scorecard line needs at least its own period")
    current = history[-1][1]
    value = metric.value(current)
    previous = metric.value(history[-2][1]) if len(history) > 1 else None
    change = value - previous if value is not None and previous is not None else None
    return MetricLine(
        metric=metric,
        value=value,
        sample=metric.sample(current),
        reliable=is_reliable(metric, current),
        threshold=threshold,
        status=judged_status(metric, current, threshold),
        previous=previous,
        change=change,
        improved=_improved(metric.direction, change),
        trend=tuple(
            TrendPoint(period, metric.value(totals), metric.sample(totals))
            for period, totals in history
        ),
        placing=placing,
    )


def _improved(direction: Direction, change: float | None) -> bool | None:
    if change is None or change == 0:
        return None
    return change > 0 if direction is Direction.HIGHER else change < 0


def scorecard_lines(
    history: Sequence[tuple[Period, Totals]],
    thresholds: Mapping[str, Threshold | None],
    placings: Mapping[str, Placing] | None = None,
    metrics: Sequence[Metric] = METRICS,
) -> tuple[MetricLine, ...]:
    """A line for every metric of the catalog, in catalog order."""
    placings = placings or {}
    return tuple(
        metric_line(metric, history, thresholds.get(metric.code), placings.get(metric.code))
        for metric in metrics
    )


@dataclass(frozen=True)
class Distribution:
    """How a group's values spread: equal-width bins (edges has one more entry than counts)
    and the quartiles. Empty when no member has a value."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]
    lowest: float | None
    lower_quartile: float | None
    median: float | None
    upper_quartile: float | None
    highest: float | None

    @property
    def size(self) -> int:
        return sum(self.counts)


EMPTY_DISTRIBUTION = Distribution((), (), None, None, None, None, None)


def distribution(values: Sequence[float], max_bins: int = 10) -> Distribution:
    """The spread of `values` in at most `max_bins` equal-width bins (fewer for few values)."""
    if max_bins < 1:
        raise ValueError(f"a distribution needs at least one bin, not {max_bins}")
    if any(not math.isfinite(value) for value in values):
        raise ValueError("values must be finite numbers")
    if not values:
        return EMPTY_DISTRIBUTION
    array = np.asarray(values, dtype=float)
    bins = max(1, min(max_bins, math.ceil(math.sqrt(len(array)))))
    low, high = float(array.min()), float(array.max())
    if low == high:  # one value: one bin around it
        bins, low, high = 1, low - 0.5, high + 0.5
    counts, edges = np.histogram(array, bins=bins, range=(low, high))
    quartiles = np.percentile(array, [25, 50, 75])
    return Distribution(
        edges=tuple(float(edge) for edge in edges),
        counts=tuple(int(count) for count in counts),
        lowest=float(array.min()),
        lower_quartile=float(quartiles[0]),
        median=float(quartiles[1]),
        upper_quartile=float(quartiles[2]),
        highest=float(array.max()),
    )
