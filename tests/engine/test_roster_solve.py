"""The CP-SAT solver reaches the optimum of a small problem found by brute force, and the
proven optimum of the benchmark's Instance1."""

import csv
import itertools
from pathlib import Path

from floorwalk.engine.roster.check import check
from floorwalk.engine.roster.curtois import parse_curtois
from floorwalk.engine.roster.model import Problem, Solution
from floorwalk.engine.roster.solve import solve
from tests.engine.roster_examples import small_problem

CURTOIS = Path(__file__).resolve().parent / "data" / "curtois"


def brute_force_optimum(problem: Problem) -> int:
    """Every combination of each employee's individually valid rows, scored by `check`."""
    options = [None, *(s.id for s in problem.shifts)]
    valid_rows = []
    for employee in problem.employees:
        rows = []
        for row in itertools.product(options, repeat=problem.horizon.days):
            alone = Solution.from_rows({employee.id: list(row)})
            single = Problem(problem.horizon, problem.shifts, (employee,), ())
            if check(single, alone).feasible:
                rows.append(row)
        valid_rows.append(rows)
    best = None
    for combination in itertools.product(*valid_rows):
        rows = {e.id: list(row) for e, row in zip(problem.employees, combination, strict=True)}
        result = check(problem, Solution.from_rows(rows))
        assert result.feasible
        best = result.objective.total if best is None else min(best, result.objective.total)
    assert best is not None
    return best


def test_the_solver_reaches_the_brute_force_optimum():
    problem = small_problem()
    optimum = brute_force_optimum(problem)
    result = solve(problem, time_limit=20, workers=2)
    assert result.status == "optimal"
    assert result.objective == optimum
    assert result.solution is not None
    checked = check(problem, result.solution)
    assert checked.feasible
    assert checked.objective.total == optimum
    assert result.gap == 0.0


def test_the_plain_model_reaches_the_same_optimum():
    problem = small_problem()
    assert solve(problem, time_limit=20, workers=2, plain=True).objective == brute_force_optimum(
        problem
    )


def test_instance1_reaches_its_proven_optimum():
    problem = parse_curtois((CURTOIS / "Instance1.txt").read_text())
    with (CURTOIS / "best_known.csv").open() as file:
        known = {row["instance"]: int(row["best_known_solution"]) for row in csv.DictReader(file)}
    result = solve(problem, time_limit=15, workers=2)
    assert result.solution is not None
    checked = check(problem, result.solution)
    assert checked.feasible
    assert result.objective == checked.objective.total == known["Instance1"] == 607
