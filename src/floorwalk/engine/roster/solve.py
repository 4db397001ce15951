"""The solver of the rostering problem.

The plain run gives the model (formulation.py) to CP-SAT with its defaults. The default run
works in stages: a roster built one employee at a time (construct.py); column generation from
it (columns.py), which gives a tight lower bound, rows, and a relaxation close to integral;
the best roster of the rows generated (SCIP); the relaxation rounded, by CP-SAT then by SCIP
(mip.py), with every cell it makes integral fixed; and a large-neighbourhood loop that keeps
most of the best roster and re-optimises the rest, with neighbourhoods whose shape and size
adapt (neighbourhoods.py).
"""

import math
import random
import time
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from floorwalk.engine.roster.check import check
from floorwalk.engine.roster.columns import Relaxation, generate, integer_master
from floorwalk.engine.roster.construct import greedy_roster
from floorwalk.engine.roster.formulation import RosterModel
from floorwalk.engine.roster.mip import UnsupportedError, to_mip
from floorwalk.engine.roster.model import Assignment, Problem, Solution
from floorwalk.engine.roster.neighbourhoods import AdaptiveSizes, choose

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
    """A step is limited by work (CP-SAT's deterministic time) rather than by the clock, so
    the neighbourhood sizes learnt do not depend on what else runs on the machine."""
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = LNS_STEP_WORK
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
# Above this many shift variables the first search gets proportionally less of the time: on
# large rosters its LP is slow and the neighbourhood loop improves faster.
FIRST_SEARCH_FULL_SHARE_VARIABLES = 1000
LNS_STEP_WORK = 0.2  # deterministic time, a fraction of a second of one core
LNS_STEP_SECONDS = 5.0  # a clock limit too, for a heavily loaded machine
GREEDY_SHARE = 0.2  # of the time, at most, for the greedy roster
COLUMNS_SHARE = 0.5  # of the time, at most, for column generation
MASTER_SHARE = 0.1  # of the time, at most, for the integer master over the rows generated
CP_SAT_ROUNDING_SHARE = 0.15  # of the time, at most, for a first roster rounded by CP-SAT
SCIP_ROUNDING_SHARE = 0.3  # of the time, at most, for SCIP's rounding from it
INTEGRAL = 1e-6  # a share of the relaxation this close to 0 or 1 counts as integral


def solve(
    problem: Problem,
    time_limit: float = 60.0,
    workers: int = 2,
    plain: bool = False,
    seed: int = 0,
) -> SolveResult:
    """The best roster found within `time_limit` seconds, with its objective, bound and status.

    `plain=True` runs the model once with CP-SAT's default parameters (the benchmark's anchor).
    Otherwise: a greedy roster; column generation from it (the bound reported, and rows);
    the best roster made of the rows generated; the relaxation rounded on the shift-by-shift
    model; then a large-neighbourhood loop improves the best of them: most of it stays fixed
    while CP-SAT re-optimises some employees, a window of days or both. When some employee
    has no valid row of their own, a plain search decides (and proves the problem infeasible
    when it is).
    """
    started = time.monotonic()
    deadline = started + time_limit
    roster = RosterModel(problem)
    if plain:
        solver = solver_for(time_limit, workers, plain, seed)
        return result_of(roster, solver, solver.solve(roster.model), started)
    greedy = greedy_roster(problem, time_limit * GREEDY_SHARE, seed)
    if greedy is None:
        return first_search(roster, time_limit, workers, seed, started)
    generation = generate(problem, [greedy], started + time_limit * COLUMNS_SHARE, seed)
    bound = math.ceil(generation.bound - 1e-6) if generation.bound > -math.inf else 0
    starts = [(greedy, check(problem, greedy).objective.total)]
    seconds = min(time_limit * MASTER_SHARE, deadline - time.monotonic())
    master = integer_master(generation.pool, seconds, greedy)
    if master is not None:
        starts.append(master)
    best = min(starts, key=lambda start: start[1])
    fixed = integral_cells(roster, generation.relaxation)
    # CP-SAT finds a rounded roster quickly; SCIP, started from it, closes in on the best one.
    if best[1] > bound:
        seconds = min(time_limit * CP_SAT_ROUNDING_SHARE, deadline - time.monotonic())
        rounded = round_with_cp_sat(roster, fixed, best[0], seconds, workers, seed)
        if rounded is not None and rounded[1] < best[1]:
            best = rounded
    if best[1] > bound:
        seconds = min(time_limit * SCIP_ROUNDING_SHARE, deadline - time.monotonic())
        rounded = round_with_scip(roster, fixed, best[0], seconds)
        if rounded is not None and rounded[1] < best[1]:
            best = rounded
    solution, objective = improve(roster, best, bound, deadline, workers, seed)
    status = "optimal" if objective <= bound else "feasible"
    return SolveResult(status, solution, objective, bound, time.monotonic() - started)


def first_search(
    roster: RosterModel, time_limit: float, workers: int, seed: int, started: float
) -> SolveResult:
    solver = solver_for(first_search_seconds(roster, time_limit), workers, False, seed)
    return result_of(roster, solver, solver.solve(roster.model), started)


def integral_cells(roster: RosterModel, relaxation: Relaxation) -> dict[int, int]:
    """The value of each shift variable (by index) that the relaxation makes integral: every
    shift it gives an employee wholly (1) and every one it never gives them (0)."""
    fixed = {}
    for key, var in roster.x.items():
        share = relaxation.shares.get(key, 0.0)
        if share < INTEGRAL or share > 1 - INTEGRAL:
            fixed[var.index] = int(share > 1 - INTEGRAL)
    return fixed


def round_with_cp_sat(
    roster: RosterModel,
    fixed: dict[int, int],
    hint: Solution,
    seconds: float,
    workers: int,
    seed: int,
) -> tuple[Solution, int] | None:
    """The best roster CP-SAT finds in `seconds` that keeps the `fixed` cells (relaxation-
    enforced neighbourhood search). Its workers search with the linear relaxation at its
    strongest level: on instance 8 of the benchmark, 1399–1408 within a few seconds where the
    default portfolio is at 1496–1593 after 5–16 s."""
    model = roster.model.clone()
    model.clear_hints()  # type: ignore[no-untyped-call]
    chosen = {(a.employee, a.day, a.shift) for a in hint.assignments}
    for key, var in roster.x.items():
        if var.index in fixed:
            domain = model.proto.variables[var.index].domain
            domain[0] = domain[1] = fixed[var.index]
        model.add_hint(model.get_bool_var_from_proto_index(var.index), key in chosen)
    solver = solver_for(seconds, workers, plain=False, seed=seed)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    kept = tuple(Assignment(*key) for key, var in roster.x.items() if solver.boolean_value(var))
    return Solution(kept), round(solver.objective_value)


def round_with_scip(
    roster: RosterModel, fixed: dict[int, int], hint: Solution, seconds: float
) -> tuple[Solution, int] | None:
    """The same with SCIP on the model written as a MIP, started from `hint`: where the
    relaxation is this tight SCIP closes the problem far sooner (instance 7 of the benchmark:
    1061 in 9 s, proven best, where CP-SAT is at 1159 after 15 s), but alone it may find no
    roster at all within the time on a large one (instance 8)."""
    try:
        mip, variables = to_mip(roster.model)
    except UnsupportedError:
        return None
    for index, value in fixed.items():
        variables[index].SetBounds(value, value)
    chosen = {(a.employee, a.day, a.shift) for a in hint.assignments}
    mip.SetHint(
        [variables[var.index] for var in roster.x.values()],
        [float(key in chosen) for key in roster.x],
    )
    mip.SetTimeLimit(max(10, round(seconds * 1000)))
    if mip.Solve() not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    solution = Solution(
        tuple(
            Assignment(*key)
            for key, var in roster.x.items()
            if variables[var.index].solution_value() > 0.5
        )
    )
    checked = check(roster.problem, solution)
    return (solution, checked.objective.total) if checked.feasible else None


def first_search_seconds(roster: RosterModel, time_limit: float) -> float:
    scale = min(1.0, FIRST_SEARCH_FULL_SHARE_VARIABLES / max(1, len(roster.x)))
    return time_limit * FIRST_SEARCH_SHARE * scale


def improve(
    roster: RosterModel,
    start: tuple[Solution, int],
    bound: float,
    deadline: float,
    workers: int,
    seed: int,
) -> tuple[Solution, int]:
    """The large-neighbourhood loop: never worse than `start`. Equal rosters are accepted, so
    the search can drift across plateaus of the objective instead of repeating itself."""
    best_solution, best_objective = start
    rng = random.Random(seed)  # noqa: S311 - search diversity, not secrecy
    sizes = AdaptiveSizes()
    while time.monotonic() < deadline - 0.05 and best_objective > bound:
        free = choose(roster.problem, best_solution, sizes, rng)
        seconds = min(LNS_STEP_SECONDS, deadline - time.monotonic())
        step = reoptimise(
            roster, best_solution, set(free.cells), seconds, workers, rng.randrange(1 << 30)
        )
        if step.closed:
            sizes.closed(free.kind)
        else:
            sizes.timed_out(free.kind)
        if step.found is not None and step.found[1] <= best_objective:
            best_solution, best_objective = step.found
    return best_solution, best_objective


@dataclass(frozen=True)
class Step:
    found: tuple[Solution, int] | None  # the neighbourhood's best roster and its objective
    closed: bool  # CP-SAT proved the neighbourhood's optimum within the step's time


def reoptimise(
    roster: RosterModel,
    incumbent: Solution,
    free: set[tuple[str, int]],
    seconds: float,
    workers: int,
    seed: int,
) -> Step:
    """The incumbent with the free cells re-optimised (every other cell fixed)."""
    model = roster.model.clone()
    model.clear_hints()  # type: ignore[no-untyped-call]
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
        return Step(None, status == cp_model.INFEASIBLE)
    kept = tuple(Assignment(*key) for key, var in roster.x.items() if solver.boolean_value(var))
    return Step((Solution(kept), round(solver.objective_value)), status == cp_model.OPTIMAL)
