"""Writes for goals: create, change, apply to a team, roll over. Each checks the policy, keeps
the cascade's shape, stores the computed baseline and records the change in the audit trail.

SMART findings are advice shown before saving (selectors.check_goal); only what cannot be
stored meaningfully (a scope that does not fit the level, a period that ends before it
starts, a parent of the wrong level, a goal the user may not set) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from floorwalk.accounts.models import Role, User
from floorwalk.accounts.policy import (
    can_change_goal,
    can_set_goals,
    can_set_objectives,
    development_teams_for,
    goal_people_for,
    goal_queues_for,
    goals_for,
)
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.development.models import Stage
from floorwalk.development.selectors import current_stages
from floorwalk.engine.periods import PeriodKind, period_containing
from floorwalk.goals.models import BonusRule, Goal, GoalLevel, GoalStatus, Recurrence
from floorwalk.goals.selectors import METRIC_CODES, history_before, subject_of
from floorwalk.org.models import Person, PersonStatus, Queue, Team

AUDITED_FIELDS = (
    "title",
    "metric",
    "period_start",
    "period_end",
    "target",
    "baseline",
    "status",
    "parent",
    "recurrence",
)
PARENT_LEVELS = {
    GoalLevel.OBJECTIVE: frozenset(),
    GoalLevel.TEAM: frozenset({GoalLevel.OBJECTIVE}),
    GoalLevel.INDIVIDUAL: frozenset({GoalLevel.OBJECTIVE, GoalLevel.TEAM}),
}


@dataclass(frozen=True)
class GoalInput:
    """A goal as a form or the API gives it."""

    level: str
    title: str
    metric: str
    start: date
    end: date
    target: float
    person: Person | None = None
    team: Team | None = None
    queue: Queue | None = None
    parent: Goal | None = None
    recurrence: str = Recurrence.NONE


def _shape_errors(data: GoalInput) -> dict[str, str]:
    """What makes the goal impossible to store, by field."""
    errors: dict[str, str] = {}
    if data.level not in GoalLevel.values:
        errors["level"] = _("Choose objective, team goal or individual goal.")
        return errors
    if data.metric not in METRIC_CODES:
        errors["metric"] = _("Choose a metric from the catalog.")
    if data.end < data.start:
        errors["period_end"] = _("The period cannot end before it starts.")
    if data.recurrence not in Recurrence.values:
        errors["recurrence"] = _("Choose monthly, quarterly or no recurrence.")
    errors.update(_scope_errors(data))
    if data.parent is not None and data.parent.level not in PARENT_LEVELS[GoalLevel(data.level)]:
        errors["parent"] = _("A goal of this level cannot sit under that goal.")
    return errors


def _scope_errors(data: GoalInput) -> dict[str, str]:
    level = GoalLevel(data.level)
    scopes = [item for item in (data.person, data.team, data.queue) if item is not None]
    if level is GoalLevel.INDIVIDUAL:
        if data.person is None or len(scopes) != 1:
            return {"person": _("An individual goal is for exactly one agent.")}
    elif level is GoalLevel.TEAM:
        if data.person is not None or len(scopes) != 1:
            return {"team": _("A team goal is for exactly one team or one queue.")}
    elif data.person is not None or len(scopes) > 1:
        return {"team": _("An objective covers the organisation, or one team or one queue.")}
    return {}


def _permission_errors(actor: User, data: GoalInput) -> dict[str, str]:
    """Whether the actor may set this goal (beside the shape)."""
    if not can_set_goals(actor):
        raise PermissionDenied
    if data.level == GoalLevel.OBJECTIVE and not can_set_objectives(actor):
        return {"level": _("Only site managers and administrators set objectives.")}
    if data.person is not None and not goal_people_for(actor).filter(pk=data.person.pk).exists():
        return {"person": _("You cannot set goals for this agent.")}
    if data.team is not None and not development_teams_for(actor).filter(pk=data.team.pk).exists():
        return {"team": _("You cannot set goals for this team.")}
    if data.queue is not None and not goal_queues_for(actor).filter(pk=data.queue.pk).exists():
        return {"queue": _("You cannot set goals for this queue.")}
    if data.parent is not None and not goals_for(actor).filter(pk=data.parent.pk).exists():
        return {"parent": _("Choose a parent goal you can see.")}
    return {}


def validate_goal(actor: User, data: GoalInput) -> None:
    """ValidationError by field when the goal cannot be stored or the actor may not set it."""
    errors = _shape_errors(data) or _permission_errors(actor, data)
    if errors:
        raise ValidationError(errors)


def _store_baseline(goal: Goal) -> None:
    history = history_before(
        subject_of(person=goal.person, team=goal.team, queue=goal.queue),
        goal.metric,
        goal.period_start,
    )
    goal.baseline = history.baseline
    goal.baseline_start, goal.baseline_end = history.window


@transaction.atomic
def create_goal(actor: User, data: GoalInput) -> Goal:
    """A new goal with its baseline computed from the weeks before its period."""
    validate_goal(actor, data)
    goal = Goal(
        level=data.level,
        title=data.title,
        metric=data.metric,
        person=data.person,
        team=data.team,
        queue=data.queue,
        parent=data.parent,
        period_start=data.start,
        period_end=data.end,
        target=data.target,
        recurrence=data.recurrence,
        created_by=actor if actor.pk else None,
    )
    _store_baseline(goal)
    goal.save()
    audit_record(
        actor=actor,
        instance=goal,
        action=AuditAction.CREATE,
        after=snapshot(goal, AUDITED_FIELDS),
        person=goal.person,
    )
    return goal


@transaction.atomic
def update_goal(actor: User, goal: Goal, data: GoalInput, *, status: str | None = None) -> Goal:
    """Changes a goal; its scope and level stay. A new metric or start recomputes the baseline."""
    if not can_change_goal(actor, goal):
        raise PermissionDenied
    data = replace(data, level=goal.level, person=goal.person, team=goal.team, queue=goal.queue)
    errors = _shape_errors(data)
    if data.parent is not None and data.parent.pk == goal.pk:
        errors["parent"] = _("A goal cannot be its own parent.")
    if status is not None and status not in GoalStatus.values:
        errors["status"] = _("Choose active, closed or cancelled.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(goal, AUDITED_FIELDS)
    rebase = data.metric != goal.metric or data.start != goal.period_start
    goal.title, goal.metric, goal.target = data.title, data.metric, data.target
    goal.period_start, goal.period_end = data.start, data.end
    goal.parent, goal.recurrence = data.parent, data.recurrence
    if status is not None:
        goal.status = status
    if rebase:
        _store_baseline(goal)
    goal.save()
    audit_record(
        actor=actor,
        instance=goal,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(goal, AUDITED_FIELDS),
        person=goal.person,
    )
    return goal


def team_agents(team: Team, *, only_stage: str = "") -> list[Person]:
    """The team's active agents (its leader aside), optionally only those at one stage."""
    agents = (
        Person.objects.filter(
            team=team, status=PersonStatus.ACTIVE, role_assignments__role=Role.AGENT
        )
        .exclude(pk=team.leader_id or 0)
        .distinct()
        .order_by("display_name")
    )
    if not only_stage:
        return list(agents)
    stages = current_stages(agent.pk for agent in agents)
    return [
        agent for agent in agents if agent.pk in stages and stages[agent.pk].stage == only_stage
    ]


@transaction.atomic
def apply_goal_to_team(
    actor: User, team: Team, template: GoalInput, *, only_stage: str = ""
) -> list[Goal]:
    """One individual goal per agent of the team (or per agent at `only_stage`, e.g. R1), each
    with the agent's own baseline; all or nothing."""
    if not development_teams_for(actor).filter(pk=team.pk).exists():
        raise PermissionDenied
    if only_stage and only_stage not in Stage.values:
        raise ValidationError({"only_stage": _("Choose a development stage.")})
    agents = team_agents(team, only_stage=only_stage)
    if not agents:
        raise ValidationError({"only_stage": _("The team has no agents to apply the goal to.")})
    return [
        create_goal(
            actor,
            replace(
                template,
                level=GoalLevel.INDIVIDUAL,
                person=agent,
                team=None,
                queue=None,
                title=f"{template.title} · {agent.display_name}",
            ),
        )
        for agent in agents
    ]


def next_goal_period(goal: Goal) -> tuple[date, date]:
    """The period after the goal's: the next month or quarter."""
    kind = PeriodKind.QUARTER if goal.recurrence == Recurrence.QUARTERLY else PeriodKind.MONTH
    following = period_containing(kind, goal.period_end + timedelta(days=1))
    return following.start, following.end


@transaction.atomic
def roll_over_goal(actor: User | None, goal: Goal) -> Goal:
    """Closes a recurring goal and opens the same goal for the next period, with a fresh
    baseline; the audit trail records both."""
    if actor is not None and not can_change_goal(actor, goal):
        raise PermissionDenied
    if not goal.recurrence:
        raise ValidationError({"recurrence": _("Only recurring goals roll over.")})
    if Goal.objects.filter(rolled_over_from=goal).exists():
        raise ValidationError({"recurrence": _("This goal has already rolled over.")})
    start, end = next_goal_period(goal)
    before = snapshot(goal, AUDITED_FIELDS)
    goal.status = GoalStatus.CLOSED
    goal.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        instance=goal,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(goal, AUDITED_FIELDS),
        person=goal.person,
        reason=_("Rolled over to the next period"),
    )
    following = Goal(
        level=goal.level,
        parent=goal.parent,
        title=goal.title,
        metric=goal.metric,
        person=goal.person,
        team=goal.team,
        queue=goal.queue,
        period_start=start,
        period_end=end,
        target=goal.target,
        recurrence=goal.recurrence,
        rolled_over_from=goal,
        created_by=goal.created_by,
    )
    _store_baseline(following)
    following.save()
    audit_record(
        actor=actor,
        instance=following,
        action=AuditAction.CREATE,
        after=snapshot(following, AUDITED_FIELDS),
        person=following.person,
        reason=_("Rolled over from the previous period"),
    )
    return following


def roll_over_due_goals(*, today: date) -> list[Goal]:
    """Rolls over every active recurring goal whose period ended before `today`."""
    due = Goal.objects.filter(
        status=GoalStatus.ACTIVE, period_end__lt=today, rolled_over_to__isnull=True
    ).exclude(recurrence="")
    return [roll_over_goal(None, goal) for goal in due.select_related("person", "team", "queue")]


def goals_clear() -> None:
    """Deletes every goal and bonus rule, for the demo's --replace only."""
    Goal.objects.all().delete()
    BonusRule.objects.all().delete()
