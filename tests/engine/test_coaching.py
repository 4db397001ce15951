"""The coaching effect against independent computations: the statistics module for means and
variances, published Student t quantiles, and Newcombe's own worked example."""

import math
import statistics
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.engine.coaching import (
    Kind,
    Verdict,
    coaching_effect,
    newcombe_interval,
    summarise,
    t_quantile_975,
    values_of,
    welch_interval,
    windows_around,
)
from floorwalk.engine.metrics import InteractionRecord, metric

SESSION_DAY = date(2026, 3, 2)
WINDOWS = windows_around(SESSION_DAY)
LATER = WINDOWS.ready_on + timedelta(days=10)

# Two-sided 95 % Student t quantiles from a printed table.
T_TABLE = {3: 3.182446, 5: 2.570582, 10: 2.228139, 18: 2.100922, 30: 2.042272, 120: 1.979930}


@pytest.mark.parametrize(("degrees", "expected"), T_TABLE.items())
def test_t_quantile_matches_the_table(degrees, expected):
    # The expansion is within 0.004 at 3 degrees of freedom and 0.001 from 4 on.
    assert t_quantile_975(degrees) == pytest.approx(expected, abs=0.004 if degrees == 3 else 0.001)


def test_windows_leave_out_the_session_day_and_span_the_weeks():
    windows = windows_around(SESSION_DAY, weeks=2)
    assert windows.before_start == date(2026, 2, 16)
    assert windows.before_end == date(2026, 3, 1)
    assert windows.after_start == date(2026, 3, 3)
    assert windows.after_end == date(2026, 3, 16)
    assert windows.ready_on == date(2026, 3, 17)


def test_welch_interval_against_the_statistics_module():
    before = [300.0, 320, 280, 350, 310, 295, 330, 340, 290, 305]
    after = [value - 40 for value in before]  # same spread: 18 degrees of freedom exactly

    difference, low, high = welch_interval(summarise(before), summarise(after))

    expected_difference = statistics.mean(after) - statistics.mean(before)
    standard_error = math.sqrt(
        statistics.variance(before) / len(before) + statistics.variance(after) / len(after)
    )
    assert difference == pytest.approx(expected_difference)
    assert low == pytest.approx(expected_difference - T_TABLE[18] * standard_error, abs=0.02)
    assert high == pytest.approx(expected_difference + T_TABLE[18] * standard_error, abs=0.02)


def test_newcombe_interval_reproduces_newcombes_worked_example():
    # Newcombe (1998), example (a): 56/70 against 48/80, interval 0.0524 to 0.3339.
    before = summarise([100.0] * 48 + [0.0] * 32)
    after = summarise([100.0] * 56 + [0.0] * 14)

    difference, low, high = newcombe_interval(before, after)

    assert difference == pytest.approx(100 * (56 / 70 - 48 / 80))
    assert low == pytest.approx(5.24, abs=0.01)
    assert high == pytest.approx(33.39, abs=0.01)


def _handled(handle_seconds: int, fcr: bool | None = None) -> InteractionRecord:
    return InteractionRecord(handle_seconds, 0, 0, "resolved", first_contact_resolution=fcr)


def test_values_per_interaction_skip_what_the_metric_does_not_count():
    records = [
        _handled(300, fcr=True),
        _handled(200, fcr=None),
        InteractionRecord(90, 0, 0, "abandoned"),
        _handled(100, fcr=False),
    ]
    assert values_of(metric("aht"), records) == [300, 200, 100]
    assert values_of(metric("fcr"), records) == [100.0, 0.0]


def test_a_clearly_shorter_handle_time_is_an_improvement():
    before = [400.0 + (i % 7) * 10 for i in range(30)]
    after = [300.0 + (i % 7) * 10 for i in range(30)]

    effect = coaching_effect(metric("aht"), WINDOWS, before, after, LATER)

    assert effect.kind is Kind.MEAN
    assert effect.difference == pytest.approx(-100)
    assert effect.high < 0
    assert effect.verdict is Verdict.IMPROVED  # lower is better for AHT


def test_a_clearly_lower_resolution_rate_is_a_worsening():
    before = [100.0] * 25 + [0.0] * 5
    after = [100.0] * 10 + [0.0] * 20

    effect = coaching_effect(metric("fcr"), WINDOWS, before, after, LATER)

    assert effect.kind is Kind.PROPORTION
    assert effect.difference == pytest.approx(100 * (10 / 30 - 25 / 30))
    assert effect.verdict is Verdict.WORSENED


def test_an_interval_across_zero_is_no_clear_change():
    before = [300.0, 500.0] * 15
    after = [310.0, 490.0] * 15

    effect = coaching_effect(metric("aht"), WINDOWS, before, after, LATER)

    assert effect.low < 0 < effect.high
    assert effect.verdict is Verdict.NO_CLEAR_CHANGE


def test_not_enough_data_before_the_after_window_ends():
    values = [300.0] * 30
    effect = coaching_effect(metric("aht"), WINDOWS, values, values, WINDOWS.after_end)

    assert effect.verdict is Verdict.NOT_ENOUGH_DATA
    assert effect.difference is None
    assert effect.ready_on == WINDOWS.after_end + timedelta(days=1)


def test_not_enough_data_below_the_metrics_reliable_sample():
    aht = metric("aht")
    short = [300.0] * (aht.min_sample - 1)
    effect = coaching_effect(aht, WINDOWS, [300.0] * 50, short, LATER)

    assert effect.verdict is Verdict.NOT_ENOUGH_DATA
    assert (effect.before.n, effect.after.n) == (50, aht.min_sample - 1)


samples = st.lists(
    st.floats(min_value=0, max_value=3600, allow_nan=False), min_size=20, max_size=60
)
proportions = st.lists(st.sampled_from([0.0, 100.0]), min_size=20, max_size=60)


@settings(deadline=None)  # correctness only, never timing
@given(samples, samples)
def test_welch_swapping_sides_mirrors_the_interval(before, after):
    difference, low, high = welch_interval(summarise(before), summarise(after))
    back, back_low, back_high = welch_interval(summarise(after), summarise(before))

    assert low <= difference <= high
    assert back == pytest.approx(-difference, abs=1e-6)
    assert back_low == pytest.approx(-high, abs=1e-6)
    assert back_high == pytest.approx(-low, abs=1e-6)


@settings(deadline=None)
@given(proportions, proportions)
def test_newcombe_interval_holds_the_difference_and_stays_within_bounds(before, after):
    difference, low, high = newcombe_interval(summarise(before), summarise(after))

    assert -100 - 1e-9 <= low <= difference + 1e-9
    assert difference - 1e-9 <= high <= 100 + 1e-9
    expected = statistics.mean(after) - statistics.mean(before)
    assert difference == pytest.approx(expected, abs=1e-9)
