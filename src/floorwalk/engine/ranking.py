"""Placing members of a group (agents in a team, teams in a site) by a metric's value.

Ties share the best rank ("1224" standard competition ranking), and the percentile says how
many of the others a member is at least as good as, so a tie never makes anyone look worse.
Members without a value are not ranked at all.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from floorwalk.engine.metrics import Direction

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Placing:
    """`rank` 1 is best, of `out_of` ranked members; `percentile` is 100 × the share of the
    other ranked members this one is at least as good as (100 when it is alone)."""

    rank: int
    out_of: int
    percentile: float


def placings(values: Mapping[K, float | None], direction: Direction) -> dict[K, Placing]:
    """The placing of every member that has a value; members valued None are left out."""
    ranked = {key: value for key, value in values.items() if value is not None}
    for key, value in ranked.items():
        if math.isnan(value):
            raise ValueError(f"cannot rank {key!r}: its value is not a number")
    # Turn every value into "goodness", higher is better, so one comparison serves both ways.
    sign = 1.0 if direction is Direction.HIGHER else -1.0
    goodness = {key: sign * value for key, value in ranked.items()}
    ascending = sorted(goodness.values())
    out_of = len(ascending)
    result: dict[K, Placing] = {}
    for key, good in goodness.items():
        strictly_better = out_of - bisect_right(ascending, good)
        others_not_better = bisect_right(ascending, good) - 1
        result[key] = Placing(
            rank=strictly_better + 1,
            out_of=out_of,
            percentile=_percentile(others_not_better, out_of - 1),
        )
    return result


def _percentile(others_matched: int, others: int) -> float:
    if others == 0:
        return 100.0
    return 100.0 * others_matched / others
