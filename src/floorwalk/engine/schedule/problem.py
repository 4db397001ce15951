"""The contact-center scheduling problem: what the caller hands the engine.

Times. Every absolute time is in minutes from the horizon start, a local midnight; day `d`
runs from minute 1440·d. The caller converts site-local datetimes (a day with a daylight-saving
change is still 1440 minutes here: the caller shifts the requirement by the hour instead).
Minutes of day (template start windows, "must end by", preferred starts) count from the local
midnight of the day the shift starts. Weeks are the consecutive 7-day blocks from the horizon
start; weekends are the Saturdays and Sundays (`start_weekday` gives day 0's weekday,
0 = Monday), grouped by calendar week.

Shifts. A template's shift starts at minute of day `earliest_start + k·start_step` up to
`latest_start`, lasts its paid minutes plus its unpaid breaks, and holds each break at an
offset from the shift start inside the break's window. Contract and labour limits count paid
minutes; coverage counts the minutes worked (the shift minus all its breaks).

Requirement. Each queue gives, per interval, the agents it needs (`required`, the caller's
figure after shrinkage: Erlang for live contacts, the spread workload for deferred work) and
the load behind it (`volume`, `aht_seconds`) with its service target and work model, so the
engine can report the service level the schedule reaches.

Hard constraints are never broken: skills, allowed templates, contract and labour rules,
unavailable time, leave days, "must end by" and fixed shifts. Preferences are soft: each has a
positive integer weight, expanded into one request per day (or weekend) it concerns; an
agent's satisfaction is the weight granted over the weight requested.

Contract minimum per week: prorated for a partial last week, less a fifth of it for each leave
day (a leave day counts as an average working day).

Fairness ledger. `fairness_balance` is how much better off (positive) or worse off (negative)
than the average agent this agent was in earlier periods, in satisfaction units (a share,
typically −1…1). The solver maximises the worst `satisfaction + fairness_balance`, so agents
who lost out before are lifted first; the result carries the balance for the next period.
"""

from dataclasses import dataclass, field

MINUTES_PER_DAY = 1440
DAYS_PER_WEEK = 7
SATURDAY = 5
SUNDAY = 6


@dataclass(frozen=True)
class Queue:
    """One queue's requirement and load, one value per interval of the horizon, and how its
    service level is judged: live contacts (Erlang C, or Erlang A with `patience_seconds`,
    each agent holding `concurrency` contacts at once) answered within
    `answer_within_seconds`, or deferred work (`response_hours` set) answered within hours,
    from a backlog simulation over the horizon. Scheduled agents lose `shrinkage` of their
    time before they count, and deferred work gets `max_occupancy` of what is left."""

    id: str
    required: tuple[int, ...]
    volume: tuple[float, ...]
    aht_seconds: tuple[float, ...]
    service_target: float = 0.8
    answer_within_seconds: float = 20.0
    concurrency: int = 1
    response_hours: float | None = None
    shrinkage: float = 0.0
    max_occupancy: float = 1.0
    patience_seconds: float | None = None

    @property
    def deferred(self) -> bool:
        return self.response_hours is not None


@dataclass(frozen=True)
class BreakRule:
    """A break of `minutes`, starting between `earliest_offset` and `latest_offset` minutes
    after the shift start."""

    minutes: int
    paid: bool
    earliest_offset: int
    latest_offset: int


@dataclass(frozen=True)
class ShiftTemplate:
    id: str
    earliest_start: int  # minute of day
    latest_start: int  # minute of day
    start_step: int
    paid_minutes: int
    breaks: tuple[BreakRule, ...] = ()

    @property
    def span_minutes(self) -> int:
        """From start to end: the paid minutes plus the unpaid breaks."""
        return self.paid_minutes + sum(b.minutes for b in self.breaks if not b.paid)

    @property
    def worked_minutes(self) -> int:
        """Minutes on the queues: the span minus every break."""
        return self.span_minutes - sum(b.minutes for b in self.breaks)

    def starts(self) -> tuple[int, ...]:
        return tuple(range(self.earliest_start, self.latest_start + 1, max(1, self.start_step)))


@dataclass(frozen=True)
class LabourRules:
    max_minutes_per_day: int = 600
    max_minutes_per_week: int = 2880
    min_rest_minutes: int = 660
    max_consecutive_days: int = 6
    min_days_off_per_week: int = 1
    max_weekends: int = 99


@dataclass(frozen=True)
class TimeRange:
    """[start, end) in minutes from the horizon start."""

    start: int
    end: int


@dataclass(frozen=True)
class EndBy:
    """The shift must end by `minute_of_day` on each of `weekdays` (0 = Monday)."""

    weekdays: tuple[int, ...]
    minute_of_day: int


@dataclass(frozen=True)
class PreferredTemplates:
    """On each working day, work one of `templates`."""

    id: str
    weight: int
    templates: tuple[str, ...]


@dataclass(frozen=True)
class PreferredStart:
    """On each working day, start between `earliest` and `latest` (minutes of day)."""

    id: str
    weight: int
    earliest: int
    latest: int


@dataclass(frozen=True)
class DayOffOnDate:
    id: str
    weight: int
    day: int


@dataclass(frozen=True)
class DayOffOnWeekday:
    """Every `weekday` (0 = Monday) of the horizon off, one request per such day."""

    id: str
    weight: int
    weekday: int


@dataclass(frozen=True)
class WeekendsOff:
    """Every weekend off, or (`every_other`) never two weekends worked in a row: one request
    per weekend, or per pair of consecutive weekends."""

    id: str
    weight: int
    every_other: bool = False


Preference = PreferredTemplates | PreferredStart | DayOffOnDate | DayOffOnWeekday | WeekendsOff


@dataclass(frozen=True)
class Agent:
    id: str
    skills: tuple[str, ...]  # queue ids
    contract_min_week: int  # paid minutes
    contract_max_week: int
    rules: LabourRules = field(default_factory=LabourRules)
    templates: tuple[str, ...] = ()  # allowed templates; empty = all
    unavailable: tuple[TimeRange, ...] = ()
    leave_days: tuple[int, ...] = ()
    must_end_by: tuple[EndBy, ...] = ()
    preferences: tuple[Preference, ...] = ()
    fairness_balance: float = 0.0

    def may_use(self, template: str) -> bool:
        return not self.templates or template in self.templates


@dataclass(frozen=True)
class FixedShift:
    """A shift that must be kept (e.g. picked in a bidding window). `start` is absolute."""

    agent: str
    template: str
    start: int

    @property
    def day(self) -> int:
        return self.start // MINUTES_PER_DAY


@dataclass(frozen=True)
class Problem:
    days: int
    interval_minutes: int
    queues: tuple[Queue, ...]
    templates: tuple[ShiftTemplate, ...]
    agents: tuple[Agent, ...]
    fixed: tuple[FixedShift, ...] = ()
    start_weekday: int = 0  # day 0's weekday, 0 = Monday
    under_weight: int = 100  # per agent-minute short
    over_weight: int = 1  # per agent-minute beyond the requirement

    def __post_init__(self) -> None:
        if MINUTES_PER_DAY % self.interval_minutes:
            raise ValueError("interval_minutes must divide a day")
        for queue in self.queues:
            lengths = {len(queue.required), len(queue.volume), len(queue.aht_seconds)}
            if lengths != {self.intervals}:
                raise ValueError(f"queue {queue.id}: one value per interval ({self.intervals})")

    @property
    def intervals_per_day(self) -> int:
        return MINUTES_PER_DAY // self.interval_minutes

    @property
    def intervals(self) -> int:
        return self.days * self.intervals_per_day

    @property
    def weeks(self) -> int:
        return -(-self.days // DAYS_PER_WEEK)

    def weekday(self, day: int) -> int:
        return (self.start_weekday + day) % DAYS_PER_WEEK

    def week_days(self, week: int) -> range:
        return range(week * DAYS_PER_WEEK, min(self.days, (week + 1) * DAYS_PER_WEEK))

    def weekends(self) -> tuple[tuple[int, ...], ...]:
        """The days of each weekend (Saturday and/or Sunday) that falls in the horizon."""
        by_week: dict[int, list[int]] = {}
        for day in range(self.days):
            if self.weekday(day) in (SATURDAY, SUNDAY):
                by_week.setdefault((self.start_weekday + day) // DAYS_PER_WEEK, []).append(day)
        return tuple(tuple(days) for _, days in sorted(by_week.items()))

    def template(self, template_id: str) -> ShiftTemplate:
        return next(t for t in self.templates if t.id == template_id)

    def agent(self, agent_id: str) -> Agent:
        return next(a for a in self.agents if a.id == agent_id)


LEAVE_DAY_SHARE = 5  # a leave day counts as a fifth of the weekly contract minimum


def prorated_contract_min(problem: Problem, agent: Agent, week: int) -> int:
    """The week's contract minimum: a partial last week asks for its share, and each leave day
    counts as a fifth of the weekly minimum already worked. Maxima apply as they are."""
    days = problem.week_days(week)
    share = agent.contract_min_week * len(days) // DAYS_PER_WEEK
    leave = sum(1 for d in days if d in agent.leave_days)
    return max(0, share - leave * agent.contract_min_week // LEAVE_DAY_SHARE)
