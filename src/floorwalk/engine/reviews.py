"""A periodic review's overall rating from its parts (P7).

A review template weighs its parts: goal attainment, competencies, self-assessment, peer and
upward feedback, the leader's own rating. A part that was not used in a review (no score)
drops out and the weights of the others are scaled so they still sum to one: an agent with no
peer feedback is rated on what there is, never as if peers had given zero.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

RATING_SCALE = (1.0, 5.0)
# Goal attainment (%) at which the goal part reaches each rating from 2 to 5.
DEFAULT_ATTAINMENT_BANDS = (50.0, 80.0, 95.0, 105.0)


class Part(StrEnum):
    GOALS = "goals"
    COMPETENCIES = "competencies"
    SELF = "self"
    PEER = "peer"
    UPWARD = "upward"
    LEADER = "leader"


@dataclass(frozen=True)
class OverallRating:
    """The weighted rating and the weights each used part really got."""

    value: float
    weights: Mapping[Part, float]


def overall_rating(
    scores: Mapping[Part, float | None], weights: Mapping[Part, float]
) -> OverallRating | None:
    """The weighted mean of the parts that have a score and a weight above zero, the weights
    scaled to sum to one; None when no part is left."""
    for part, weight in weights.items():
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"the weight of {part} must be 0 or more, not {weight}")
    for part, score in scores.items():
        if score is not None and not RATING_SCALE[0] <= score <= RATING_SCALE[1]:
            raise ValueError(f"the {part} score must be from 1 to 5, not {score}")
    used = {
        part: (score, weights.get(part, 0.0))
        for part, score in scores.items()
        if score is not None and weights.get(part, 0.0) > 0
    }
    if not used:
        return None
    total = sum(weight for _score, weight in used.values())
    return OverallRating(
        value=sum(score * weight for score, weight in used.values()) / total,
        weights={part: weight / total for part, (_score, weight) in used.items()},
    )


def attainment_rating(
    attainment: float, bands: tuple[float, float, float, float] = DEFAULT_ATTAINMENT_BANDS
) -> int:
    """The goal part's rating from goal attainment in %: 1 below the first band, 5 from the
    last band up."""
    if list(bands) != sorted(bands):
        raise ValueError("attainment bands must rise")
    return 1 + sum(attainment >= band for band in bands)


@dataclass(frozen=True)
class Distribution:
    """How a leader (or a team) rated: how many of each whole rating, the mean and spread."""

    counts: Mapping[int, int]
    mean: float | None
    stdev: float | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def rating_distribution(ratings: Iterable[float]) -> Distribution:
    """Ratings rounded half up to whole ratings 1–5, counted; the mean and the sample standard
    deviation of the ratings as given (None with too few)."""
    values = list(ratings)
    counts = dict.fromkeys(range(1, 6), 0)
    for value in values:
        counts[min(5, max(1, math.floor(value + 0.5)))] += 1
    return Distribution(
        counts=counts,
        mean=statistics.fmean(values) if values else None,
        stdev=statistics.stdev(values) if len(values) >= 2 else None,
    )
