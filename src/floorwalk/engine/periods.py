"""Reporting periods: calendar days, ISO weeks, months, quarters, years and custom ranges.

Periods of one kind tile the calendar, so "the previous period" and "the last N periods" are
always contiguous and never overlap. Dates are local calendar dates of the site.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

ONE_DAY = timedelta(days=1)
MONTHS_PER_QUARTER = 3


class PeriodKind(StrEnum):
    DAY = "day"
    WEEK = "week"  # ISO week, Monday to Sunday
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Period:
    """The dates from `start` to `end`, both included."""

    kind: PeriodKind
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """A short, sortable name: 2026-10-05, 2026-W41, 2026-10, 2026-Q4, 2026."""
        start = self.start
        match self.kind:
            case PeriodKind.DAY:
                return start.isoformat()
            case PeriodKind.WEEK:
                iso = start.isocalendar()
                return f"{iso.year}-W{iso.week:02d}"
            case PeriodKind.MONTH:
                return f"{start.year}-{start.month:02d}"
            case PeriodKind.QUARTER:
                return f"{start.year}-Q{_quarter_of(start)}"
            case PeriodKind.YEAR:
                return str(start.year)
            case PeriodKind.CUSTOM:
                return f"{start.isoformat()} – {self.end.isoformat()}"


def _quarter_of(day: date) -> int:
    return (day.month - 1) // MONTHS_PER_QUARTER + 1


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_containing(kind: PeriodKind, day: date) -> Period:
    """The calendar period of `kind` that `day` falls in (custom periods have no calendar)."""
    match kind:
        case PeriodKind.DAY:
            return Period(kind, day, day)
        case PeriodKind.WEEK:
            monday = day - timedelta(days=day.weekday())
            return Period(kind, monday, monday + timedelta(days=6))
        case PeriodKind.MONTH:
            return Period(kind, day.replace(day=1), _last_day_of_month(day.year, day.month))
        case PeriodKind.QUARTER:
            first_month = (_quarter_of(day) - 1) * MONTHS_PER_QUARTER + 1
            last_month = first_month + MONTHS_PER_QUARTER - 1
            return Period(
                kind, date(day.year, first_month, 1), _last_day_of_month(day.year, last_month)
            )
        case PeriodKind.YEAR:
            return Period(kind, date(day.year, 1, 1), date(day.year, 12, 31))
        case PeriodKind.CUSTOM:
            raise ValueError("a custom period has no calendar; use custom_period(start, end)")


def custom_period(start: date, end: date) -> Period:
    """The dates from `start` to `end`, both included; ValueError if `end` is before `start`."""
    return Period(PeriodKind.CUSTOM, start, end)


def previous_period(period: Period) -> Period:
    """The period just before: the previous calendar period, or for a custom period the
    same number of days immediately before it."""
    if period.kind is PeriodKind.CUSTOM:
        return custom_period(period.start - timedelta(days=period.days), period.start - ONE_DAY)
    return period_containing(period.kind, period.start - ONE_DAY)


def next_period(period: Period) -> Period:
    """The period just after: the next calendar period, or for a custom period the same
    number of days immediately after it."""
    if period.kind is PeriodKind.CUSTOM:
        return custom_period(period.end + ONE_DAY, period.end + timedelta(days=period.days))
    return period_containing(period.kind, period.end + ONE_DAY)


def recent_periods(period: Period, count: int) -> list[Period]:
    """The `count` consecutive periods ending with `period`, oldest first."""
    if count < 0:
        raise ValueError(f"cannot list {count} periods")
    newest_first: list[Period] = []
    current = period
    for _ in range(count):
        newest_first.append(current)
        if len(newest_first) < count:
            current = previous_period(current)
    return newest_first[::-1]
