"""The agent-state import: row errors, all or nothing, idempotence, and the rollups it keeps."""

from datetime import UTC, date, datetime, timedelta

import pytest

from floorwalk.core.imports import ImportRefusedError
from floorwalk.engine.adherence import ActivityKind, ScheduledActivity
from floorwalk.metrics.adherence.imports import agent_states_import
from floorwalk.metrics.models import AgentStateEvent, DailyAgentAdherence
from floorwalk.synthetic.agent_states import agent_states_for, write_agent_states_csv
from tests.metrics.adherence.conftest import Activity, FakeSchedule, at, stamp, write_states

OCT_5 = date(2026, 10, 5)


def adas_day(floor) -> FakeSchedule:
    """Ada works 9:00–13:00 on 5 October with a break 11:00–11:15."""
    return FakeSchedule(
        {
            floor.agent.pk: [
                Activity("work", at(5, 9), at(5, 13)),
                Activity("break", at(5, 11), at(5, 11, 15)),
            ]
        }
    )


def adas_states(floor) -> list[list[object]]:
    ada = floor.agent.employee_number
    return [
        [ada, "available", stamp(5, 8, 55), stamp(5, 11, 5)],
        [ada, "Break", stamp(5, 11, 5), stamp(5, 11, 25)],
        [ada, "on contact", stamp(5, 11, 25), stamp(5, 12, 30)],
        [ada, "offline", stamp(5, 12, 30), stamp(5, 13)],
    ]


def rollups() -> list[tuple]:
    return list(
        DailyAgentAdherence.objects.order_by("agent_id", "date").values_list(
            "agent_id",
            "date",
            "scheduled_seconds",
            "adherent_seconds",
            "scheduled_work_seconds",
            "worked_seconds",
        )
    )


def stored_states() -> list[tuple]:
    return list(
        AgentStateEvent.objects.order_by("started_at").values_list(
            "source", "agent_id", "state", "started_at", "ended_at"
        )
    )


def test_import_stores_states_and_the_days_adherence(floor, tmp_path):
    path = write_states(tmp_path / "states.csv", adas_states(floor))

    report = agent_states_import(path=path, schedule_source=adas_day(floor))

    assert (report.rows_read, report.created, report.updated, report.unchanged) == (4, 4, 0, 0)
    assert [row[2] for row in stored_states()] == ["available", "break", "on_contact", "offline"]
    # Scheduled 9:00–13:00 = 240 min; break 11:00–11:15. In adherence: work 9:00–11:00 (120),
    # break 11:05–11:15 (10), work 11:25–12:30 (65) = 195 min. Worked: 8:55–11:05 and
    # 11:25–12:30 = 130 + 65 = 195 min, against 225 min of scheduled work.
    assert rollups() == [(floor.agent.pk, OCT_5, 240 * 60, 195 * 60, 225 * 60, 195 * 60)]


def test_reimporting_the_same_file_changes_nothing(floor, tmp_path):
    path = write_states(tmp_path / "states.csv", adas_states(floor))
    agent_states_import(path=path, schedule_source=adas_day(floor))
    before = (stored_states(), rollups())

    report = agent_states_import(path=path, schedule_source=adas_day(floor))

    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert (stored_states(), rollups()) == before


def test_a_changed_row_updates_the_state_and_recomputes_the_day(floor, tmp_path):
    agent_states_import(
        path=write_states(tmp_path / "states.csv", adas_states(floor)),
        schedule_source=adas_day(floor),
    )
    changed = adas_states(floor)
    changed[3][1] = "available"  # 12:30–13:00 worked after all

    report = agent_states_import(
        path=write_states(tmp_path / "fixed.csv", changed), schedule_source=adas_day(floor)
    )

    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    assert AgentStateEvent.objects.count() == 4
    assert rollups() == [(floor.agent.pk, OCT_5, 240 * 60, 225 * 60, 225 * 60, 225 * 60)]


def test_times_without_offset_are_the_sites_local_time(floor, tmp_path):
    ada = floor.agent.employee_number
    path = write_states(
        tmp_path / "states.csv", [[ada, "available", "2026-10-05T09:00:00", "2026-10-05 10:00:00"]]
    )

    agent_states_import(path=path, schedule_source=FakeSchedule())

    assert stored_states() == [
        (
            "default",
            floor.agent.pk,
            "available",
            at(5, 9).astimezone(UTC),
            at(5, 10).astimezone(UTC),
        )
    ]


def test_fractions_of_a_second_are_dropped(floor, tmp_path):
    ada = floor.agent.employee_number
    path = write_states(
        tmp_path / "states.csv",
        [[ada, "available", "2026-10-05T09:00:00.900+02:00", "2026-10-05T09:30:00.2+02:00"]],
    )

    agent_states_import(path=path, schedule_source=FakeSchedule())

    assert stored_states()[0][3:] == (
        datetime(2026, 10, 5, 7, tzinfo=UTC),
        datetime(2026, 10, 5, 7, 30, tzinfo=UTC),
    )


def test_every_bad_row_is_named_and_nothing_is_applied(floor, tmp_path):
    ada = floor.agent.employee_number
    path = write_states(
        tmp_path / "states.csv",
        [
            [ada, "available", stamp(5, 8), stamp(5, 9)],
            ["nobody", "available", stamp(5, 8), stamp(5, 9)],
            [ada, "coffee", stamp(5, 9), stamp(5, 10)],
            [ada, "break", "yesterday", stamp(5, 10)],
            [ada, "break", stamp(5, 11), stamp(5, 10)],
            [ada, "offline", stamp(5, 11), stamp(6, 12)],
            [ada, "lunch", stamp(5, 8, 30), stamp(5, 8, 45)],
            [ada, "lunch", stamp(5, 8), stamp(5, 8, 10)],
            [ada, "available", "2026-03-29T02:30:00", stamp(5, 10)],
            [ada, "", stamp(5, 13), stamp(5, 14)],
        ],
    )

    with pytest.raises(ImportRefusedError) as refused:
        agent_states_import(path=path, schedule_source=adas_day(floor))

    assert [(error.row, error.column, error.reason) for error in refused.value.report.errors] == [
        (3, "agent", "no person has this employee number (import people first)"),
        (
            4,
            "state",
            "unknown state; use one of available, ready, idle, on_contact, on_call, on_chat, "
            "talking, interacting, after_contact_work, after_call_work, acw, wrap_up, wrapup, "
            "break, lunch, meal, training, meeting, offline, logged_out",
        ),
        (5, "started_at", "not a date and time in ISO 8601 form, e.g. 2026-10-01T09:30:00+02:00"),
        (6, "ended_at", "must be after started_at"),
        (7, "ended_at", "a state lasts at most 24 hours; split longer ones"),
        (
            8,
            "started_at",
            "overlaps row 2 (2026-10-05 08:00:00 to 2026-10-05 09:00:00) of the same agent",
        ),
        (9, "started_at", "repeats the agent and start of row 2"),
        (
            10,
            "started_at",
            "this local time does not exist at the site (clocks went forward); "
            "add the offset, e.g. +02:00",
        ),
        (11, "state", "a value is required"),
    ]
    assert refused.value.report.invalid_rows == 9
    assert AgentStateEvent.objects.count() == 0
    assert DailyAgentAdherence.objects.count() == 0
    assert (tmp_path / "states.rejected.csv").read_text(encoding="utf-8").count("\n") == 10


def test_an_ambiguous_local_time_asks_for_the_offset(floor, tmp_path):
    ada = floor.agent.employee_number
    path = write_states(
        tmp_path / "states.csv", [[ada, "available", "2026-10-25T02:30:00", "2026-10-25T05:00:00"]]
    )

    with pytest.raises(ImportRefusedError) as refused:
        agent_states_import(path=path, schedule_source=FakeSchedule())

    assert [error.reason for error in refused.value.report.errors] == [
        "this local time happens twice at the site (clocks went back); add the offset, e.g. +02:00"
    ]


def test_skip_invalid_applies_the_valid_rows_only(floor, tmp_path):
    rows = [*adas_states(floor), [floor.agent.employee_number, "nap", stamp(5, 14), stamp(5, 15)]]
    path = write_states(tmp_path / "states.csv", rows)

    report = agent_states_import(path=path, skip_invalid=True, schedule_source=adas_day(floor))

    assert (report.rows_read, report.invalid_rows, report.created) == (5, 1, 4)
    assert AgentStateEvent.objects.count() == 4
    assert rollups()[0][3] == 195 * 60


def test_dry_run_counts_and_changes_nothing(floor, tmp_path):
    path = write_states(tmp_path / "states.csv", adas_states(floor))

    report = agent_states_import(path=path, dry_run=True, schedule_source=adas_day(floor))

    assert (report.created, report.applied) == (4, False)
    assert AgentStateEvent.objects.count() == 0
    assert DailyAgentAdherence.objects.count() == 0


def test_a_row_overlapping_a_stored_state_of_another_source_is_refused(floor, tmp_path):
    agent_states_import(
        path=write_states(tmp_path / "states.csv", adas_states(floor)),
        source="genesys",
        schedule_source=adas_day(floor),
    )
    ada = floor.agent.employee_number
    path = write_states(tmp_path / "other.csv", [[ada, "lunch", stamp(5, 12), stamp(5, 12, 45)]])

    with pytest.raises(ImportRefusedError) as refused:
        agent_states_import(path=path, source="five9", schedule_source=adas_day(floor))

    assert [error.reason for error in refused.value.report.errors] == [
        "overlaps the stored state from 2026-10-05 12:30:00 to 2026-10-05 13:00:00 (source genesys)"
    ]
    assert AgentStateEvent.objects.count() == 4


def test_a_state_moved_to_another_day_recomputes_both_days(floor, tmp_path):
    ada = floor.agent.employee_number
    schedule = FakeSchedule(
        {
            floor.agent.pk: [
                Activity("work", at(5, 9), at(5, 10)),
                Activity("work", at(6, 8), at(6, 9)),
            ]
        }
    )
    agent_states_import(
        path=write_states(tmp_path / "a.csv", [[ada, "available", stamp(5, 9), stamp(5, 10)]]),
        schedule_source=schedule,
    )
    assert [row[3] for row in rollups()] == [3600]

    # Same start, now ending the next morning: the 5th keeps its hour, the 6th gains one.
    agent_states_import(
        path=write_states(tmp_path / "b.csv", [[ada, "available", stamp(5, 9), stamp(6, 8, 30)]]),
        schedule_source=schedule,
    )

    assert [(row[1], row[3]) for row in rollups()] == [
        (OCT_5, 3600),
        (OCT_5 + timedelta(days=1), 1800),
    ]


def test_an_agent_without_a_schedule_gets_no_adherence_row(floor, tmp_path):
    path = write_states(tmp_path / "states.csv", adas_states(floor))

    agent_states_import(path=path, schedule_source=FakeSchedule())

    assert AgentStateEvent.objects.count() == 4
    assert DailyAgentAdherence.objects.count() == 0


def test_a_generated_week_imports_cleanly_and_fills_every_scheduled_day(floor, tmp_path):
    activities = [
        ScheduledActivity(ActivityKind(kind), at(day, start), at(day, end))
        for day in range(5, 10)
        for kind, start, end in (("work", 9, 17), ("lunch", 12, 13))
    ]
    records = agent_states_for({floor.agent.employee_number: activities}, seed=4)
    path = tmp_path / "generated.csv"
    write_agent_states_csv(records, path)
    schedule = FakeSchedule(
        {floor.agent.pk: [Activity(a.kind.value, a.start, a.end) for a in activities]}
    )

    report = agent_states_import(path=path, schedule_source=schedule)

    assert (report.invalid_rows, report.created) == (0, len(records))
    assert [row[1] for row in rollups()] == [OCT_5 + timedelta(days=n) for n in range(5)]
