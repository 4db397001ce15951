"""Why a preference was not granted, by counterfactual.

For each unmet request the agent's own shifts are changed in the ways that would grant it,
everyone else's kept: the day taken off (or the weekend), the shift moved to a free day of
the same week, or replaced by a shift of the preferred template or start. Each variant is
checked against the agent's hard rules (the independent checker); the valid ones are costed
by the requirement they leave uncovered (Hall deficiency, as in the model) and by the agent's
other requests they would undo. The reason is that of the cheapest variant:

- no variant keeps the rules → `rule` (the first rule the plainest variant breaks);
- the cheapest uncovers requirement → `coverage`, with the intervals that fall short, the
  queue whose service level over them (weighted by contacts) falls lowest and that level
  (by the queue's work model, same allocation as the report: Erlang for live contacts, the
  share answered within the response hours for deferred work), and the agents with the
  skill whose own day-off requests were granted then; the service levels of all coverage
  reasons are computed together, in one call;
- it undoes another of the agent's requests → `preference`;
- otherwise → `time_limit` (the search stopped before finding the better schedule).

A request on a day with a fixed shift is `fixed`: the shift was chosen beforehand.
"""

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from floorwalk.engine.schedule.check import agent_violations, changed_violations
from floorwalk.engine.schedule.coverage import (
    FloatArray,
    IntArray,
    allocate,
    group_capacity,
    hall_shortfall,
    required_minutes,
    service_levels,
    subset_masks,
)
from floorwalk.engine.schedule.problem import DAYS_PER_WEEK, MINUTES_PER_DAY, Agent, Problem
from floorwalk.engine.schedule.report import rows_by_agent
from floorwalk.engine.schedule.requests import Request, granted
from floorwalk.engine.schedule.result import Reason, Shift, UnmetPreference
from floorwalk.engine.schedule.shifts import (
    Choice,
    allowed_choices,
    make_shift,
    minutes_by_interval,
)

Row = dict[int, Shift]


class Explainer:
    """Holds the schedule's coverage so that each counterfactual costs only its own days."""

    def __init__(
        self,
        problem: Problem,
        shifts: Sequence[Shift],
        requests: dict[str, tuple[Request, ...]],
        groups: Sequence[frozenset[str]],
    ) -> None:
        self.problem = problem
        self.groups = list(groups)
        self.requests = requests
        self.rows = rows_by_agent(shifts)
        self.capacity = group_capacity(problem, shifts, groups)
        self.need = required_minutes(problem)
        self.masks = subset_masks(problem, groups)
        queues = {q.id for q in problem.queues}
        index = {g: i for i, g in enumerate(groups)}
        self.group_of = {a.id: index.get(frozenset(set(a.skills) & queues)) for a in problem.agents}
        self.off_days = {
            a.id: {
                d
                for r in requests.get(a.id, ())
                if r.kind in ("day_off", "weekend_off", "weekend_pair")
                and granted(r, self.rows.get(a.id, {}))
                for d in r.days
            }
            for a in problem.agents
        }
        self.before: dict[str, set[tuple[str, int | None]]] = {}
        self.pending: list[tuple[int, Agent, Request, list[int], FloatArray]] = []
        self.allocation: FloatArray | None = None

    def unmet(self) -> tuple[UnmetPreference, ...]:
        found: list[UnmetPreference] = []
        for agent in self.problem.agents:
            row = self.rows.get(agent.id, {})
            for request in self.requests.get(agent.id, ()):
                if not granted(request, row):
                    found.append(
                        UnmetPreference(
                            agent.id,
                            request.preference_id,
                            request.weight,
                            request.first_day,
                            self._reason(agent, request, len(found)),
                        )
                    )
        return self._with_service_levels(found)

    def reason(self, agent: Agent, request: Request) -> Reason:
        self.pending = []
        reason = self._reason(agent, request, 0)
        if self.pending:
            placeholder = UnmetPreference(agent.id, request.preference_id, 0, None, reason)
            return self._with_service_levels([placeholder])[0].reason
        return reason

    def _with_service_levels(self, found: list[UnmetPreference]) -> tuple[UnmetPreference, ...]:
        """The coverage reasons completed with their service levels, all in one Erlang call."""
        if not self.pending:
            return tuple(found)
        columns = [c for *_, hit, _ in self.pending for c in hit]
        minutes = np.concatenate([per_queue for *_, per_queue in self.pending], axis=1)
        levels = service_levels(self.problem, minutes, columns, self._baseline())
        offset = 0
        for position, agent, request, hit, _ in self.pending:
            here = levels[:, offset : offset + len(hit)]
            offset += len(hit)
            found[position] = replace(
                found[position], reason=self._coverage_reason(agent, request, hit, here)
            )
        self.pending = []
        return tuple(found)

    def _baseline(self) -> FloatArray | None:
        """The schedule's minutes per queue and interval, which deferred queues' backlog
        simulations need around the intervals a counterfactual changes (computed once)."""
        if not any(q.deferred for q in self.problem.queues):
            return None
        if self.allocation is None:
            flow = allocate(self.problem, self.capacity, self.groups)
            self.allocation = flow.sum(axis=0)
        return self.allocation

    def _reason(self, agent: Agent, request: Request, position: int) -> Reason:
        fixed = {f.day for f in self.problem.fixed if f.agent == agent.id}
        if fixed & set(request.days):
            return Reason("fixed", agent.id, request.first_day)
        row = self.rows.get(agent.id, {})
        if agent.id not in self.before:
            self.before[agent.id] = {
                (v.kind, v.day) for v in agent_violations(self.problem, agent, list(row.values()))
            }
        before = self.before[agent.id]
        first_broken: str | None = None
        best: tuple[int, int, Row] | None = None
        others = [r for r in self.requests.get(agent.id, ()) if r != request and granted(r, row)]
        for variant in granting_rows(self.problem, agent, row, request):
            changed = [s for d, s in variant.items() if row.get(d) != s]
            broken = [
                v
                for v in changed_violations(self.problem, agent, list(variant.values()), changed)
                if (v.kind, v.day) not in before
            ]
            if broken:
                first_broken = first_broken or broken[0].kind
                continue
            uncovered = int(self._shortfall_change(agent, row, variant)[1].sum())
            undone = sum(1 for r in others if not granted(r, variant))
            if best is None or (uncovered, undone) < best[:2]:
                best = (uncovered, undone, variant)
        day = request.first_day
        if best is None:
            return Reason("rule", agent.id, day, rule=first_broken or "no_shift_allowed")
        uncovered, undone, variant = best
        if uncovered > 0:
            self._defer_coverage(position, agent, request, row, variant)
            return Reason("coverage", agent.id, day)  # completed by _with_service_levels
        if undone:
            lost = next(r for r in others if not granted(r, variant))
            return Reason("preference", agent.id, day, preference_id=lost.preference_id)
        return Reason("time_limit", agent.id, day)

    def _columns(self, row: Row, variant: Row) -> list[int]:
        changed = [s for d, s in row.items() if variant.get(d) != s]
        changed += [s for d, s in variant.items() if row.get(d) != s]
        width, count = self.problem.interval_minutes, self.problem.intervals
        cols = {i for s in changed for i in range(s.start // width, min(count, -(-s.end // width)))}
        return sorted(cols)

    def _capacity_after(self, agent: Agent, row: Row, variant: Row, cols: list[int]) -> IntArray:
        capacity = self.capacity[:, cols].copy()
        g = self.group_of.get(agent.id)
        if g is None:
            return capacity
        position = {c: i for i, c in enumerate(cols)}
        for shifts, other, sign in ((row, variant, -1), (variant, row, 1)):
            changed = [s for d, s in shifts.items() if other.get(d) != s]
            for shift in changed:
                for interval, minutes in minutes_by_interval(
                    shift, self.problem.interval_minutes, self.problem.intervals
                ).items():
                    if interval in position:
                        capacity[g, position[interval]] += sign * minutes
        return capacity

    def _shortfall_change(self, agent: Agent, row: Row, variant: Row) -> tuple[list[int], IntArray]:
        cols = self._columns(row, variant)
        if not cols:
            return cols, np.zeros(0, dtype=np.int64)
        need = self.need[:, cols]
        before = hall_shortfall(need, self.capacity[:, cols], self.masks)
        after = hall_shortfall(need, self._capacity_after(agent, row, variant, cols), self.masks)
        return cols, np.maximum(after - before, 0)

    def _defer_coverage(
        self, position: int, agent: Agent, request: Request, row: Row, variant: Row
    ) -> None:
        cols, worse = self._shortfall_change(agent, row, variant)
        hit = [c for c, w in zip(cols, worse, strict=True) if w > 0]
        capacity = self._capacity_after(agent, row, variant, hit)
        flow = allocate(self.problem, capacity, self.groups, hit)
        self.pending.append((position, agent, request, hit, flow.sum(axis=0)))

    def _coverage_reason(
        self, agent: Agent, request: Request, hit: list[int], levels: FloatArray
    ) -> Reason:
        skilled = [i for i, q in enumerate(self.problem.queues) if q.id in agent.skills]
        rows = skilled or list(range(len(self.problem.queues)))
        over = [window_level(levels[i], self.problem.queues[i].volume, hit) for i in rows]
        worst = rows[int(np.argmin(over))]
        queue = self.problem.queues[worst]
        width = self.problem.interval_minutes
        return Reason(
            "coverage",
            agent.id,
            request.first_day,
            start=hit[0] * width,
            end=(hit[-1] + 1) * width,
            queue=queue.id,
            service_level=min(over),
            target=queue.service_target,
            response_hours=queue.response_hours,
            other_agents=self._granted_off(agent, request, queue.id),
        )

    def _granted_off(self, agent: Agent, request: Request, queue: str) -> tuple[str, ...]:
        """Agents with the queue's skill whose own day-off or weekend request on these days was
        granted: the preferences this one lost out to."""
        days = set(request.days)
        found = [
            other.id
            for other in self.problem.agents
            if other.id != agent.id
            and queue in other.skills
            and days & self.off_days.get(other.id, set())
        ]
        return tuple(found[:5])


def window_level(levels: FloatArray, volume: Sequence[float], columns: list[int]) -> float:
    """The service level over a window of intervals: each interval's level weighted by its
    contacts (the share of the window's contacts answered in time); the plain mean when the
    window has none."""
    weights = np.asarray([volume[c] for c in columns], dtype=np.float64)
    if weights.sum() <= 0:
        return float(np.mean(levels))
    return float(np.dot(levels, weights) / weights.sum())


def granting_rows(problem: Problem, agent: Agent, row: Row, request: Request) -> list[Row]:
    """The agent's shifts changed in each simple way that grants the request."""
    if request.kind in ("template", "start"):
        assert request.day is not None  # noqa: S101 (set for these kinds)
        day = request.day
        variants = [_without(row, [day])]
        for choice in allowed_choices(problem, agent, day):
            shift = _shift(problem, agent, choice)
            if granted(request, {day: shift}):
                variants.append({**row, day: shift})
        return variants
    if request.kind == "day_off":
        assert request.day is not None  # noqa: S101
        return _off_variants(problem, agent, row, [request.day])
    options = request.weekends if request.kind == "weekend_pair" else request.weekends[:1]
    variants = []
    for weekend in options:
        variants += _off_variants(problem, agent, row, list(weekend))
    return variants


def _off_variants(problem: Problem, agent: Agent, row: Row, days: list[int]) -> list[Row]:
    """The days off, and the days off with each of their shifts moved to a free day of the same
    week (same template, the allowed start nearest the original's time of day)."""
    removed = _without(row, days)
    variants = [removed]
    for day in days:
        if day not in row:
            continue
        week = day // DAYS_PER_WEEK
        original = row[day]
        for other in problem.week_days(week):
            if other in removed or other in days:
                continue
            same = [
                c for c in allowed_choices(problem, agent, other) if c.template == original.template
            ]
            if same:
                nearest = min(
                    same, key=lambda c: abs(c.start % MINUTES_PER_DAY - original.start_of_day)
                )
                variants.append({**removed, other: _shift(problem, agent, nearest)})
    return variants


def _without(row: Row, days: list[int]) -> Row:
    return {d: s for d, s in row.items() if d not in days}


def _shift(problem: Problem, agent: Agent, choice: Choice) -> Shift:
    return make_shift(agent.id, problem.template(choice.template), choice.start)
