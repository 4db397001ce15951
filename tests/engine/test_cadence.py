"""The cadence engine: intervals, the anchor (last done or the stage's start), re-planning
on a stage change, statuses at their edges, and that more a month is never later."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorwalk.engine.cadence import (
    ActivityKind,
    CadenceStatus,
    interval_days,
    most_urgent_first,
    next_due,
)

TODAY = date(2026, 11, 30)
OBSERVATION = ActivityKind.OBSERVATION


@pytest.mark.parametrize(
    ("per_month", "days"),
    [(1, 30), (2, 15), (3, 10), (4, 7), (7, 4), (8, 3), (30, 1), (31, 1), (100, 1)],
)
def test_interval_is_thirty_days_over_the_count_rounded_down_and_at_least_a_day(per_month, days):
    assert interval_days(per_month) == days


def test_a_count_of_zero_plans_nothing():
    plan = next_due(
        OBSERVATION, per_month=0, stage_set_on=date(2026, 1, 1), last_done=None, today=TODAY
    )

    assert interval_days(0) is None
    assert (plan.due_on, plan.status, plan.needs_attention) == (None, None, False)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="negative"):
        interval_days(-1)


def test_next_due_is_the_last_time_done_plus_the_interval():
    plan = next_due(
        OBSERVATION,
        per_month=2,
        stage_set_on=date(2026, 10, 1),
        last_done=date(2026, 11, 20),
        today=TODAY,
    )

    assert plan.anchor == date(2026, 11, 20)
    assert plan.due_on == date(2026, 12, 5)  # 20 Nov + 15 days


def test_never_done_is_planned_from_the_stage_start():
    plan = next_due(
        OBSERVATION, per_month=4, stage_set_on=date(2026, 11, 25), last_done=None, today=TODAY
    )

    assert plan.due_on == date(2026, 12, 2)  # 25 Nov + 7 days


def test_activities_before_the_stage_was_set_do_not_count():
    plan = next_due(
        OBSERVATION,
        per_month=1,
        stage_set_on=date(2026, 11, 10),
        last_done=date(2026, 11, 9),
        today=TODAY,
    )

    assert plan.anchor == date(2026, 11, 10)
    assert plan.due_on == date(2026, 12, 10)
    assert plan.last_done == date(2026, 11, 9)  # still shown, it just does not plan


def test_done_on_the_stage_day_counts():
    plan = next_due(
        OBSERVATION,
        per_month=1,
        stage_set_on=date(2026, 11, 10),
        last_done=date(2026, 11, 10),
        today=TODAY,
    )

    assert plan.anchor == date(2026, 11, 10)


def test_moving_to_r1_brings_looks_sooner_and_to_r4_later():
    """The same history re-planned under a new stage set today: R1's 4 a month against
    R4's 1 a month (the default playbooks' observation counts)."""
    last_done = date(2026, 11, 29)
    to_r1 = next_due(OBSERVATION, per_month=4, stage_set_on=TODAY, last_done=last_done, today=TODAY)
    to_r4 = next_due(OBSERVATION, per_month=1, stage_set_on=TODAY, last_done=last_done, today=TODAY)

    assert to_r1.due_on == TODAY + timedelta(days=7)
    assert to_r4.due_on == TODAY + timedelta(days=30)


@pytest.mark.parametrize(
    ("due_in_days", "status"),
    [
        (-1, CadenceStatus.OVERDUE),
        (0, CadenceStatus.DUE),
        (7, CadenceStatus.DUE),
        (8, CadenceStatus.PLANNED),
    ],
)
def test_status_edges(due_in_days, status):
    # Interval 1 day, so the due date is the day after the last one done.
    last_done = TODAY + timedelta(days=due_in_days - 1)
    plan = next_due(
        OBSERVATION,
        per_month=30,
        stage_set_on=date(2026, 1, 1),
        last_done=last_done,
        today=TODAY,
    )

    assert plan.due_on == TODAY + timedelta(days=due_in_days)
    assert plan.status is status


def test_days_late_counts_only_overdue_days():
    overdue = next_due(
        OBSERVATION, per_month=1, stage_set_on=date(2026, 10, 1), last_done=None, today=TODAY
    )
    planned = next_due(OBSERVATION, per_month=1, stage_set_on=TODAY, last_done=None, today=TODAY)

    assert overdue.due_on == date(2026, 10, 31)
    assert overdue.days_late == 30
    assert planned.days_late == 0


def test_most_urgent_first_orders_overdue_due_planned_then_nothing_due():
    def plan(kind, per_month, set_on):
        return next_due(kind, per_month=per_month, stage_set_on=set_on, last_done=None, today=TODAY)

    nothing = plan(ActivityKind.QA_EVALUATION, 0, TODAY)
    planned = plan(ActivityKind.ONE_TO_ONE, 1, TODAY)
    due = plan(ActivityKind.OBSERVATION, 4, TODAY)
    overdue = plan(ActivityKind.QA_EVALUATION, 1, date(2026, 9, 1))

    assert most_urgent_first([nothing, planned, due, overdue]) == [overdue, due, planned, nothing]


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(
    fewer=st.integers(min_value=0, max_value=40),
    more_by=st.integers(min_value=1, max_value=40),
    stage_set_on=days,
    last_done=st.none() | days,
    today=days,
)
def test_more_activities_a_month_never_give_a_later_due_date(
    fewer, more_by, stage_set_on, last_done, today
):
    def due(per_month):
        return next_due(
            OBSERVATION,
            per_month=per_month,
            stage_set_on=stage_set_on,
            last_done=last_done,
            today=today,
        ).due_on

    sooner, later = due(fewer + more_by), due(fewer)

    assert sooner is not None
    assert later is None or sooner <= later
