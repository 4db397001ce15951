"""Reads of the skills matrix, the training paths and the skill shortage.

The shortage compares, per queue and week, the agent-hours the forecast requires (the
required agents of each interval before shrinkage, times the interval's length) with the
hours the agents able to serve the queue can give: each agent's most contract hours a week,
net of the queue's shrinkage. An agent serving several queues with a forecast that week
shares their hours among them in proportion to the hours each queue requires (equally when
none requires any); an agent with a single such queue counts fully there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet

from floorwalk.accounts.models import Role
from floorwalk.learning.models import (
    SERVING_LEVEL,
    PathEnrolment,
    PathStep,
    Proficiency,
    SkillLevel,
    SkillLevelChange,
    TrainingPath,
)
from floorwalk.org.models import Person, PersonStatus, Queue, Site, Skill
from floorwalk.scheduling.models import Contract
from floorwalk.wfm.selectors import interval_requirements, latest_forecast

FULL_TIME_HOURS = 40.0  # a full-time week, for gaps in FTE
SHORTAGE_WEEKS = 4
MAX_SHORTAGE_WEEKS = 8
CANDIDATES_PER_QUEUE = 5


# ---- The matrix ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    person_id: int
    queue: Queue
    level: int | None
    serves: bool  # the queue is among those the person is scheduled on
    reached_on: date | None = None
    assessed_on: date | None = None
    assessed_by: str = ""

    @property
    def label(self) -> str:
        return str(Proficiency(self.level).label) if self.level else ""

    @property
    def unassessed(self) -> bool:
        """Scheduled on the queue with no level recorded (set before the matrix existed)."""
        return self.serves and self.level is None


@dataclass(frozen=True)
class MatrixRow:
    person: Person
    cells: list[MatrixCell]


@dataclass(frozen=True)
class QueueGroup:
    name: str  # the skill's name; empty for queues of no skill
    queues: list[Queue]


@dataclass(frozen=True)
class SkillMatrix:
    groups: list[QueueGroup]
    rows: list[MatrixRow]

    @property
    def queues(self) -> list[Queue]:
        return [queue for group in self.groups for queue in group.queues]


def matrix_agents(people: QuerySet[Person]) -> QuerySet[Person]:
    """The matrix's rows among `people`: agents who have not left."""
    return (
        people.filter(role_assignments__role=Role.AGENT)
        .exclude(status=PersonStatus.LEFT)
        .distinct()
        .select_related("team", "site")
        .order_by("display_name", "pk")
    )


def queue_groups(queues: Iterable[Queue], *, by_skill: bool) -> list[QueueGroup]:
    """The matrix's columns: one group of every queue by name, or grouped by skill (a queue in
    several skills under the first by name; queues of no skill last)."""
    queues = sorted(queues, key=lambda queue: (queue.name, queue.pk))
    if not by_skill:
        return [QueueGroup(name="", queues=queues)]
    placed: set[int] = set()
    groups = []
    wanted = {queue.pk: queue for queue in queues}
    skills = Skill.objects.filter(queues__in=list(wanted)).distinct().prefetch_related("queues")
    for skill in skills.order_by("name"):
        members = [
            wanted[queue.pk]
            for queue in sorted(skill.queues.all(), key=lambda queue: (queue.name, queue.pk))
            if queue.pk in wanted and queue.pk not in placed
        ]
        if members:
            groups.append(QueueGroup(name=skill.name, queues=members))
            placed.update(queue.pk for queue in members)
    rest = [queue for queue in queues if queue.pk not in placed]
    if rest:
        groups.append(QueueGroup(name="", queues=rest))
    return groups


def skill_matrix(
    people: QuerySet[Person], *, by_skill: bool = False, queue_ids: Iterable[int] | None = None
) -> SkillMatrix:
    """Agents × the queues of their sites, each cell the agent's level and whether they serve."""
    agents = list(matrix_agents(people).prefetch_related("queues"))
    site_ids = {person.site_id for person in agents}
    queues = Queue.objects.filter(site_id__in=site_ids)
    if queue_ids is not None:
        queues = queues.filter(pk__in=list(queue_ids))
    groups = queue_groups(list(queues), by_skill=by_skill)
    levels = {
        (level.person_id, level.queue_id): level
        for level in SkillLevel.objects.filter(person__in=agents).select_related(
            "assessed_by__person"
        )
    }
    columns = [queue for group in groups for queue in group.queues]
    rows = []
    for person in agents:
        served = {queue.pk for queue in person.queues.all()}
        cells = [
            _cell(person, queue, levels.get((person.pk, queue.pk)), queue.pk in served)
            for queue in columns
            if queue.site_id == person.site_id
        ]
        rows.append(MatrixRow(person=person, cells=_pad(cells, columns, person)))
    return SkillMatrix(groups=groups, rows=rows)


def _pad(cells: list[MatrixCell], columns: list[Queue], person: Person) -> list[MatrixCell]:
    """One cell per column; queues of another site than the person's are empty, unservable."""
    by_queue = {cell.queue.pk: cell for cell in cells}
    return [
        by_queue.get(queue.pk)
        or MatrixCell(person_id=person.pk, queue=queue, level=None, serves=False)
        for queue in columns
    ]


def _cell(person: Person, queue: Queue, level: SkillLevel | None, serves: bool) -> MatrixCell:
    if level is None:
        return MatrixCell(person_id=person.pk, queue=queue, level=None, serves=serves)
    return MatrixCell(
        person_id=person.pk,
        queue=queue,
        level=level.level,
        serves=serves,
        reached_on=level.reached_on,
        assessed_on=level.assessed_on,
        assessed_by=level.assessed_by.display_name if level.assessed_by else "",
    )


def skill_cell(person: Person, queue: Queue) -> MatrixCell:
    level = (
        SkillLevel.objects.filter(person=person, queue=queue)
        .select_related("assessed_by__person")
        .first()
    )
    return _cell(person, queue, level, person.queues.filter(pk=queue.pk).exists())


def skill_levels_of(person: Person) -> list[MatrixCell]:
    """The person's levels and served queues, by queue name."""
    levels = {
        level.queue_id: level
        for level in SkillLevel.objects.filter(person=person).select_related(
            "queue", "assessed_by__person"
        )
    }
    served = {queue.pk: queue for queue in person.queues.all()}
    queues = {**served, **{pk: level.queue for pk, level in levels.items()}}
    return [
        _cell(person, queue, levels.get(pk), pk in served)
        for pk, queue in sorted(queues.items(), key=lambda item: (item[1].name, item[0]))
    ]


def skill_history_of(person: Person) -> QuerySet[SkillLevelChange]:
    return (
        SkillLevelChange.objects.filter(person=person)
        .select_related("queue", "changed_by__person")
        .order_by("-created_at", "-pk")
    )


# ---- Training paths --------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentProgress:
    enrolment: PathEnrolment
    done: list[tuple[PathStep, date]]
    next_step: PathStep | None
    total: int

    @property
    def done_count(self) -> int:
        return len(self.done)


def training_paths(queues: QuerySet[Queue]) -> QuerySet[TrainingPath]:
    return (
        TrainingPath.objects.filter(target_queue__in=queues)
        .select_related("target_queue__site")
        .prefetch_related("steps")
        .order_by("target_queue__name", "name")
    )


def path_progress(
    enrolments: QuerySet[PathEnrolment],
) -> list[EnrolmentProgress]:
    """Each enrolment with the steps done (and when) and the next step to tick."""
    rows = enrolments.select_related("person", "path").prefetch_related(
        Prefetch("path__steps", queryset=PathStep.objects.order_by("position")),
        "completions",
    )
    progress = []
    for enrolment in rows:
        steps = list(enrolment.path.steps.all())
        done_on = {item.step_id: item.done_on for item in enrolment.completions.all()}
        done = [(step, done_on[step.pk]) for step in steps if step.pk in done_on]
        pending = [step for step in steps if step.pk not in done_on]
        progress.append(
            EnrolmentProgress(
                enrolment=enrolment,
                done=done,
                next_step=pending[0] if pending and enrolment.completed_on is None else None,
                total=len(steps),
            )
        )
    return progress


def open_paths_for_home(
    user_person_id: int | None, people: QuerySet[Person]
) -> list[EnrolmentProgress]:
    """Open path enrolments for the home page: of the agents in `people` (those the user
    leads) and the user's own, oldest enrolment first."""
    condition = PathEnrolment.objects.filter(completed_on__isnull=True)
    mine = condition.filter(person_id=user_person_id) if user_person_id else condition.none()
    led = condition.filter(person__in=people)
    return path_progress((mine | led).distinct().order_by("enrolled_on", "pk"))


# ---- The shortage ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentHours:
    """What an agent can give in a week: their most contract hours, and the queues they serve."""

    person_id: int
    weekly_hours: float
    queues: frozenset[int]


@dataclass(frozen=True)
class QueueDemand:
    queue_id: int
    week: date  # the Monday
    required_hours: float
    shrinkage: float


@dataclass(frozen=True)
class QueueWeek:
    queue_id: int
    queue_name: str
    week: date
    required_hours: float
    available_hours: float
    agents: int  # agents able to serve it who give it some hours
    shrinkage: float

    @property
    def gap_hours(self) -> float:
        """Positive when short: required hours the able agents cannot give."""
        return self.required_hours - self.available_hours

    @property
    def gap_fte(self) -> float:
        """The gap in full-time agents working on this queue only, net of its shrinkage."""
        return self.gap_hours / (FULL_TIME_HOURS * (1 - self.shrinkage))

    @property
    def short(self) -> bool:
        return self.gap_hours > 0


def available_hours(
    demands: Iterable[QueueDemand], agents: Iterable[AgentHours]
) -> dict[tuple[int, date], tuple[float, int]]:
    """(queue, week) → (net hours the able agents give it, how many agents give some)."""
    by_week: dict[date, dict[int, QueueDemand]] = defaultdict(dict)
    for demand in demands:
        by_week[demand.week][demand.queue_id] = demand
    agents = list(agents)
    result: dict[tuple[int, date], tuple[float, int]] = {}
    for week, queues in by_week.items():
        hours: dict[int, float] = defaultdict(float)
        counts: dict[int, int] = defaultdict(int)
        for agent in agents:
            own = sorted(queue for queue in agent.queues if queue in queues)
            if not own:
                continue
            total = sum(queues[queue].required_hours for queue in own)
            for queue in own:
                share = queues[queue].required_hours / total if total > 0 else 1 / len(own)
                hours[queue] += agent.weekly_hours * share * (1 - queues[queue].shrinkage)
                counts[queue] += 1
        for queue in queues:
            result[(queue, week)] = (hours[queue], counts[queue])
    return result


@dataclass(frozen=True)
class Candidate:
    person: Person
    reason: str  # learning, on_path, surplus
    detail: str


@dataclass(frozen=True)
class QueueShortage:
    queue: Queue
    weeks: list[QueueWeek]
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def short_weeks(self) -> list[QueueWeek]:
        return [week for week in self.weeks if week.short]


@dataclass(frozen=True)
class SkillShortage:
    site: Site
    weeks: list[date]
    queues: list[QueueShortage]  # every queue with a forecast, short ones first
    uncovered: list[tuple[str, date]]  # (queue name, week) beyond the queue's forecast

    @property
    def short(self) -> list[QueueShortage]:
        return [item for item in self.queues if item.short_weeks]


def first_week(today: date) -> date:
    """The Monday the shortage starts from: today if a Monday, else the next one."""
    return today + timedelta(days=(7 - today.weekday()) % 7)


def forecast_days(site: Site) -> dict[int, tuple[date, date]]:
    """Each queue's latest forecast's first and last day."""
    days = {}
    for queue in Queue.objects.filter(site=site):
        run = latest_forecast(queue)
        if run is not None and run.first_day and run.last_day:
            days[queue.pk] = (run.first_day, run.last_day)
    return days


def agent_hours(site: Site) -> list[AgentHours]:
    """The site's active agents with a contract (as the schedule engine takes them)."""
    contracts = (
        Contract.objects.filter(
            person__site=site,
            person__status=PersonStatus.ACTIVE,
            person__role_assignments__role=Role.AGENT,
        )
        .distinct()
        .prefetch_related("person__queues")
    )
    return [
        AgentHours(
            person_id=contract.person_id,
            weekly_hours=contract.max_minutes_per_week / 60,
            queues=frozenset(queue.pk for queue in contract.person.queues.all()),
        )
        for contract in contracts.order_by("person_id")
    ]


def skill_shortage(
    *,
    site: Site,
    today: date,
    weeks: int = SHORTAGE_WEEKS,
    readable: QuerySet[Person] | None = None,
) -> SkillShortage:
    """The shortage of the coming weeks; candidates only among `readable` people when given
    (the user's own reach: a team leader sees their teams' agents)."""
    start = first_week(today)
    mondays = [start + timedelta(days=7 * index) for index in range(weeks)]
    covered = forecast_days(site)
    requirements = interval_requirements(site=site, start=start, days=7 * weeks)
    demands, uncovered, names = [], [], {}
    for requirement in requirements:
        names[requirement.queue_id] = requirement.queue_name
        first, last = covered.get(requirement.queue_id, (None, None))
        hours: dict[date, float] = dict.fromkeys(mondays, 0.0)
        for moment, staff in zip(requirement.starts, requirement.required_agents, strict=True):
            day = moment.date()
            monday = day - timedelta(days=day.weekday())
            if monday in hours:
                hours[monday] += staff * requirement.interval_minutes / 60
        for monday in mondays:
            if first is None or last is None or first > monday or last < monday + timedelta(6):
                uncovered.append((requirement.queue_name, monday))
                continue
            demands.append(
                QueueDemand(
                    queue_id=requirement.queue_id,
                    week=monday,
                    required_hours=hours[monday],
                    shrinkage=requirement.shrinkage,
                )
            )
    agents = agent_hours(site)
    given = available_hours(demands, agents)
    queue_weeks: dict[int, list[QueueWeek]] = defaultdict(list)
    for demand in demands:
        hours_given, count = given[(demand.queue_id, demand.week)]
        queue_weeks[demand.queue_id].append(
            QueueWeek(
                queue_id=demand.queue_id,
                queue_name=names[demand.queue_id],
                week=demand.week,
                required_hours=demand.required_hours,
                available_hours=hours_given,
                agents=count,
                shrinkage=demand.shrinkage,
            )
        )
    queues = {queue.pk: queue for queue in Queue.objects.filter(pk__in=list(queue_weeks))}
    items = []
    for queue_id, rows in queue_weeks.items():
        item = QueueShortage(queue=queues[queue_id], weeks=rows)
        if item.short_weeks:
            item = QueueShortage(
                queue=item.queue,
                weeks=rows,
                candidates=cross_training_candidates(item, queue_weeks, agents, readable),
            )
        items.append(item)
    items.sort(
        key=lambda item: (
            -max((week.gap_hours for week in item.short_weeks), default=0),
            item.queue.name,
        )
    )
    return SkillShortage(site=site, weeks=mondays, queues=items, uncovered=uncovered)


def cross_training_candidates(
    shortage: QueueShortage,
    queue_weeks: dict[int, list[QueueWeek]],
    agents: list[AgentHours],
    readable: QuerySet[Person] | None = None,
) -> list[Candidate]:
    """Who could be trained for the short queue: agents learning it, agents on a path to it,
    then agents with a contract whose every forecast queue has a surplus in the queue's first
    short week (largest surplus first). Nobody who already serves the queue."""
    queue = shortage.queue
    excluded = set(queue.agents.values_list("pk", flat=True))
    if readable is not None:
        # Whom the user may not read is never named.
        visible = set(readable.filter(site_id=queue.site_id).values_list("pk", flat=True))
        excluded |= (
            set(Person.objects.filter(site_id=queue.site_id).values_list("pk", flat=True)) - visible
        )
    chosen: dict[int, Candidate] = {}
    learning = (
        SkillLevel.objects.filter(queue=queue, level__lt=SERVING_LEVEL)
        .exclude(person_id__in=excluded)
        .exclude(person__status=PersonStatus.LEFT)
        .select_related("person")
        .order_by("person__display_name")
    )
    for level in learning:
        chosen[level.person_id] = Candidate(
            person=level.person,
            reason="learning",
            detail=str(Proficiency(level.level).label),
        )
    on_path = (
        PathEnrolment.objects.filter(path__target_queue=queue, completed_on__isnull=True)
        .exclude(person_id__in=excluded)
        .exclude(person__status=PersonStatus.LEFT)
        .select_related("person", "path")
        .order_by("person__display_name")
    )
    for enrolment in on_path:
        if enrolment.person_id not in chosen:
            chosen[enrolment.person_id] = Candidate(
                person=enrolment.person, reason="on_path", detail=enrolment.path.name
            )
    week = shortage.short_weeks[0].week
    surplus = {
        rows_queue: row
        for rows_queue, rows in queue_weeks.items()
        for row in rows
        if row.week == week
    }
    ranked = []
    for agent in agents:
        if agent.person_id in excluded or agent.person_id in chosen:
            continue
        own = [surplus[queue_id] for queue_id in agent.queues if queue_id in surplus]
        if own and all(row.gap_hours < 0 for row in own):
            spare = min(-row.gap_hours for row in own)
            ranked.append((spare, agent.person_id, own))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    people = Person.objects.in_bulk([person_id for _spare, person_id, _own in ranked])
    for _spare, person_id, own in ranked:
        if len(chosen) >= CANDIDATES_PER_QUEUE:
            break
        detail = ", ".join(
            f"{row.queue_name} +{-row.gap_hours:.0f} h"
            for row in sorted(own, key=lambda r: r.queue_name)
        )
        chosen[person_id] = Candidate(person=people[person_id], reason="surplus", detail=detail)
    return list(chosen.values())
