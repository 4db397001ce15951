"""The demo's cascade and the roll-over command."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from floorwalk.experience.models import OnboardingPlan
from floorwalk.goals.models import Goal, GoalLevel, GoalStatus, Recurrence
from floorwalk.goals.selectors import progress_of
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_cascade_with_progress(db):
    options = {"agents": 8, "months": 2, "seed": 3, "verbosity": 0, "end": date(2026, 10, 31)}
    call_command("demo", **options)
    objective = Goal.objects.get(level=GoalLevel.OBJECTIVE)
    team_goals = Goal.objects.filter(level=GoalLevel.TEAM)
    assert team_goals.exists()
    assert all(goal.parent == objective for goal in team_goals)
    individual = Goal.objects.filter(
        level=GoalLevel.INDIVIDUAL, recurrence=Recurrence.NONE, parent__isnull=False
    )
    assert individual.exists()
    assert all(goal.parent.level == GoalLevel.TEAM for goal in individual)
    # The goals outside the cascade are the new hires' ramp goals from their onboarding plans.
    ramp_goals = Goal.objects.filter(
        level=GoalLevel.INDIVIDUAL, recurrence=Recurrence.NONE, parent__isnull=True
    )
    new_hires = set(OnboardingPlan.objects.values_list("person_id", flat=True))
    assert set(ramp_goals.values_list("person_id", flat=True)) <= new_hires
    # A new hire has no history yet, so only their ramp goals start without a baseline.
    assert all(goal.baseline is not None for goal in Goal.objects.exclude(pk__in=ramp_goals))
    progress = [progress_of(goal, today=date(2026, 11, 1)) for goal in individual]
    assert all(item.current is not None for item in progress)

    # Last month's recurring goals have closed, rolled over, and pay out in October's export.
    october = Goal.objects.filter(recurrence=Recurrence.MONTHLY, period_end=date(2026, 10, 31))
    assert october.count() == individual.count()  # one per agent of the leader's team
    assert all(goal.status == GoalStatus.CLOSED for goal in october)
    assert all(goal.rolled_over_to.period_end == date(2026, 11, 30) for goal in october)
    export = client_for("admin").get(reverse("goals:bonuses_csv"), {"month": "2026-10"})
    paid = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert sorted(row["Goal"] for row in paid) == sorted(goal.title for goal in october)
    assert all(row["Attainment (%)"] != "" for row in paid)

    call_command("demo", replace=True, **options)
    assert Goal.objects.filter(level=GoalLevel.OBJECTIVE).count() == 1


def test_the_command_rolls_recurring_goals_over(floor):
    goal = Goal.objects.create(
        level=GoalLevel.INDIVIDUAL,
        title="Resolve first time",
        metric="fcr",
        person=floor.agent,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        target=85.0,
        recurrence=Recurrence.QUARTERLY,
    )
    call_command("roll_over_goals", on="2026-10-02", verbosity=0)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.CLOSED
    following = goal.rolled_over_to
    assert (following.period_start, following.period_end) == (date(2026, 10, 1), date(2026, 12, 31))
