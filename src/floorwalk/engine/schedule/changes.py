"""Self-scheduling picks, offers and swaps: the reasons a proposed change is refused (none
means it may be approved automatically).

A change is judged against the schedule as it stands (`shifts`, every agent's current shifts)
and refused for:

- `not_working` / `already_working`: the shift to give or swap is not there, or the agent
  taking it already works that day;
- `skill`: the taker serves none of the queues the shift serves (its allocation, or else
  the giver's skills);
- `rule`: a labour rule or hard constraint the change newly breaks for an agent involved
  (`rule` names it as the checker does; a rule already broken before is not the change's
  fault, so a pick may leave an agent short of their contract minimum while bidding goes on);
- `coverage`: an interval of a queue the agents serve where the change uncovers requirement
  (more of the floor's requirement left uncovered, or one agent fewer able to serve a queue
  already short of them), or takes the service level below the queue's target and lower than
  it was.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from floorwalk.engine.schedule.check import agent_violations
from floorwalk.engine.schedule.coverage import (
    IntArray,
    allocate,
    group_capacity,
    hall_shortfall,
    required_minutes,
    service_levels,
    skill_groups,
    subset_masks,
)
from floorwalk.engine.schedule.problem import MINUTES_PER_DAY, Problem
from floorwalk.engine.schedule.result import Reason, Shift
from floorwalk.engine.schedule.shifts import make_shift

SERVICE_LEVEL_SLACK = 1e-9


@dataclass(frozen=True)
class PickShift:
    """`agent` takes a shift of `template` from `start` (absolute minute)."""

    agent: str
    template: str
    start: int


@dataclass(frozen=True)
class GiveShift:
    """`agent` gives their shift of `day` to `to_agent`."""

    agent: str
    day: int
    to_agent: str


@dataclass(frozen=True)
class SwapShifts:
    """`agent`'s shift of `day` and `other_agent`'s shift of `other_day` change hands."""

    agent: str
    day: int
    other_agent: str
    other_day: int


Change = PickShift | GiveShift | SwapShifts


def validate_change(
    problem: Problem, shifts: Sequence[Shift], change: Change
) -> tuple[Reason, ...]:
    """Every reason the change is refused; empty when it keeps skills, rules and coverage."""
    by_key = {(s.agent, s.day): s for s in shifts}
    reasons: list[Reason] = []
    removed: list[Shift] = []
    added: list[Shift] = []
    if isinstance(change, PickShift):
        day = change.start // MINUTES_PER_DAY
        if (change.agent, day) in by_key:
            reasons.append(Reason("already_working", change.agent, day))
        shift = make_shift(change.agent, problem.template(change.template), change.start)
        added.append(shift)
        reasons += _skill_reasons(problem, change.agent, shift, problem.agent(change.agent).skills)
    else:
        moves = (
            [(change.agent, change.day, change.to_agent)]
            if isinstance(change, GiveShift)
            else [
                (change.agent, change.day, change.other_agent),
                (change.other_agent, change.other_day, change.agent),
            ]
        )
        # A swap on one day (an early shift for a late one) frees each agent's own shift.
        leaving = {(giver, day) for giver, day, _taker in moves}
        for giver, day, taker in moves:
            given = by_key.get((giver, day))
            if given is None:
                reasons.append(Reason("not_working", giver, day))
                continue
            if (taker, day) in by_key and (taker, day) not in leaving:
                reasons.append(Reason("already_working", taker, day))
            removed.append(given)
            moved = replace(given, agent=taker)
            added.append(moved)
            reasons += _skill_reasons(problem, taker, moved, problem.agent(giver).skills)
    if reasons:
        return tuple(reasons)
    after = [s for s in shifts if s not in removed] + added
    return tuple(_rule_reasons(problem, shifts, after, removed + added)) + tuple(
        _coverage_reasons(problem, shifts, after, removed + added)
    )


def _skill_reasons(
    problem: Problem, taker: str, shift: Shift, fallback: Sequence[str]
) -> list[Reason]:
    """Refused when the taker serves none of the queues the shift serves (its allocation, or
    else the giver's skills). A partial overlap is left to the coverage check, which knows
    whether the other queues can spare the minutes."""
    queues = {queue.id for queue in problem.queues}
    served = [q for q, minutes in shift.queue_minutes if minutes > 0] or list(fallback)
    served = [q for q in served if q in queues]
    skills = set(problem.agent(taker).skills)
    if not served or skills & set(served):
        return []
    return [Reason("skill", taker, shift.day, queue=q) for q in served]


def _rule_reasons(
    problem: Problem, before: Sequence[Shift], after: Sequence[Shift], touched: Sequence[Shift]
) -> list[Reason]:
    reasons = []
    for agent_id in sorted({s.agent for s in touched}):
        agent = problem.agent(agent_id)
        old = {
            (v.kind, v.day)
            for v in agent_violations(problem, agent, [s for s in before if s.agent == agent_id])
        }
        new = agent_violations(problem, agent, [s for s in after if s.agent == agent_id])
        reasons += [
            Reason("rule", agent_id, v.day, rule=v.kind, detail=v.detail)
            for v in new
            if (v.kind, v.day) not in old
        ]
    return reasons


def _coverage_reasons(
    problem: Problem, before: Sequence[Shift], after: Sequence[Shift], touched: Sequence[Shift]
) -> list[Reason]:
    width, count = problem.interval_minutes, problem.intervals
    cols = sorted(
        {i for s in touched for i in range(s.start // width, min(count, -(-s.end // width)))}
    )
    if not cols:
        return []
    groups = skill_groups(problem)
    need = required_minutes(problem)[:, cols]
    masks = subset_masks(problem, groups)
    old_cap = group_capacity(problem, before, groups)[:, cols]
    new_cap = group_capacity(problem, after, groups)[:, cols]
    worse = hall_shortfall(need, new_cap, masks) > hall_shortfall(need, old_cap, masks)
    # A queue short of agents able to serve it loses one, even when the floor's total
    # shortfall stays the same (the minutes go to another short queue instead).
    serving = [np.array([queue.id in g for g in groups], dtype=bool) for queue in problem.queues]
    worse_for = _own_shortfall(need, new_cap, serving) > _own_shortfall(need, old_cap, serving)
    old_alloc = allocate(problem, old_cap, groups, cols).sum(axis=0)
    new_alloc = allocate(problem, new_cap, groups, cols).sum(axis=0)
    baseline = None
    if any(q.deferred for q in problem.queues):
        # Deferred work carries a backlog across the horizon: the simulation needs every
        # interval's staffing, which outside `cols` the change leaves as it was.
        baseline = allocate(problem, group_capacity(problem, before, groups), groups).sum(axis=0)
    old_level = service_levels(problem, old_alloc, cols, baseline)
    new_level = service_levels(problem, new_alloc, cols, baseline)
    skills = {q for s in touched for q in problem.agent(s.agent).skills}
    reasons = []
    for i, queue in enumerate(problem.queues):
        if queue.id not in skills:
            continue
        falls = (new_level[i] < queue.service_target - SERVICE_LEVEL_SLACK) & (
            new_level[i] < old_level[i] - SERVICE_LEVEL_SLACK
        )
        # Uncovered requirement that lands on this queue in the new allocation.
        short = (
            (worse | worse_for[i])
            & (new_alloc[i] < need[i] - SERVICE_LEVEL_SLACK)
            & (new_alloc[i] < old_alloc[i] - SERVICE_LEVEL_SLACK)
        )
        position = {c: k for k, c in enumerate(cols)}
        hit = [cols[k] for k in np.flatnonzero(falls | short)]
        for first, last in _runs(hit):
            span = slice(position[first], position[last] + 1)
            reasons.append(
                Reason(
                    "coverage",
                    day=first * width // MINUTES_PER_DAY,
                    start=first * width,
                    end=(last + 1) * width,
                    queue=queue.id,
                    service_level=float(new_level[i, span].min()),
                    target=queue.service_target,
                    response_hours=queue.response_hours,
                )
            )
    return reasons


def _own_shortfall(
    need: IntArray, capacity: IntArray, serving: Sequence[NDArray[np.bool_]]
) -> IntArray:
    """Per queue and interval: minutes of its requirement beyond all the capacity of the
    agents able to serve it, (queues, intervals)."""
    able = np.stack([capacity[mask].sum(axis=0) for mask in serving])
    gap: IntArray = np.maximum(need - able, 0)
    return gap


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """Maximal runs of consecutive intervals, as (first, last)."""
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and runs[-1][1] == p - 1:
            runs[-1] = (runs[-1][0], p)
        else:
            runs.append((p, p))
    return runs
