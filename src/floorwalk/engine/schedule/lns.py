"""Improving a schedule a few agents at a time (large-neighbourhood search).

The whole site's model (200 agents × 4 weeks is about 70,000 shift variables and half a
million coverage terms) takes CP-SAT longer to presolve than a planner will wait. Instead,
each step frees a handful of agents, builds the model of just those agents with everyone
else's coverage as a constant baseline, and solves it in the same three lexicographic stages
as the full model (coverage, then the worst-off free agents, leximin-like, then the free
agents' total), starting from their current shifts. The step is kept when the whole schedule
is no worse lexicographically: under- and over-coverage cost, then the agents' ledger-adjusted
satisfactions sorted from the worst up, compared as a leximin ladder (the worst, then the
second worst…; an agent no schedule can help holds the first rung and the search lifts the
next), then total satisfaction. Since the incumbent is always a solution of every sub-model,
a step can only keep or improve the schedule.

Before the CP-SAT steps, passes of greedy re-optimisation: each agent in turn gets the greedy
row (see `greedy`) against the requirement everyone else leaves open on their skills, kept
under the same rule. A pass costs a few seconds on the 200-agent site and, unlike a CP-SAT
step, always finishes on a busy machine; passes repeat while they improve the schedule. Then
fairness passes: the worst-off quarter, each re-planned greedily with their own requests
first, kept under the same rule (so they pay off with a coverage allowance); they repeat
while they keep anything, then the CP-SAT steps take the rest of the time.

Neighbourhoods: agents sharing a queue (they can trade coverage), the worst-off agents with
colleagues who share their skills (fairness can only rise where the minimum is), or agents
at random. Their size grows while sub-models solve to optimality and shrinks when they don't.
"""

import random
import time
from dataclasses import dataclass, replace

import numpy as np
from ortools.sat.python import cp_model

from floorwalk.engine.schedule.coverage import (
    IntArray,
    hall_shortfall,
    required_minutes,
    skill_groups,
    subset_masks,
)
from floorwalk.engine.schedule.greedy import greedy_row
from floorwalk.engine.schedule.model import Baseline, ScheduleModel
from floorwalk.engine.schedule.problem import Agent, Problem
from floorwalk.engine.schedule.requests import Request, expand, granted
from floorwalk.engine.schedule.result import Shift
from floorwalk.engine.schedule.shifts import Choice, expected_minutes_by_interval

Rows = dict[str, dict[int, Choice]]

START_SIZE = 16
SMALLEST, LARGEST = 6, 48
STAGE_SECONDS = (1.5, 0.6, 0.6)
GREEDY_GAIN = 0.005


@dataclass(frozen=True)
class Score:
    """Lexicographic: lower coverage cost, then the higher leximin ladder (adjusted
    satisfactions sorted from the worst up), then higher total satisfaction."""

    coverage: int
    ladder: tuple[float, ...]
    total: float

    @property
    def worst(self) -> float:
        return self.ladder[0] if self.ladder else 0.0

    def fairness_key(self) -> tuple[tuple[float, ...], float]:
        return (tuple(-v for v in self.ladder), -round(self.total, 9))

    def key(self) -> tuple[int, tuple[float, ...], float]:
        return (self.coverage, *self.fairness_key())


class Improver:
    def __init__(self, problem: Problem, rows: Rows, seed: int, allowance: int = 0) -> None:
        """`allowance`: coverage cost the fairness and total stages may add to the best
        coverage found (0: strictly lexicographic)."""
        self.problem = problem
        self.allowance = allowance
        self.rows = {a.id: dict(rows.get(a.id, {})) for a in problem.agents}
        self.rng = random.Random(seed)  # noqa: S311 - search diversity, not secrecy
        self.groups = skill_groups(problem)
        queues = {q.id for q in problem.queues}
        index = {g: i for i, g in enumerate(self.groups)}
        self.group_of = {a.id: index.get(frozenset(set(a.skills) & queues)) for a in problem.agents}
        self.need = required_minutes(problem)
        self.masks = subset_masks(problem, self.groups)
        self.requests = {a.id: expand(problem, a) for a in problem.agents}
        self.minutes: dict[Choice, dict[int, int]] = {}
        self.capacity = np.zeros((len(self.groups), problem.intervals), dtype=np.int64)
        for agent in problem.agents:
            self._add(self.capacity, agent.id, self.rows[agent.id], 1)
        self.satisfaction = {a.id: self._satisfaction(a, self.rows[a.id]) for a in problem.agents}
        self.score = self._score(self.capacity, self.satisfaction)
        self.best_coverage = self.score.coverage
        self.proven = False
        self.size = START_SIZE
        self.steps = 0
        self.kept = 0
        self.greedy_useful = True
        self.fairness_useful = True
        ids = [q.id for q in problem.queues]
        self.skill_rows = {
            a.id: [i for i, q in enumerate(ids) if q in a.skills] for a in problem.agents
        }
        self.serving = {
            a.id: [i for i, g in enumerate(self.groups) if g & set(a.skills)]
            for a in problem.agents
        }

    def _minutes_of(self, choice: Choice) -> dict[int, int]:
        if choice not in self.minutes:
            self.minutes[choice] = expected_minutes_by_interval(
                self.problem.template(choice.template),
                choice.start,
                self.problem.interval_minutes,
                self.problem.intervals,
            )
        return self.minutes[choice]

    def _add(self, capacity: IntArray, agent: str, row: dict[int, Choice], sign: int) -> None:
        g = self.group_of.get(agent)
        if g is None:
            return
        for choice in row.values():
            for t, m in self._minutes_of(choice).items():
                capacity[g, t] += sign * m

    def _satisfaction(self, agent: Agent, row: dict[int, Choice]) -> float | None:
        requests: tuple[Request, ...] = self.requests[agent.id]
        requested = sum(r.weight for r in requests)
        if not requested:
            return None
        shifts = {d: _as_shift(self.problem, agent.id, c) for d, c in row.items()}
        return sum(r.weight for r in requests if granted(r, shifts)) / requested

    def _score(self, capacity: IntArray, satisfaction: dict[str, float | None]) -> Score:
        short = int(hall_shortfall(self.need, capacity, self.masks).sum())
        worked = int(capacity.sum())
        under, over = self.problem.under_weight, self.problem.over_weight
        cost = under * short + over * (worked - int(self.need.sum()) + short)
        balances = {a.id: a.fairness_balance for a in self.problem.agents}
        adjusted = sorted(
            round(s + balances[a], 9) for a, s in satisfaction.items() if s is not None
        )
        shares = [s for s in satisfaction.values() if s is not None]
        return Score(cost, tuple(adjusted), float(sum(shares)))

    def run(self, deadline: float, workers: int) -> None:
        while time.monotonic() < deadline - 0.2 and not self.proven:
            if self.greedy_useful:
                self.greedy_useful = self.greedy_pass(deadline)
            elif self.fairness_useful:
                self.fairness_useful = self.fairness_pass(deadline)
            else:
                self.step(deadline, workers)

    def fairness_pass(self, deadline: float) -> bool:
        """The worst-off quarter of the agents, from the worst up, each re-planned greedily
        with their own requests first; kept under the same rule (so only within the coverage
        allowance, or at equal coverage cost). Whether the pass improved the schedule."""
        balances = {a.id: a.fairness_balance for a in self.problem.agents}
        ranked = sorted((s + balances[a], a) for a, s in self.satisfaction.items() if s is not None)
        before = self.score
        for _, agent_id in ranked[: max(1, len(ranked) // 4)]:
            if time.monotonic() >= deadline - 0.2:
                break
            self._greedy_agent(self.problem.agent(agent_id), requests_first=True)
        return (
            self.score.fairness_key() < before.fairness_key()
            or self.score.coverage < before.coverage
        )

    def greedy_pass(self, deadline: float) -> bool:
        """Each agent, in random order, re-planned greedily; whether the pass cut the coverage
        cost by more than GREEDY_GAIN (below that, CP-SAT steps are the better use of time:
        they also lift the worst-off agents)."""
        order = list(self.problem.agents)
        self.rng.shuffle(order)
        before = self.score.coverage
        for agent in order:
            if time.monotonic() >= deadline - 0.2:
                break
            self._greedy_agent(agent)
        return self.score.coverage < (1 - GREEDY_GAIN) * before

    def _greedy_agent(self, agent: Agent, requests_first: bool = False) -> None:
        capacity = self.capacity.copy()
        self._add(capacity, agent.id, self.rows[agent.id], -1)
        rows, serving = self.skill_rows[agent.id], self.serving[agent.id]
        if not rows:
            return
        open_here = np.maximum(
            self.need[rows].sum(axis=0) - capacity[serving].sum(axis=0), 0
        ).astype(np.float64)
        row = greedy_row(
            self.problem, agent, open_here, self.minutes, self.requests[agent.id], requests_first
        )
        if row is None or row == self.rows[agent.id]:
            return
        self._add(capacity, agent.id, row, 1)
        satisfaction = dict(self.satisfaction)
        satisfaction[agent.id] = self._satisfaction(agent, row)
        score = self._score(capacity, satisfaction)
        improves = score.coverage < self.score.coverage or (
            score.coverage == self.score.coverage and self._better(score)
        )
        if improves or (requests_first and self._better(score) and score != self.score):
            self.kept += 1
            self.best_coverage = min(self.best_coverage, score.coverage)
            self.rows[agent.id] = row
            self.capacity, self.satisfaction, self.score = capacity, satisfaction, score

    def step(self, deadline: float, workers: int) -> None:
        free = self._neighbourhood()
        baseline = self.capacity.copy()
        for agent in free:
            self._add(baseline, agent.id, self.rows[agent.id], -1)
        ids = {a.id for a in free}
        sub = replace(
            self.problem,
            agents=tuple(free),
            fixed=tuple(f for f in self.problem.fixed if f.agent in ids),
        )
        built = ScheduleModel(sub, baseline=Baseline(self.groups, baseline))
        model, objectives = built.model, built.objectives
        current = {(a, d, c) for a in ids for d, c in self.rows[a].items()}
        for key, var in built.x.items():
            model.add_hint(var, key in current)
        proven = 0
        stages = (
            (objectives.coverage, True),
            (objectives.leximin, False),
            (objectives.total, False),
        )
        solver: cp_model.CpSolver | None = None
        for (objective, minimise), seconds in zip(stages, STAGE_SECONDS, strict=True):
            left = deadline - time.monotonic()
            if left <= 0.05:
                break
            if minimise:
                model.minimize(objective)
            else:
                model.maximize(objective)
            attempt = cp_model.CpSolver()
            attempt.parameters.max_time_in_seconds = min(seconds, left)
            attempt.parameters.num_workers = workers
            attempt.parameters.random_seed = self.rng.randrange(1 << 30)
            status = attempt.solve(model)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                break
            solver = attempt
            proven += status == cp_model.OPTIMAL
            value = round(attempt.objective_value)
            if minimise:
                model.add(objective <= value + self._room(built, attempt, baseline, value))
            else:
                model.add(objective >= value)
            model.clear_hints()  # type: ignore[no-untyped-call]
            for var in built.x.values():
                model.add_hint(var, attempt.boolean_value(var))
        self.steps += 1
        # Everyone free and every stage proven: nothing left to search (small problems).
        self.proven = proven == len(stages) and len(free) == len(self.problem.agents)
        self.size = min(LARGEST, self.size + 2) if proven == 3 else max(SMALLEST, self.size - 2)
        if solver is not None:
            self._consider(free, built, solver, baseline)

    def _room(
        self, built: ScheduleModel, solver: cp_model.CpSolver, baseline: IntArray, value: int
    ) -> int:
        """How much the sub-model's coverage cost may exceed `value` so that the whole
        schedule stays within the allowance of the best coverage found."""
        if not self.allowance:
            return 0
        capacity = baseline.copy()
        for (agent_id, _, choice), var in built.x.items():
            if solver.boolean_value(var):
                self._add(capacity, agent_id, {0: choice}, 1)
        whole = self._score(capacity, self.satisfaction).coverage
        return max(0, min(self.best_coverage, whole) + self.allowance - whole)

    def _better(self, score: Score) -> bool:
        """Lexicographic, except that within the allowance of the best coverage found the
        satisfaction stages decide."""
        limit = self.best_coverage + self.allowance
        if score.coverage <= limit and self.score.coverage <= limit:
            return score.fairness_key() <= self.score.fairness_key()
        return score.key() <= self.score.key()

    def _consider(
        self,
        free: list[Agent],
        built: ScheduleModel,
        solver: cp_model.CpSolver,
        baseline: IntArray,
    ) -> None:
        new_rows: Rows = {a.id: {} for a in free}
        for (agent_id, day, choice), var in built.x.items():
            if solver.boolean_value(var):
                new_rows[agent_id][day] = choice
        capacity = baseline
        satisfaction = dict(self.satisfaction)
        for agent in free:
            self._add(capacity, agent.id, new_rows[agent.id], 1)
            satisfaction[agent.id] = self._satisfaction(agent, new_rows[agent.id])
        score = self._score(capacity, satisfaction)
        if self._better(score):
            self.kept += score.key() != self.score.key()
            self.best_coverage = min(self.best_coverage, score.coverage)
            self.rows.update(new_rows)
            self.capacity, self.satisfaction, self.score = capacity, satisfaction, score

    def _neighbourhood(self) -> list[Agent]:
        agents = list(self.problem.agents)
        size = min(self.size, len(agents))
        draw = self.rng.random()
        if draw < 0.45 and self.problem.queues:
            queue = self.rng.choice(self.problem.queues).id
            pool = [a for a in agents if queue in a.skills]
            chosen = self.rng.sample(pool, min(size, len(pool)))
        elif draw < 0.8:
            balances = {a.id: a.fairness_balance for a in agents}
            ranked = sorted(
                (s + balances[a], self.rng.random(), a)
                for a, s in self.satisfaction.items()
                if s is not None
            )
            # A few of the worst 2·size/3, not always the very worst: those nothing can help
            # would otherwise fill every such neighbourhood.
            lowest = ranked[: max(1, 2 * size // 3)]
            picked = self.rng.sample(lowest, min(len(lowest), max(1, size // 3)))
            worst = [self.problem.agent(a) for _, _, a in picked]
            skills = {q for a in worst for q in a.skills}
            pool = [a for a in agents if a not in worst and skills & set(a.skills)]
            chosen = worst + self.rng.sample(pool, min(size - len(worst), len(pool)))
        else:
            chosen = self.rng.sample(agents, size)
        return chosen or agents[:1]


def _as_shift(problem: Problem, agent: str, choice: Choice) -> Shift:
    return Shift(
        agent,
        choice.template,
        choice.start,
        choice.start + problem.template(choice.template).span_minutes,
    )


def worst_bound(problem: Problem) -> float:
    """No agent exceeds full satisfaction, so the worst adjusted one is at most this."""
    adjusted = [1 + a.fairness_balance for a in problem.agents if expand(problem, a)]
    return min(adjusted, default=0.0)
