"""Column generation: every row it generates obeys its employee's rules, its bound never
exceeds the optimum (brute force on a small problem, the proven optimum of Instance1), and the
rosters built from it (integer master, rounded relaxation) are valid and scored as `check`
scores them."""

import itertools
import time
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.engine.roster.check import check
from floorwalk.engine.roster.columns import (
    generate,
    integer_master,
    lagrangian,
    row_cost,
)
from floorwalk.engine.roster.construct import greedy_roster
from floorwalk.engine.roster.curtois import parse_curtois
from floorwalk.engine.roster.formulation import RosterModel
from floorwalk.engine.roster.model import Problem, Solution
from floorwalk.engine.roster.solve import integral_cells, round_with_cp_sat, round_with_scip
from tests.engine.roster_examples import small_problem
from tests.engine.test_roster_solve import brute_force_optimum as brute_force


@cache
def brute_force_optimum(problem: Problem) -> int:
    return brute_force(problem)


CURTOIS = Path(__file__).resolve().parent / "data" / "curtois"


def alone(problem: Problem, employee_id: str) -> Problem:
    employee = next(e for e in problem.employees if e.id == employee_id)
    return Problem(problem.horizon, problem.shifts, (employee,), ())


def test_every_row_generated_is_valid_for_its_employee():
    problem = small_problem()
    start = greedy_roster(problem)
    assert start is not None
    generation = generate(problem, [start], time.monotonic() + 20)
    assert generation.converged
    for employee_id, rows in generation.pool.rows.items():
        for row, cost in rows.items():
            solution = Solution.from_rows(
                {employee_id: [dict(row).get(day) for day in range(problem.horizon.days)]}
            )
            assert check(alone(problem, employee_id), solution).feasible
            assert cost == row_cost(problem, employee_id, row)


def test_the_bound_never_exceeds_the_brute_force_optimum():
    problem = small_problem()
    optimum = brute_force_optimum(problem)
    start = greedy_roster(problem)
    assert start is not None
    generation = generate(problem, [start], time.monotonic() + 20)
    assert generation.bound <= optimum + 1e-6
    assert generation.relaxation.value <= optimum + 1e-6


def test_the_bound_on_instance1_stays_below_its_proven_optimum():
    problem = parse_curtois((CURTOIS / "Instance1.txt").read_text())
    start = greedy_roster(problem)
    assert start is not None
    generation = generate(problem, [start], time.monotonic() + 20)
    assert 0 < generation.bound <= 607 + 1e-6


@given(st.lists(st.floats(-1, 120), min_size=10, max_size=10))
@settings(max_examples=25, deadline=None)
def test_the_lagrangian_of_any_duals_is_a_lower_bound(prices):
    """Each employee's least row priced by enumerating every valid row of theirs."""
    problem = small_problem()
    optimum = brute_force_optimum(problem)
    cells = [(c.day, c.shift) for c in problem.cover]
    duals = dict(zip(cells, prices, strict=True))
    options = [None, *(s.id for s in problem.shifts)]
    row_minimum = 0.0
    for employee in problem.employees:
        least = None
        for shifts in itertools.product(options, repeat=problem.horizon.days):
            solution = Solution.from_rows({employee.id: list(shifts)})
            if not check(alone(problem, employee.id), solution).feasible:
                continue
            row = tuple((day, s) for day, s in enumerate(shifts) if s is not None)
            value = row_cost(problem, employee.id, row) - sum(duals[cell] for cell in row)
            least = value if least is None else min(least, value)
        assert least is not None
        row_minimum += least
    assert lagrangian(problem, duals, row_minimum) <= optimum + 1e-6


def test_the_integer_master_returns_a_valid_roster_scored_like_check():
    problem = parse_curtois((CURTOIS / "Instance1.txt").read_text())
    start = greedy_roster(problem)
    assert start is not None
    generation = generate(problem, [start], time.monotonic() + 10)
    found = integer_master(generation.pool, 10, start)
    assert found is not None
    solution, objective = found
    checked = check(problem, solution)
    assert checked.violations == ()
    assert checked.objective.total == objective <= check(problem, start).objective.total


def test_the_rounded_relaxation_is_valid_and_scored_like_check():
    problem = parse_curtois((CURTOIS / "Instance1.txt").read_text())
    start = greedy_roster(problem)
    assert start is not None
    generation = generate(problem, [start], time.monotonic() + 10)
    roster = RosterModel(problem)
    fixed = integral_cells(roster, generation.relaxation)
    by_cp_sat = round_with_cp_sat(roster, fixed, start, 10, 2, 0)
    assert by_cp_sat is not None
    by_scip = round_with_scip(roster, fixed, by_cp_sat[0], 10)
    assert by_scip is not None
    for solution, objective in (by_cp_sat, by_scip):
        checked = check(problem, solution)
        assert checked.violations == ()
        assert checked.objective.total == objective
        assert objective >= generation.bound - 1e-6
        chosen = {(a.employee, a.day, a.shift) for a in solution.assignments}
        for key, var in roster.x.items():
            if var.index in fixed:
                assert (key in chosen) == bool(fixed[var.index])
    assert by_scip[1] <= by_cp_sat[1]


def test_the_cp_sat_rounding_with_nothing_fixed_reaches_the_brute_force_optimum():
    """With no cell fixed the rounding is the whole model, searched with the linear relaxation
    by both workers: it must still find the optimum and score it as `check` does."""
    problem = small_problem()
    start = greedy_roster(problem)
    assert start is not None
    found = round_with_cp_sat(RosterModel(problem), {}, start, 20, 2, 0)
    assert found is not None
    solution, objective = found
    checked = check(problem, solution)
    assert checked.violations == ()
    assert checked.objective.total == objective == brute_force_optimum(problem)
