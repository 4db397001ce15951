"""A first roster built one employee at a time, so the solver never starts from nothing.

Each employee's row is the best one for that employee alone against the cover still missing
after the employees before them (the residual requirement), found by CP-SAT on a one-employee
model. Every work rule concerns one employee, so the rows together obey all of them: the roster
is feasible by construction whenever each employee has a valid row at all. Cover is soft, so
its quality depends on the order; it is a start for the search, not an answer.
"""

import time
from collections import Counter
from dataclasses import replace

from ortools.sat.python import cp_model

from floorwalk.engine.roster.formulation import RosterModel
from floorwalk.engine.roster.model import Assignment, Employee, Problem, Solution

# CP-SAT's deterministic time (load-independent work) for one employee's row: a row is found
# and usually proven best in a hundredth of it.
WORK_PER_EMPLOYEE = 0.5


def greedy_roster(problem: Problem, seconds: float = 10.0, seed: int = 0) -> Solution | None:
    """The employees' rows chosen in turn against the residual cover; None when some employee
    has no valid row (their rules contradict each other) or `seconds` run out first."""
    deadline = time.monotonic() + seconds
    assignments: list[Assignment] = []
    staffed: Counter[tuple[int, str]] = Counter()
    for employee in problem.employees:
        alone = RosterModel(residual_problem(problem, employee, staffed))
        solver = cp_model.CpSolver()
        solver.parameters.max_deterministic_time = WORK_PER_EMPLOYEE
        solver.parameters.max_time_in_seconds = max(0.01, deadline - time.monotonic())
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        if solver.solve(alone.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        row = alone.solution_from(solver).assignments
        assignments += row
        staffed.update((a.day, a.shift) for a in row)
    return Solution(tuple(assignments))


def residual_problem(
    problem: Problem, employee: Employee, staffed: Counter[tuple[int, str]]
) -> Problem:
    """The problem of one employee when `staffed` shifts are already worked by others: each
    cover entry asks only for what is still missing, so one more shift where the cover is met
    costs its over-cover weight and one where it is short saves its under-cover weight."""
    cover = tuple(
        replace(c, requirement=max(0, c.requirement - staffed[(c.day, c.shift)]))
        for c in problem.cover
    )
    return Problem(
        problem.horizon,
        problem.shifts,
        (employee,),
        cover,
        tuple(r for r in problem.shift_on_requests if r.employee == employee.id),
        tuple(r for r in problem.shift_off_requests if r.employee == employee.id),
    )
