"""Small hand-made rostering problems shared by the roster tests."""

from floorwalk.engine.roster.model import Cover, Employee, Horizon, Problem, ShiftRequest, ShiftType


def employee(id: str, **overrides: object) -> Employee:
    values: dict[str, object] = {
        "id": id,
        "max_shifts": (("E", 3), ("L", 3)),
        "min_total_minutes": 0,
        "max_total_minutes": 2000,
        "min_consecutive_shifts": 1,
        "max_consecutive_shifts": 3,
        "min_consecutive_days_off": 1,
        "max_weekends": 1,
        "days_off": (),
    }
    values.update(overrides)
    return Employee(**values)  # type: ignore[arg-type]


def small_problem() -> Problem:
    """Three employees, five days from a Friday (days 1 and 2 are the weekend), an early and a
    late shift (no early the day after a late)."""
    shifts = (ShiftType("E", 480, (), "07:00"), ShiftType("L", 420, ("E",), "14:00"))
    employees = (
        employee("ann", min_total_minutes=840, days_off=(4,)),
        employee("bob", min_consecutive_shifts=2, max_shifts=(("E", 3), ("L", 2))),
        employee("cy", min_consecutive_days_off=2, max_total_minutes=1400, max_weekends=0),
    )
    cover = tuple(
        Cover(day, shift, requirement, under, over)
        for day in range(5)
        for shift, requirement, under, over in (("E", 1 + (day == 0), 100, 1), ("L", 1, 50, 2))
    )
    on = (
        ShiftRequest("ann", 0, "L", 3),
        ShiftRequest("bob", 2, "E", 5),
        ShiftRequest("cy", 3, "E", 2),
    )
    off = (
        ShiftRequest("ann", 1, "E", 4),
        ShiftRequest("bob", 0, "L", 1),
        ShiftRequest("cy", 4, "L", 3),
    )
    return Problem(Horizon(5, start_weekday=4), shifts, employees, cover, on, off)
