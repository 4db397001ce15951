"""Forecast engine: metrics, baselines and the daily volume × profile model on hand-made
series, special days, aggregation, horizons, and the absence of look-ahead in backtests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.engine.forecast import (
    BestOnRecentDays,
    DailyVolumeProfile,
    DayGrid,
    EwSameInterval,
    IntervalSeries,
    SameIntervalMean,
    SeasonalNaive,
    SpecialDays,
    aggregate,
    backtest,
    daily_volume_profile_tuned,
    forecast,
    mase,
    rolling_forecasts,
    same_interval_mean,
    seasonal_naive,
    to_grid,
    wape,
)

# Ten weekdays: Mon 1 – Fri 5 and Mon 8 – Fri 12 January 2024.
WEEKDAYS = [date(2024, 1, d) for d in (1, 2, 3, 4, 5, 8, 9, 10, 11, 12)]


def series_of(days: list[date], rows: list[tuple[float, ...]], minutes: int = 30) -> IntervalSeries:
    """Intervals from 09:00 on each day, one value per interval."""
    starts: list[datetime] = []
    offered: list[float] = []
    for day, row in zip(days, rows, strict=True):
        for slot, value in enumerate(row):
            starts.append(
                datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
                + timedelta(minutes=slot * minutes)
            )
            offered.append(value)
    return IntervalSeries(tuple(starts), tuple(offered), minutes)


def rising(days: list[date]) -> IntervalSeries:
    """Day i (from 0) offers 10·(i+1) in its first interval and i+1 in its second."""
    return series_of(days, [(10.0 * (i + 1), i + 1.0) for i in range(len(days))])


# --- metrics --------------------------------------------------------------------------------


def test_wape_by_hand() -> None:
    # |10−12| + |20−18| + |30−33| = 7 over 60 offered
    assert wape([10, 20, 30], [12, 18, 33]) == pytest.approx(7 / 60)


def test_mase_by_hand() -> None:
    # mean absolute error 7/3 over a naive error of 2
    assert mase([10, 20, 30], [12, 18, 33], naive_mae=2.0) == pytest.approx(7 / 6)


def test_metrics_refuse_a_zero_scale() -> None:
    with pytest.raises(ValueError, match="positive actual total"):
        wape([0, 0], [1, 1])
    with pytest.raises(ValueError, match="positive naive error"):
        mase([1], [1], naive_mae=0.0)


# --- baselines on a hand-made series ------------------------------------------------------------


def test_seasonal_naive_takes_the_same_weekday_a_week_earlier() -> None:
    grid = to_grid(rising(WEEKDAYS[:6]))  # up to Monday 8 January
    # Tuesday 9 January: the latest Tuesday is 2 January, day 1 → (20, 2)
    assert seasonal_naive().predict(grid, date(2024, 1, 9)).tolist() == [20.0, 2.0]
    # Monday 15 January: the latest Monday is 8 January, day 5 → (60, 6)
    assert SeasonalNaive().predict(grid, date(2024, 1, 15)).tolist() == [60.0, 6.0]


def test_same_interval_mean_of_the_last_k_weekdays() -> None:
    grid = to_grid(rising(WEEKDAYS[:6]))
    # last three weekdays: 4, 5 and 8 January, days 3, 4, 5 → (40+50+60)/3, (4+5+6)/3
    assert same_interval_mean(3).predict(grid, date(2024, 1, 9)).tolist() == [50.0, 5.0]


def test_weekends_are_their_own_day_type() -> None:
    days = [date(2024, 1, 5), date(2024, 1, 6), date(2024, 1, 8)]  # Fri, Sat, Mon
    grid = to_grid(series_of(days, [(10.0,), (4.0,), (20.0,)]))
    assert SameIntervalMean(5).predict(grid, date(2024, 1, 9)).tolist() == [15.0]
    assert SameIntervalMean(5).predict(grid, date(2024, 1, 13)).tolist() == [4.0]


def test_exponentially_weighted_mean_by_hand() -> None:
    grid = to_grid(series_of(WEEKDAYS[:2], [(10.0,), (20.0,)]))
    # weights 0.5 (older) and 1: (0.5·10 + 20) / 1.5
    prediction = EwSameInterval(decay=0.5).predict(grid, date(2024, 1, 3))
    assert prediction.tolist() == pytest.approx([25 / 1.5])


# --- daily volume × profile, and special days ----------------------------------------------------

# Five weekdays of 10 contacts each, with shares (0.5, 0.5), (0.5, 0.5), (0.5, 0.5),
# (0.6, 0.4), (0.9, 0.1).
SHAPES = [(5.0, 5.0), (5.0, 5.0), (5.0, 5.0), (6.0, 4.0), (9.0, 1.0)]
OVERALL_PROFILE_OF_LAST_TWO = DailyVolumeProfile(
    level_alpha=1.0, overall_profile_days=2, shrinkage=1.0
)


def test_daily_volume_times_overall_profile_by_hand() -> None:
    grid = to_grid(series_of(WEEKDAYS[:5], SHAPES))
    # equal totals: every weekday effect is 1 and the level is 10; the profile is the mean
    # share of Thursday and Friday: (0.75, 0.25)
    prediction = OVERALL_PROFILE_OF_LAST_TWO.predict(grid, date(2024, 1, 8))
    assert prediction.tolist() == pytest.approx([7.5, 2.5])


def test_an_excluded_day_does_not_shape_the_profile() -> None:
    history = series_of(WEEKDAYS[:5], SHAPES)
    special = SpecialDays(excluded=frozenset({date(2024, 1, 5)}))
    result = forecast(history, 3, OVERALL_PROFILE_OF_LAST_TWO, special)  # Sat, Sun, Mon
    # Monday 8 January: without Friday the last two days are Wednesday and Thursday, shares
    # (0.55, 0.45)
    assert result.offered == pytest.approx((5.5, 4.5))


def test_weekday_effect_and_shrinkage_by_hand() -> None:
    # Mondays 20 contacts, other days 10; shares: Mondays (0.8, 0.2), others (0.4, 0.6)
    days = WEEKDAYS
    rows = [(16.0, 4.0) if d.weekday() == 0 else (4.0, 6.0) for d in days]
    grid = to_grid(series_of(days, rows))
    model = DailyVolumeProfile(
        level_alpha=1.0,
        effect_days=10,
        weekday_profile_days=4,
        overall_profile_days=5,
        shrinkage=0.25,
    )
    # mean total 12: effects Monday 20/12, others 10/12; the deseasonalised level is 12, so
    # Monday's volume is 20. Profile: 0.25 × mean of the last five days' shares
    # ((0.8 + 4·0.4)/5 = 0.48, 0.52) + 0.75 × Mondays' (0.8, 0.2) = (0.72, 0.28)
    prediction = model.predict(grid, date(2024, 1, 15))
    assert prediction.tolist() == pytest.approx([20 * 0.72, 20 * 0.28])


def test_a_multiplier_scales_the_forecast_day() -> None:
    history = rising(WEEKDAYS[:6])
    special = SpecialDays(multipliers={date(2024, 1, 10): 0.5})
    result = forecast(history, 2, SameIntervalMean(3), special)
    # Tuesday 9 January as is, Wednesday 10 January at half: (50, 5), (25, 2.5)
    assert result.offered == (50.0, 5.0, 25.0, 2.5)


# --- forecast horizon and alignment ------------------------------------------------------------


def test_forecast_covers_the_open_days_of_the_horizon_on_the_history_intervals() -> None:
    result = forecast(rising(WEEKDAYS[:6]), 7, SameIntervalMean(3))
    days = [date(2024, 1, d) for d in (9, 10, 11, 12, 15)]  # weekdays only, as the history
    expected = [datetime(d.year, d.month, d.day, 9, m, tzinfo=UTC) for d in days for m in (0, 30)]
    assert result.starts == tuple(expected)
    assert result.interval_minutes == 30
    assert result.offered == (50.0, 5.0) * 5


def test_eight_weeks_is_the_longest_horizon() -> None:
    history = rising(WEEKDAYS[:6])
    assert len(forecast(history, 56, SeasonalNaive()).starts) == 40 * 2
    with pytest.raises(ValueError, match="horizon_days"):
        forecast(history, 57, SeasonalNaive())


# --- aggregation -------------------------------------------------------------------------------


def test_aggregate_sums_counts_and_weighs_handle_time() -> None:
    start = datetime(2024, 1, 1, 7, 0, tzinfo=UTC)
    series = IntervalSeries(
        tuple(start + timedelta(minutes=5 * i) for i in range(4)),
        (10.0, 30.0, 0.0, 5.0),
        5,
        (100.0, 200.0, 50.0, 300.0),
    )
    result = aggregate(series, 15)
    assert result.starts == (start, start + timedelta(minutes=15))
    assert result.offered == (40.0, 5.0)
    # (10·100 + 30·200 + 0·50) / 40 = 175
    assert result.aht_seconds == (175.0, 300.0)


@settings(max_examples=50, deadline=None)
@given(
    counts=st.lists(st.integers(0, 500), min_size=1, max_size=300),
    minutes=st.sampled_from([15, 30, 60]),
)
def test_aggregation_preserves_totals(counts: list[int], minutes: int) -> None:
    start = datetime(2024, 1, 1, 7, 0, tzinfo=UTC)
    series = IntervalSeries(
        tuple(start + timedelta(minutes=5 * i) for i in range(len(counts))),
        tuple(float(c) for c in counts),
        5,
    )
    result = aggregate(series, minutes)
    assert sum(result.offered) == sum(counts)
    assert all((s.hour * 60 + s.minute) % minutes == 0 for s in result.starts)
    by_day_before = to_grid(series).values.sum(axis=1)
    by_day_after = to_grid(result).values.sum(axis=1)
    assert by_day_after.tolist() == by_day_before.tolist()


# --- backtests ----------------------------------------------------------------------------------


def test_backtest_by_hand() -> None:
    # yesterday's intervals (the mean of the last one day), scored on 11 and 12 January:
    # forecasts (80, 8) and (90, 9) against (90, 9) and (100, 10): errors 10, 1, 10, 1
    result = backtest(rising(WEEKDAYS), SameIntervalMean(1), held_out_days=2)
    assert result.wape == pytest.approx(22 / 209)
    # MAE 5.5; the seasonal-naive MAE before 11 January: 8, 9, 10 January against 1, 2, 3
    # January, errors 50 and 5 every day: 27.5
    assert result.mase == pytest.approx(5.5 / 27.5)
    assert (result.origins, result.days_forecast) == (2, 2)


def test_backtest_does_not_score_excluded_days() -> None:
    special = SpecialDays(excluded=frozenset({date(2024, 1, 12)}))
    result = backtest(rising(WEEKDAYS), SameIntervalMean(1), 2, special_days=special)
    # only 11 January is scored: forecast (80, 8) against (90, 9)
    assert result.wape == pytest.approx(11 / 99)
    assert (result.origins, result.days_forecast) == (1, 1)


MODELS = [
    SeasonalNaive(),
    SameIntervalMean(5),
    EwSameInterval(0.2),
    DailyVolumeProfile(),
]


@settings(max_examples=30, deadline=None)
@given(
    values=st.lists(
        st.lists(st.integers(1, 200), min_size=3, max_size=3), min_size=15, max_size=15
    ),
    cut=st.integers(8, 14),
    change=st.integers(0, 500),
    model_index=st.integers(0, len(MODELS) - 1),
)
def test_forecasts_do_not_look_ahead(
    values: list[list[int]], cut: int, change: int, model_index: int
) -> None:
    """Altering the days from `cut` on changes no forecast made at an origin up to `cut`."""
    days = [date(2024, 1, 1) + timedelta(days=n) for n in range(21) if n % 7 < 5]
    grid = to_grid(series_of(days, [tuple(float(v) for v in row) for row in values]))
    altered_values = grid.values.copy()
    altered_values[cut:] += change
    altered = DayGrid(grid.days, grid.slot_minutes, altered_values, grid.interval_minutes)
    model = MODELS[model_index]
    before = rolling_forecasts(grid, model, held_out_days=8)
    after = rolling_forecasts(altered, model, held_out_days=8)
    scored_up_to_cut = [i for i, d in enumerate(before.days) if d <= grid.days[cut]]
    assert np.array_equal(before.predicted[scored_up_to_cut], after.predicted[scored_up_to_cut])
    # a backtest with its one origin before the cut gives the same figures on both series
    first = backtest(grid, model, held_out_days=8, origin_step=8)
    second = backtest(altered, model, held_out_days=8, origin_step=8)
    assert first.wape == second.wape
    assert np.array_equal([first.mase], [second.mase], equal_nan=True)


def test_the_best_recent_candidate_is_chosen_from_the_past() -> None:
    # Mondays 10 contacts, other weekdays 1, for four weeks: one week earlier is exact,
    # yesterday is not
    days = [date(2024, 1, 1) + timedelta(days=n) for n in range(28) if n % 7 < 5]
    grid = to_grid(series_of(days, [(10.0 if d.weekday() == 0 else 1.0,) for d in days]))
    chooser = BestOnRecentDays((SameIntervalMean(1), SeasonalNaive()), validation_days=5)
    assert chooser.choose(grid) == SeasonalNaive()
    assert chooser.predict(grid, date(2024, 1, 29)).tolist() == [10.0]
    # nine days, too few for five validation days and their history: the first candidate
    assert chooser.choose(grid.before(date(2024, 1, 12))) == SameIntervalMean(1)
    assert len(daily_volume_profile_tuned().candidates) == 9


def test_handle_time_forecast_is_the_recent_volume_weighted_mean() -> None:
    start = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    history = IntervalSeries(
        tuple(start + timedelta(days=day, minutes=minute) for day in (0, 1) for minute in (0, 30)),
        (10.0, 0.0, 30.0, 0.0),
        30,
        (100.0, 999.0, 200.0, 999.0),
    )
    result = forecast(history, 1, SameIntervalMean(2))
    # 09:00: (10·100 + 30·200) / 40 = 175; 09:30 had no contacts: the overall mean, 175
    assert result.aht_seconds == (175.0, 175.0)
    assert result.offered == (20.0, 0.0)
