"""What the engine returns: shifts with their breaks and queue allocation, coverage and service
level per queue and interval, each agent's satisfaction, every unmet preference with its
reason, the fairness ledger for the next period, and how far each solver stage got.

Reasons are structured so the caller can word them in any language:

- `coverage`: granting it would leave `queue` short over [`start`, `end`) on `day`; the
  service level there would fall to `service_level` (target `target`). `other_agents` lists
  agents with the skill who are off or elsewhere then because their own preference was granted.
- `rule`: granting it would break the labour rule or hard constraint named in `rule` (for
  example `contract_min_week`, `max_consecutive_days`, `must_end_by`).
- `preference`: it would cost the same agent another granted preference (`preference_id`).
- `fixed`: the day holds a fixed shift (picked beforehand).
- `skill`, `already_working`, `not_working`: refusals of a proposed change.
- `time_limit`: no counterfactual cost was found; the search stopped before granting it.
"""

from dataclasses import dataclass

from floorwalk.engine.schedule.problem import MINUTES_PER_DAY


@dataclass(frozen=True)
class PlacedBreak:
    start: int  # absolute minute
    minutes: int
    paid: bool


@dataclass(frozen=True)
class Shift:
    """One worked shift. `queue_minutes` is how its worked minutes split over queues."""

    agent: str
    template: str
    start: int  # absolute minute
    end: int
    breaks: tuple[PlacedBreak, ...] = ()
    queue_minutes: tuple[tuple[str, int], ...] = ()

    @property
    def day(self) -> int:
        return self.start // MINUTES_PER_DAY

    @property
    def start_of_day(self) -> int:
        return self.start - self.day * MINUTES_PER_DAY


@dataclass(frozen=True)
class Reason:
    kind: str  # coverage, rule, preference, skill, fixed, already_working, not_working, ...
    agent: str | None = None
    day: int | None = None
    start: int | None = None  # absolute minute, for coverage
    end: int | None = None
    queue: str | None = None
    service_level: float | None = None
    target: float | None = None
    response_hours: float | None = None  # deferred work: the share answered within these hours
    rule: str | None = None
    preference_id: str | None = None
    other_agents: tuple[str, ...] = ()
    detail: str = ""


@dataclass(frozen=True)
class QueueCoverage:
    """Per interval: agents scheduled on the queue (allocated worked minutes over the
    interval length), agents required, and the service level reached (Erlang C)."""

    queue: str
    scheduled: tuple[float, ...]
    required: tuple[int, ...]
    service_level: tuple[float, ...]


@dataclass(frozen=True)
class AgentSatisfaction:
    agent: str
    requested_weight: int
    granted_weight: int
    fairness_balance: float  # carried in
    next_balance: float  # to carry into the next period

    @property
    def satisfaction(self) -> float:
        """Granted over requested weight; 1 for an agent with no preferences."""
        if self.requested_weight == 0:
            return 1.0
        return self.granted_weight / self.requested_weight


@dataclass(frozen=True)
class UnmetPreference:
    agent: str
    preference_id: str
    weight: int
    day: int | None  # the day it concerns (the first day of a weekend)
    reason: Reason


@dataclass(frozen=True)
class Stage:
    """One lexicographic stage: its objective (minimised), CP-SAT's bound and the relative gap
    between them (0 when proven optimal)."""

    name: str  # coverage, fairness, total
    status: str
    objective: float
    bound: float
    seconds: float

    @property
    def gap(self) -> float:
        """|objective − bound| over the larger of the two in size (0 when they meet)."""
        if self.objective == self.bound:
            return 0.0
        return abs(self.objective - self.bound) / max(abs(self.objective), abs(self.bound))


@dataclass(frozen=True)
class Schedule:
    status: str  # optimal, feasible, infeasible, unknown
    shifts: tuple[Shift, ...]
    coverage: tuple[QueueCoverage, ...]
    satisfaction: tuple[AgentSatisfaction, ...]
    unmet: tuple[UnmetPreference, ...]
    stages: tuple[Stage, ...]
    under_minutes: int  # agent-minutes short of the requirement, all queues
    over_minutes: int
    under_minutes_before_breaks: int  # with breaks at their window's middle
    seconds_to_first: float | None
    seconds: float

    @property
    def ledger(self) -> dict[str, float]:
        """Each agent's fairness balance for the next period."""
        return {s.agent: s.next_balance for s in self.satisfaction}
