"""Forecast runs: what is stored is the engine's forecast; backtest, model choice, special
days, and who may run one."""

from datetime import timedelta

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from floorwalk.audit.models import AuditEvent
from floorwalk.engine import forecast as engine
from floorwalk.wfm.forecasting import history_series, special_days_of
from floorwalk.wfm.models import ForecastInterval, ForecastModel, ForecastRun
from floorwalk.wfm.services import forecast_run_create, special_day_set
from tests.wfm.conftest import HISTORY_DAYS, HISTORY_START, OPEN_HOURS, make_history


def stored_forecast(run):
    rows = ForecastInterval.objects.filter(run=run).order_by("start")
    return (
        [row.start for row in rows],
        [row.volume for row in rows],
        [row.aht_seconds for row in rows],
    )


def test_the_stored_forecast_is_the_engines_forecast(floor, voice_history):
    run = forecast_run_create(
        actor=floor.user("planner"),
        queue=voice_history,
        horizon_days=14,
        model=ForecastModel.DAILY_PROFILE,
    )

    series = history_series(voice_history)
    expected = engine.forecast(series, 14, engine.daily_volume_profile_tuned())
    starts, volumes, aht = stored_forecast(run)
    assert starts == list(expected.starts)
    assert volumes == list(expected.offered)
    assert aht == list(expected.aht_seconds)
    slots = (OPEN_HOURS[1] - OPEN_HOURS[0]) * 2
    assert len(starts) == 14 * slots
    last_history = HISTORY_START + timedelta(days=HISTORY_DAYS - 1)
    assert (run.first_day, run.last_day) == (
        last_history + timedelta(days=1),
        last_history + timedelta(days=14),
    )


def test_the_backtest_is_the_engines_over_the_held_out_weeks(floor, voice_history):
    run = forecast_run_create(
        actor=None, queue=voice_history, horizon_days=7, model=ForecastModel.SEASONAL_NAIVE
    )

    grid = engine.to_grid(history_series(voice_history))
    # Five weeks of history leave two held-out weeks (two weeks to learn from before them).
    expected = engine.backtest(grid, engine.seasonal_naive(), 14, origin_step=7, horizon_days=7)
    assert (run.backtest_weeks, run.backtest_days) == (2, 14)
    assert run.backtest_wape == pytest.approx(expected.wape)
    assert run.backtest_mase == pytest.approx(expected.mase)
    assert run.model == ForecastModel.SEASONAL_NAIVE


def test_the_best_model_is_the_one_with_the_lowest_backtest_wape(floor, voice_history):
    run = forecast_run_create(actor=None, queue=voice_history, horizon_days=7)

    wapes = {code: result["wape"] for code, result in run.candidates.items()}
    assert set(wapes) == {ForecastModel.DAILY_PROFILE, ForecastModel.SEASONAL_NAIVE}
    assert run.model == min(wapes, key=wapes.get)
    assert run.backtest_wape == wapes[run.model]
    assert run.requested_model == ForecastModel.BEST


def test_a_special_day_ahead_scales_the_forecast_and_one_behind_is_not_learned(
    floor, voice_history
):
    ahead = HISTORY_START + timedelta(days=HISTORY_DAYS + 2)
    behind = ahead - timedelta(days=7)  # the same weekday, in the history
    special_day_set(
        actor=None, site=floor.north, day=ahead, name="Campaign", kind="campaign", volume_factor=1.5
    )
    special_day_set(
        actor=None, site=floor.north, day=behind, name="Holiday", kind="holiday", volume_factor=0.2
    )

    run = forecast_run_create(
        actor=None, queue=voice_history, horizon_days=7, model=ForecastModel.SEASONAL_NAIVE
    )

    special = special_days_of(floor.north)
    assert special.excluded == frozenset({ahead, behind})
    expected = engine.forecast(history_series(voice_history), 7, engine.seasonal_naive(), special)
    _starts, volumes, _aht = stored_forecast(run)
    assert volumes == list(expected.offered)
    by_day = {}
    for start, volume in zip(expected.starts, expected.offered, strict=True):
        by_day[start.date()] = by_day.get(start.date(), 0) + volume
    # Seasonal naive for `ahead` is its weekday two weeks back (last week's is left out) × 1.5.
    two_weeks_back = ahead - timedelta(days=14)
    history = engine.to_grid(history_series(voice_history))
    row = history.days.index(two_weeks_back)
    assert by_day[ahead] == pytest.approx(1.5 * history.values[row].sum())


def test_a_run_records_who_ran_it_and_is_audited(floor, voice_history):
    planner = floor.user("planner")

    run = forecast_run_create(actor=planner, queue=voice_history, horizon_days=7)

    assert run.created_by == planner
    event = AuditEvent.objects.get(object_type="wfm.forecastrun", object_id=str(run.pk))
    assert (event.actor, event.action) == (planner, "create")


@pytest.mark.parametrize("role", ["agent", "mentor", "leader", "qa"])
def test_only_the_sites_planners_run_forecasts(floor, voice_history, role):
    with pytest.raises(PermissionDenied):
        forecast_run_create(actor=floor.user(role), queue=voice_history, horizon_days=7)

    assert ForecastRun.objects.count() == 0


def test_a_horizon_over_eight_weeks_is_refused(floor, voice_history):
    with pytest.raises(ValidationError) as refused:
        forecast_run_create(actor=None, queue=voice_history, horizon_days=57)

    assert list(refused.value.message_dict) == ["horizon_days"]
    assert ForecastRun.objects.count() == 0


def test_too_little_history_is_refused_with_what_to_do(floor, voice):
    make_history(voice, days=10)

    with pytest.raises(ValidationError) as refused:
        forecast_run_create(actor=None, queue=voice, horizon_days=7)

    assert "at least three weeks" in refused.value.message_dict["horizon_days"][0]
    assert ForecastRun.objects.count() == 0


def test_a_forecast_takes_well_under_a_second_of_engine_work_per_queue(floor, voice_history):
    run = forecast_run_create(actor=None, queue=voice_history, horizon_days=56)

    assert run.seconds > 0
    assert len(stored_forecast(run)[0]) == 56 * 20
    assert np.all(np.array(stored_forecast(run)[1]) >= 0)


def test_no_history_is_refused(floor, voice):
    with pytest.raises(ValidationError) as refused:
        forecast_run_create(actor=None, queue=voice, horizon_days=7)

    assert "no interval history" in refused.value.message_dict["horizon_days"][0]


def test_history_series_is_on_the_sites_clock(floor, voice_history):
    series = history_series(voice_history)

    assert series.starts[0].date() == HISTORY_START
    assert (series.starts[0].hour, series.starts[0].minute) == (OPEN_HOURS[0], 0)
    assert series.interval_minutes == 30
    assert series.starts[0].utcoffset() == timedelta(hours=2)  # Warsaw summer time
