"""A first schedule, built agent by agent.

Every hard rule concerns one agent at a time; only coverage ties agents together. So a valid
schedule is found fast by giving each agent, in turn, the row of shifts (a tiny CP-SAT model of
that agent's rules) that covers most of the requirement still open, then taking those minutes
off the open requirement. Agents with the fewest skills go first (they have the fewest places
to help), then the least flexible. The result seeds the full model as a hint: CP-SAT starts
from a complete valid schedule instead of searching for one among the whole site's rules.
"""

import random
from dataclasses import replace

import numpy as np
from ortools.sat.python import cp_model

from floorwalk.engine.schedule.coverage import FloatArray, required_minutes
from floorwalk.engine.schedule.model import ScheduleModel
from floorwalk.engine.schedule.problem import Agent, Problem
from floorwalk.engine.schedule.shifts import Choice, expected_minutes_by_interval

AGENT_SECONDS = (0.05, 0.5, 5.0, 30.0)


def first_schedule(problem: Problem, seed: int = 0) -> dict[str, dict[int, Choice]] | None:
    """Each agent's choice per worked day, or None when some agent's rules cannot all hold."""
    rng = random.Random(seed)  # noqa: S311 - tie-breaking, not secrecy
    ids = [q.id for q in problem.queues]
    open_need = required_minutes(problem).astype(np.float64)
    cache: dict[Choice, dict[int, int]] = {}
    order = sorted(
        problem.agents,
        key=lambda a: (len(set(a.skills) & set(ids)), len(a.templates) or 99, rng.random()),
    )
    rows: dict[str, dict[int, Choice]] = {}
    for agent in order:
        row = _best_row(problem, agent, open_need, ids, cache)
        if row is None:
            return None
        rows[agent.id] = row
        for choice in row.values():
            _take(open_need, _minutes(problem, choice, cache), agent, ids)
    return rows


def _minutes(
    problem: Problem, choice: Choice, cache: dict[Choice, dict[int, int]]
) -> dict[int, int]:
    if choice not in cache:
        cache[choice] = expected_minutes_by_interval(
            problem.template(choice.template),
            choice.start,
            problem.interval_minutes,
            problem.intervals,
        )
    return cache[choice]


def _best_row(
    problem: Problem,
    agent: Agent,
    open_need: FloatArray,
    ids: list[str],
    cache: dict[Choice, dict[int, int]],
) -> dict[int, Choice] | None:
    fixed = tuple(f for f in problem.fixed if f.agent == agent.id)
    single = ScheduleModel(replace(problem, agents=(agent,), fixed=fixed), objectives=False)
    rows = [i for i, q in enumerate(ids) if q in agent.skills]
    open_here = open_need[rows].sum(axis=0) if rows else np.zeros(problem.intervals)
    terms = []
    for (_, _, choice), var in single.x.items():
        covered = sum(min(m, open_here[t]) for t, m in _minutes(problem, choice, cache).items())
        terms.append(round(covered) * var)
    single.model.maximize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    # A busy machine can starve a short limit; only a proof of infeasibility is final.
    for seconds in AGENT_SECONDS:
        solver.parameters.max_time_in_seconds = seconds
        status = solver.solve(single.model)
        if status != cp_model.UNKNOWN:
            break
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {day: choice for (_, day, choice), var in single.x.items() if solver.boolean_value(var)}


def _take(open_need: FloatArray, minutes: dict[int, int], agent: Agent, ids: list[str]) -> None:
    """Take the agent's minutes off the open requirement, the most open queue first."""
    rows = [i for i, q in enumerate(ids) if q in agent.skills]
    for t, m in minutes.items():
        left = float(m)
        for i in sorted(rows, key=lambda i: -open_need[i, t]):
            used = min(left, open_need[i, t])
            open_need[i, t] -= used
            left -= used
            if left <= 0:
                break
