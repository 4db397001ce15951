"""Adjustments (arithmetic, record, audit) and required staff equal to the Erlang engine's on
the same inputs; the requirements the schedule generator reads."""

from dataclasses import FrozenInstanceError
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from floorwalk.audit.models import AuditEvent
from floorwalk.engine.erlang import (
    Target,
    offered_traffic,
    required_agents,
    required_agents_erlang_a,
)
from floorwalk.wfm.models import ForecastAdjustment, ForecastInterval, StaffingTarget
from floorwalk.wfm.selectors import (
    QueueRequirement,
    interval_requirements,
    latest_forecast,
    planned_intervals,
)
from floorwalk.wfm.services import (
    TargetInput,
    forecast_adjustment_create,
    forecast_adjustment_remove,
    staffing_target_set,
)

WARSAW = ZoneInfo("Europe/Warsaw")


def base(run, day):
    rows = ForecastInterval.objects.filter(run=run).order_by("start")
    return {row.start: row.volume for row in rows if row.start.astimezone(WARSAW).date() == day}


def test_a_day_adjustment_scales_every_interval_and_interval_ones_multiply(floor, voice_forecast):
    planner = floor.user("planner")
    day = voice_forecast.first_day
    forecast_adjustment_create(
        actor=planner, queue=voice_forecast.queue, day=day, percent=20, reason="Mailing"
    )
    forecast_adjustment_create(
        actor=planner,
        queue=voice_forecast.queue,
        day=day,
        at=time(10, 0),
        percent=-50,
        reason="Outage",
    )

    planned = planned_intervals(voice_forecast.queue, voice_forecast, day, day)

    model = base(voice_forecast, day)
    ten = datetime.combine(day, time(10), tzinfo=WARSAW)
    for item in planned:
        factor = 1.2 * (0.5 if item.start == ten else 1.0)
        assert item.factor == pytest.approx(factor)
        assert item.volume == pytest.approx(model[item.start] * factor)
    assert sum(1 for item in planned if item.start == ten) == 1


def test_an_adjustment_is_recorded_and_audited_and_its_removal_too(floor, voice_forecast):
    planner, manager = floor.user("planner"), floor.user("manager")
    day = voice_forecast.first_day

    adjustment = forecast_adjustment_create(
        actor=planner, queue=voice_forecast.queue, day=day, percent=15, reason="Letters"
    )
    forecast_adjustment_remove(actor=manager, adjustment=adjustment, reason="Letters delayed")

    adjustment.refresh_from_db()
    assert (adjustment.created_by, adjustment.removed_by, adjustment.removal_reason) == (
        planner,
        manager,
        "Letters delayed",
    )
    assert adjustment.removed_at is not None
    events = AuditEvent.objects.filter(
        object_type="wfm.forecastadjustment", object_id=str(adjustment.pk)
    ).order_by("pk")
    assert [(e.actor, e.action, e.reason) for e in events] == [
        (planner, "create", "Letters"),
        (manager, "update", "Letters delayed"),
    ]
    planned = planned_intervals(voice_forecast.queue, voice_forecast, day, day)
    assert {item.factor for item in planned} == {1.0}


def test_an_adjustment_outside_the_forecast_or_off_the_grid_is_refused(floor, voice_forecast):
    planner, queue = floor.user("planner"), voice_forecast.queue

    with pytest.raises(ValidationError) as outside:
        forecast_adjustment_create(
            actor=planner,
            queue=queue,
            day=voice_forecast.last_day + timedelta(days=1),
            percent=10,
            reason="x",
        )
    with pytest.raises(ValidationError) as off_grid:
        forecast_adjustment_create(
            actor=planner,
            queue=queue,
            day=voice_forecast.first_day,
            at=time(10, 10),
            percent=10,
            reason="x",
        )
    with pytest.raises(ValidationError) as no_reason:
        forecast_adjustment_create(
            actor=planner, queue=queue, day=voice_forecast.first_day, percent=-101, reason=" "
        )

    assert list(outside.value.message_dict) == ["day"]
    assert list(off_grid.value.message_dict) == ["time"]
    assert sorted(no_reason.value.message_dict) == ["percent", "reason"]
    assert ForecastAdjustment.objects.count() == 0


@pytest.mark.parametrize("role", ["agent", "mentor", "leader", "qa"])
def test_only_planners_adjust(floor, voice_forecast, role):
    with pytest.raises(PermissionDenied):
        forecast_adjustment_create(
            actor=floor.user(role),
            queue=voice_forecast.queue,
            day=voice_forecast.first_day,
            percent=10,
            reason="x",
        )

    assert ForecastAdjustment.objects.count() == 0


def test_required_agents_equal_erlang_c_on_the_same_inputs(floor, voice_forecast):
    queue = voice_forecast.queue
    staffing_target_set(
        actor=floor.user("planner"), queue=queue, data=TargetInput(0.9, 15, None, 0.8, 0.35)
    )
    day = voice_forecast.first_day
    forecast_adjustment_create(actor=None, queue=queue, day=day, percent=40, reason="Campaign")

    planned = planned_intervals(queue, voice_forecast, day, day + timedelta(days=1))

    volume = np.array([item.volume for item in planned])
    aht = np.array([item.aht_seconds for item in planned])
    expected = required_agents(
        offered_traffic(volume, aht, 30),
        aht,
        Target(service_level=0.9, answer_within_seconds=15, max_occupancy=0.8, shrinkage=0.35),
    )
    assert [item.required_agents for item in planned] == expected.agents.tolist()
    assert [item.required_with_shrinkage for item in planned] == expected.scheduled_agents.tolist()
    assert [item.service_level for item in planned] == pytest.approx(
        expected.service_level.tolist()
    )
    assert [item.asa_seconds for item in planned] == pytest.approx(
        expected.average_speed_of_answer.tolist()
    )
    assert [item.occupancy for item in planned] == pytest.approx(expected.occupancy.tolist())
    assert all(item.service_level >= 0.9 for item in planned)


def test_a_patience_estimate_switches_to_erlang_a(floor, voice_forecast):
    queue = voice_forecast.queue
    staffing_target_set(
        actor=None, queue=queue, data=TargetInput(None, 0, 30.0, 0.9, 0.3, patience_seconds=90)
    )
    day = voice_forecast.first_day

    planned = planned_intervals(queue, voice_forecast, day, day)

    volume = np.array([item.volume for item in planned])
    aht = np.array([item.aht_seconds for item in planned])
    expected = required_agents_erlang_a(
        offered_traffic(volume, aht, 30),
        aht,
        90,
        Target(
            service_level=None,
            answer_within_seconds=0,
            asa_seconds=30,
            max_occupancy=0.9,
            shrinkage=0.3,
        ),
    )
    assert [item.required_agents for item in planned] == expected.agents.tolist()
    assert [item.abandonment for item in planned] == pytest.approx(expected.abandonment.tolist())


def test_a_target_needs_either_a_service_level_or_an_asa(floor, voice):
    with pytest.raises(ValidationError) as both:
        staffing_target_set(actor=None, queue=voice, data=TargetInput(0.8, 20, 30.0, 0.85, 0.3))
    with pytest.raises(ValidationError) as ranges:
        staffing_target_set(actor=None, queue=voice, data=TargetInput(1.2, 20, None, 0, 1))

    assert list(both.value.message_dict) == ["service_level"]
    assert sorted(ranges.value.message_dict) == ["max_occupancy", "service_level", "shrinkage"]
    assert StaffingTarget.objects.count() == 0


def test_target_changes_are_audited_with_before_and_after(floor, voice):
    planner = floor.user("planner")
    staffing_target_set(actor=planner, queue=voice, data=TargetInput(0.8, 20, None, 0.85, 0.3))

    target = staffing_target_set(
        actor=planner, queue=voice, data=TargetInput(0.9, 20, None, 0.85, 0.3)
    )

    event = (
        AuditEvent.objects.filter(object_type="wfm.staffingtarget", object_id=str(target.pk))
        .order_by("pk")
        .last()
    )
    assert event.changes == {"service_level": [0.8, 0.9]}


def test_interval_requirements_give_the_adjusted_forecast_and_its_staff(floor, voice_forecast):
    queue = voice_forecast.queue
    day = voice_forecast.first_day
    forecast_adjustment_create(actor=None, queue=queue, day=day, percent=25, reason="Campaign")

    requirements = interval_requirements(site=floor.north, start=day, days=2)

    assert len(requirements) == 1
    requirement = requirements[0]
    assert isinstance(requirement, QueueRequirement)
    planned = planned_intervals(queue, latest_forecast(queue), day, day + timedelta(days=1))
    assert requirement.starts == tuple(item.start for item in planned)
    assert all(start.tzinfo is not None for start in requirement.starts)
    assert requirement.volume == tuple(item.volume for item in planned)
    assert requirement.required_agents == tuple(item.required_agents for item in planned)
    assert requirement.required_with_shrinkage == tuple(
        item.required_with_shrinkage for item in planned
    )
    assert (requirement.queue_id, requirement.queue_name, requirement.interval_minutes) == (
        queue.pk,
        "Billing voice",
        30,
    )
    # No target of its own: the defaults, 80 % within 20 seconds.
    assert (requirement.service_level_target, requirement.answer_within_seconds) == (0.8, 20)
    assert len(requirement.starts) == 2 * 20
    with pytest.raises(FrozenInstanceError):
        requirement.queue_name = "x"  # type: ignore[misc]


def test_interval_requirements_leave_out_other_sites_and_queues_without_forecast(
    floor, voice_forecast
):
    assert interval_requirements(site=floor.south, start=voice_forecast.first_day, days=7) == []
