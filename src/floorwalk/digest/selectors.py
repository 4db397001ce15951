"""A team's digest: what needs its leader's (or manager's) attention for one period.

Four sections, each item linking to the page where it is handled:

- standards missed: the team's metrics off or near standard in the period and, per metric,
  the agents off standard (the team scorecard's own judgement, so a value on too small a
  sample is never judged);
- goals at risk: goals of the team and of its agents overlapping the period whose projection
  to their end misses the target (missed, once the goal's period is over);
- overdue: development plan actions, one-to-one agreed actions and activities waiting for
  their evaluation, due before the digest's day and still open;
- coaching due: coaching follow-ups due without a later session, agents' open requests for
  coaching, and the QA evaluations, observations and one-to-ones the stage's playbook asks
  for that are overdue or due within a week.

The digest speaks on the day after its period (or today, for the period still running).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import cast

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from floorwalk.coaching.models import CoachingRequest, CoachingSession, RequestStatus
from floorwalk.development.cadence_selectors import due_and_overdue
from floorwalk.development.models import (
    OPEN_PLAN_STATUSES,
    ActionStatus,
    Activity,
    AgreedAction,
    PlanAction,
)
from floorwalk.digest.models import Granularity
from floorwalk.engine.cadence import ActivityKind
from floorwalk.engine.metrics import Metric
from floorwalk.engine.periods import (
    Period,
    PeriodKind,
    next_period,
    period_containing,
    previous_period,
)
from floorwalk.engine.scorecards import MetricLine
from floorwalk.engine.standards import Status
from floorwalk.engine.text import gettext_noop
from floorwalk.goals.models import Goal, GoalStatus
from floorwalk.goals.selectors import progress_of
from floorwalk.metrics.selectors import ScorecardScope, scorecard_for_group, team_members
from floorwalk.org.models import Person, PersonStatus, Team

ONE_DAY = timedelta(days=1)

PERIOD_KINDS = {
    Granularity.DAILY: PeriodKind.DAY,
    Granularity.MONTHLY: PeriodKind.MONTH,
    Granularity.QUARTERLY: PeriodKind.QUARTER,
    Granularity.YEARLY: PeriodKind.YEAR,
}


def latest_complete_period(granularity: Granularity, today: date) -> Period:
    """The newest period of `granularity` that has ended before `today`: yesterday, last
    month, last quarter, last year."""
    return previous_period(period_containing(PERIOD_KINDS[granularity], today))


def digest_period(granularity: Granularity, on: date | None, today: date) -> Period:
    """The period of `granularity` containing `on`, or the latest complete one."""
    if on is None:
        return latest_complete_period(granularity, today)
    return period_containing(PERIOD_KINDS[granularity], on)


def digest_day(period: Period, today: date) -> date:
    """The day a digest speaks on: the day after its period, or today while it runs."""
    return min(period.end + ONE_DAY, today)


def neighbours(period: Period, today: date) -> tuple[Period, Period | None]:
    """The previous period and the next one (None when it has not started yet)."""
    following = next_period(period)
    return previous_period(period), following if following.start <= today else None


# --------------------------------------------------------------------------------------------
# Items
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentOff:
    person: Person
    value: float | None
    sample: int


@dataclass(frozen=True)
class StandardMissed:
    """A metric that needs a look: the team's line (off or near standard, or not judged) and
    the agents off standard on it."""

    line: MetricLine
    agents_off: tuple[AgentOff, ...]
    url: str

    @property
    def metric(self) -> Metric:
        return self.line.metric


@dataclass(frozen=True)
class GoalAtRisk:
    goal: Goal
    metric: Metric
    current: float | None
    projected: float | None
    ended: bool  # the goal's period is over on the digest's day: missed, not at risk
    url: str


class ItemKind(StrEnum):
    PLAN_ACTION = "plan_action"
    AGREED_ACTION = "agreed_action"
    ACTIVITY = "activity"
    COACHING_FOLLOW_UP = "coaching_follow_up"
    COACHING_REQUEST = "coaching_request"
    QA_EVALUATION = "qa_evaluation"
    OBSERVATION = "observation"
    ONE_TO_ONE = "one_to_one"

    @property
    def label(self) -> str:
        return ITEM_LABELS[self]


ITEM_LABELS = {
    ItemKind.PLAN_ACTION: gettext_noop("Development plan action"),
    ItemKind.AGREED_ACTION: gettext_noop("Action agreed in a one-to-one"),
    ItemKind.ACTIVITY: gettext_noop("Activity to evaluate"),
    ItemKind.COACHING_FOLLOW_UP: gettext_noop("Coaching follow-up"),
    ItemKind.COACHING_REQUEST: gettext_noop("Coaching requested"),
    ItemKind.QA_EVALUATION: gettext_noop("QA evaluation"),
    ItemKind.OBSERVATION: gettext_noop("Observation"),
    ItemKind.ONE_TO_ONE: gettext_noop("One-to-one"),
}

CADENCE_KINDS = {
    ActivityKind.QA_EVALUATION: ItemKind.QA_EVALUATION,
    ActivityKind.OBSERVATION: ItemKind.OBSERVATION,
    ActivityKind.ONE_TO_ONE: ItemKind.ONE_TO_ONE,
}


@dataclass(frozen=True)
class FollowUpItem:
    """Something to do about one agent: what, by when (None: no date, e.g. a request) and
    how late it is on the digest's day."""

    kind: ItemKind
    person: Person
    description: str
    due_on: date | None
    days_late: int
    url: str


@dataclass(frozen=True)
class TeamDigest:
    team: Team
    granularity: Granularity
    period: Period
    day: date  # the day the digest speaks on
    has_data: bool  # any interactions in the period
    standards: tuple[StandardMissed, ...]
    goals: tuple[GoalAtRisk, ...]
    overdue: tuple[FollowUpItem, ...]
    coaching: tuple[FollowUpItem, ...]

    @property
    def total(self) -> int:
        return len(self.standards) + len(self.goals) + len(self.overdue) + len(self.coaching)

    @property
    def agents_off_standard(self) -> int:
        """How many distinct agents are off standard on at least one metric."""
        return len({agent.person.pk for item in self.standards for agent in item.agents_off})


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------


def _agents(team: Team) -> QuerySet[Person]:
    """The team's current people, its leader aside."""
    return team_members(team, Person.objects.all()).exclude(status=PersonStatus.LEFT)


def standards_missed(team: Team, period: Period, today: date) -> tuple[bool, list[StandardMissed]]:
    """Whether the team has data in the period, and the metrics off or near standard for the
    team or off standard for some of its agents (the leader's home page's judgement)."""
    members = team_members(team, Person.objects.all())
    scope = ScorecardScope(period)
    scorecard = scorecard_for_group(members, scope, site=team.site, team=team, today=today)
    url = (
        reverse("metrics:team_scorecard", args=[team.pk])
        + f"?period={period.kind.value}&date={period.start.isoformat()}"
    )
    items = []
    for line, _agents_off in scorecard.attention():
        code = line.metric.code
        agents_off = tuple(
            AgentOff(row.agent, row.cells[code].value, row.cells[code].sample)
            for row in scorecard.rows
            if row.cells[code].status is Status.RED
        )
        items.append(StandardMissed(line, agents_off, f"{url}&sort={code}"))
    return scorecard.has_data, items


def goals_at_risk(team: Team, period: Period, day: date) -> list[GoalAtRisk]:
    """Goals of the team and its agents overlapping the period whose projection to their end
    (from the data up to the day before `day`) misses the target, or that ended missed."""
    through = day - ONE_DAY
    goals = (
        Goal.objects.exclude(status=GoalStatus.CANCELLED)
        .filter(Q(team=team) | Q(person__in=_agents(team)))
        .filter(period_start__lte=period.end, period_end__gte=period.start)
        .select_related("person", "team")
        .order_by("period_end", "title", "pk")
    )
    items = []
    for goal in goals:
        progress = progress_of(goal, today=through)
        ended = goal.period_end <= through
        missed = ended and progress.current is not None and not progress.met
        if progress.at_risk or missed:
            items.append(
                GoalAtRisk(
                    goal=goal,
                    metric=progress.metric,
                    current=progress.current,
                    projected=progress.projected,
                    ended=ended,
                    url=reverse("goals:detail", args=[goal.pk]),
                )
            )
    return items


def overdue_items(team: Team, day: date) -> list[FollowUpItem]:
    """Plan actions, agreed actions and activities to evaluate that were due before `day`
    and are still open; the most overdue first."""
    agents = _agents(team)
    items = []
    plan_actions = PlanAction.objects.filter(
        plan__person__in=agents, status__in=OPEN_PLAN_STATUSES, due_on__lt=day
    ).select_related("plan__person")
    for action in plan_actions:
        person = action.plan.person
        items.append(
            _late(
                ItemKind.PLAN_ACTION,
                person,
                action.description,
                action.due_on,
                day,
                reverse("development:person_plan", args=[person.pk]),
            )
        )
    agreed = AgreedAction.objects.filter(
        person__in=agents, status=ActionStatus.OPEN, due_on__lt=day
    ).select_related("person")
    for agreed_action in agreed:
        items.append(
            _late(
                ItemKind.AGREED_ACTION,
                agreed_action.person,
                agreed_action.description,
                agreed_action.due_on,
                day,
                reverse(
                    "development:one_to_one_detail",
                    args=[agreed_action.person_id, agreed_action.agreed_in_id],
                ),
            )
        )
    activities = Activity.objects.filter(
        person__in=agents, ends_on__lt=day, evaluated_at__isnull=True
    ).select_related("person")
    for activity in activities:
        items.append(
            _late(
                ItemKind.ACTIVITY,
                activity.person,
                activity.title,
                activity.ends_on,
                day,
                reverse("development:person_activities", args=[activity.person_id]),
            )
        )
    return sorted(items, key=_urgency)


def coaching_due(team: Team, day: date) -> list[FollowUpItem]:
    """Coaching follow-ups due by `day` with no later session with the agent, the agents'
    open coaching requests, and the playbook's activities overdue or due within a week."""
    agents = list(_agents(team).order_by("display_name", "pk"))
    items = []
    later = CoachingSession.objects.filter(agent=OuterRef("agent"), held_on__gt=OuterRef("held_on"))
    follow_ups = (
        CoachingSession.objects.filter(
            agent__in=agents, follow_up_on__isnull=False, follow_up_on__lte=day
        )
        .exclude(Exists(later))
        .select_related("agent", "focus_competency")
    )
    for session in follow_ups:
        follow_up_on = cast(date, session.follow_up_on)  # never null: filtered above
        items.append(
            _late(
                ItemKind.COACHING_FOLLOW_UP,
                session.agent,
                session.focus_label,
                follow_up_on,
                day,
                reverse("coaching:session", args=[session.pk]),
            )
        )
    requests = CoachingRequest.objects.filter(
        agent__in=agents, status=RequestStatus.OPEN, created_at__date__lte=day
    ).select_related("agent")
    for request in requests:
        items.append(
            FollowUpItem(
                ItemKind.COACHING_REQUEST,
                request.agent,
                request.topic,
                None,
                0,
                reverse("coaching:person", args=[request.agent_id]),
            )
        )
    for person, next_due in due_and_overdue(agents, day):
        kind = CADENCE_KINDS[next_due.kind]
        url_name = {
            ItemKind.QA_EVALUATION: "development:person_stage",
            ItemKind.OBSERVATION: "development:person_observations",
            ItemKind.ONE_TO_ONE: "development:person_one_to_ones",
        }[kind]
        items.append(
            FollowUpItem(
                kind,
                person,
                "",
                next_due.due_on,
                next_due.days_late,
                reverse(url_name, args=[person.pk]),
            )
        )
    return sorted(items, key=_urgency)


def _late(
    kind: ItemKind, person: Person, description: str, due_on: date, day: date, url: str
) -> FollowUpItem:
    return FollowUpItem(kind, person, description, due_on, max((day - due_on).days, 0), url)


def _urgency(item: FollowUpItem) -> tuple[int, date, str, str]:
    return (-item.days_late, item.due_on or date.max, item.person.display_name, item.kind.value)


# --------------------------------------------------------------------------------------------
# The digest
# --------------------------------------------------------------------------------------------


def team_digest(team: Team, granularity: Granularity, period: Period, *, today: date) -> TeamDigest:
    """The team's digest for `period` (of `granularity`), as it reads on `today`."""
    day = digest_day(period, today)
    has_data, standards = standards_missed(team, period, today)
    return TeamDigest(
        team=team,
        granularity=granularity,
        period=period,
        day=day,
        has_data=has_data,
        standards=tuple(standards),
        goals=tuple(goals_at_risk(team, period, day)),
        overdue=tuple(overdue_items(team, day)),
        coaching=tuple(coaching_due(team, day)),
    )


def team_digests(
    teams: Iterable[Team], granularity: Granularity, period: Period, *, today: date
) -> list[TeamDigest]:
    return [team_digest(team, granularity, period, today=today) for team in teams]
