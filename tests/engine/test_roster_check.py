"""`check` rejects each kind of broken hard rule and computes the objective terms exactly."""

from dataclasses import replace

import pytest

from floorwalk.engine.roster.check import check
from floorwalk.engine.roster.model import Assignment, Solution
from tests.engine.roster_examples import small_problem

# A valid roster of the small problem (days 0–4 from a Friday; 1 and 2 are the weekend).
VALID = {
    "ann": ["L", None, None, "L", None],
    "bob": ["E", "E", "E", None, None],
    "cy": ["E", None, None, "E", "L"],
}


def kinds(rows, problem=None):
    result = check(problem or small_problem(), Solution.from_rows(rows))
    return sorted({v.kind for v in result.violations})


def with_row(employee, row):
    return {**VALID, employee: row}


def test_the_valid_roster_has_no_violations():
    assert kinds(VALID) == []


def test_objective_terms_by_hand():
    result = check(small_problem(), Solution.from_rows(VALID))
    # Staffed E: day0 bob+cy=2 (req 2), day1 bob (1), day2 bob (1), day3 cy (1), day4 none (1).
    # Staffed L: day0 ann (1), day1 0, day2 0, day3 ann (1), day4 cy (1); requirement 1 each.
    # Under: E day4 short 1 × 100; L days 1 and 2 short 1 each × 50 → 200. No over-cover.
    # Shift-on: ann L day0 met; bob E day2 met; cy E day3 met → 0.
    # Shift-off: ann E day1 not worked; bob L day0 not worked; cy L day4 worked (3) → 3.
    assert result.objective.under_cover == 200
    assert result.objective.over_cover == 0
    assert result.objective.shift_on == 0
    assert result.objective.shift_off == 3
    assert result.objective.total == 203


def test_over_cover_and_unmet_shift_on_requests_by_hand():
    rows = with_row("ann", ["E", None, None, "L", None])
    result = check(small_problem(), Solution.from_rows(rows))
    # E day0 now has 3 staff for 2 (over 1 × 1); L day0 loses ann (under 1 × 50 more).
    # ann's request for L on day 0 (weight 3) is unmet.
    assert kinds(rows) == []
    assert result.objective.over_cover == 1
    assert result.objective.under_cover == 250
    assert result.objective.shift_on == 3
    assert result.objective.total == 1 + 250 + 3 + 3


def test_two_shifts_a_day():
    solution = Solution.from_rows(VALID)
    doubled = Solution((*solution.assignments, Assignment("ann", 0, "E")))
    assert {v.kind for v in check(small_problem(), doubled).violations} == {"shifts_per_day"}


def test_forbidden_succession():
    assert kinds(with_row("ann", ["L", "E", None, "L", None])) == ["forbidden_succession"]


def test_max_shifts_per_type():
    # bob may work at most 2 late shifts.
    assert kinds(with_row("bob", ["L", "L", "L", None, None])) == ["max_shifts"]


def test_max_total_minutes():
    # cy may work at most 1400 minutes: E + E + L = 1380 is fine, E + E + E = 1440 is not.
    assert kinds(with_row("cy", ["E", None, None, "E", "E"])) == ["max_total_minutes"]


def test_min_total_minutes():
    # ann must work at least 840 minutes; one late shift is 420.
    assert kinds(with_row("ann", ["L", None, None, None, None])) == ["min_total_minutes"]


def test_max_consecutive_shifts():
    problem = small_problem()
    ann = replace(problem.employees[0], max_consecutive_shifts=2)
    problem = replace(problem, employees=(ann, *problem.employees[1:]))
    assert kinds(with_row("ann", ["L", "L", "L", None, None]), problem) == [
        "max_consecutive_shifts"
    ]


def test_min_consecutive_shifts_inside_the_horizon_only():
    # bob needs blocks of 2; a single shift between days off breaks it, at the edges it does not.
    assert kinds(with_row("bob", [None, "E", None, None, None])) == ["min_consecutive_shifts"]
    assert kinds(with_row("bob", ["E", None, None, None, "L"])) == []


def test_min_consecutive_days_off_inside_the_horizon_only():
    # cy needs 2 days off in a row; a single day off between shifts breaks it (weekends allowed
    # here so that only this rule is at stake), a single day off at the end does not.
    problem = small_problem()
    cy = replace(problem.employees[2], max_weekends=1)
    problem = replace(problem, employees=(*problem.employees[:2], cy))
    assert kinds(with_row("cy", ["E", "E", None, "L", None]), problem) == [
        "min_consecutive_days_off"
    ]
    assert kinds(with_row("cy", [None, None, None, "E", "L"]), problem) == []


def test_max_weekends():
    # cy may work no weekend; Saturday is day 1.
    assert "max_weekends" in kinds(with_row("cy", ["E", "E", None, None, None]))
    assert kinds(with_row("cy", [None, None, "E", "E", "L"])) == ["max_weekends"]


def test_fixed_day_off():
    assert kinds(with_row("ann", ["L", None, None, "L", "L"])) == ["fixed_day_off"]


@pytest.mark.parametrize(
    ("assignment", "kind"),
    [(Assignment("zoe", 0, "E"), "unknown_employee"), (Assignment("ann", 2, "N"), "unknown_shift")],
)
def test_unknown_employee_or_shift(assignment, kind):
    solution = Solution((*Solution.from_rows(VALID).assignments, assignment))
    assert {v.kind for v in check(small_problem(), solution).violations} == {kind}
