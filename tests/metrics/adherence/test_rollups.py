"""The daily adherence rollups equal a minute-by-minute count of the raw states, and the
scorecards show adherence and conformance as ratios of sums."""

import random
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from floorwalk.engine.periods import PeriodKind, period_containing
from floorwalk.metrics.adherence import services
from floorwalk.metrics.adherence.imports import agent_states_import
from floorwalk.metrics.adherence.services import adherence_rebuild
from floorwalk.metrics.models import DailyAgentAdherence
from floorwalk.metrics.selectors import (
    ScorecardScope,
    scorecard_for_agent,
    scorecard_for_group,
    team_members,
)
from floorwalk.org.models import Person, Queue
from tests.metrics.adherence.conftest import Activity, FakeSchedule, at, write_states

WEEK = period_containing(PeriodKind.WEEK, date(2026, 10, 5))  # Monday 5 – Sunday 11 October
TODAY = date(2026, 11, 23)
DAYS = range(5, 10)
STATES = ("available", "on_contact", "after_contact_work", "break", "lunch", "training", "offline")
WORKING = {"available", "on_contact", "after_contact_work"}
MATCHES = {
    "work": WORKING,
    "break": {"break"},
    "lunch": {"lunch"},
    "training": {"training"},
    "meeting": {"meeting"},
}
PRECEDENCE = ("lunch", "break", "training", "meeting", "work")


def week_of(floor, seed: int = 7):
    """A random week for three agents: schedules (the mentor works half days) and states
    on whole minutes with gaps between them."""
    rng = random.Random(seed)
    schedule: dict[int, list[Activity]] = {}
    rows: list[list[object]] = []
    for person, hours in ((floor.agent, 8), (floor.mentor, 4), (floor.other_agent, 8)):
        activities = schedule.setdefault(person.pk, [])
        for day in DAYS:
            start = 8 * 60 + rng.choice((0, 30, 60))
            activities.append(
                Activity(
                    "work", at(day, 0) + minutes(start), at(day, 0) + minutes(start + hours * 60)
                )
            )
            activities.append(
                Activity(
                    "break", at(day, 0) + minutes(start + 90), at(day, 0) + minutes(start + 105)
                )
            )
            if hours == 8:
                activities.append(Activity("lunch", at(day, 12), at(day, 12, 30)))
                activities.append(Activity("training", at(day, 14), at(day, 15)))
            moment = start - rng.randint(0, 30)
            while moment < start + hours * 60 + 30:
                length = rng.randint(1, 90)
                rows.append(
                    [
                        person.employee_number,
                        rng.choice(STATES),
                        (at(day, 0) + minutes(moment)).isoformat(),
                        (at(day, 0) + minutes(moment + length)).isoformat(),
                    ]
                )
                moment += length + rng.choice((0, 0, 0, 1, 5))
    return FakeSchedule(schedule), rows


def minutes(count: int) -> timedelta:
    return timedelta(minutes=count)


def counted(schedule: FakeSchedule, rows, person: Person, day: int) -> tuple[int, int, int, int]:
    """(scheduled, adherent, scheduled work, worked) seconds, one minute at a time."""
    scheduled = adherent = work = worked = 0
    day_start, day_end = at(day, 0).isoformat(), at(day + 1, 0).isoformat()
    states = [
        (row[1], row[2], row[3])
        for row in rows
        if row[0] == person.employee_number and row[2] < day_end and row[3] > day_start
    ]
    for minute in range(24 * 60):
        moment = at(day, 0) + minutes(minute)
        text = moment.isoformat()
        kinds = {a.kind for a in schedule.activities[person.pk] if a.start <= moment < a.end}
        kind = next((k for k in PRECEDENCE if k in kinds), None)
        state = next((s for s, start, end in states if start <= text < end), None)
        worked += 60 if state in WORKING else 0
        if kind is not None:
            scheduled += 60
            work += 60 if kind == "work" else 0
            adherent += 60 if state in MATCHES[kind] else 0
    return scheduled, adherent, work, worked if work else 0


def stored(person: Person, day: int) -> tuple[int, int, int, int]:
    return DailyAgentAdherence.objects.values_list(
        "scheduled_seconds", "adherent_seconds", "scheduled_work_seconds", "worked_seconds"
    ).get(agent=person, date=date(2026, 10, day))


@pytest.fixture
def imported_week(floor, tmp_path):
    schedule, rows = week_of(floor)
    agent_states_import(path=write_states(tmp_path / "week.csv", rows), schedule_source=schedule)
    return schedule, rows


def test_each_rollup_equals_a_minute_by_minute_count(floor, imported_week):
    schedule, rows = imported_week

    assert DailyAgentAdherence.objects.count() == 3 * len(DAYS)
    for person in (floor.agent, floor.mentor, floor.other_agent):
        for day in DAYS:
            assert stored(person, day) == counted(schedule, rows, person, day), (person, day)


def test_a_rebuild_gives_the_rollups_the_import_kept(floor, imported_week):
    schedule, _rows = imported_week
    kept = sorted(
        DailyAgentAdherence.objects.values_list(
            "agent_id", "date", "adherent_seconds", "worked_seconds"
        )
    )
    DailyAgentAdherence.objects.all().delete()

    written = adherence_rebuild(
        people=Person.objects.filter(
            pk__in=[floor.agent.pk, floor.mentor.pk, floor.other_agent.pk]
        ),
        days=[date(2026, 10, day) for day in DAYS],
        schedule_source=schedule,
    )

    assert written == 15
    assert (
        sorted(
            DailyAgentAdherence.objects.values_list(
                "agent_id", "date", "adherent_seconds", "worked_seconds"
            )
        )
        == kept
    )


def test_the_agents_scorecard_shows_the_weeks_adherence_and_conformance(floor, imported_week):
    schedule, rows = imported_week
    days = [counted(schedule, rows, floor.agent, day) for day in DAYS]

    scorecard = scorecard_for_agent(floor.agent, ScorecardScope(WEEK), today=TODAY)

    lines = {line.metric.code: line for line in scorecard.lines}
    assert lines["adherence"].value == pytest.approx(
        100 * sum(d[1] for d in days) / sum(d[0] for d in days), rel=1e-12
    )
    assert lines["conformance"].value == pytest.approx(
        100 * sum(d[3] for d in days) / sum(d[2] for d in days), rel=1e-12
    )
    assert lines["adherence"].sample == sum(d[0] for d in days) // 3600


def test_the_teams_adherence_is_the_ratio_of_its_agents_sums(floor, imported_week):
    schedule, rows = imported_week
    members = team_members(floor.alpha, Person.objects.all())

    scorecard = scorecard_for_group(
        members, ScorecardScope(WEEK), site=floor.north, team=floor.alpha, today=TODAY
    )

    per_agent = {
        person.pk: [counted(schedule, rows, person, day) for day in DAYS]
        for person in (floor.agent, floor.mentor)
    }
    scheduled = sum(d[0] for days in per_agent.values() for d in days)
    adherent = sum(d[1] for days in per_agent.values() for d in days)
    team_line = next(line for line in scorecard.lines if line.metric.code == "adherence")
    assert team_line.value == pytest.approx(100 * adherent / scheduled, rel=1e-12)
    mean_of_ratios = (
        sum(100 * sum(d[1] for d in days) / sum(d[0] for d in days) for days in per_agent.values())
        / 2
    )
    assert team_line.value != pytest.approx(mean_of_ratios, rel=1e-6)
    cells = {row.agent.pk: row.cells["adherence"].value for row in scorecard.rows}
    for pk, days in per_agent.items():
        assert cells[pk] == pytest.approx(100 * sum(d[1] for d in days) / sum(d[0] for d in days))


def test_a_scorecard_narrowed_to_a_queue_leaves_adherence_out(floor, imported_week):
    queue = Queue.objects.get(name="Billing voice")

    scorecard = scorecard_for_agent(floor.agent, ScorecardScope(WEEK, queue=queue), today=TODAY)

    lines = {line.metric.code: line for line in scorecard.lines}
    assert (lines["adherence"].value, lines["conformance"].value) == (None, None)


def test_the_rebuild_command_recomputes_the_days_asked_for(floor, imported_week, monkeypatch):
    schedule, _rows = imported_week
    monkeypatch.setattr(services, "published_schedule", schedule)
    kept = sorted(DailyAgentAdherence.objects.values_list("agent_id", "date", "adherent_seconds"))
    DailyAgentAdherence.objects.all().delete()

    call_command("rebuild_adherence", "--from", "2026-10-05", "--to", "2026-10-09", verbosity=0)

    assert (
        sorted(DailyAgentAdherence.objects.values_list("agent_id", "date", "adherent_seconds"))
        == kept
    )
