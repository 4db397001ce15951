from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from floorwalk.engine.schedule import problem as ep
from floorwalk.engine.schedule import result as er
from floorwalk.scheduling.engine_input import (
    EngineInputError,
    Horizon,
    build_input,
    current_shifts,
    person_key,
    preference_key,
    shift_specs,
    template_key,
)
from floorwalk.scheduling.models import AgentPreference, RequestStatus
from floorwalk.scheduling.services import (
    ConstraintInput,
    PreferenceInput,
    agent_constraint_create,
    agent_preference_create,
    schedule_create_draft,
    schedule_draft_replace_shifts,
)
from floorwalk.wfm.selectors import interval_requirements
from tests.scheduling.generation_setup import DST_WEEK, FORECAST_START, ready_site

WARSAW = ZoneInfo("Europe/Warsaw")


def _draft(floor, start=FORECAST_START, days=7):
    return schedule_create_draft(
        actor=floor.user("planner"), site=floor.north, start_date=start, days=days
    )


def test_problem_has_the_agents_with_contract_and_queue_their_templates_and_requirement(floor):
    voice, (early, late) = ready_site(floor)
    data = build_input(_draft(floor))
    problem = data.problem
    assert problem.days == 7
    assert problem.interval_minutes == 30
    assert problem.start_weekday == 0
    assert [a.id for a in problem.agents] == [
        person_key(floor.agent.pk),
        person_key(floor.mentor.pk),
    ]
    assert problem.agents[0].skills == (f"q{voice.pk}",)
    assert problem.agents[0].contract_min_week == 1350
    assert problem.agents[0].contract_max_week == 2400
    assert [t.id for t in problem.templates] == [template_key(early.pk), template_key(late.pk)]
    assert problem.templates[0] == ep.ShiftTemplate(
        template_key(early.pk), 420, 540, 60, 450, (ep.BreakRule(30, False, 180, 270),)
    )
    # Monday 08:00 local is slot 16: the requirement's first interval that day.
    requirement = interval_requirements(site=floor.north, start=FORECAST_START, days=7)[0]
    first = requirement.starts.index(datetime(2026, 10, 12, 8, 0, tzinfo=WARSAW))
    assert problem.queues[0].required[16] == requirement.required_with_shrinkage[first]
    assert sum(problem.queues[0].required) == sum(requirement.required_with_shrinkage)
    # Labour rules: the site's defaults; 2 weekends in 4 weeks -> 1 in a 1-weekend horizon.
    assert problem.agents[0].rules == ep.LabourRules(600, 2400, 660, 6, 2, 1)


def test_horizon_minutes_and_datetimes_round_trip_on_the_dst_day():
    horizon = Horizon(DST_WEEK, 7, WARSAW)
    saturday_8 = horizon.to_datetime(5 * 1440 + 480)
    sunday_8 = horizon.to_datetime(6 * 1440 + 480)
    assert saturday_8 == datetime(2026, 10, 24, 8, 0, tzinfo=WARSAW)
    assert saturday_8.utcoffset() == timedelta(hours=2)
    assert sunday_8.utcoffset() == timedelta(hours=1)
    # Sunday 08:00 is 25 hours after Saturday 08:00 in real time, one engine day.
    utc = ZoneInfo("UTC")
    assert sunday_8.astimezone(utc) - saturday_8.astimezone(utc) == timedelta(hours=25)
    for minute in (0, 479, 5 * 1440 + 480, 6 * 1440 + 480, 6 * 1440 + 1439):
        assert horizon.to_minute(horizon.to_datetime(minute)) == minute


def test_requirement_on_the_dst_day_lands_on_its_wall_clock_slot(floor):
    ready_site(floor)
    data = build_input(_draft(floor, DST_WEEK))
    requirement = interval_requirements(site=floor.north, start=DST_WEEK, days=7)[0]
    sunday = date(2026, 10, 25)
    for start, staff in zip(requirement.starts, requirement.required_with_shrinkage, strict=True):
        local = start.astimezone(WARSAW)
        if local.date() == sunday and local.hour >= 8:
            slot = 6 * 48 + (local.hour * 60 + local.minute) // 30
            assert data.problem.queues[0].required[slot] == staff


def test_engine_shifts_become_rows_and_come_back_the_same(floor):
    voice, (early, _late) = ready_site(floor)
    schedule = _draft(floor)
    data = build_input(schedule)
    agent = person_key(floor.agent.pk)
    shift = er.Shift(
        agent=agent,
        template=template_key(early.pk),
        start=1440 + 480,
        end=1440 + 480 + 480,
        breaks=(er.PlacedBreak(1440 + 480 + 200, 30, False),),
        queue_minutes=((f"q{voice.pk}", 450),),
    )
    specs = shift_specs(data, (shift,))
    assert specs[0].start == datetime(2026, 10, 13, 8, 0, tzinfo=WARSAW)
    assert specs[0].end == datetime(2026, 10, 13, 16, 0, tzinfo=WARSAW)
    assert [(a.kind, a.start.time(), a.end.time(), a.queue_id) for a in specs[0].activities] == [
        ("work", time(8), time(11, 20), voice.pk),
        ("lunch", time(11, 20), time(11, 50), None),
        ("work", time(11, 50), time(16), voice.pk),
    ]
    schedule_draft_replace_shifts(actor=floor.user("planner"), schedule=schedule, shifts=specs)
    assert current_shifts(schedule) == (shift,)


def test_current_shifts_become_fixed_shifts_when_asked(floor):
    voice, (early, _late) = ready_site(floor)
    schedule = _draft(floor)
    data = build_input(schedule)
    shift = er.Shift(
        person_key(floor.mentor.pk),
        template_key(early.pk),
        420,
        900,
        (er.PlacedBreak(700, 30, False),),
        ((f"q{voice.pk}", 450),),
    )
    schedule_draft_replace_shifts(
        actor=floor.user("planner"), schedule=schedule, shifts=shift_specs(data, (shift,))
    )
    assert build_input(schedule).problem.fixed == ()
    assert build_input(schedule, fixed=True).problem.fixed == (
        ep.FixedShift(person_key(floor.mentor.pk), template_key(early.pk), 420),
    )


def test_only_approved_requests_reach_the_problem(floor):
    ready_site(floor)
    approved = agent_preference_create(
        actor=floor.user("planner"),
        person=floor.agent,
        data=PreferenceInput(kind="day_off_weekday", weight=30, weekday=1),
    )
    pending = agent_preference_create(
        actor=floor.user("agent"),
        person=floor.agent,
        data=PreferenceInput(kind="day_off_weekday", weight=20, weekday=3),
    )
    agent_constraint_create(
        actor=floor.user("agent"),
        person=floor.agent,
        data=ConstraintInput(
            kind="leave", start_date=date(2026, 10, 14), end_date=date(2026, 10, 14)
        ),
    )
    agent_constraint_create(
        actor=floor.user("planner"),
        person=floor.agent,
        data=ConstraintInput(kind="leave_by", weekdays=(4,), end_time=time(16)),
    )
    assert AgentPreference.objects.get(pk=pending.pk).status == RequestStatus.PENDING
    agent = build_input(_draft(floor)).problem.agents[0]
    assert agent.preferences == (ep.DayOffOnWeekday(preference_key(approved.pk), 30, 1),)
    assert agent.leave_days == ()
    assert agent.must_end_by == (ep.EndBy((4,), 960),)


def test_fairness_ledger_is_carried_into_the_agents(floor):
    ready_site(floor)
    data = build_input(_draft(floor), ledger={floor.mentor.pk: -0.25})
    assert [a.fairness_balance for a in data.problem.agents] == [0.0, -0.25]


def test_missing_forecast_templates_or_contracts_are_clear_errors(floor):
    with pytest.raises(EngineInputError, match="has a forecast"):
        build_input(_draft(floor))
    ready_site(floor, templates=False, contracts=False)
    with pytest.raises(EngineInputError, match="no shift templates"):
        build_input(_draft(floor))


def test_no_agents_with_contracts_is_a_clear_error(floor):
    ready_site(floor, contracts=False)
    with pytest.raises(EngineInputError, match="no active agents with a contract"):
        build_input(_draft(floor))
