"""Reads that shape metrics for scorecards, drill-downs and the API.

Scorecards read the daily rollups, never the raw interactions: one query sums an agent's (or
a whole team's) rollups per period over the trend's span, grouped by agent and period, and
everything else (team totals, ranks, statuses, trends) is computed from those sums.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Sum, Value, When

from floorwalk.accounts.models import Role, RoleAssignment, User
from floorwalk.accounts.policy import Aspect, people_for
from floorwalk.engine.metrics import (
    ADHERENCE_FIELDS,
    METRICS,
    TOTALS_FIELDS,
    Metric,
    Totals,
    is_reliable,
)
from floorwalk.engine.periods import Period, recent_periods
from floorwalk.engine.ranking import Placing, placings
from floorwalk.engine.scorecards import (
    Distribution,
    MetricLine,
    distribution,
    judged_status,
    scorecard_lines,
)
from floorwalk.engine.standards import Level, StandardCandidate, Status, Threshold, most_specific
from floorwalk.metrics.models import (
    DailyAgentAdherence,
    DailyAgentQueueStats,
    Interaction,
    Standard,
)
from floorwalk.metrics.qa.selectors import qa_totals_by_agent_day
from floorwalk.org.models import Person, PersonStatus, Queue, Site, Team

TREND_PERIODS = 12
ROLLUP_FIELDS = tuple(
    name for name in TOTALS_FIELDS if not name.startswith("qa_") and name not in ADHERENCE_FIELDS
)


@dataclass(frozen=True)
class ScorecardScope:
    """What a scorecard covers: a period, and optionally one queue or one channel."""

    period: Period
    queue: Queue | None = None
    channel: str = ""

    @property
    def trend(self) -> list[Period]:
        return recent_periods(self.period, TREND_PERIODS)


# --------------------------------------------------------------------------------------------
# Sums
# --------------------------------------------------------------------------------------------


def _period_index(periods: Sequence[Period]) -> Case:
    """Which of the contiguous `periods` a rollup's day falls in. Newest first, one comparison
    each: most rows are recent, so most need one comparison (about twice as fast as ranges)."""
    return Case(
        *(
            When(date__gte=period.start, then=Value(index))
            for index, period in reversed(list(enumerate(periods)))
        ),
        output_field=IntegerField(),
    )


def totals_by_agent_and_period(
    agent_ids: Iterable[int] | QuerySet[Any, Any],
    periods: Sequence[Period],
    *,
    queue_id: int | None = None,
    channel: str = "",
) -> dict[int, list[Totals]]:
    """For each agent with data, their totals in each of `periods` (contiguous, oldest first):
    the interactions' from one GROUP BY over the rollups of the whole span, plus the QA
    evaluations' and the adherence rollups'. Agents with no data are left out.

    Adherence belongs to no queue or channel: a scorecard narrowed to one leaves it out."""
    rollups = DailyAgentQueueStats.objects.filter(
        agent_id__in=agent_ids, date__range=(periods[0].start, periods[-1].end)
    )
    if queue_id is not None:
        rollups = rollups.filter(queue_id=queue_id)
    if channel:
        rollups = rollups.filter(channel=channel)
    grouped = (
        rollups.annotate(period_index=_period_index(periods))
        .values("agent_id", "period_index")
        .annotate(**{f"sum_{name}": Sum(name) for name in ROLLUP_FIELDS})
        .order_by()
    )
    result: dict[int, list[Totals]] = {}
    for row in cast(Iterable[dict[str, Any]], grouped):
        series = result.setdefault(row["agent_id"], [Totals()] * len(periods))
        series[row["period_index"]] = Totals(**{name: row[f"sum_{name}"] for name in ROLLUP_FIELDS})
    _add_qa_totals(result, agent_ids, periods, queue_id=queue_id, channel=channel)
    if queue_id is None and not channel:
        _add_adherence_totals(result, agent_ids, periods)
    return result


def _add_adherence_totals(
    result: dict[int, list[Totals]],
    agent_ids: Iterable[int] | QuerySet[Any, Any],
    periods: Sequence[Period],
) -> None:
    """Adds the daily adherence rollups, summed per agent and period in one GROUP BY."""
    grouped = (
        DailyAgentAdherence.objects.filter(
            agent_id__in=agent_ids, date__range=(periods[0].start, periods[-1].end)
        )
        .annotate(period_index=_period_index(periods))
        .values("agent_id", "period_index")
        .annotate(**{f"sum_{name}": Sum(name) for name in ADHERENCE_FIELDS})
        .order_by()
    )
    for row in cast(Iterable[dict[str, Any]], grouped):
        series = result.setdefault(row["agent_id"], [Totals()] * len(periods))
        index = row["period_index"]
        series[index] = series[index] + Totals(
            **{name: row[f"sum_{name}"] for name in ADHERENCE_FIELDS}
        )


def _add_qa_totals(
    result: dict[int, list[Totals]],
    agent_ids: Iterable[int] | QuerySet[Any, Any],
    periods: Sequence[Period],
    *,
    queue_id: int | None,
    channel: str,
) -> None:
    """Adds the evaluations that stand, counted on the day of the evaluated interaction."""
    starts = [period.start for period in periods]
    evaluations = qa_totals_by_agent_day(
        agent_ids=agent_ids,
        start=periods[0].start,
        end=periods[-1].end,
        queue_id=queue_id,
        channel=channel or None,
    )
    for (agent_id, day), totals in evaluations.items():
        series = result.setdefault(agent_id, [Totals()] * len(periods))
        index = bisect_right(starts, day) - 1
        series[index] = series[index] + totals


def _sum_series(series: Iterable[list[Totals]], length: int) -> list[Totals]:
    columns: list[list[Totals]] = [[] for _ in range(length)]
    for agent_series in series:
        for index, totals in enumerate(agent_series):
            columns[index].append(totals)
    return [Totals.sum(column) for column in columns]


# --------------------------------------------------------------------------------------------
# Standards
# --------------------------------------------------------------------------------------------


def thresholds_for(
    *,
    on: date,
    site: Site | None,
    team: Team | None = None,
    queue: Queue | None = None,
    metrics: Sequence[Metric] = METRICS,
) -> dict[str, Threshold | None]:
    """The standard in force `on` a day for each metric: the most specific of the
    organisation's, the site's, the team's and (when the scorecard shows one queue) the queue's.
    """
    levels = Q(site__isnull=True, team__isnull=True, queue__isnull=True)
    if site is not None:
        levels |= Q(site=site)
    if team is not None:
        levels |= Q(team=team)
    if queue is not None:
        levels |= Q(queue=queue)
    candidates: dict[str, list[StandardCandidate]] = defaultdict(list)
    directions = {metric.code: metric.direction for metric in metrics}
    for standard in Standard.objects.filter(levels, valid_from__lte=on):
        if standard.metric not in directions:
            continue
        candidates[standard.metric].append(
            StandardCandidate(
                level=_level_of(standard),
                valid_from=standard.valid_from,
                threshold=Threshold(
                    target=standard.target,
                    amber_band=standard.amber_band,
                    direction=directions[standard.metric],
                ),
            )
        )
    result: dict[str, Threshold | None] = {}
    for metric in metrics:
        chosen = most_specific(candidates[metric.code], on)
        result[metric.code] = chosen.threshold if chosen else None
    return result


def _level_of(standard: Standard) -> Level:
    if standard.queue_id is not None:
        return Level.QUEUE
    if standard.team_id is not None:
        return Level.TEAM
    if standard.site_id is not None:
        return Level.SITE
    return Level.ORGANISATION


def _judged_on(period: Period, today: date) -> date:
    """Standards are those in force at the end of the period, or today while it runs."""
    return min(period.end, max(today, period.start))


# --------------------------------------------------------------------------------------------
# Scorecards
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentScorecard:
    agent: Person
    scope: ScorecardScope
    lines: tuple[MetricLine, ...]
    ranked_among: int  # team members with data in the period

    @property
    def has_data(self) -> bool:
        return any(line.sample for line in self.lines)


def team_members(team: Team, visible: QuerySet[Person]) -> QuerySet[Person]:
    """The team's people the viewer may see, its leader aside."""
    members = visible.filter(team=team)
    if team.leader_id is not None:
        members = members.exclude(pk=team.leader_id)
    return members


def scorecard_for_agent(agent: Person, scope: ScorecardScope, *, today: date) -> AgentScorecard:
    """The agent's scorecard, with their rank among their current team's agents.

    Ranks compare only values with a reliable sample, so a teammate's two contacts can't
    outrank anyone.
    """
    periods = scope.trend
    team = agent.team
    peers: Iterable[int] = (
        team_members(team, Person.objects.all()).values_list("pk", flat=True)
        if team is not None
        else [agent.pk]
    )
    series = totals_by_agent_and_period(
        peers, periods, queue_id=scope.queue.pk if scope.queue else None, channel=scope.channel
    )
    own = series.get(agent.pk, [Totals()] * len(periods))
    current = {agent_id: agent_series[-1] for agent_id, agent_series in series.items()}
    current.setdefault(agent.pk, own[-1])
    agent_placings = {
        metric.code: placing
        for metric in METRICS
        if (placing := _placing_of(agent.pk, metric, current)) is not None
    }
    lines = scorecard_lines(
        list(zip(periods, own, strict=True)),
        thresholds_for(
            on=_judged_on(scope.period, today), site=agent.site, team=team, queue=scope.queue
        ),
        agent_placings,
    )
    return AgentScorecard(
        agent=agent,
        scope=scope,
        lines=lines,
        ranked_among=sum(1 for totals in current.values() if totals.contacts),
    )


def _placing_of(agent_id: int, metric: Metric, current: dict[int, Totals]) -> Placing | None:
    values = {
        member: metric.value(totals)
        for member, totals in current.items()
        if is_reliable(metric, totals)
    }
    return placings(values, metric.direction).get(agent_id)


@dataclass(frozen=True)
class AgentCell:
    value: float | None
    sample: int
    reliable: bool
    status: Status


@dataclass(frozen=True)
class AgentRow:
    agent: Person
    cells: dict[str, AgentCell]
    contacts: int


@dataclass(frozen=True)
class GroupScorecard:
    """A team's or a site's scorecard: the group's lines, a row per agent, and the spread of
    the agents' values per metric."""

    scope: ScorecardScope
    lines: tuple[MetricLine, ...]
    rows: list[AgentRow]
    distributions: dict[str, Distribution]

    @property
    def has_data(self) -> bool:
        return any(line.sample for line in self.lines)

    def attention(self) -> list[tuple[MetricLine, int]]:
        """The metrics that need a look: off or near standard for the group, or off standard
        for some of its agents; each with how many agents are off standard."""
        needing = []
        for line in self.lines:
            agents_off = sum(
                1 for row in self.rows if row.cells[line.metric.code].status is Status.RED
            )
            if agents_off or line.status in (Status.RED, Status.AMBER):
                needing.append((line, agents_off))
        return needing


def scorecard_for_group(
    members: QuerySet[Person],
    scope: ScorecardScope,
    *,
    site: Site | None,
    team: Team | None = None,
    today: date,
) -> GroupScorecard:
    """The scorecard of `members` (a team or a site): the group's totals are the sums of its
    agents' totals, so the group value is never an average of averages.

    A row shows every member with data in the period and every current agent without any.
    """
    periods = scope.trend
    is_agent = Exists(RoleAssignment.objects.filter(person=OuterRef("pk"), role=Role.AGENT))
    people = {
        person.pk: person
        for person in members.annotate(is_agent=is_agent).order_by("display_name", "pk")
    }
    series = totals_by_agent_and_period(
        members.values_list("pk", flat=True),
        periods,
        queue_id=scope.queue.pk if scope.queue else None,
        channel=scope.channel,
    )
    thresholds = thresholds_for(
        on=_judged_on(scope.period, today), site=site, team=team, queue=scope.queue
    )
    group_series = _sum_series(series.values(), len(periods))
    rows = [
        _agent_row(person, series[pk][-1] if pk in series else Totals(), thresholds)
        for pk, person in people.items()
        if pk in series or (person.is_agent and person.status != PersonStatus.LEFT)
    ]
    return GroupScorecard(
        scope=scope,
        lines=scorecard_lines(list(zip(periods, group_series, strict=True)), thresholds),
        rows=rows,
        distributions={metric.code: _distribution_of(metric, rows) for metric in METRICS},
    )


def _agent_row(person: Person, totals: Totals, thresholds: dict[str, Threshold | None]) -> AgentRow:
    return AgentRow(
        agent=person,
        cells={
            metric.code: AgentCell(
                value=metric.value(totals),
                sample=metric.sample(totals),
                reliable=is_reliable(metric, totals),
                status=judged_status(metric, totals, thresholds.get(metric.code)),
            )
            for metric in METRICS
        },
        contacts=totals.contacts,
    )


def _distribution_of(metric: Metric, rows: list[AgentRow]) -> Distribution:
    values = [
        cell.value
        for row in rows
        if (cell := row.cells[metric.code]).reliable and cell.value is not None
    ]
    return distribution(values)


# --------------------------------------------------------------------------------------------
# Drill-down
# --------------------------------------------------------------------------------------------


def interactions_behind(
    agents: QuerySet[Person],
    *,
    start: date | None = None,
    end: date | None = None,
    queue: Queue | None = None,
    channel: str = "",
    outcome: str = "",
) -> QuerySet[Interaction]:
    """The raw interactions of `agents` a scorecard value was computed from, newest first."""
    interactions = Interaction.objects.filter(agent__in=agents)
    if start is not None:
        interactions = interactions.filter(local_date__gte=start)
    if end is not None:
        interactions = interactions.filter(local_date__lte=end)
    if queue is not None:
        interactions = interactions.filter(queue=queue)
    if channel:
        interactions = interactions.filter(channel=channel)
    if outcome:
        interactions = interactions.filter(outcome=outcome)
    return interactions.select_related("agent", "queue").order_by("-started_at", "-id")


def interactions_for(user: User, filters: Mapping[str, Any]) -> QuerySet[Interaction]:
    """The interactions a drill-down filter asks for (cleaned `InteractionFilterForm` data),
    among those of the people whose metrics the user may see."""
    agents = people_for(user, Aspect.METRICS)
    if filters.get("agent"):
        agents = agents.filter(employee_number=filters["agent"])
    if filters.get("team"):
        agents = agents.filter(team_id=filters["team"])
    if filters.get("site"):
        agents = agents.filter(site_id=filters["site"])
    return interactions_behind(
        agents,
        start=filters.get("from"),
        end=filters.get("to"),
        queue=filters.get("queue"),
        channel=filters.get("channel") or "",
        outcome=filters.get("outcome") or "",
    )
