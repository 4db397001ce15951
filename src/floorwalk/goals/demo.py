"""The demo's goal cascade: an organisation objective on first-contact resolution, a team goal
under it for every team, and, from a template, an individual goal for each agent of the demo
leader's team, all over an eight-week push that started three weeks before the data ends, so
progress, projections and at-risk flags all have something to show. The leader's agents also
had a monthly recurring goal last month: it has rolled over to this month, and last month's
bonuses are ready for the payroll export."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from floorwalk.accounts.models import User
from floorwalk.goals.models import BonusRule, BonusTier, GoalLevel, Recurrence
from floorwalk.goals.selectors import history_before, subject_of
from floorwalk.goals.services import (
    GoalInput,
    apply_goal_to_team,
    create_goal,
    roll_over_goal,
    team_agents,
)
from floorwalk.org.models import Team

METRIC = "fcr"
PUSH_WEEKS = 8
WEEKS_ELAPSED = 3
OBJECTIVE_GAIN = 3.0  # points of FCR the organisation aims to gain
TEAM_GAIN = 4.0
MONTHLY_GAIN = 2.0
FALLBACK_TARGET = 75.0


@dataclass(frozen=True)
class GoalsDemoResult:
    goals: int


def _target(baseline: float | None, gain: float) -> float:
    return round(min(100.0, (baseline if baseline is not None else FALLBACK_TARGET) + gain), 1)


def _leader_user(team: Team) -> User | None:
    return getattr(team.leader, "user", None) if team.leader else None


@transaction.atomic
def goals_demo_load(*, today: date) -> GoalsDemoResult:
    """The cascade, created through the same services as the pages (baselines, audit)."""
    monday = today - timedelta(days=today.weekday())
    start = monday - timedelta(weeks=WEEKS_ELAPSED)
    end = start + timedelta(weeks=PUSH_WEEKS) - timedelta(days=1)
    admin = User.objects.get(username="admin")
    manager = User.objects.filter(username="manager").first() or admin
    objective_baseline = history_before(subject_of(), METRIC, start).baseline
    objective = create_goal(
        manager,
        GoalInput(
            level=GoalLevel.OBJECTIVE,
            title="Resolve more contacts on the first contact",
            metric=METRIC,
            start=start,
            end=end,
            target=_target(objective_baseline, OBJECTIVE_GAIN),
        ),
    )
    created = 1
    for team in Team.objects.select_related("leader").order_by("name"):
        actor = _leader_user(team) or admin
        baseline = history_before(subject_of(team=team), METRIC, start).baseline
        team_goal = create_goal(
            actor,
            GoalInput(
                level=GoalLevel.TEAM,
                title=f"{team.name}: first-contact resolution",
                metric=METRIC,
                start=start,
                end=end,
                target=_target(baseline, TEAM_GAIN),
                team=team,
                parent=objective,
            ),
        )
        created += 1
        if actor.username == "leader":
            individual = apply_goal_to_team(
                actor,
                team,
                GoalInput(
                    level=GoalLevel.INDIVIDUAL,
                    title="First-contact resolution",
                    metric=METRIC,
                    start=start,
                    end=end,
                    target=team_goal.target,
                    parent=team_goal,
                ),
            )
            created += len(individual)
            created += _monthly_goals(actor, team, today=today)
    _bonus_rule()
    return GoalsDemoResult(goals=created)


def _monthly_goals(actor: User, team: Team, *, today: date) -> int:
    """Last month's recurring goal for every agent of the team, two points above the agent's
    own baseline, rolled over to this month."""
    end = today.replace(day=1) - timedelta(days=1)
    start = end.replace(day=1)
    agents = team_agents(team)
    for agent in agents:
        baseline = history_before(subject_of(person=agent), METRIC, start).baseline
        goal = create_goal(
            actor,
            GoalInput(
                level=GoalLevel.INDIVIDUAL,
                title=f"Monthly first-contact resolution · {agent.display_name}",
                metric=METRIC,
                start=start,
                end=end,
                target=_target(baseline, MONTHLY_GAIN),
                person=agent,
                recurrence=Recurrence.MONTHLY,
            ),
        )
        roll_over_goal(actor, goal)
    return 2 * len(agents)


def _bonus_rule() -> None:
    """What first-contact resolution goals are worth in the demo."""
    rule = BonusRule.objects.create(name="First-contact resolution bonus", metric=METRIC)
    BonusTier.objects.bulk_create(
        BonusTier(rule=rule, min_attainment=threshold, value=value)
        for threshold, value in ((50.0, 40.0), (80.0, 80.0), (100.0, 120.0))
    )
