"""A CP-SAT model of the rostering problem.

The plain model states every rule directly. The default (strong) run adds what makes CP-SAT
converge on the hard instances: the linear relaxation at its strongest level, objective-driven
search and, once a first roster is known, a large-neighbourhood loop that keeps most
employees' rosters and re-optimises a few at a time.
"""

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from floorwalk.engine.roster.model import Assignment, Problem, Solution

STATUS_NAMES = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "invalid",
    cp_model.UNKNOWN: "unknown",
}


@dataclass(frozen=True)
class SolveResult:
    status: str  # optimal, feasible, infeasible, unknown, invalid
    solution: Solution | None
    objective: int | None
    bound: float
    seconds: float

    @property
    def gap(self) -> float | None:
        """Relative optimality gap (objective − bound) / objective; 0 when proven optimal."""
        if self.objective is None:
            return None
        if self.objective == 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / self.objective)


class RosterModel:
    """The CP-SAT variables and constraints of one problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        self.x: dict[tuple[str, int, str], cp_model.IntVar] = {}
        self.work: dict[tuple[str, int], cp_model.LinearExprT] = {}
        self.objective_terms: list[cp_model.LinearExprT] = []
        self._variables()
        self._employee_rules()
        self._objective()

    def _variables(self) -> None:
        days = self.problem.horizon.days
        for employee in self.problem.employees:
            off = set(employee.days_off)
            for day in range(days):
                for shift in self.problem.shifts:
                    if day not in off and employee.max_shifts_of(shift.id, days) > 0:
                        self.x[(employee.id, day, shift.id)] = self.model.new_bool_var(
                            f"x[{employee.id},{day},{shift.id}]"
                        )
                todays = [self.x[k] for k in self._keys(employee.id, day)]
                # At most one shift a day; `work` is 1 on a worked day.
                self.model.add_at_most_one(todays)
                self.work[(employee.id, day)] = sum(todays) if todays else 0

    def _keys(self, employee: str, day: int) -> list[tuple[str, int, str]]:
        return [
            (employee, day, s.id) for s in self.problem.shifts if (employee, day, s.id) in self.x
        ]

    def _employee_rules(self) -> None:
        problem, model = self.problem, self.model
        days = problem.horizon.days
        for employee in problem.employees:
            e = employee.id
            for shift in problem.shifts:
                for follower in shift.forbidden_next:
                    for day in range(days - 1):
                        pair = [self.x.get((e, day, shift.id)), self.x.get((e, day + 1, follower))]
                        if pair[0] is not None and pair[1] is not None:
                            model.add_bool_or([pair[0].Not(), pair[1].Not()])
                limit = employee.max_shifts_of(shift.id, days)
                mine = [self.x[(e, d, shift.id)] for d in range(days) if (e, d, shift.id) in self.x]
                if limit < len(mine):
                    model.add(sum(mine) <= limit)
            minutes = sum(
                problem.shift(s).minutes * var for (who, _, s), var in self.x.items() if who == e
            )
            model.add_linear_constraint(
                minutes, employee.min_total_minutes, employee.max_total_minutes
            )
            work = [self._work_literal(e, d) for d in range(days)]
            self._consecutive_rules(
                work,
                employee.max_consecutive_shifts,
                employee.min_consecutive_shifts,
                employee.min_consecutive_days_off,
            )
            weekend_flags = []
            for weekend in problem.horizon.weekends():
                flag = model.new_bool_var(f"weekend[{e},{weekend[0]}]")
                for day in weekend:
                    model.add_implication(work[day], flag)
                model.add_bool_or([work[d] for d in weekend] + [flag.Not()])
                weekend_flags.append(flag)
            if employee.max_weekends < len(weekend_flags):
                model.add(sum(weekend_flags) <= employee.max_weekends)

    def _work_literal(self, employee: str, day: int) -> cp_model.IntVar:
        """A boolean equal to 'works that day' (a constant false literal on a fixed day off)."""
        keys = self._keys(employee, day)
        if not keys:
            return self.model.new_constant(0)
        if len(keys) == 1:
            return self.x[keys[0]]
        literal = self.model.new_bool_var(f"work[{employee},{day}]")
        self.model.add(sum(self.x[k] for k in keys) == literal)
        return literal

    def _consecutive_rules(
        self, work: Sequence[cp_model.IntVar], max_on: int, min_on: int, min_off: int
    ) -> None:
        model, days = self.model, len(work)
        # Max consecutive shifts: every window of max_on + 1 days has a day off.
        for start in range(days - max_on):
            model.add_bool_or([work[d].Not() for d in range(start, start + max_on + 1)])
        # Min consecutive shifts/days off, as forbidden patterns: a block of `length` < min that
        # is bounded on both sides inside the horizon (blocks touching its ends are free).
        for length in range(1, min_on):
            for start in range(1, days - length):
                inside = [work[d].Not() for d in range(start, start + length)]
                model.add_bool_or([work[start - 1], *inside, work[start + length]])
        for length in range(1, min_off):
            for start in range(1, days - length):
                inside = [work[d] for d in range(start, start + length)]
                model.add_bool_or([work[start - 1].Not(), *inside, work[start + length].Not()])

    def _objective(self) -> None:
        problem, model = self.problem, self.model
        for cover in problem.cover:
            staffed = sum(
                self.x[(e.id, cover.day, cover.shift)]
                for e in problem.employees
                if (e.id, cover.day, cover.shift) in self.x
            )
            under = model.new_int_var(0, cover.requirement, f"under[{cover.day},{cover.shift}]")
            over = model.new_int_var(0, len(problem.employees), f"over[{cover.day},{cover.shift}]")
            model.add(staffed + under - over == cover.requirement)
            self.objective_terms += [cover.under_weight * under, cover.over_weight * over]
        for request in problem.shift_on_requests:
            var = self.x.get((request.employee, request.day, request.shift))
            self.objective_terms.append(
                request.weight * (1 - var) if var is not None else request.weight
            )
        for request in problem.shift_off_requests:
            var = self.x.get((request.employee, request.day, request.shift))
            if var is not None:
                self.objective_terms.append(request.weight * var)
        model.minimize(sum(self.objective_terms))

    def solution_from(self, solver: cp_model.CpSolver) -> Solution:
        return Solution(
            tuple(
                Assignment(e, d, s)
                for (e, d, s), var in self.x.items()
                if solver.boolean_value(var)
            )
        )

    def hint(self, solution: Solution) -> None:
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        chosen = {(a.employee, a.day, a.shift) for a in solution.assignments}
        for key, var in self.x.items():
            self.model.add_hint(var, key in chosen)


def solver_for(time_limit: float, workers: int, plain: bool, seed: int = 0) -> cp_model.CpSolver:
    """CP-SAT's defaults when `plain`; otherwise, on two workers, both search the LP relaxation
    at its strongest level (the default two-worker portfolio has a worker without LP, which
    leaves the bound at its trivial value on these problems)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if not plain:
        solver.parameters.linearization_level = 2
        if workers == 2:
            solver.parameters.subsolvers.extend(["max_lp", "default_lp"])
    return solver


def neighbourhood_solver(time_limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver


def result_of(
    roster: RosterModel, solver: cp_model.CpSolver, status: cp_model.CpSolverStatus, started: float
) -> SolveResult:
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        name = STATUS_NAMES.get(status, "unknown")
        return SolveResult(
            name, None, None, solver.best_objective_bound, time.monotonic() - started
        )
    return SolveResult(
        STATUS_NAMES[status],
        roster.solution_from(solver),
        round(solver.objective_value),
        solver.best_objective_bound,
        time.monotonic() - started,
    )


FIRST_SEARCH_SHARE = 0.25
LNS_STEP_SECONDS = 3.0


def solve(
    problem: Problem,
    time_limit: float = 60.0,
    workers: int = 2,
    plain: bool = False,
    seed: int = 0,
) -> SolveResult:
    """The best roster found within `time_limit` seconds, with its objective, bound and status.

    `plain=True` runs the model once with CP-SAT's default parameters (the benchmark's anchor).
    Otherwise a first search gets a share of the time and a large-neighbourhood loop improves
    its roster: most of it stays fixed while CP-SAT re-optimises a few employees or a window
    of days. The bound reported is the first search's.
    """
    started = time.monotonic()
    roster = RosterModel(problem)
    first_share = time_limit if plain else time_limit * FIRST_SEARCH_SHARE
    solver = solver_for(first_share, workers, plain, seed)
    first = result_of(roster, solver, solver.solve(roster.model), started)
    if plain or first.status != "feasible" or first.solution is None or first.objective is None:
        return first
    best_solution, best_objective = first.solution, first.objective
    rng = random.Random(seed)  # noqa: S311 - search diversity, not secrecy
    deadline = started + time_limit
    while time.monotonic() < deadline - 0.05 and best_objective > first.bound:
        free = neighbourhood(problem, rng)
        seconds = min(LNS_STEP_SECONDS, deadline - time.monotonic())
        candidate = reoptimise(
            roster, best_solution, free, seconds, workers, rng.randrange(1 << 30)
        )
        if candidate is not None and candidate[1] < best_objective:
            best_solution, best_objective = candidate
    status = "optimal" if best_objective <= first.bound else "feasible"
    elapsed = time.monotonic() - started
    return SolveResult(status, best_solution, best_objective, first.bound, elapsed)


def neighbourhood(problem: Problem, rng: random.Random) -> set[tuple[str, int]]:
    """The (employee, day) cells left free: a third of the employees, or everyone over 5 days."""
    days, employees = problem.horizon.days, [e.id for e in problem.employees]
    if rng.random() < 0.5:
        chosen = rng.sample(employees, min(len(employees), max(2, len(employees) // 3)))
        return {(e, d) for e in chosen for d in range(days)}
    width = min(days, 5)
    start = rng.randrange(days - width + 1)
    return {(e, d) for e in employees for d in range(start, start + width)}


def reoptimise(
    roster: RosterModel,
    incumbent: Solution,
    free: set[tuple[str, int]],
    seconds: float,
    workers: int,
    seed: int,
) -> tuple[Solution, int] | None:
    """The incumbent with the free cells re-optimised (every other cell fixed), or None."""
    model = roster.model.clone()
    chosen = {(a.employee, a.day, a.shift) for a in incumbent.assignments}
    for key, var in roster.x.items():
        value = int(key in chosen)
        if (key[0], key[1]) not in free:
            domain = model.proto.variables[var.index].domain
            domain[0] = domain[1] = value
        model.add_hint(model.get_bool_var_from_proto_index(var.index), bool(value))
    solver = neighbourhood_solver(seconds, workers, seed)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    kept = tuple(Assignment(*key) for key, var in roster.x.items() if solver.boolean_value(var))
    return Solution(kept), round(solver.objective_value)
