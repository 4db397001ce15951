"""Generated agent states follow the schedule closely, never overlap and import cleanly."""

from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from floorwalk.engine.adherence import (
    ActivityKind,
    ScheduledActivity,
    StateSpan,
    adherence_by_day,
)
from floorwalk.synthetic.agent_states import agent_states_for, write_agent_states_csv

ZONE = ZoneInfo("Europe/Warsaw")


def week(days: int = 5) -> list[ScheduledActivity]:
    activities = []
    for day in range(days):
        start = datetime(2026, 10, 5 + day, 9, tzinfo=ZONE)
        activities += [
            ScheduledActivity(ActivityKind.WORK, start, start + timedelta(hours=8)),
            ScheduledActivity(
                ActivityKind.BREAK,
                start + timedelta(hours=2),
                start + timedelta(hours=2, minutes=15),
            ),
            ScheduledActivity(
                ActivityKind.LUNCH,
                start + timedelta(hours=4),
                start + timedelta(hours=4, minutes=30),
            ),
            ScheduledActivity(
                ActivityKind.TRAINING, start + timedelta(hours=6), start + timedelta(hours=7)
            ),
        ]
    return activities


def test_generated_states_never_overlap_and_keep_close_to_the_schedule():
    schedules = {f"E{number}": week() for number in range(20)}

    records = agent_states_for(schedules, seed=3)

    for agent, activities in schedules.items():
        own = [record for record in records if record.agent == agent]
        assert own
        for before, after in pairwise(own):
            assert before.end <= after.start
            assert before.start < before.end
        days = adherence_by_day(activities, [_span(record) for record in own], ZONE)
        assert len(days) == 5
        for figures in days.values():
            assert 75.0 <= figures.adherence <= 100.0
            assert 75.0 <= figures.conformance <= 110.0


def test_the_same_seed_gives_the_same_states(tmp_path):
    schedules = {"E1": week(2)}

    first = write_agent_states_csv(agent_states_for(schedules, seed=9), tmp_path / "a.csv")
    second = write_agent_states_csv(agent_states_for(schedules, seed=9), tmp_path / "b.csv")

    assert first == second > 0
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    assert (tmp_path / "a.csv").read_text().splitlines()[0] == "agent,state,started_at,ended_at"


def _span(record) -> StateSpan:
    return StateSpan(record.state, record.start, record.end)
