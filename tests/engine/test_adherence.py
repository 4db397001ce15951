"""Adherence and conformance, checked against a minute-by-minute count of the same schedule."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.engine.adherence import (
    MATCHING_STATES,
    PRECEDENCE,
    WORKING_STATES,
    ActivityKind,
    AgentState,
    ScheduledActivity,
    StateSpan,
    adherence_by_day,
    days_touched,
    state_from_name,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
# Local midnight two days before the clocks go back (25 October 2026): the days under test
# include one of 25 hours.
BASE = datetime(2026, 10, 23, tzinfo=HELSINKI).astimezone(UTC)
SPAN_MINUTES = 4 * 24 * 60
MINUTE = timedelta(minutes=1)


def at(minute: int) -> datetime:
    return BASE + minute * MINUTE


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 10, 23 + day, hour, minute, tzinfo=HELSINKI)


activities_strategy = st.lists(
    st.tuples(
        st.sampled_from(list(ActivityKind)),
        st.integers(0, SPAN_MINUTES - 1),
        st.integers(1, 600),
    ),
    max_size=12,
).map(
    lambda items: [
        ScheduledActivity(kind, at(start), at(min(start + length, SPAN_MINUTES)))
        for kind, start, length in items
    ]
)


@st.composite
def states_strategy(draw) -> list[StateSpan]:
    """States one after another, with gaps, never overlapping (as the import ensures)."""
    spans = []
    minute = draw(st.integers(-120, 600))
    for _ in range(draw(st.integers(0, 30))):
        minute += draw(st.integers(0, 240))
        length = draw(st.integers(1, 480))
        spans.append(
            StateSpan(draw(st.sampled_from(list(AgentState))), at(minute), at(minute + length))
        )
        minute += length
    return spans


def brute_force(activities, states):
    """Each minute of the span on its own: what was scheduled, what the agent was in."""
    per_day = defaultdict(lambda: {"scheduled": 0, "adherent": 0, "work": 0, "worked": 0})
    misses = {}
    for minute in range(-600, SPAN_MINUTES + 600):
        moment = at(minute)
        day = moment.astimezone(HELSINKI).date()
        kinds = [a.kind for a in activities if a.start <= moment < a.end]
        scheduled = next((kind for kind in PRECEDENCE if kind in kinds), None)
        state = next((s.state for s in states if s.start <= moment < s.end), None)
        figures = per_day[day]
        if state in WORKING_STATES:
            figures["worked"] += 60
        if scheduled is None:
            continue
        figures["scheduled"] += 60
        figures["work"] += 60 if scheduled is ActivityKind.WORK else 0
        if state in MATCHING_STATES[scheduled]:
            figures["adherent"] += 60
        else:
            misses[moment] = (scheduled, state)
    result = {}
    for day, figures in per_day.items():
        if figures["scheduled"]:
            if not figures["work"]:
                figures["worked"] = 0
            result[day] = figures
    return result, misses


@settings(max_examples=150, deadline=None)
@given(activities_strategy, states_strategy())
def test_adherence_equals_a_minute_by_minute_count(activities, states):
    expected, expected_misses = brute_force(activities, states)

    days = adherence_by_day(activities, states, HELSINKI)

    assert list(days) == sorted(expected)
    for day, figures in days.items():
        assert (
            figures.scheduled_seconds,
            figures.adherent_seconds,
            figures.scheduled_work_seconds,
            figures.worked_seconds,
        ) == (
            expected[day]["scheduled"],
            expected[day]["adherent"],
            expected[day]["work"],
            expected[day]["worked"],
        )
    found_misses = {}
    for day, figures in days.items():
        for span in figures.out_of_adherence:
            assert span.start.astimezone(HELSINKI).date() == day
            moment = span.start
            while moment < span.end:
                found_misses[moment] = (span.scheduled, span.actual)
                moment += MINUTE
    assert found_misses == expected_misses


@settings(max_examples=100, deadline=None)
@given(activities_strategy, states_strategy())
def test_out_of_adherence_spans_are_maximal_and_add_up(activities, states):
    days = adherence_by_day(activities, states, HELSINKI)

    for figures in days.values():
        spans = figures.out_of_adherence
        assert sum(span.seconds for span in spans) == (
            figures.scheduled_seconds - figures.adherent_seconds
        )
        for before, after in itertools.pairwise(spans):
            assert before.end <= after.start
            assert not (
                before.end == after.start
                and (before.scheduled, before.actual) == (after.scheduled, after.actual)
            )


def test_break_taken_late_shows_the_span_with_what_was_scheduled():
    shift = ScheduledActivity(ActivityKind.WORK, local(0, 9), local(0, 17))
    scheduled_break = ScheduledActivity(ActivityKind.BREAK, local(0, 10), local(0, 10, 15))
    states = [
        StateSpan(AgentState.AVAILABLE, local(0, 9), local(0, 10, 32)),
        StateSpan(AgentState.BREAK, local(0, 10, 32), local(0, 10, 51)),
        StateSpan(AgentState.ON_CONTACT, local(0, 10, 51), local(0, 17)),
    ]

    day = adherence_by_day([shift, scheduled_break], states, HELSINKI)[date(2026, 10, 23)]

    assert day.scheduled_seconds == 8 * 3600
    assert day.scheduled_work_seconds == 8 * 3600 - 15 * 60
    assert day.adherent_seconds == 8 * 3600 - 15 * 60 - 19 * 60
    assert day.worked_seconds == 8 * 3600 - 19 * 60
    assert [
        (
            span.start.astimezone(HELSINKI).strftime("%H:%M"),
            span.end.astimezone(HELSINKI).strftime("%H:%M"),
            span.scheduled,
            span.actual,
        )
        for span in day.out_of_adherence
    ] == [
        ("10:00", "10:15", ActivityKind.BREAK, AgentState.AVAILABLE),
        ("10:32", "10:51", ActivityKind.WORK, AgentState.BREAK),
    ]
    assert day.adherence == pytest.approx(100 * (8 * 60 - 34) / (8 * 60))
    assert day.conformance == pytest.approx(100 * (8 * 60 - 19) / (8 * 60 - 15))


def test_a_shift_across_midnight_counts_on_both_days():
    shift = ScheduledActivity(ActivityKind.WORK, local(0, 22), local(1, 6))
    states = [StateSpan(AgentState.AVAILABLE, local(0, 22), local(1, 6))]

    days = adherence_by_day([shift], states, HELSINKI)

    assert {day: figures.scheduled_seconds for day, figures in days.items()} == {
        date(2026, 10, 23): 2 * 3600,
        date(2026, 10, 24): 6 * 3600,
    }
    assert all(figures.adherence == 100.0 for figures in days.values())


def test_a_day_without_schedule_has_no_figure_rather_than_zero():
    shift = ScheduledActivity(ActivityKind.WORK, local(0, 9), local(0, 17))
    states = [
        StateSpan(AgentState.AVAILABLE, local(0, 9), local(0, 17)),
        StateSpan(AgentState.AVAILABLE, local(1, 9), local(1, 17)),
    ]

    days = adherence_by_day([shift], states, HELSINKI)

    assert list(days) == [date(2026, 10, 23)]
    assert adherence_by_day([], states, HELSINKI) == {}


def test_a_gap_in_the_states_is_out_of_adherence_with_no_state():
    shift = ScheduledActivity(ActivityKind.WORK, local(0, 9), local(0, 10))
    states = [StateSpan(AgentState.AVAILABLE, local(0, 9, 30), local(0, 10))]

    day = adherence_by_day([shift], states, HELSINKI)[date(2026, 10, 23)]

    assert day.adherent_seconds == 1800
    assert [(span.seconds, span.actual) for span in day.out_of_adherence] == [(1800, None)]


def test_worked_time_outside_the_shift_counts_for_conformance_not_adherence():
    shift = ScheduledActivity(ActivityKind.WORK, local(0, 9), local(0, 10))
    states = [StateSpan(AgentState.ON_CONTACT, local(0, 8), local(0, 10, 30))]

    day = adherence_by_day([shift], states, HELSINKI)[date(2026, 10, 23)]

    assert (day.adherence, day.conformance) == (100.0, 250.0)


def test_meeting_is_matched_by_the_meeting_state_only():
    meeting = ScheduledActivity(ActivityKind.MEETING, local(0, 9), local(0, 10))
    states = [
        StateSpan(AgentState.MEETING, local(0, 9), local(0, 9, 40)),
        StateSpan(AgentState.AVAILABLE, local(0, 9, 40), local(0, 10)),
    ]

    day = adherence_by_day([meeting], states, HELSINKI)[date(2026, 10, 23)]

    assert (day.adherent_seconds, day.scheduled_work_seconds, day.worked_seconds) == (2400, 0, 0)


def test_the_long_day_of_a_daylight_saving_change_has_25_hours():
    # Clocks go back at 04:00 on 25 October in Helsinki.
    shift = ScheduledActivity(ActivityKind.WORK, local(2, 0), local(3, 0))

    days = adherence_by_day([shift], [], HELSINKI)

    assert days[date(2026, 10, 25)].scheduled_seconds == 25 * 3600
    assert days_touched(local(2, 0), local(3, 0), HELSINKI) == [date(2026, 10, 25)]


def test_overlapping_states_are_refused():
    shift = ScheduledActivity(ActivityKind.WORK, local(0, 9), local(0, 10))
    states = [
        StateSpan(AgentState.AVAILABLE, local(0, 9), local(0, 9, 30)),
        StateSpan(AgentState.BREAK, local(0, 9, 20), local(0, 10)),
    ]

    with pytest.raises(ValueError, match="overlap"):
        adherence_by_day([shift], states, HELSINKI)


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("Available", AgentState.AVAILABLE),
        ("on contact", AgentState.ON_CONTACT),
        ("After-contact work", AgentState.AFTER_CONTACT_WORK),
        ("wrap-up", AgentState.AFTER_CONTACT_WORK),
        (" LUNCH ", AgentState.LUNCH),
        ("logged out", AgentState.OFFLINE),
        ("coffee", None),
        ("", None),
    ],
)
def test_platform_state_names_map_to_states_or_to_nothing(name, state):
    assert state_from_name(name) == state
