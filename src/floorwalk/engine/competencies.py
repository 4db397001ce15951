"""A competency level (1–5) derived from results (C2): how far each linked metric is from its
standard, measured in amber bands.

For each metric, `distance` is how much better than the target the value is (positive when
better, in the metric's own direction), and the amber band is the standard's unit of "a bit
off". The metric's level:

- 5: better than the target by at least one amber band (clearly better);
- 4: on standard (at the target, or better by less than a band);
- 3: short of the target, but within the amber band;
- 2: short by more than one band, up to two bands;
- 1: short by more than two bands.

With an amber band of 0 there is no "near": any value worse than the target is level 1, and
any value strictly better is level 5. A metric whose value rests on too small a sample, or
that has no standard in force, is listed as not used. The competency's level is the mean of
the used metrics' levels, rounded half up; with no used metric there is no level at all.

Each step only looks at the distance, and the distance grows with a better value, so a
better value never gives a lower level.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from floorwalk.engine.metrics import Direction
from floorwalk.engine.standards import Threshold
from floorwalk.engine.text import gettext_noop


class Unused(StrEnum):
    """Why a metric did not count towards the level."""

    NO_VALUE = gettext_noop("no data in the window")
    SMALL_SAMPLE = gettext_noop("too small a sample to be trusted")
    NO_STANDARD = gettext_noop("no standard in force")


@dataclass(frozen=True)
class MetricReading:
    """A linked metric over the window: its value (None without data), the sample it rests
    on, the sample it needs, and the standard in force (None without one)."""

    code: str
    value: float | None
    sample: int
    min_sample: int
    threshold: Threshold | None


@dataclass(frozen=True)
class MetricJudgement:
    """One metric's part in the level: its level, or why it was not used."""

    code: str
    value: float | None
    sample: int
    target: float | None
    amber_band: float | None
    direction: Direction | None
    level: int | None
    unused: Unused | None

    def as_dict(self) -> dict[str, object]:
        return {
            "metric": self.code,
            "value": self.value,
            "sample": self.sample,
            "target": self.target,
            "amber_band": self.amber_band,
            "direction": self.direction.value if self.direction else None,
            "level": self.level,
            "unused": self.unused.value if self.unused else None,
        }


@dataclass(frozen=True)
class DerivedLevel:
    """The level the results give (None when no metric could be used) and why."""

    level: int | None
    judgements: tuple[MetricJudgement, ...]

    @property
    def used(self) -> tuple[MetricJudgement, ...]:
        return tuple(item for item in self.judgements if item.level is not None)

    def explanation(self) -> dict[str, object]:
        """What an assessment keeps in its details."""
        return {"level": self.level, "metrics": [item.as_dict() for item in self.judgements]}


def distance_better(value: float, threshold: Threshold) -> float:
    """How far `value` is beyond the target in the better direction (negative when short)."""
    if threshold.direction is Direction.HIGHER:
        return value - threshold.target
    return threshold.target - value


def metric_level(value: float, threshold: Threshold) -> int:
    """The level 1–5 of one metric's value against its standard (see the module's rules)."""
    distance = distance_better(value, threshold)
    band = threshold.amber_band
    if distance >= band and distance > 0:
        return 5
    if distance >= 0:
        return 4
    if distance >= -band:
        return 3
    if distance >= -2 * band:
        return 2
    return 1


def judge_metric(reading: MetricReading) -> MetricJudgement:
    threshold = reading.threshold
    unused: Unused | None = None
    if reading.value is None or not math.isfinite(reading.value):
        unused = Unused.NO_VALUE
    elif reading.sample < reading.min_sample:
        unused = Unused.SMALL_SAMPLE
    elif threshold is None:
        unused = Unused.NO_STANDARD
    level = None
    if unused is None and reading.value is not None and threshold is not None:
        level = metric_level(reading.value, threshold)
    return MetricJudgement(
        code=reading.code,
        value=reading.value,
        sample=reading.sample,
        target=threshold.target if threshold else None,
        amber_band=threshold.amber_band if threshold else None,
        direction=threshold.direction if threshold else None,
        level=level,
        unused=unused,
    )


def round_half_up(value: float) -> int:
    """Rounds .5 up (Python's round() goes to the even neighbour: 2.5 → 2)."""
    return math.floor(value + 0.5)


def derive_level(readings: Sequence[MetricReading]) -> DerivedLevel:
    """The competency's level from its linked metrics: the mean of the used metrics' levels,
    rounded half up; None when none could be used."""
    judgements = tuple(judge_metric(reading) for reading in readings)
    levels = [item.level for item in judgements if item.level is not None]
    level = round_half_up(sum(levels) / len(levels)) if levels else None
    return DerivedLevel(level=level, judgements=judgements)
