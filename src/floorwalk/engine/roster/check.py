"""Validate a roster against the hard rules and compute its objective terms, exactly as the
Curtois & Qu benchmark defines them."""

from collections import Counter
from dataclasses import dataclass

from floorwalk.engine.roster.model import Employee, Problem, Solution


@dataclass(frozen=True)
class Violation:
    kind: str
    employee: str | None
    day: int | None
    message: str


@dataclass(frozen=True)
class Objective:
    under_cover: int
    over_cover: int
    shift_on: int
    shift_off: int

    @property
    def total(self) -> int:
        return self.under_cover + self.over_cover + self.shift_on + self.shift_off


@dataclass(frozen=True)
class CheckResult:
    violations: tuple[Violation, ...]
    objective: Objective

    @property
    def feasible(self) -> bool:
        return not self.violations


def blocks(worked: list[bool], value: bool) -> list[tuple[int, int]]:
    """(first day, length) of every maximal run of days whose worked flag equals `value`."""
    runs: list[tuple[int, int]] = []
    start = None
    for day, flag in enumerate([*worked, not value]):
        if flag == value and start is None:
            start = day
        elif flag != value and start is not None:
            runs.append((start, day - start))
            start = None
    return runs


def check(problem: Problem, solution: Solution) -> CheckResult:
    violations = structural_violations(problem, solution)
    shifts = {shift.id: shift for shift in problem.shifts}
    for employee in problem.employees:
        row = [solution.shift_of(employee.id, day) for day in range(problem.horizon.days)]
        row = [shift if shift in shifts else None for shift in row]
        violations.extend(employee_violations(problem, employee, row))
    return CheckResult(tuple(violations), objective(problem, solution))


def structural_violations(problem: Problem, solution: Solution) -> list[Violation]:
    known_employees = {employee.id for employee in problem.employees}
    known_shifts = {shift.id for shift in problem.shifts}
    found: list[Violation] = []
    per_day: Counter[tuple[str, int]] = Counter()
    for a in solution.assignments:
        if a.employee not in known_employees:
            found.append(
                Violation("unknown_employee", a.employee, a.day, f"no employee {a.employee!r}")
            )
        elif a.shift not in known_shifts:
            found.append(
                Violation("unknown_shift", a.employee, a.day, f"no shift type {a.shift!r}")
            )
        elif not 0 <= a.day < problem.horizon.days:
            found.append(
                Violation(
                    "outside_horizon", a.employee, a.day, f"day {a.day} is outside the horizon"
                )
            )
        else:
            per_day[(a.employee, a.day)] += 1
    for (employee, day), count in sorted(per_day.items()):
        if count > 1:
            found.append(
                Violation("shifts_per_day", employee, day, f"{count} shifts on one day, at most 1")
            )
    return found


def employee_violations(
    problem: Problem, employee: Employee, row: list[str | None]
) -> list[Violation]:
    found: list[Violation] = []
    days = problem.horizon.days
    who = employee.id
    forbidden = {shift.id: set(shift.forbidden_next) for shift in problem.shifts}
    for day in range(days - 1):
        today, tomorrow = row[day], row[day + 1]
        if today is not None and tomorrow is not None and tomorrow in forbidden[today]:
            found.append(
                Violation("forbidden_succession", who, day, f"{tomorrow} may not follow {today}")
            )
    counts = Counter(shift for shift in row if shift is not None)
    for shift_id, count in sorted(counts.items()):
        limit = employee.max_shifts_of(shift_id, days)
        if count > limit:
            found.append(
                Violation("max_shifts", who, None, f"{count} {shift_id} shifts, at most {limit}")
            )
    minutes = sum(problem.shift(shift).minutes for shift in row if shift is not None)
    if minutes > employee.max_total_minutes:
        found.append(
            Violation(
                "max_total_minutes",
                who,
                None,
                f"{minutes} minutes, at most {employee.max_total_minutes}",
            )
        )
    if minutes < employee.min_total_minutes:
        found.append(
            Violation(
                "min_total_minutes",
                who,
                None,
                f"{minutes} minutes, at least {employee.min_total_minutes}",
            )
        )
    worked = [shift is not None for shift in row]
    for start, length in blocks(worked, True):
        if length > employee.max_consecutive_shifts:
            found.append(
                Violation(
                    "max_consecutive_shifts",
                    who,
                    start,
                    f"{length} shifts in a row, at most {employee.max_consecutive_shifts}",
                )
            )
        if start > 0 and start + length < days and length < employee.min_consecutive_shifts:
            found.append(
                Violation(
                    "min_consecutive_shifts",
                    who,
                    start,
                    f"{length} shifts in a row, at least {employee.min_consecutive_shifts}",
                )
            )
    for start, length in blocks(worked, False):
        if start > 0 and start + length < days and length < employee.min_consecutive_days_off:
            found.append(
                Violation(
                    "min_consecutive_days_off",
                    who,
                    start,
                    f"{length} days off in a row, at least {employee.min_consecutive_days_off}",
                )
            )
    weekends = sum(
        1 for weekend in problem.horizon.weekends() if any(worked[day] for day in weekend)
    )
    if weekends > employee.max_weekends:
        found.append(
            Violation(
                "max_weekends",
                who,
                None,
                f"{weekends} weekends worked, at most {employee.max_weekends}",
            )
        )
    for day in employee.days_off:
        if 0 <= day < days and worked[day]:
            found.append(
                Violation("fixed_day_off", who, day, f"works {row[day]} on a fixed day off")
            )
    return found


def objective(problem: Problem, solution: Solution) -> Objective:
    staffed = Counter((a.day, a.shift) for a in solution.assignments)
    under = sum(
        c.under_weight * max(0, c.requirement - staffed[(c.day, c.shift)]) for c in problem.cover
    )
    over = sum(
        c.over_weight * max(0, staffed[(c.day, c.shift)] - c.requirement) for c in problem.cover
    )
    shift_on = sum(
        r.weight
        for r in problem.shift_on_requests
        if r.shift not in solution.shifts_of(r.employee, r.day)
    )
    shift_off = sum(
        r.weight
        for r in problem.shift_off_requests
        if r.shift in solution.shifts_of(r.employee, r.day)
    )
    return Objective(under, over, shift_on, shift_off)
