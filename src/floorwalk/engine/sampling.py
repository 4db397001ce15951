"""Choosing which interactions to evaluate: picks spread evenly over time.

Evaluating the first N contacts of a month says nothing about its last weeks; picking the
contact nearest to each of N evenly spaced instants covers the whole span and is repeatable.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise


def spread_evenly(candidates: Sequence[datetime], count: int) -> list[int]:
    """Indices of `min(count, len(candidates))` candidates spread evenly over their time span.

    `candidates` must be sorted by time. The span is cut into `count` equal parts and the
    candidate nearest the centre of each part is picked (the earlier one on a tie), never the
    same one twice. The result is sorted and depends only on the input.
    """
    if count < 0:
        raise ValueError(f"cannot pick {count} candidates")
    if any(later < earlier for earlier, later in pairwise(candidates)):
        raise ValueError("candidates must be sorted by time")
    total = len(candidates)
    picks = min(count, total)
    if picks == 0:
        return []
    if picks == total:
        return list(range(total))
    first = candidates[0]
    offsets = [(moment - first).total_seconds() for moment in candidates]
    part = offsets[-1] / picks
    chosen: list[int] = []
    for pick in range(picks):
        target = (pick + 0.5) * part
        # Leave room after this pick for the picks still to come, and never go back.
        lowest = chosen[-1] + 1 if chosen else 0
        highest = total - (picks - pick)
        chosen.append(_nearest(offsets, target, lowest, highest))
    return chosen


def _nearest(offsets: Sequence[float], target: float, lowest: int, highest: int) -> int:
    """The index in [lowest, highest] whose offset is nearest `target`, earlier on a tie."""
    after = bisect_left(offsets, target, lowest, highest + 1)
    if after > highest:
        return highest
    if after == lowest:
        return lowest
    before = after - 1
    return before if target - offsets[before] <= offsets[after] - target else after
