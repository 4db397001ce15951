"""Reads for goals: the subject's data from the rollups, baselines, weekly history, progress.

A goal's value is always computed from summed totals: a team's or a queue's weekly value is
the metric of the sum of its agents' totals, never an average of the agents' values.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext

from floorwalk.engine.goals import (
    Finding,
    GoalDraft,
    attainment,
    is_met,
    projection,
    smart_findings,
)
from floorwalk.engine.metrics import METRICS, Metric, Totals, Unit, metric
from floorwalk.engine.periods import Period, PeriodKind, custom_period, period_containing
from floorwalk.goals.models import Goal, GoalLevel, GoalStatus
from floorwalk.metrics.selectors import totals_by_agent_and_period
from floorwalk.org.models import Person, Queue, Team

BASELINE_WEEKS = 12
METRIC_CODES = frozenset(item.code for item in METRICS)


@dataclass(frozen=True)
class Subject:
    """Whose data a goal is measured on: some agents, optionally only in one queue."""

    agent_ids: list[int] | None  # None: every agent (an organisation-wide objective)
    queue_id: int | None = None


def subject_of(
    *, person: Person | None = None, team: Team | None = None, queue: Queue | None = None
) -> Subject:
    if person is not None:
        return Subject([person.pk])
    if team is not None:
        return Subject(list(Person.objects.filter(team=team).values_list("pk", flat=True)))
    if queue is not None:
        return Subject(None, queue.pk)
    return Subject(None)


def goal_subject(goal: Goal) -> Subject:
    return subject_of(person=goal.person, team=goal.team, queue=goal.queue)


def _agent_ids(subject: Subject) -> Iterable[int] | QuerySet[Person, int]:
    if subject.agent_ids is None:
        return Person.objects.values_list("pk", flat=True)
    return subject.agent_ids


def totals_per_period(subject: Subject, periods: list[Period]) -> list[Totals]:
    """The subject's summed totals in each of the contiguous `periods`."""
    by_agent = totals_by_agent_and_period(_agent_ids(subject), periods, queue_id=subject.queue_id)
    return [
        Totals.sum(series[index] for series in by_agent.values()) for index in range(len(periods))
    ]


def weeks_between(start: date, end: date) -> list[Period]:
    """The ISO weeks overlapping start–end, oldest first."""
    weeks = []
    week = period_containing(PeriodKind.WEEK, start)
    while week.start <= end:
        weeks.append(week)
        week = period_containing(PeriodKind.WEEK, week.end + timedelta(days=1))
    return weeks


def baseline_window(period_start: date) -> tuple[date, date]:
    """The full weeks before the goal's period whose data make its baseline."""
    first_week = period_containing(PeriodKind.WEEK, period_start)
    end = first_week.start - timedelta(days=1)
    return end - timedelta(weeks=BASELINE_WEEKS) + timedelta(days=1), end


@dataclass(frozen=True)
class History:
    weeks: list[Period]
    values: list[float | None]
    baseline: float | None
    window: tuple[date, date]


def history_before(subject: Subject, metric_code: str, period_start: date) -> History:
    """The baseline (the metric over the whole window) and the weekly values it rests on."""
    start, end = baseline_window(period_start)
    weeks = weeks_between(start, end)
    totals = totals_per_period(subject, weeks)
    catalog_metric = metric(metric_code)
    return History(
        weeks=weeks,
        values=[catalog_metric.value(item) for item in totals],
        baseline=catalog_metric.value(Totals.sum(totals)),
        window=(start, end),
    )


def check_goal(
    *,
    level: str,
    metric_code: str,
    person: Person | None,
    team: Team | None,
    queue: Queue | None,
    start: date | None,
    end: date | None,
    target: float | None,
    has_parent: bool,
) -> tuple[list[Finding], History | None]:
    """The SMART findings of a goal not saved yet, with the history they were judged on."""
    known = metric_code in METRIC_CODES
    scope_count = sum(item is not None for item in (person, team, queue))
    history = None
    if known and start is not None and scope_count <= 1:
        history = history_before(
            subject_of(person=person, team=team, queue=queue), metric_code, start
        )
    draft = GoalDraft(
        metric_known=known,
        scope_count=scope_count,
        organisation_wide=level == GoalLevel.OBJECTIVE,
        start=start,
        end=end,
        target=target,
        direction=metric(metric_code).direction if known else METRICS[0].direction,
        has_parent=has_parent,
        weekly_history=history.values if history else [],
    )
    return smart_findings(draft), history


def findings_text(findings: Iterable[Finding]) -> list[dict[str, object]]:
    """The findings ready to show: translated message, filled in."""
    return [
        {
            "criterion": finding.criterion.value,
            "passed": finding.passed,
            "message": gettext(finding.message) % finding.params
            if finding.params
            else gettext(finding.message),
        }
        for finding in findings
    ]


def findings_for_goal(goal: Goal) -> list[Finding]:
    findings, _ = check_goal(
        level=goal.level,
        metric_code=goal.metric,
        person=goal.person,
        team=goal.team,
        queue=goal.queue,
        start=goal.period_start,
        end=goal.period_end,
        target=goal.target,
        has_parent=goal.parent_id is not None,
    )
    return findings


# --------------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    metric: Metric
    current: float | None
    attainment: float | None
    projected: float | None
    met: bool
    at_risk: bool  # projected to miss; only while the period runs
    weeks: list[Period]
    weekly: list[float | None]
    elapsed_to: date | None
    ended: bool = False  # the period is over: the value is final, met or missed

    @property
    def bar_percent(self) -> int:
        """Attainment for a progress bar: 0–100."""
        if self.attainment is None:
            return 0
        return int(max(0.0, min(100.0, self.attainment)))


def progress_of(goal: Goal, *, today: date) -> Progress:
    """Where the goal stands on `today`: the period-to-date value, attainment from the stored
    baseline, and the projection to the period's end (engine/goals.py defines both)."""
    catalog_metric = metric(goal.metric)
    subject = goal_subject(goal)
    all_weeks = weeks_between(goal.period_start, goal.period_end)
    if today < goal.period_start:
        return Progress(catalog_metric, None, None, None, False, False, all_weeks, [], None)
    elapsed_to = min(today, goal.period_end)
    weeks_so_far = [
        custom_period(max(week.start, goal.period_start), min(week.end, elapsed_to))
        for week in all_weeks
        if week.start <= elapsed_to
    ]
    weekly_totals = totals_per_period(subject, weeks_so_far)
    weekly = [catalog_metric.value(item) for item in weekly_totals]
    current = catalog_metric.value(Totals.sum(weekly_totals))
    projected = projection(
        weekly, len(all_weeks), current, is_count=catalog_metric.unit is Unit.COUNT
    )
    progress_percent = (
        attainment(goal.baseline, goal.target, current, catalog_metric.direction)
        if goal.baseline is not None and current is not None
        else None
    )
    met = current is not None and is_met(goal.target, current, catalog_metric.direction)
    ended = today > goal.period_end
    at_risk = (
        not ended
        and projected is not None
        and not is_met(goal.target, projected, catalog_metric.direction)
    )
    return Progress(
        catalog_metric,
        current,
        progress_percent,
        projected,
        met,
        at_risk,
        all_weeks,
        weekly,
        elapsed_to,
        ended,
    )


@dataclass(frozen=True)
class GoalNode:
    goal: Goal
    progress: Progress
    children: list[GoalNode]


def goal_tree(goals: QuerySet[Goal], *, today: date) -> list[GoalNode]:
    """The readable goals as a forest: each goal under its parent when the parent is readable
    too, otherwise at the top."""
    chosen = list(goals.select_related("person", "team", "queue", "parent"))
    ids = {goal.pk for goal in chosen}
    nodes = {goal.pk: GoalNode(goal, progress_of(goal, today=today), []) for goal in chosen}
    roots = []
    for goal in chosen:
        if goal.parent_id in ids:
            nodes[goal.parent_id].children.append(nodes[goal.pk])  # type: ignore[index]
        else:
            roots.append(nodes[goal.pk])
    return roots


def goal_chart(goal: Goal, progress: Progress, history: History | None) -> dict[str, object]:
    """Line-chart data: weekly values before and during the period, with target and baseline."""
    before = history.values if history else []
    labels = [week.label for week in (history.weeks if history else [])]
    labels += [week.label for week in progress.weeks]
    during = list(progress.weekly) + [None] * (len(progress.weeks) - len(progress.weekly))
    series = [*before, *during]
    return {
        "labels": labels,
        "yTitle": gettext(progress.metric.name),
        "datasets": [
            {"label": gettext("Weekly value"), "data": series},
            {"label": gettext("Target"), "data": [goal.target] * len(series)},
            {"label": gettext("Baseline"), "data": [goal.baseline] * len(series)},
        ],
    }


def team_goals_for_parent(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Goals that may head others: objectives and team goals."""
    return goals.filter(level__in=[GoalLevel.OBJECTIVE, GoalLevel.TEAM])


def mean_attainment(person: Person, start: date, end: date) -> float | None:
    """The mean attainment (%) of the person's individual goals whose period overlaps
    `start`–`end` (cancelled ones left out), each as it stood on `end`; None without any
    goal whose attainment can be computed. What a review's goal part starts from."""
    goals = Goal.objects.filter(
        level=GoalLevel.INDIVIDUAL,
        person=person,
        period_start__lte=end,
        period_end__gte=start,
    ).exclude(status=GoalStatus.CANCELLED)
    values = [
        value for goal in goals if (value := progress_of(goal, today=end).attainment) is not None
    ]
    return statistics.fmean(values) if values else None
