"""From chosen shifts to what the caller shows: each shift's queue allocation, coverage and
service level per queue and interval, satisfaction per agent and the next fairness ledger.

Ledger. next balance = LEDGER_CARRY · balance + (satisfaction − mean satisfaction of the agents
with requests): a deficit fades by half each period unless it recurs, so it cannot grow
without bound, and an agent without requests keeps half of what they carried."""

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from floorwalk.engine.schedule.coverage import (
    FloatArray,
    IntArray,
    allocate,
    group_capacity,
    service_levels,
)
from floorwalk.engine.schedule.problem import Problem
from floorwalk.engine.schedule.requests import Request, granted
from floorwalk.engine.schedule.result import AgentSatisfaction, QueueCoverage, Shift
from floorwalk.engine.schedule.shifts import minutes_by_interval

LEDGER_CARRY = 0.5


def with_allocation(
    problem: Problem,
    shifts: Sequence[Shift],
    groups: Sequence[frozenset[str]],
    flow: FloatArray,
    capacity: IntArray,
) -> tuple[Shift, ...]:
    """Each shift's share of its group's allocation, interval by interval, in whole minutes."""
    queues = {q.id for q in problem.queues}
    ids = [q.id for q in problem.queues]
    index = {g: i for i, g in enumerate(groups)}
    group_of = {a.id: index.get(frozenset(set(a.skills) & queues)) for a in problem.agents}
    result = []
    for shift in shifts:
        g = group_of.get(shift.agent)
        if g is None:
            result.append(shift)
            continue
        split = np.zeros(len(ids))
        for interval, minutes in minutes_by_interval(
            shift, problem.interval_minutes, problem.intervals
        ).items():
            split += flow[g, :, interval] * minutes / capacity[g, interval]
        queue_minutes = tuple((q, round(m)) for q, m in zip(ids, split, strict=True) if m >= 0.5)
        result.append(replace(shift, queue_minutes=queue_minutes))
    return tuple(result)


def coverage_report(
    problem: Problem, shifts: Sequence[Shift], groups: Sequence[frozenset[str]]
) -> tuple[tuple[QueueCoverage, ...], tuple[Shift, ...]]:
    capacity = group_capacity(problem, shifts, groups)
    flow = allocate(problem, capacity, groups)
    per_queue = flow.sum(axis=0)
    levels = service_levels(problem, per_queue)
    coverage = tuple(
        QueueCoverage(
            queue.id,
            tuple(float(v) for v in per_queue[i] / problem.interval_minutes),
            queue.required,
            tuple(float(v) for v in levels[i]),
        )
        for i, queue in enumerate(problem.queues)
    )
    return coverage, with_allocation(problem, shifts, groups, flow, capacity)


def rows_by_agent(shifts: Sequence[Shift]) -> dict[str, dict[int, Shift]]:
    rows: dict[str, dict[int, Shift]] = {}
    for shift in shifts:
        rows.setdefault(shift.agent, {})[shift.day] = shift
    return rows


def satisfaction_report(
    problem: Problem, requests: dict[str, tuple[Request, ...]], shifts: Sequence[Shift]
) -> tuple[AgentSatisfaction, ...]:
    rows = rows_by_agent(shifts)
    counts = {}
    for agent in problem.agents:
        mine = requests.get(agent.id, ())
        row = rows.get(agent.id, {})
        counts[agent.id] = (
            sum(r.weight for r in mine),
            sum(r.weight for r in mine if granted(r, row)),
        )
    shares = [g / r for r, g in counts.values() if r > 0]
    mean = sum(shares) / len(shares) if shares else 1.0
    result = []
    for agent in problem.agents:
        requested, given = counts[agent.id]
        change = given / requested - mean if requested else 0.0
        result.append(
            AgentSatisfaction(
                agent.id,
                requested,
                given,
                agent.fairness_balance,
                LEDGER_CARRY * agent.fairness_balance + change,
            )
        )
    return tuple(result)
