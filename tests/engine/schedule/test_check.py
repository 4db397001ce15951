from dataclasses import replace

import pytest

from floorwalk.engine.schedule.check import check_schedule
from floorwalk.engine.schedule.problem import (
    EndBy,
    FixedShift,
    LabourRules,
    Problem,
    ShiftTemplate,
    TimeRange,
)
from floorwalk.engine.schedule.result import PlacedBreak, Shift
from floorwalk.engine.schedule.shifts import make_shift
from tests.engine.schedule.examples import agent, eight_hours, problem, queue

DAY = 1440
RULES = LabourRules(
    max_minutes_per_day=540,
    max_minutes_per_week=2400,
    min_rest_minutes=660,
    max_consecutive_days=5,
    min_days_off_per_week=2,
    max_weekends=0,
)
LONG = ShiftTemplate("long", 480, 480, 60, 600)


def week_problem(**agent_fields: object) -> Problem:
    fields = {"rules": RULES, "minimum": 0, "maximum": 2880, **agent_fields}
    return problem(7, (queue("q", 7, {}),), (agent("a", **fields),), (eight_hours(), LONG))  # type: ignore[arg-type]


def weekdays(p: Problem, start_of_day: int = 480) -> list[Shift]:
    """Monday to Friday at 08:00: valid under RULES."""
    template = p.template("day")
    return [make_shift("a", template, d * DAY + start_of_day) for d in range(5)]


def kinds(p: Problem, shifts: list[Shift]) -> set[str]:
    return {v.kind for v in check_schedule(p, shifts)}


def test_weekday_schedule_is_valid() -> None:
    p = week_problem()
    assert check_schedule(p, weekdays(p)) == ()


def saturday(p: Problem) -> Shift:
    return make_shift("a", p.template("day"), 5 * DAY + 480)


def moved_break(p: Problem) -> list[Shift]:
    shifts = weekdays(p)
    first = shifts[0]
    shifts[0] = replace(first, breaks=(PlacedBreak(first.start + 30, 30, False),))
    return shifts


CASES = {
    "unknown_agent": (week_problem, lambda p: [*weekdays(p), replace(weekdays(p)[0], agent="z")]),
    "unknown_template": (week_problem, lambda p: [replace(weekdays(p)[0], template="nope")]),
    "template_not_allowed": (
        lambda: week_problem(templates=("day",)),
        lambda p: [*weekdays(p)[1:], make_shift("a", LONG, 480)],
    ),
    "start_not_allowed": (week_problem, lambda p: weekdays(p, 510)),
    "wrong_length": (
        week_problem,
        lambda p: [replace(weekdays(p)[0], end=weekdays(p)[0].end + 30)],
    ),
    "break_rule": (week_problem, moved_break),
    "shifts_per_day": (
        week_problem,
        lambda p: [*weekdays(p), make_shift("a", p.template("day"), 540)],
    ),
    "max_minutes_per_day": (week_problem, lambda p: [make_shift("a", LONG, 480)]),
    "max_minutes_per_week": (week_problem, lambda p: [*weekdays(p), saturday(p)]),
    "contract_min_week": (lambda: week_problem(minimum=2400), lambda p: weekdays(p)[:4]),
    "contract_max_week": (lambda: week_problem(maximum=1920), weekdays),
    "min_rest": (
        lambda: week_problem(rules=replace(RULES, min_rest_minutes=1000)),
        weekdays,
    ),
    "max_consecutive_days": (week_problem, lambda p: [*weekdays(p), saturday(p)]),
    "min_days_off_per_week": (week_problem, lambda p: [*weekdays(p), saturday(p)]),
    "max_weekends": (week_problem, lambda p: [*weekdays(p)[:4], saturday(p)]),
    "unavailable": (lambda: week_problem(unavailable=(TimeRange(600, 660),)), weekdays),
    "leave": (lambda: week_problem(leave_days=(2,)), weekdays),
    "must_end_by": (lambda: week_problem(must_end_by=(EndBy((0,), 960),)), weekdays),
    "skill": (
        week_problem,
        lambda p: [replace(weekdays(p)[0], queue_minutes=(("other", 450),))],
    ),
    "fixed_missing": (
        lambda: replace(week_problem(), fixed=(FixedShift("a", "day", 6 * DAY + 600),)),
        weekdays,
    ),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_checker_rejects_each_rule(kind: str) -> None:
    make_problem, make_shifts = CASES[kind]
    p = make_problem()
    assert kind in kinds(p, make_shifts(p))


@pytest.mark.parametrize("kind", sorted(CASES))
def test_the_same_problem_accepts_a_valid_schedule(kind: str) -> None:
    make_problem, _ = CASES[kind]
    p = make_problem()
    shifts = weekdays(p)
    if kind == "fixed_missing":
        shifts = [*shifts[:4], make_shift("a", p.template("day"), 6 * DAY + 600)]
    if kind in ("contract_max_week",):
        shifts = shifts[:4]
    if kind in ("unavailable", "leave", "must_end_by"):
        shifts = shifts[1:3] + shifts[3:]
        shifts = [s for s in shifts if s.day not in (0, 2)]
    if kind == "min_rest":
        shifts = shifts[::2]
    assert kind not in kinds(p, shifts)
