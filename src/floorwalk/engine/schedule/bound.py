"""A lower bound on under-coverage: the linear relaxation of an aggregated model.

Agents with the same skills and allowed templates form a class. Per class, day and choice, a
continuous count says how many of its agents work that choice, at most as many as may; per
class and day, at most as many as can work that day; per class and week, paid minutes between
the sum of the members' weekly minima and maxima, and worked days within the sum of what the
members' days-off rules leave. Each shift covers its whole span (breaks anywhere, even
nowhere), and the Hall constraints of the model bound the shortfall per interval. Every
schedule gives a feasible point of this relaxation, so its optimum is a lower bound on the
minutes short, whatever the break placement. Solved with HiGHS.
"""

from collections import defaultdict

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from floorwalk.engine.schedule.coverage import queue_subsets, required_minutes
from floorwalk.engine.schedule.problem import DAYS_PER_WEEK, Agent, Problem, prorated_contract_min
from floorwalk.engine.schedule.shifts import Choice, allowed_choices

ClassKey = tuple[frozenset[str], tuple[str, ...]]


def shortfall_lower_bound(problem: Problem) -> float:
    """Agent-minutes of requirement no schedule can cover (0 when the relaxation covers all)."""
    queues = {q.id for q in problem.queues}
    classes: dict[ClassKey, list[Agent]] = defaultdict(list)
    for agent in problem.agents:
        skills = frozenset(set(agent.skills) & queues)
        if skills:
            allowed = tuple(sorted(t.id for t in problem.templates if agent.may_use(t.id)))
            classes[(skills, allowed)].append(agent)
    columns: list[tuple[ClassKey, int, Choice]] = []
    upper: list[float] = []
    rows_ub: list[tuple[list[int], list[float], float]] = []  # Σ coef·x ≤ rhs
    for key, members in classes.items():
        by_day: dict[int, list[int]] = defaultdict(list)
        for day in range(problem.days):
            counts: dict[Choice, int] = defaultdict(int)
            can_work = 0
            for agent in members:
                choices = allowed_choices(problem, agent, day)
                can_work += bool(choices)
                for choice in choices:
                    counts[choice] += 1
            for choice, count in counts.items():
                by_day[day].append(len(columns))
                columns.append((key, day, choice))
                upper.append(float(count))
            if by_day[day]:
                rows_ub.append((by_day[day], [1.0] * len(by_day[day]), float(can_work)))
        for week in range(problem.weeks):
            days = problem.week_days(week)
            cols = [c for d in days for c in by_day[d]]
            if not cols:
                continue
            paid = [float(problem.template(columns[c][2].template).paid_minutes) for c in cols]
            most = sum(min(a.contract_max_week, a.rules.max_minutes_per_week) for a in members)
            least = sum(prorated_contract_min(problem, a, week) for a in members)
            rows_ub.append((cols, paid, float(most)))
            rows_ub.append((cols, [-p for p in paid], -float(least)))
            if len(days) == DAYS_PER_WEEK:
                worked = sum(DAYS_PER_WEEK - a.rules.min_days_off_per_week for a in members)
                rows_ub.append((cols, [1.0] * len(cols), float(worked)))
    return _solve(problem, columns, upper, rows_ub)


def _solve(
    problem: Problem,
    columns: list[tuple[ClassKey, int, Choice]],
    upper: list[float],
    rows_ub: list[tuple[list[int], list[float], float]],
) -> float:
    need = required_minutes(problem)
    ids = [q.id for q in problem.queues]
    width = problem.interval_minutes
    short_index: dict[int, int] = {}
    data: list[float] = []
    row_idx: list[int] = []
    col_idx: list[int] = []
    rhs: list[float] = []
    for cols, coefs, bound in rows_ub:
        row = len(rhs)
        row_idx += [row] * len(cols)
        col_idx += cols
        data += coefs
        rhs.append(bound)
    covering: dict[int, list[tuple[int, ClassKey, float]]] = defaultdict(list)
    for c, (key, _, choice) in enumerate(columns):
        span = problem.template(choice.template).span_minutes
        start, end = choice.start, choice.start + span
        for t in range(start // width, min(problem.intervals, -(-end // width))):
            minutes = min(end, (t + 1) * width) - max(start, t * width)
            covering[t].append((c, key, float(minutes)))
    for subset in queue_subsets(problem):
        rows = [i for i, q in enumerate(ids) if q in subset]
        wanted = need[rows].sum(axis=0)
        for interval in (int(i) for i in np.flatnonzero(wanted > 0)):
            if interval not in short_index:
                short_index[interval] = len(columns) + len(short_index)
            row = len(rhs)
            terms = [(c, m) for c, key, m in covering[interval] if key[0] & subset]
            # −(Σ minutes·n) − short ≤ −required
            row_idx += [row] * (len(terms) + 1)
            col_idx += [c for c, _ in terms] + [short_index[interval]]
            data += [-m for _, m in terms] + [-1.0]
            rhs.append(-float(wanted[interval]))
    size = len(columns) + len(short_index)
    if not short_index:
        return 0.0
    matrix = sparse.csr_matrix((data, (row_idx, col_idx)), shape=(len(rhs), size))
    cost = np.zeros(size)
    cost[len(columns) :] = 1.0
    bounds = [(0.0, u) for u in upper] + [(0.0, None)] * len(short_index)
    result = linprog(cost, A_ub=matrix, b_ub=np.array(rhs), bounds=bounds, method="highs")
    if result.status != 0:
        return 0.0
    return float(result.fun)
