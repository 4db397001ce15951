"""Reporting periods tile the calendar, so previous and recent periods never gap or overlap."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.engine.periods import (
    Period,
    PeriodKind,
    custom_period,
    next_period,
    period_containing,
    previous_period,
    recent_periods,
)

ONE_DAY = timedelta(days=1)
CALENDAR_KINDS = [kind for kind in PeriodKind if kind is not PeriodKind.CUSTOM]
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
calendar_kinds = st.sampled_from(CALENDAR_KINDS)


@settings(max_examples=200)
@given(kind=calendar_kinds, day=days)
def test_every_day_is_in_its_period_and_its_period_is_the_same_from_any_of_its_days(
    kind: PeriodKind, day: date
) -> None:
    period = period_containing(kind, day)

    assert period.kind is kind
    assert period.contains(day)
    assert period_containing(kind, period.start) == period
    assert period_containing(kind, period.end) == period
    assert not period.contains(period.start - ONE_DAY)
    assert not period.contains(period.end + ONE_DAY)


@settings(max_examples=200)
@given(kind=calendar_kinds, day=days)
def test_periods_of_a_kind_tile_the_calendar(kind: PeriodKind, day: date) -> None:
    period = period_containing(kind, day)

    previous = previous_period(period)

    assert previous.kind is kind
    assert previous.end + ONE_DAY == period.start
    assert period_containing(kind, period.end + ONE_DAY).start == period.end + ONE_DAY


@settings(max_examples=200)
@given(kind=calendar_kinds, day=days)
def test_each_kind_has_its_calendar_shape(kind: PeriodKind, day: date) -> None:
    period = period_containing(kind, day)

    if kind is PeriodKind.DAY:
        assert period.days == 1
    elif kind is PeriodKind.WEEK:
        assert period.days == 7
        assert period.start.weekday() == calendar.MONDAY
        assert period.start.isocalendar().week == day.isocalendar().week
    elif kind is PeriodKind.MONTH:
        assert (period.start.day, period.days) == (1, calendar.monthrange(day.year, day.month)[1])
    elif kind is PeriodKind.QUARTER:
        assert period.start.month in {1, 4, 7, 10}
        assert period.start.day == 1
        assert 90 <= period.days <= 92
    else:
        assert (period.start, period.end) == (date(day.year, 1, 1), date(day.year, 12, 31))


@settings(max_examples=100)
@given(kind=calendar_kinds, day=days, count=st.integers(0, 15))
def test_recent_periods_are_contiguous_oldest_first_ending_with_the_period(
    kind: PeriodKind, day: date, count: int
) -> None:
    period = period_containing(kind, day)

    recent = recent_periods(period, count)

    assert len(recent) == count
    if count:
        assert recent[-1] == period
    for older, newer in pairwise(recent):
        assert older.end + ONE_DAY == newer.start
        assert older.kind is newer.kind is kind


@settings(max_examples=100)
@given(start=days, length=st.integers(1, 400), count=st.integers(1, 5))
def test_custom_periods_step_back_by_their_own_length(start: date, length: int, count: int) -> None:
    period = custom_period(start, start + timedelta(days=length - 1))

    recent = recent_periods(period, count)

    assert period.days == length
    assert all(p.days == length and p.kind is PeriodKind.CUSTOM for p in recent)
    for older, newer in pairwise(recent):
        assert older.end + ONE_DAY == newer.start


@pytest.mark.parametrize(
    ("kind", "label", "start", "end"),
    [
        (PeriodKind.DAY, "2026-10-05", date(2026, 10, 5), date(2026, 10, 5)),
        (PeriodKind.WEEK, "2026-W41", date(2026, 10, 5), date(2026, 10, 11)),
        (PeriodKind.MONTH, "2026-10", date(2026, 10, 1), date(2026, 10, 31)),
        (PeriodKind.QUARTER, "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        (PeriodKind.YEAR, "2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_of_5_october_2026(kind: PeriodKind, label: str, start: date, end: date) -> None:
    period = period_containing(kind, date(2026, 10, 5))

    assert (period.label, period.start, period.end) == (label, start, end)


def test_a_week_spanning_new_year_is_labelled_by_its_iso_year() -> None:
    assert period_containing(PeriodKind.WEEK, date(2027, 1, 1)).label == "2026-W53"
    assert period_containing(PeriodKind.WEEK, date(2027, 1, 4)).label == "2027-W01"


def test_a_leap_february_has_29_days() -> None:
    assert period_containing(PeriodKind.MONTH, date(2028, 2, 10)).days == 29


def test_custom_period_label_and_previous() -> None:
    period = custom_period(date(2026, 10, 3), date(2026, 10, 20))

    assert period.label == "2026-10-03 – 2026-10-20"
    assert period.days == 18
    assert previous_period(period) == Period(
        PeriodKind.CUSTOM, date(2026, 9, 15), date(2026, 10, 2)
    )


def test_a_custom_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        custom_period(date(2026, 10, 20), date(2026, 10, 3))


def test_custom_is_not_a_calendar_kind() -> None:
    with pytest.raises(ValueError, match="custom"):
        period_containing(PeriodKind.CUSTOM, date(2026, 10, 5))


@pytest.mark.parametrize(
    ("kind", "day", "expected_start", "expected_end"),
    [
        (PeriodKind.DAY, date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 1)),
        (PeriodKind.WEEK, date(2026, 12, 30), date(2027, 1, 4), date(2027, 1, 10)),
        (PeriodKind.MONTH, date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 28)),
        (PeriodKind.QUARTER, date(2026, 11, 2), date(2027, 1, 1), date(2027, 3, 31)),
        (PeriodKind.YEAR, date(2026, 5, 5), date(2027, 1, 1), date(2027, 12, 31)),
    ],
)
def test_the_next_period_follows_the_calendar(kind, day, expected_start, expected_end):
    following = next_period(period_containing(kind, day))

    assert (following.start, following.end) == (expected_start, expected_end)


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(0, 400))
def test_next_undoes_previous_for_custom_ranges(start, length):
    period = custom_period(start, start + timedelta(days=length))

    assert previous_period(next_period(period)) == period
    assert next_period(period).start == period.end + timedelta(days=1)
