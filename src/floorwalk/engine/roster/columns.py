"""Column generation: the rostering problem as a choice of one row (a whole horizon's shifts)
per employee, and a roster from the rows it generates.

The master problem picks, for every employee, a convex combination of known valid rows and pays
for the cover each day and shift type misses or exceeds. Its linear relaxation is far tighter
than the shift-by-shift model's, because every rule of an employee is inside the row: the rows
are found by pricing, a one-employee CP-SAT model whose objective is the row's reduced cost under
the master's duals (the value of one more shift on each day and type). When no row prices out,
the relaxation's value is a lower bound of the roster's objective; with rows still pricing out,
the relaxation minus every employee's most negative reduced cost is one (the Lagrangian bound).

The rows generated are then the domain of an integer master problem (one row per employee,
chosen by SCIP), whose roster is valid by construction since every rule concerns one employee;
the relaxation itself is rounded on the shift-by-shift model in solve.py.
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from floorwalk.engine.roster.formulation import RosterModel
from floorwalk.engine.roster.model import Assignment, Employee, Problem, Solution

Row = tuple[tuple[int, str], ...]  # the (day, shift type) worked, sorted
DUAL_SCALE = 1000  # pricing objective in thousandths of a weight unit
PRICING_WORK = 1.0  # CP-SAT deterministic time for one pricing problem
EPSILON = 1e-6


@dataclass
class Pricing:
    """One employee's pricing problem: their rules, and an objective set from the duals."""

    employee: Employee
    roster: RosterModel

    @classmethod
    def of(cls, problem: Problem, employee: Employee) -> "Pricing":
        alone = Problem(
            problem.horizon,
            problem.shifts,
            (employee,),
            (),
            tuple(r for r in problem.shift_on_requests if r.employee == employee.id),
            tuple(r for r in problem.shift_off_requests if r.employee == employee.id),
        )
        return cls(employee, RosterModel(alone))

    def best_rows(
        self, duals: dict[tuple[int, str], float], seconds: float, seed: int = 0
    ) -> tuple[list[Row], bool]:
        """The rows CP-SAT found on its way to the least cost minus duals, the least last
        (none when the time is too short), and whether CP-SAT proved it the least."""
        roster = self.roster
        coefficients = dict.fromkeys(roster.x, 0.0)
        for request in roster.problem.shift_on_requests:
            key = (request.employee, request.day, request.shift)
            if key in coefficients:
                coefficients[key] -= request.weight
        for request in roster.problem.shift_off_requests:
            key = (request.employee, request.day, request.shift)
            if key in coefficients:
                coefficients[key] += request.weight
        for key in coefficients:
            coefficients[key] -= duals.get((key[1], key[2]), 0.0)
        roster.model.minimize(
            sum(round(DUAL_SCALE * c) * roster.x[key] for key, c in coefficients.items() if c)
        )
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_deterministic_time = PRICING_WORK
        solver.parameters.max_time_in_seconds = max(0.01, seconds)
        solver.parameters.random_seed = seed
        found = RowCollector(roster.x)
        status = solver.solve(roster.model, found)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [], False
        return found.rows, status == cp_model.OPTIMAL


class RowCollector(cp_model.CpSolverSolutionCallback):
    """Every row CP-SAT finds while it prices: the runners-up are columns too, for free."""

    def __init__(self, x: dict[tuple[str, int, str], cp_model.IntVar]) -> None:
        super().__init__()
        self.x = x
        self.rows: list[Row] = []

    def on_solution_callback(self) -> None:
        self.rows.append(
            tuple(sorted((d, s) for (_, d, s), var in self.x.items() if self.boolean_value(var)))
        )


def row_cost(problem: Problem, employee: str, row: Row) -> int:
    """The requests' part of the objective for one employee working `row`."""
    worked = set(row)
    unmet_on = sum(
        r.weight
        for r in problem.shift_on_requests
        if r.employee == employee and (r.day, r.shift) not in worked
    )
    violated_off = sum(
        r.weight
        for r in problem.shift_off_requests
        if r.employee == employee and (r.day, r.shift) in worked
    )
    return unmet_on + violated_off


def rows_of(problem: Problem, solution: Solution) -> dict[str, Row]:
    rows: dict[str, list[tuple[int, str]]] = {e.id: [] for e in problem.employees}
    for a in solution.assignments:
        rows[a.employee].append((a.day, a.shift))
    return {e: tuple(sorted(row)) for e, row in rows.items()}


@dataclass
class ColumnPool:
    """The rows known for each employee, with their request costs."""

    problem: Problem
    rows: dict[str, dict[Row, int]] = field(default_factory=dict)

    def add(self, employee: str, row: Row) -> bool:
        mine = self.rows.setdefault(employee, {})
        if row in mine:
            return False
        mine[row] = row_cost(self.problem, employee, row)
        return True

    def add_roster(self, solution: Solution) -> None:
        for employee, row in rows_of(self.problem, solution).items():
            self.add(employee, row)

    def size(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


@dataclass(frozen=True)
class Relaxation:
    value: float
    duals: dict[tuple[int, str], float]
    convexity: dict[str, float]
    shares: dict[tuple[str, int, str], float]  # the LP's value of each (employee, day, shift)
    weights: dict[tuple[str, Row], float]  # the LP's value of each row (positive ones only)


def relaxation(pool: ColumnPool, fixed: dict[str, Row] | None = None) -> Relaxation:
    """The master problem's linear relaxation over the pool's rows (GLOP); an employee in
    `fixed` works that row."""
    fixed = fixed or {}
    problem = pool.problem
    lp = pywraplp.Solver.CreateSolver("GLOP")
    objective = lp.Objective()
    cover_rows = {}
    for c in problem.cover:
        constraint = lp.Constraint(c.requirement, c.requirement)
        under = lp.NumVar(0, c.requirement, "")
        over = lp.NumVar(0, lp.infinity(), "")
        constraint.SetCoefficient(under, 1)
        constraint.SetCoefficient(over, -1)
        objective.SetCoefficient(under, c.under_weight)
        objective.SetCoefficient(over, c.over_weight)
        cover_rows[(c.day, c.shift)] = constraint
    convexity = {}
    lambdas: list[tuple[str, Row, pywraplp.Variable]] = []
    for employee in problem.employees:
        convexity[employee.id] = lp.Constraint(1, 1)
        mine = pool.rows.get(employee.id, {})
        if employee.id in fixed:
            mine = {fixed[employee.id]: mine[fixed[employee.id]]}
        for row, cost in mine.items():
            var = lp.NumVar(0, 1, "")
            objective.SetCoefficient(var, cost)
            convexity[employee.id].SetCoefficient(var, 1)
            for cell in row:
                if cell in cover_rows:
                    cover_rows[cell].SetCoefficient(var, 1)
            lambdas.append((employee.id, row, var))
    objective.SetMinimization()
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        raise RuntimeError("the master relaxation has no optimum")
    shares: dict[tuple[str, int, str], float] = {}
    weights: dict[tuple[str, Row], float] = {}
    for employee_id, row, var in lambdas:
        value = var.solution_value()
        if value > EPSILON:
            weights[(employee_id, row)] = value
            for day, shift in row:
                key = (employee_id, day, shift)
                shares[key] = shares.get(key, 0.0) + value
    return Relaxation(
        objective.Value(),
        {cell: constraint.dual_value() for cell, constraint in cover_rows.items()},
        {e: constraint.dual_value() for e, constraint in convexity.items()},
        shares,
        weights,
    )


@dataclass(frozen=True)
class Generation:
    pool: ColumnPool
    relaxation: Relaxation
    bound: float  # a valid lower bound of every roster's objective
    converged: bool  # no row priced out: the relaxation is the master's LP optimum


SMOOTHING = 0.3  # weight of the best duals so far in the duals priced (Wentges smoothing)


def lagrangian(problem: Problem, duals: dict[tuple[int, str], float], row_minimum: float) -> float:
    """The master's Lagrangian dual value at `duals`: a lower bound of every roster's objective
    when `row_minimum` is the sum over employees of their least cost minus duals of a row."""
    value = row_minimum
    for c in problem.cover:
        price = duals.get((c.day, c.shift), 0.0)
        if price < -c.over_weight - EPSILON:
            return float("-inf")
        value += price * c.requirement + min(0.0, c.under_weight - price) * c.requirement
    return value


def generate(
    problem: Problem,
    starts: Iterable[Solution],
    deadline: float,
    seed: int = 0,
) -> Generation:
    """Rows priced until none has a negative reduced cost or the deadline comes.

    The duals priced are a mix of the relaxation's and of those that gave the best bound so far,
    which damps their oscillation between iterations; when the mix prices out no row, the
    relaxation's own duals are priced before concluding."""
    pool = ColumnPool(problem)
    for solution in starts:
        pool.add_roster(solution)
    pricing = {e.id: Pricing.of(problem, e) for e in problem.employees}
    bound = float("-inf")
    # Pricing rounds each coefficient to 1/DUAL_SCALE: a row it proves least may cost up to
    # this much more than the least row under the exact duals (one unit per shift variable
    # set, at most one a day), and the bound is lowered by as much.
    slack = len(problem.employees) * problem.horizon.days / DUAL_SCALE
    centre: dict[tuple[int, str], float] | None = None
    smoothing = SMOOTHING
    while True:
        lp = relaxation(pool)
        if centre is None:
            centre = lp.duals
        mixed = {
            cell: smoothing * centre.get(cell, 0.0) + (1 - smoothing) * dual
            for cell, dual in lp.duals.items()
        }
        added = 0
        row_minimum = 0.0
        exact = True
        for employee in problem.employees:
            seconds = deadline - time.monotonic()
            if seconds <= 0:
                return Generation(pool, lp, bound - slack, False)
            rows, optimal = pricing[employee.id].best_rows(mixed, seconds, seed)
            if not rows:
                exact = False
                continue
            exact = exact and optimal
            best = rows[-1]
            row_minimum += row_cost(problem, employee.id, best) - sum(
                mixed.get(cell, 0.0) for cell in best
            )
            for row in rows:
                reduced = (
                    row_cost(problem, employee.id, row)
                    - sum(lp.duals.get(cell, 0.0) for cell in row)
                    - lp.convexity[employee.id]
                )
                if reduced < -EPSILON and pool.add(employee.id, row):
                    added += 1
        if exact:
            value = lagrangian(problem, mixed, row_minimum)
            if value > bound:
                bound, centre = value, mixed
        if added == 0:
            if smoothing > 0:
                smoothing = 0.0  # a mispricing: the relaxation's duals decide
                continue
            converged = exact
            final = max(bound, lp.value) if converged else bound
            return Generation(pool, lp, final - slack, converged)
        smoothing = SMOOTHING


def integer_master(
    pool: ColumnPool, seconds: float, hint: Solution | None = None
) -> tuple[Solution, int] | None:
    """The best roster made of the pool's rows (one per employee), by SCIP: a set-partitioning
    problem whose relaxation is the master's, which a MIP solver closes far faster than CP-SAT
    (a second against ten on instance 5 of the benchmark)."""
    problem = pool.problem
    mip = pywraplp.Solver.CreateSolver("SCIP")
    if mip is None:
        return None
    mip.SetTimeLimit(max(10, round(seconds * 1000)))
    objective = mip.Objective()
    cover_rows = {}
    for c in problem.cover:
        constraint = mip.Constraint(c.requirement, c.requirement)
        under = mip.IntVar(0, c.requirement, "")
        over = mip.IntVar(0, len(problem.employees), "")
        constraint.SetCoefficient(under, 1)
        constraint.SetCoefficient(over, -1)
        objective.SetCoefficient(under, c.under_weight)
        objective.SetCoefficient(over, c.over_weight)
        cover_rows[(c.day, c.shift)] = constraint
    hinted = rows_of(problem, hint) if hint is not None else {}
    choices: list[tuple[str, Row, pywraplp.Variable]] = []
    for employee in problem.employees:
        convexity = mip.Constraint(1, 1)
        for row, cost in pool.rows.get(employee.id, {}).items():
            var = mip.BoolVar("")
            convexity.SetCoefficient(var, 1)
            objective.SetCoefficient(var, cost)
            for cell in row:
                if cell in cover_rows:
                    cover_rows[cell].SetCoefficient(var, 1)
            choices.append((employee.id, row, var))
    objective.SetMinimization()
    if hinted:
        mip.SetHint(
            [var for _, _, var in choices],
            [float(hinted.get(e) == row) for e, row, _ in choices],
        )
    if mip.Solve() not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    assignments = tuple(
        Assignment(employee, day, shift)
        for employee, row, var in choices
        if var.solution_value() > 0.5
        for day, shift in row
    )
    return Solution(assignments), round(objective.Value())
