"""The greedy first roster obeys every hard rule (by the checker) and asks each employee only
for the cover still missing."""

from collections import Counter
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from floorwalk.engine.roster.check import check
from floorwalk.engine.roster.construct import greedy_roster, residual_problem
from floorwalk.engine.roster.curtois import parse_curtois
from tests.engine.roster_examples import small_problem

CURTOIS = Path(__file__).resolve().parent / "data" / "curtois"


def test_the_greedy_roster_of_the_small_problem_checks():
    problem = small_problem()
    roster = greedy_roster(problem)
    assert roster is not None
    assert check(problem, roster).violations == ()


def test_the_greedy_roster_of_instance1_checks_and_covers_most_of_the_demand():
    problem = parse_curtois((CURTOIS / "Instance1.txt").read_text())
    roster = greedy_roster(problem)
    assert roster is not None
    checked = check(problem, roster)
    assert checked.violations == ()
    # Independent of the solver: an empty roster leaves every requirement unmet.
    nobody = sum(c.requirement * c.under_weight for c in problem.cover)
    assert checked.objective.under_cover < nobody / 2


def test_an_employee_without_a_valid_row_gives_no_roster():
    problem = small_problem()
    ann = replace(problem.employees[0], min_total_minutes=100_000)
    impossible = replace(problem, employees=(ann, *problem.employees[1:]))
    assert greedy_roster(impossible) is None


@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["E", "L"])), max_size=12))
def test_the_residual_cover_is_what_is_still_missing(worked):
    problem = small_problem()
    staffed = Counter(worked)
    alone = residual_problem(problem, problem.employees[1], staffed)
    assert [e.id for e in alone.employees] == ["bob"]
    assert {r.employee for r in alone.shift_on_requests + alone.shift_off_requests} == {"bob"}
    for before, after in zip(problem.cover, alone.cover, strict=True):
        missing = before.requirement - staffed[(before.day, before.shift)]
        assert after.requirement == max(0, missing)
        assert (after.under_weight, after.over_weight) == (before.under_weight, before.over_weight)
