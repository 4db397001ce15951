"""The JSON roster format: round trips, field-path errors, and the exact Curtois conversion."""

import copy
import json
from pathlib import Path

import pytest

from floorwalk.engine.roster.curtois import parse_curtois
from floorwalk.engine.roster.json_format import (
    RosterFormatError,
    dump_problem,
    dump_solution,
    load_problem,
    load_solution,
)
from floorwalk.engine.roster.model import Solution
from tests.engine.roster_examples import small_problem

INSTANCE1 = Path(__file__).resolve().parent / "data" / "curtois" / "Instance1.txt"


def round_trip(document):
    return json.loads(json.dumps(document))


def test_problem_round_trip():
    problem = small_problem()
    assert load_problem(round_trip(dump_problem(problem))) == problem


def test_solution_round_trip():
    solution = Solution.from_rows({"ann": ["L", None, "E"], "bob": [None, "E", None]})
    loaded = load_solution(round_trip(dump_solution(solution, {"objective": 3})))
    assert set(loaded.assignments) == set(solution.assignments)


def test_instance1_converts_exactly():
    problem = parse_curtois(INSTANCE1.read_text())
    assert problem.horizon.days == 14
    assert problem.horizon.start_weekday == 0
    assert [(s.id, s.minutes, s.forbidden_next) for s in problem.shifts] == [("D", 480, ())]
    a = problem.employees[0]
    assert (a.id, a.max_shifts, a.max_total_minutes, a.min_total_minutes) == (
        "A",
        (("D", 14),),
        4320,
        3360,
    )
    assert (a.max_consecutive_shifts, a.min_consecutive_shifts, a.min_consecutive_days_off) == (
        5,
        2,
        2,
    )
    assert (a.max_weekends, a.days_off) == (1, (0,))
    assert len(problem.employees) == 8
    assert len(problem.shift_on_requests) == 21
    assert problem.shift_off_requests[0].employee == "C"
    assert problem.shift_off_requests[0].day == 12
    assert len(problem.cover) == 14
    assert load_problem(round_trip(dump_problem(problem))) == problem


def test_the_weekends_of_a_horizon():
    problem = parse_curtois(INSTANCE1.read_text())
    assert problem.horizon.weekends() == ((5, 6), (12, 13))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=2), "version: must be 1"),
        (lambda d: d["horizon"].update(days=0), "horizon.days: must be ≥ 1"),
        (
            lambda d: d["employees"][0].update(max_total_minutes=10),
            "employees[0].max_total_minutes: must be ≥ min_total_minutes",
        ),
        (lambda d: d["employees"][1].pop("id"), "employees[1].id: is required"),
        (
            lambda d: d["employees"][0].update(days_off=[9]),
            "employees[0].days_off[0]: must be a day index",
        ),
        (
            lambda d: d["shifts"][1].update(forbidden_next=["X"]),
            "shifts[1].forbidden_next[0]: no shift type 'X'",
        ),
        (lambda d: d["shifts"][0].update(minutes="480"), "shifts[0].minutes: must be an integer"),
        (lambda d: d["cover"][3].update(shift="N"), "cover[3].shift: no shift type 'N'"),
        (lambda d: d["cover"][4].update(day=5), "cover[4].day: must be a day index from 0 to 4"),
        (
            lambda d: d["shift_on_requests"][1].update(employee="zoe"),
            "shift_on_requests[1].employee: no employee",
        ),
        (
            lambda d: d["shift_off_requests"][0].update(weight=-1),
            "shift_off_requests[0].weight: must be ≥ 0",
        ),
        (
            lambda d: d["horizon"].update(start_weekday="fri"),
            "horizon.start_weekday: must be one of",
        ),
    ],
)
def test_errors_name_the_field(change, message):
    document = copy.deepcopy(dump_problem(small_problem()))
    change(document)
    with pytest.raises(RosterFormatError) as error:
        load_problem(document)
    assert str(error.value).startswith(message)


def test_solution_errors_name_the_field():
    document = dump_solution(Solution.from_rows({"ann": ["L", None]}))
    document["assignments"][0]["day"] = "one"
    with pytest.raises(RosterFormatError, match=r"^assignments\[0\]\.day: must be an integer"):
        load_solution(document)
