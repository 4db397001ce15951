"""The roster's CP-SAT model written as a MIP keeps its optimum (brute force on a small
problem) and its constraints (SCIP's roster passes `check`)."""

import pytest
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from floorwalk.engine.roster.check import check
from floorwalk.engine.roster.formulation import RosterModel
from floorwalk.engine.roster.mip import UnsupportedError, to_mip
from floorwalk.engine.roster.model import Assignment, Solution
from tests.engine.roster_examples import small_problem
from tests.engine.test_roster_solve import brute_force_optimum


def test_scip_on_the_mip_reaches_the_brute_force_optimum_with_a_valid_roster():
    problem = small_problem()
    roster = RosterModel(problem)
    mip, variables = to_mip(roster.model)
    assert mip.Solve() == pywraplp.Solver.OPTIMAL
    solution = Solution(
        tuple(
            Assignment(*key)
            for key, var in roster.x.items()
            if variables[var.index].solution_value() > 0.5
        )
    )
    checked = check(problem, solution)
    assert checked.violations == ()
    assert checked.objective.total == round(mip.Objective().Value())
    assert checked.objective.total == brute_force_optimum(problem)


def test_a_constraint_without_a_linear_form_is_refused():
    model = cp_model.CpModel()
    x = model.new_int_var(0, 5, "x")
    y = model.new_int_var(0, 5, "y")
    model.add_multiplication_equality(x, [y, y])
    with pytest.raises(UnsupportedError):
        to_mip(model)
