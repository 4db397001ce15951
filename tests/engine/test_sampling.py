"""QA sampling: picks spread evenly over the time span, never the same contact twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.engine.sampling import spread_evenly

MONDAY = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)


def every(spacing: timedelta, count: int) -> list[datetime]:
    return [MONDAY + index * spacing for index in range(count)]


def test_two_picks_from_ten_hourly_contacts_sit_a_quarter_from_each_end() -> None:
    # Centres of the two halves of the 9-hour span: 2 h 15 and 6 h 45 after the first.
    assert spread_evenly(every(timedelta(hours=1), 10), 2) == [2, 7]


def test_asking_for_more_than_there_are_picks_them_all() -> None:
    assert spread_evenly(every(timedelta(minutes=5), 4), 10) == [0, 1, 2, 3]
    assert spread_evenly([], 3) == []
    assert spread_evenly(every(timedelta(minutes=5), 4), 0) == []


def test_a_burst_of_contacts_does_not_swallow_the_sample() -> None:
    # 50 contacts in the first minutes, then one an hour later: one pick lands in each part.
    burst = [MONDAY + timedelta(seconds=s) for s in range(50)]
    candidates = [*burst, MONDAY + timedelta(hours=1)]

    assert spread_evenly(candidates, 2) == [49, 50]


def test_unsorted_candidates_are_refused() -> None:
    with pytest.raises(ValueError, match="sorted"):
        spread_evenly([MONDAY, MONDAY - timedelta(minutes=1)], 1)


@settings(max_examples=200)
@given(
    offsets=st.lists(st.integers(0, 30 * 24 * 3600), max_size=80).map(sorted),
    count=st.integers(0, 100),
)
def test_picks_are_distinct_sorted_and_as_many_as_asked_or_available(
    offsets: list[int], count: int
) -> None:
    candidates = [MONDAY + timedelta(seconds=s) for s in offsets]

    picks = spread_evenly(candidates, count)

    assert len(picks) == min(count, len(candidates))
    assert picks == sorted(set(picks))
    assert all(0 <= index < len(candidates) for index in picks)
    assert spread_evenly(candidates, count) == picks


@settings(max_examples=200)
@given(
    total=st.integers(2, 300),
    data=st.data(),
    spacing=st.integers(1, 3_600).map(lambda s: timedelta(seconds=s)),
)
def test_picks_from_evenly_spaced_contacts_are_evenly_spaced(
    total: int, data: st.DataObject, spacing: timedelta
) -> None:
    count = data.draw(st.integers(1, total - 1))
    ideal_gap = (total - 1) / count  # in candidate spacings

    picks = spread_evenly(every(spacing, total), count)

    gaps = [later - earlier for earlier, later in pairwise(picks)]
    assert all(abs(gap - ideal_gap) <= 1 for gap in gaps)
    # The first and last picks sit half a part in from the ends, give or take one spacing.
    assert abs(picks[0] - ideal_gap / 2) <= 1
    assert abs((total - 1 - picks[-1]) - ideal_gap / 2) <= 1
