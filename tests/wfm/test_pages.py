"""The forecast pages: what each role sees and may do, forms that keep what was typed."""

import csv
import io
from datetime import date

from django.urls import reverse

from floorwalk.wfm.models import ForecastAdjustment, ForecastRun, SpecialDay, StaffingTarget
from tests.conftest import client_for


def test_an_agent_reads_the_forecast_with_its_backtest_and_required_staff(floor, voice_forecast):
    response = client_for("agent").get(reverse("wfm:forecast", args=[voice_forecast.queue_id]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "How far to trust it" in body
    assert f"{voice_forecast.backtest_wape * 100:.1f} %" in body
    assert "Peak agents" in body
    assert 'data-line-chart="agents-chart-data"' in body
    assert "Run the forecast" not in body  # no planner's forms
    assert "Record the adjustment" not in body


def test_a_planner_sees_the_forms_and_runs_a_forecast(floor, voice_forecast):
    client = client_for("planner")
    page = client.get(reverse("wfm:forecast", args=[voice_forecast.queue_id])).content.decode()

    response = client.post(
        reverse("wfm:run", args=[voice_forecast.queue_id]), {"horizon_days": 7, "model": "best"}
    )

    assert "Run the forecast" in page
    assert "Record the adjustment" in page
    assert response.status_code == 302
    assert ForecastRun.objects.filter(queue=voice_forecast.queue).count() == 2


def test_the_day_view_lists_every_interval_and_exports_it(floor, voice_forecast):
    client = client_for("agent")
    day = voice_forecast.first_day.isoformat()

    page = client.get(reverse("wfm:day", args=[voice_forecast.queue_id, day]))
    export = client.get(reverse("wfm:day_csv", args=[voice_forecast.queue_id, day]))

    assert page.status_code == 200
    assert page.content.decode().count("<tr>") == 1 + 20  # header and 20 half-hours
    rows = list(csv.reader(io.StringIO(export.content.decode().lstrip("\ufeff"))))
    assert rows[0][:6] == [
        "interval_start",
        "forecast_volume",
        "adjustment_factor",
        "volume",
        "aht_seconds",
        "required_agents",
    ]
    assert len(rows) == 21
    assert rows[1][0].startswith(f"{day}T08:00:00+02:00")


def test_a_day_outside_the_forecast_is_not_found(floor, voice_forecast):
    response = client_for("agent").get(
        reverse("wfm:day", args=[voice_forecast.queue_id, "2030-01-01"])
    )

    assert response.status_code == 404


def test_an_invalid_adjustment_keeps_what_was_typed_and_changes_nothing(floor, voice_forecast):
    response = client_for("planner").post(
        reverse("wfm:adjust", args=[voice_forecast.queue_id]),
        {
            "day": voice_forecast.first_day.isoformat(),
            "time": "10:10",
            "percent": "12",
            "reason": "Promo",
        },
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "not the start of a 30-minute interval" in body
    assert 'value="Promo"' in body
    assert ForecastAdjustment.objects.count() == 0


def test_a_planner_adjusts_a_day_from_the_page(floor, voice_forecast):
    response = client_for("planner").post(
        reverse("wfm:adjust", args=[voice_forecast.queue_id]),
        {"day": voice_forecast.first_day.isoformat(), "percent": "-10", "reason": "Bank holiday"},
    )

    assert response.status_code == 302
    adjustment = ForecastAdjustment.objects.get()
    assert (adjustment.percent, adjustment.interval_start, adjustment.reason) == (
        -10.0,
        None,
        "Bank holiday",
    )


def test_an_agent_cannot_adjust_and_nothing_changes(floor, voice_forecast):
    response = client_for("agent").post(
        reverse("wfm:adjust", args=[voice_forecast.queue_id]),
        {"day": voice_forecast.first_day.isoformat(), "percent": "10", "reason": "x"},
    )

    assert response.status_code == 403
    assert ForecastAdjustment.objects.count() == 0


def test_the_target_form_saves_percentages_as_shares(floor, voice):
    response = client_for("planner").post(
        reverse("wfm:target", args=[voice.pk]),
        {
            "kind": "service_level",
            "service_level_percent": "90",
            "answer_within_seconds": "15",
            "max_occupancy_percent": "85",
            "shrinkage_percent": "32",
            "patience_seconds": "",
        },
    )

    assert response.status_code == 302
    target = StaffingTarget.objects.get(queue=voice)
    assert (target.service_level, target.answer_within_seconds, target.asa_seconds) == (
        0.9,
        15,
        None,
    )
    assert (target.max_occupancy, target.shrinkage, target.patience_seconds) == (0.85, 0.32, None)


def test_the_target_form_asks_for_the_asa_when_that_is_the_target(floor, voice):
    response = client_for("planner").post(
        reverse("wfm:target", args=[voice.pk]),
        {
            "kind": "asa",
            "answer_within_seconds": "20",
            "max_occupancy_percent": "85",
            "shrinkage_percent": "30",
        },
    )

    assert response.status_code == 400
    assert "Give the ASA target in seconds." in response.content.decode()
    assert StaffingTarget.objects.count() == 0


def test_history_is_sorted_paginated_and_exported_in_the_import_format(floor, voice_history):
    client = client_for("agent")

    page = client.get(
        reverse("wfm:history", args=[voice_history.pk]), {"sort": "offered", "order": "desc"}
    )
    export = client.get(
        reverse("wfm:history_csv", args=[voice_history.pk]),
        {"start": "2026-09-07", "end": "2026-09-07"},
    )

    assert page.status_code == 200
    assert "700 intervals" in page.content.decode()
    text = b"".join(export.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["queue", "interval_start", "offered", "handled", "aht_seconds", "source"]
    assert len(rows) == 1 + 20
    assert rows[-1][:2] == ["Billing voice", "2026-09-07T08:00:00+02:00"]  # latest first


def test_a_planner_marks_a_special_day(floor):
    response = client_for("planner").post(
        reverse("wfm:special_days", args=[floor.north.pk]),
        {"date": "2026-12-24", "name": "Christmas Eve", "kind": "holiday", "volume_percent": "40"},
    )

    assert response.status_code == 302
    special = SpecialDay.objects.get()
    assert (special.date, special.volume_factor, special.site) == (
        date(2026, 12, 24),
        0.4,
        floor.north,
    )


def test_the_forecast_is_in_everyones_navigation(floor):
    for role in ("agent", "planner"):
        body = client_for(role).get(reverse("home")).content.decode()
        assert reverse("wfm:home") in body


def test_a_queue_without_forecast_says_what_to_do_next(floor, voice):
    planner = client_for("planner").get(reverse("wfm:forecast", args=[voice.pk])).content.decode()
    agent = client_for("agent").get(reverse("wfm:forecast", args=[voice.pk])).content.decode()

    assert "then run a forecast below" in planner
    assert "the site's planners will run one" in agent.replace("&#x27;", "'")
