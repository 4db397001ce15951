"""Scorecard lines and distributions, without a database."""

import statistics
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorwalk.engine.metrics import Totals, metric
from floorwalk.engine.periods import PeriodKind, period_containing, recent_periods
from floorwalk.engine.scorecards import EMPTY_DISTRIBUTION, distribution, metric_line
from floorwalk.engine.standards import Status, Threshold

AHT = metric("aht")
FCR = metric("fcr")
WEEKS = recent_periods(period_containing(PeriodKind.WEEK, date(2026, 10, 26)), 3)


def handled(count: int, seconds_each: int) -> Totals:
    return Totals(contacts=count, handled=count, talk_seconds=count * seconds_each)


def test_a_line_compares_with_the_previous_period_and_keeps_the_trend():
    history = list(zip(WEEKS, [handled(30, 400), handled(30, 360), handled(30, 300)], strict=True))
    target = Threshold(target=320, amber_band=30, direction=AHT.direction)

    line = metric_line(AHT, history, target)

    assert line.value == 300
    assert line.previous == 360
    assert line.change == -60
    assert line.improved is True  # shorter handle time is better
    assert line.status is Status.GREEN
    assert [point.value for point in line.trend] == [400, 360, 300]
    assert [point.period for point in line.trend] == WEEKS


def test_a_rise_in_a_lower_is_better_metric_is_worse():
    history = list(zip(WEEKS[:2], [handled(30, 300), handled(30, 345)], strict=True))

    line = metric_line(AHT, history, Threshold(320, 30, AHT.direction))

    assert line.improved is False
    assert line.status is Status.AMBER


def test_without_a_previous_value_there_is_no_change():
    history = list(zip(WEEKS[:2], [Totals(), handled(30, 300)], strict=True))

    line = metric_line(AHT, history, None)

    assert line.previous is None
    assert line.change is None
    assert line.improved is None
    assert line.status is Status.NONE


def test_a_small_sample_is_not_judged_even_when_off_standard():
    few = Totals(contacts=5, handled=5, fcr_known=5, fcr_resolved=0)

    line = metric_line(FCR, [(WEEKS[-1], few)], Threshold(80, 5, FCR.direction))

    assert line.value == 0
    assert line.sample == 5
    assert not line.reliable
    assert line.status is Status.NONE


def test_a_line_needs_its_own_period():
    with pytest.raises(ValueError, match="at least its own period"):
        metric_line(AHT, [], None)


@given(
    st.lists(st.integers(0, 5000), min_size=1, max_size=3),
    st.lists(st.integers(1, 200), min_size=3, max_size=3),
)
def test_change_is_the_difference_and_improvement_follows_the_direction(seconds, counts):
    history = [
        (period, handled(count, each))
        for period, count, each in zip(WEEKS, counts, seconds, strict=False)
    ]

    line = metric_line(AHT, history, None)

    if len(history) == 1:
        assert line.change is None
    else:
        assert line.change == pytest.approx(line.value - line.previous)
        if line.change:
            assert line.improved is (line.change < 0)


values_lists = st.lists(
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), min_size=1, max_size=300
)


@given(values_lists, st.integers(1, 20))
def test_every_value_lands_in_exactly_one_bin(values, max_bins):
    spread = distribution(values, max_bins=max_bins)

    assert spread.size == len(values)
    assert len(spread.counts) <= max_bins
    assert len(spread.edges) == len(spread.counts) + 1
    assert spread.edges[0] <= min(values)
    assert spread.edges[-1] >= max(values)
    assert list(spread.edges) == sorted(spread.edges)


@given(values_lists)
def test_the_median_and_quartiles_are_the_values_own(values):
    spread = distribution(values)

    assert spread.median == pytest.approx(statistics.median(values), abs=1e-6)
    assert spread.lowest == min(values)
    assert spread.highest == max(values)
    assert spread.lowest <= spread.lower_quartile <= spread.median <= spread.upper_quartile


def test_equal_values_fill_one_bin_and_no_values_none():
    assert distribution([7.0, 7.0, 7.0]).counts == (3,)
    assert distribution([]) == EMPTY_DISTRIBUTION


def test_a_distribution_refuses_values_that_are_not_numbers():
    with pytest.raises(ValueError, match="finite"):
        distribution([1.0, float("nan")])
