"""The forecast API: read a range with staffing, run, adjust and remove, under the policy."""

from datetime import timedelta

from django.urls import reverse

from floorwalk.wfm.models import ForecastAdjustment, ForecastRun
from floorwalk.wfm.selectors import planned_intervals
from tests.conftest import client_for


def test_everyone_at_the_site_reads_a_range_of_the_forecast_with_staffing(floor, voice_forecast):
    start = voice_forecast.first_day + timedelta(days=1)

    response = client_for("agent").get(
        reverse("api-queue-forecast", args=[voice_forecast.queue_id]),
        {"start": start.isoformat(), "days": 2},
    )

    assert response.status_code == 200
    data = response.json()
    planned = planned_intervals(
        voice_forecast.queue, voice_forecast, start, start + timedelta(days=1)
    )
    assert [item["required_agents"] for item in data["intervals"]] == [
        item.required_agents for item in planned
    ]
    assert len(data["intervals"]) == 40
    assert data["intervals"][0]["start"] == f"{start.isoformat()}T08:00:00+02:00"
    assert data["forecast"]["backtest"]["wape"] == voice_forecast.backtest_wape
    assert data["forecast"]["model"] == voice_forecast.model
    assert data["target"]["own"] is False


def test_a_range_longer_than_eight_weeks_is_a_400_naming_the_field(floor, voice_forecast):
    response = client_for("agent").get(
        reverse("api-queue-forecast", args=[voice_forecast.queue_id]), {"days": 57}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["days"]


def test_a_planner_runs_a_forecast_over_the_api(floor, voice_history):
    response = client_for("planner").post(
        reverse("api-queue-forecast", args=[voice_history.pk]),
        {"horizon_days": 7, "model": "seasonal_naive"},
        content_type="application/json",
    )

    assert response.status_code == 201
    run = ForecastRun.objects.get()
    assert response.json()["id"] == run.pk
    assert (run.model, run.horizon_days, run.created_by) == (
        "seasonal_naive",
        7,
        floor.user("planner"),
    )


def test_running_without_history_is_a_400_with_the_reason(floor, voice):
    response = client_for("planner").post(
        reverse("api-queue-forecast", args=[voice.pk]), {}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "no interval history" in response.json()["horizon_days"][0]


def test_an_agent_cannot_run_a_forecast_over_the_api(floor, voice_history):
    response = client_for("agent").post(
        reverse("api-queue-forecast", args=[voice_history.pk]), {}, content_type="application/json"
    )

    assert response.status_code == 403
    assert ForecastRun.objects.count() == 0


def test_a_planner_adjusts_an_interval_then_removes_it(floor, voice_forecast):
    client = client_for("planner")
    created = client.post(
        reverse("api-queue-forecast-adjustments", args=[voice_forecast.queue_id]),
        {
            "day": voice_forecast.first_day.isoformat(),
            "time": "10:30",
            "percent": 25,
            "reason": "TV advert",
        },
        content_type="application/json",
    )
    adjustment_id = created.json()["id"]

    removed = client.delete(
        reverse("api-forecast-adjustment", args=[adjustment_id]),
        {"reason": "Advert moved"},
        content_type="application/json",
    )

    assert created.status_code == 201
    day = voice_forecast.first_day.isoformat()
    assert created.json()["interval_start"] == f"{day}T10:30:00+02:00"  # site time
    assert removed.status_code == 200
    assert removed.json()["removal_reason"] == "Advert moved"
    assert ForecastAdjustment.objects.get().removed_at is not None


def test_an_adjustment_off_the_grid_is_a_400_naming_the_field(floor, voice_forecast):
    response = client_for("planner").post(
        reverse("api-queue-forecast-adjustments", args=[voice_forecast.queue_id]),
        {"day": voice_forecast.first_day.isoformat(), "time": "10:20", "percent": 5, "reason": "x"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["time"]
    assert ForecastAdjustment.objects.count() == 0


def test_an_agent_cannot_remove_an_adjustment(floor, voice_forecast):
    adjustment = ForecastAdjustment.objects.create(
        queue=voice_forecast.queue, day=voice_forecast.first_day, percent=10, reason="x"
    )

    response = client_for("agent").delete(
        reverse("api-forecast-adjustment", args=[adjustment.pk]),
        {},
        content_type="application/json",
    )

    assert response.status_code == 403
    adjustment.refresh_from_db()
    assert adjustment.removed_at is None


def test_the_endpoints_are_in_the_schema(floor):
    schema = client_for("admin").get(reverse("api-schema")).content.decode()

    assert "/api/v1/queues/{id}/forecast/" in schema
    assert "/api/v1/queues/{id}/forecast/adjustments/" in schema
    assert "/api/v1/forecast-adjustments/{id}/" in schema
