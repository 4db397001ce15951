"""The CP-SAT solver reaches the optimum of a small problem found by brute force and the
proven optimum of the benchmark's Instance1; its neighbourhood loop never makes a roster worse
(scored by the independent checker)."""

import csv
import itertools
import time
from dataclasses import replace
from pathlib import Path

from floorwalk.engine.roster.check import check
from floorwalk.engine.roster.construct import greedy_roster
from floorwalk.engine.roster.curtois import parse_curtois
from floorwalk.engine.roster.formulation import RosterModel
from floorwalk.engine.roster.model import Problem, Solution
from floorwalk.engine.roster.solve import improve, reoptimise, solve
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


def test_the_neighbourhood_loop_never_worsens_its_start():
    problem = parse_curtois((CURTOIS / "Instance1.txt").read_text())
    roster = RosterModel(problem)
    start = greedy_roster(problem)
    assert start is not None
    start_objective = check(problem, start).objective.total
    solution, objective = improve(
        roster, (start, start_objective), 0.0, time.monotonic() + 3, workers=1, seed=3
    )
    checked = check(problem, solution)
    assert checked.violations == ()
    assert checked.objective.total == objective <= start_objective


def test_a_step_with_nothing_free_returns_the_incumbent_proven_best():
    problem = small_problem()
    roster = RosterModel(problem)
    incumbent = greedy_roster(problem)
    assert incumbent is not None
    step = reoptimise(roster, incumbent, set(), 5.0, workers=1, seed=0)
    assert step.closed
    assert step.found is not None
    solution, objective = step.found
    assert set(solution.assignments) == set(incumbent.assignments)
    assert objective == check(problem, incumbent).objective.total


def test_a_problem_without_a_valid_roster_is_reported_infeasible():
    problem = small_problem()
    ann = replace(problem.employees[0], min_total_minutes=100_000)
    result = solve(replace(problem, employees=(ann, *problem.employees[1:])), time_limit=5)
    assert result.status == "infeasible"
    assert result.solution is None
