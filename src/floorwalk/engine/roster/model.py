"""The general personnel-scheduling model of the literature (Curtois & Qu): a fixed horizon of
days, shift types with forbidden next-day successors, per-employee work rules, cover
requirements per day and shift type, and weighted shift-on and shift-off requests."""

from dataclasses import dataclass

SATURDAY = 5
SUNDAY = 6


@dataclass(frozen=True)
class Horizon:
    days: int
    start_weekday: int = 0  # 0 = Monday … 6 = Sunday

    def weekday(self, day: int) -> int:
        return (self.start_weekday + day) % 7

    def weekends(self) -> tuple[tuple[int, ...], ...]:
        """The days of each weekend (Saturday and/or Sunday) that falls in the horizon."""
        by_week: dict[int, list[int]] = {}
        for day in range(self.days):
            if self.weekday(day) in (SATURDAY, SUNDAY):
                by_week.setdefault((self.start_weekday + day) // 7, []).append(day)
        return tuple(tuple(days) for _, days in sorted(by_week.items()))


@dataclass(frozen=True)
class ShiftType:
    id: str
    minutes: int
    forbidden_next: tuple[str, ...] = ()
    start_time: str | None = None  # "HH:MM", informative only


@dataclass(frozen=True)
class Employee:
    id: str
    max_shifts: tuple[tuple[str, int], ...]  # (shift type, most shifts of it); absent = no limit
    min_total_minutes: int
    max_total_minutes: int
    min_consecutive_shifts: int
    max_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int
    days_off: tuple[int, ...] = ()

    def max_shifts_of(self, shift: str, horizon_days: int) -> int:
        return dict(self.max_shifts).get(shift, horizon_days)


@dataclass(frozen=True)
class Cover:
    day: int
    shift: str
    requirement: int
    under_weight: int
    over_weight: int


@dataclass(frozen=True)
class ShiftRequest:
    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class Problem:
    horizon: Horizon
    shifts: tuple[ShiftType, ...]
    employees: tuple[Employee, ...]
    cover: tuple[Cover, ...]
    shift_on_requests: tuple[ShiftRequest, ...] = ()
    shift_off_requests: tuple[ShiftRequest, ...] = ()

    def shift(self, shift_id: str) -> ShiftType:
        return next(s for s in self.shifts if s.id == shift_id)


@dataclass(frozen=True)
class Assignment:
    employee: str
    day: int
    shift: str


@dataclass(frozen=True)
class Solution:
    """Every shift worked; a day with no assignment is a day off. A valid roster has at most one
    assignment per employee and day, but the type can hold more so a checker can reject it."""

    assignments: tuple[Assignment, ...]

    def shifts_of(self, employee: str, day: int) -> tuple[str, ...]:
        return tuple(a.shift for a in self.assignments if a.employee == employee and a.day == day)

    def shift_of(self, employee: str, day: int) -> str | None:
        shifts = self.shifts_of(employee, day)
        return shifts[0] if shifts else None

    @classmethod
    def from_rows(cls, rows: dict[str, list[str | None]]) -> "Solution":
        """From one list per employee of each day's shift (None for a day off)."""
        return cls(
            tuple(
                Assignment(employee, day, shift)
                for employee, row in rows.items()
                for day, shift in enumerate(row)
                if shift is not None
            )
        )
