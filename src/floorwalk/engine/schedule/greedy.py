"""A first schedule, built agent by agent.

Every hard rule concerns one agent at a time; only coverage ties agents together. So a valid
schedule is found fast by giving each agent, in turn, a row of shifts that covers much of the
requirement still open, then taking those minutes off the open requirement. Agents with the
fewest skills go first (they have the fewest places to help), then the least flexible.

Each row is first built greedily (the days and shifts that cover most, added while every
day- and week-level rule still holds) and checked by the independent checker; only when that
fails (a rule the greedy order cannot meet, e.g. a tight weekly minimum with days off) does a
tiny CP-SAT model of that agent's rules choose the row. The greedy row costs milliseconds
where CP-SAT costs a tenth of a second or more per agent on a busy machine. The result seeds
the full model or the neighbourhood search: both start from a complete valid schedule.
"""

import random
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from ortools.sat.python import cp_model

from floorwalk.engine.schedule.check import agent_violations
from floorwalk.engine.schedule.coverage import FloatArray, required_minutes
from floorwalk.engine.schedule.model import ScheduleModel
from floorwalk.engine.schedule.problem import DAYS_PER_WEEK, Agent, Problem, prorated_contract_min
from floorwalk.engine.schedule.requests import Request, granted
from floorwalk.engine.schedule.shifts import (
    Choice,
    allowed_choices,
    expected_minutes_by_interval,
    make_shift,
)

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
        row = _greedy_row(problem, agent, open_need, ids, cache)
        if row is None:
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


def _open_here(problem: Problem, agent: Agent, open_need: FloatArray, ids: list[str]) -> FloatArray:
    rows = [i for i, q in enumerate(ids) if q in agent.skills]
    return open_need[rows].sum(axis=0) if rows else np.zeros(problem.intervals)


def _greedy_row(
    problem: Problem,
    agent: Agent,
    open_need: FloatArray,
    ids: list[str],
    cache: dict[Choice, dict[int, int]],
) -> dict[int, Choice] | None:
    """The row built by adding the most covering (day, shift) while the rules allow, or None
    when it misses a weekly minimum or the checker finds any rule broken. A second attempt
    takes weekend days last: weekends worked early can exhaust the weekend allowance or
    leave a run of days that blocks the next week's minimum."""
    return greedy_row(problem, agent, _open_here(problem, agent, open_need, ids), cache)


def greedy_row(
    problem: Problem,
    agent: Agent,
    open_here: FloatArray,
    cache: dict[Choice, dict[int, int]],
    requests: tuple[Request, ...] = (),
    requests_first: bool = False,
) -> dict[int, Choice] | None:
    """The greedy row against `open_here`, the requirement the agent could still cover per
    interval (see `_greedy_row`). Among shifts covering as much, those refusing less of the
    agent's `requests` (day off, start, template) come first; with `requests_first`, the
    refusals decide first and coverage breaks their ties."""
    refusing = _refusals(problem, agent, requests)
    fixed = {f.day: Choice(f.template, f.start) for f in problem.fixed if f.agent == agent.id}
    weekend_days = {d for w in problem.weekends() for d in w}
    candidates = []
    for day in range(problem.days):
        if day in fixed:
            continue
        for choice in allowed_choices(problem, agent, day):
            minutes = _minutes(problem, choice, cache)
            covered = sum(min(m, open_here[t]) for t, m in minutes.items())
            # Ties are common while much is open (every shift covers all its minutes): the
            # second key prefers the shift over the most open requirement, which spreads
            # agents over the peaks instead of piling them on the first days and starts.
            depth = sum(m * open_here[t] for t, m in minutes.items())
            refused = refusing(day, choice)
            candidates.append((day in weekend_days, -covered, refused, -depth, day, choice))
    for weekends_last in (False, True):
        if requests_first:
            candidates.sort(key=lambda c: (weekends_last and c[0], c[2], c[1], *c[3:5]))
        else:
            candidates.sort(key=lambda c: (weekends_last and c[0], *c[1:5]))
        row = _fill(problem, agent, dict(fixed), [(c[4], c[5]) for c in candidates])
        if row is not None:
            return row
    return None


def _refusals(
    problem: Problem, agent: Agent, requests: tuple[Request, ...]
) -> Callable[[int, Choice], int]:
    """Weight of the requests a shift on a day refuses on its own (weekend requests depend on
    the whole weekend and are left to the search)."""
    by_day: dict[int, list[Request]] = {}
    for request in requests:
        if request.day is not None:
            by_day.setdefault(request.day, []).append(request)

    def refused(day: int, choice: Choice) -> int:
        mine = by_day.get(day)
        if not mine:
            return 0
        shift = {day: make_shift(agent.id, problem.template(choice.template), choice.start)}
        return sum(r.weight for r in mine if not granted(r, shift))

    return refused


def _fill(
    problem: Problem, agent: Agent, row: dict[int, Choice], ordered: list[tuple[int, Choice]]
) -> dict[int, Choice] | None:
    for week in range(problem.weeks):
        days = problem.week_days(week)
        for day, choice in ordered:
            if day in days and day not in row and _fits(problem, agent, row, day, choice):
                row[day] = choice
        if _paid(problem, row, days) < prorated_contract_min(problem, agent, week):
            return None
    shifts = [make_shift(agent.id, problem.template(c.template), c.start) for c in row.values()]
    return row if not agent_violations(problem, agent, shifts) else None


def _paid(problem: Problem, row: dict[int, Choice], days: range) -> int:
    return sum(problem.template(c.template).paid_minutes for d, c in row.items() if d in days)


def _fits(problem: Problem, agent: Agent, row: dict[int, Choice], day: int, choice: Choice) -> bool:
    """Whether adding the shift keeps the weekly maxima, days off, consecutive days, weekends
    and rest (the rules a single shift cannot break alone)."""
    rules = agent.rules
    week = problem.week_days(day // DAYS_PER_WEEK)
    paid = _paid(problem, row, week) + problem.template(choice.template).paid_minutes
    if paid > min(agent.contract_max_week, rules.max_minutes_per_week):
        return False
    worked = sum(1 for d in row if d in week) + 1
    if len(week) == DAYS_PER_WEEK and worked > DAYS_PER_WEEK - rules.min_days_off_per_week:
        return False
    run = 1 + _run(row, day, -1) + _run(row, day, 1)
    if run > rules.max_consecutive_days:
        return False
    if not _weekend_fits(problem, rules.max_weekends, row, day):
        return False
    start = choice.start
    end = start + problem.template(choice.template).span_minutes
    before, after = row.get(day - 1), row.get(day + 1)
    if before is not None:
        before_end = before.start + problem.template(before.template).span_minutes
        if start - before_end < rules.min_rest_minutes:
            return False
    return after is None or after.start - end >= rules.min_rest_minutes


def _weekend_fits(problem: Problem, most: int, row: dict[int, Choice], day: int) -> bool:
    """Within the weekend limit, and within its share so far: the first weekends may not use
    up the allowance that later weeks need to reach their weekly minimum."""
    weekends = problem.weekends()
    here = next((i for i, w in enumerate(weekends) if day in w), None)
    if here is None or any(d in row for d in weekends[here]):
        return True
    used = sum(1 for w in weekends[:here] if any(d in row for d in w))
    share = -(-most * (here + 1) // len(weekends))
    return used < min(most, share)


def _run(row: dict[int, Choice], day: int, step: int) -> int:
    count, current = 0, day + step
    while current in row:
        count, current = count + 1, current + step
    return count


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
