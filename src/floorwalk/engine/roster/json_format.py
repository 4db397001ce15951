"""The JSON format of a rostering problem and of its solution (documented in docs/roster-format.md).

Loading checks every field and raises `RosterFormatError` naming the field's path, e.g.
`employees[3].max_total_minutes: must be ≥ min_total_minutes`."""

from typing import Any

from floorwalk.engine.roster.model import (
    Assignment,
    Cover,
    Employee,
    Horizon,
    Problem,
    ShiftRequest,
    ShiftType,
    Solution,
)

PROBLEM_FORMAT = "floorwalk-roster-problem"
SOLUTION_FORMAT = "floorwalk-roster-solution"
VERSION = 1
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class RosterFormatError(ValueError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


def field(data: Any, key: str, path: str) -> Any:
    if not isinstance(data, dict):
        raise RosterFormatError(path, "must be an object")
    if key not in data:
        raise RosterFormatError(join(path, key), "is required")
    return data[key]


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def integer(data: Any, key: str, path: str, minimum: int = 0, default: int | None = None) -> int:
    if default is not None and isinstance(data, dict) and key not in data:
        return default
    value = field(data, key, path)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RosterFormatError(join(path, key), "must be an integer")
    if value < minimum:
        raise RosterFormatError(join(path, key), f"must be ≥ {minimum}")
    return value


def text(data: Any, key: str, path: str) -> str:
    value = field(data, key, path)
    if not isinstance(value, str) or not value:
        raise RosterFormatError(join(path, key), "must be a non-empty string")
    return value


def items(data: Any, key: str, path: str, required: bool = True) -> list[Any]:
    if not required and isinstance(data, dict) and key not in data:
        return []
    value = field(data, key, path)
    if not isinstance(value, list):
        raise RosterFormatError(join(path, key), "must be a list")
    return value


def check_header(data: Any, expected: str) -> None:
    if not isinstance(data, dict):
        raise RosterFormatError("", "the document must be a JSON object")
    if data.get("format") != expected:
        raise RosterFormatError("format", f"must be {expected!r}")
    if data.get("version") != VERSION:
        raise RosterFormatError("version", f"must be {VERSION}")


def load_problem(data: Any) -> Problem:
    """A Problem from the parsed JSON document (see docs/roster-format.md)."""
    check_header(data, PROBLEM_FORMAT)
    horizon = load_horizon(field(data, "horizon", ""))
    shifts = load_shifts(items(data, "shifts", ""))
    shift_ids = {shift.id for shift in shifts}
    employees = tuple(
        load_employee(item, f"employees[{i}]", horizon.days, shift_ids)
        for i, item in enumerate(items(data, "employees", ""))
    )
    unique([e.id for e in employees], "employees")
    employee_ids = {e.id for e in employees}
    cover = tuple(
        load_cover(item, f"cover[{i}]", horizon.days, shift_ids)
        for i, item in enumerate(items(data, "cover", ""))
    )
    seen = set()
    for i, c in enumerate(cover):
        if (c.day, c.shift) in seen:
            raise RosterFormatError(f"cover[{i}]", f"day {c.day} shift {c.shift!r} is given twice")
        seen.add((c.day, c.shift))
    on, off = (
        tuple(
            load_request(item, f"{key}[{i}]", horizon.days, shift_ids, employee_ids)
            for i, item in enumerate(items(data, key, "", required=False))
        )
        for key in ("shift_on_requests", "shift_off_requests")
    )
    return Problem(horizon, shifts, employees, cover, on, off)


def unique(ids: list[str], path: str) -> None:
    for i, value in enumerate(ids):
        if value in ids[:i]:
            raise RosterFormatError(f"{path}[{i}].id", f"{value!r} is given twice")


def load_horizon(data: Any) -> Horizon:
    days = integer(data, "days", "horizon", minimum=1)
    weekday = (
        field(data, "start_weekday", "horizon")
        if isinstance(data, dict) and "start_weekday" in data
        else "monday"
    )
    if weekday not in WEEKDAYS:
        raise RosterFormatError("horizon.start_weekday", f"must be one of {', '.join(WEEKDAYS)}")
    return Horizon(days, WEEKDAYS.index(weekday))


def load_shifts(data: list[Any]) -> tuple[ShiftType, ...]:
    ids = [text(item, "id", f"shifts[{i}]") for i, item in enumerate(data)]
    unique(ids, "shifts")
    shifts = []
    for i, item in enumerate(data):
        path = f"shifts[{i}]"
        forbidden = items(item, "forbidden_next", path, required=False)
        for j, follower in enumerate(forbidden):
            if follower not in ids:
                raise RosterFormatError(
                    f"{path}.forbidden_next[{j}]", f"no shift type {follower!r}"
                )
        start = item.get("start_time")
        if start is not None and not (
            isinstance(start, str) and len(start) == 5 and start[2] == ":"
        ):
            raise RosterFormatError(f"{path}.start_time", "must be HH:MM")
        shifts.append(
            ShiftType(ids[i], integer(item, "minutes", path, minimum=1), tuple(forbidden), start)
        )
    return tuple(shifts)


def load_employee(data: Any, path: str, days: int, shift_ids: set[str]) -> Employee:
    max_shifts = (
        field(data, "max_shifts", path) if isinstance(data, dict) and "max_shifts" in data else {}
    )
    if not isinstance(max_shifts, dict):
        raise RosterFormatError(f"{path}.max_shifts", "must be an object of shift type → count")
    for shift in max_shifts:
        if shift not in shift_ids:
            raise RosterFormatError(f"{path}.max_shifts.{shift}", f"no shift type {shift!r}")
        integer(max_shifts, shift, f"{path}.max_shifts")
    min_minutes = integer(data, "min_total_minutes", path, default=0)
    max_minutes = integer(data, "max_total_minutes", path)
    if max_minutes < min_minutes:
        raise RosterFormatError(f"{path}.max_total_minutes", "must be ≥ min_total_minutes")
    min_on = integer(data, "min_consecutive_shifts", path, default=1)
    max_on = integer(data, "max_consecutive_shifts", path, minimum=1, default=days)
    if max_on < min_on:
        raise RosterFormatError(
            f"{path}.max_consecutive_shifts", "must be ≥ min_consecutive_shifts"
        )
    days_off = items(data, "days_off", path, required=False)
    for j, day in enumerate(days_off):
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day < days:
            raise RosterFormatError(
                f"{path}.days_off[{j}]", f"must be a day index from 0 to {days - 1}"
            )
    return Employee(
        id=text(data, "id", path),
        max_shifts=tuple(sorted(max_shifts.items())),
        min_total_minutes=min_minutes,
        max_total_minutes=max_minutes,
        min_consecutive_shifts=min_on,
        max_consecutive_shifts=max_on,
        min_consecutive_days_off=integer(data, "min_consecutive_days_off", path, default=1),
        max_weekends=integer(data, "max_weekends", path, default=days),
        days_off=tuple(days_off),
    )


def day_index(data: Any, path: str, days: int) -> int:
    day = integer(data, "day", path)
    if day >= days:
        raise RosterFormatError(f"{path}.day", f"must be a day index from 0 to {days - 1}")
    return day


def shift_ref(data: Any, path: str, shift_ids: set[str]) -> str:
    shift = text(data, "shift", path)
    if shift not in shift_ids:
        raise RosterFormatError(f"{path}.shift", f"no shift type {shift!r}")
    return shift


def load_cover(data: Any, path: str, days: int, shift_ids: set[str]) -> Cover:
    return Cover(
        day_index(data, path, days),
        shift_ref(data, path, shift_ids),
        integer(data, "requirement", path),
        integer(data, "under_weight", path),
        integer(data, "over_weight", path),
    )


def load_request(
    data: Any, path: str, days: int, shift_ids: set[str], employee_ids: set[str]
) -> ShiftRequest:
    employee = text(data, "employee", path)
    if employee not in employee_ids:
        raise RosterFormatError(f"{path}.employee", f"no employee {employee!r}")
    return ShiftRequest(
        employee,
        day_index(data, path, days),
        shift_ref(data, path, shift_ids),
        integer(data, "weight", path),
    )


def dump_problem(problem: Problem) -> dict[str, Any]:
    def shift(s: ShiftType) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": s.id,
            "minutes": s.minutes,
            "forbidden_next": list(s.forbidden_next),
        }
        if s.start_time is not None:
            out["start_time"] = s.start_time
        return out

    def request(r: ShiftRequest) -> dict[str, Any]:
        return {"employee": r.employee, "day": r.day, "shift": r.shift, "weight": r.weight}

    return {
        "format": PROBLEM_FORMAT,
        "version": VERSION,
        "horizon": {
            "days": problem.horizon.days,
            "start_weekday": WEEKDAYS[problem.horizon.start_weekday],
        },
        "shifts": [shift(s) for s in problem.shifts],
        "employees": [
            {
                "id": e.id,
                "max_shifts": dict(e.max_shifts),
                "min_total_minutes": e.min_total_minutes,
                "max_total_minutes": e.max_total_minutes,
                "min_consecutive_shifts": e.min_consecutive_shifts,
                "max_consecutive_shifts": e.max_consecutive_shifts,
                "min_consecutive_days_off": e.min_consecutive_days_off,
                "max_weekends": e.max_weekends,
                "days_off": list(e.days_off),
            }
            for e in problem.employees
        ],
        "cover": [
            {
                "day": c.day,
                "shift": c.shift,
                "requirement": c.requirement,
                "under_weight": c.under_weight,
                "over_weight": c.over_weight,
            }
            for c in problem.cover
        ],
        "shift_on_requests": [request(r) for r in problem.shift_on_requests],
        "shift_off_requests": [request(r) for r in problem.shift_off_requests],
    }


def load_solution(data: Any) -> Solution:
    """A Solution from its JSON document; names are checked against a problem by `check`."""
    check_header(data, SOLUTION_FORMAT)
    assignments = []
    for i, item in enumerate(items(data, "assignments", "")):
        path = f"assignments[{i}]"
        assignments.append(
            Assignment(
                text(item, "employee", path), integer(item, "day", path), text(item, "shift", path)
            )
        )
    return Solution(tuple(assignments))


def dump_solution(solution: Solution, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON document of a solution; `extra` (objective, status…) is added as information."""
    ordered = sorted(solution.assignments, key=lambda a: (a.employee, a.day, a.shift))
    return {
        "format": SOLUTION_FORMAT,
        "version": VERSION,
        **(extra or {}),
        "assignments": [{"employee": a.employee, "day": a.day, "shift": a.shift} for a in ordered],
    }
