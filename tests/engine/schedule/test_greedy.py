import time

import pytest

from floorwalk.engine.schedule import greedy
from floorwalk.engine.schedule.check import check_schedule
from floorwalk.engine.schedule.coverage import required_minutes
from floorwalk.engine.schedule.lns import Improver
from floorwalk.engine.schedule.problem import Problem
from floorwalk.engine.schedule.shifts import make_shift
from tests.engine.schedule.test_solve import mixed_week, two_agents_two_days


def shifts_of(p: Problem, rows: dict[str, dict[int, greedy.Choice]]) -> list[object]:
    return [
        make_shift(agent, p.template(c.template), c.start)
        for agent, row in rows.items()
        for c in row.values()
    ]


@pytest.mark.parametrize("make", [mixed_week, two_agents_two_days])
def test_the_greedy_rows_keep_every_hard_rule(make: object) -> None:
    p = make()  # type: ignore[operator]
    ids = [q.id for q in p.queues]
    need = required_minutes(p).astype(float)
    rows = {}
    for agent in p.agents:
        row = greedy._greedy_row(p, agent, need, ids, {})
        assert row is not None, agent.id
        rows[agent.id] = row
    assert check_schedule(p, shifts_of(p, rows)) == ()  # type: ignore[arg-type]


def test_the_first_schedule_falls_back_to_cp_sat_when_the_greedy_order_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = mixed_week()
    monkeypatch.setattr(greedy, "_greedy_row", lambda *args: None)
    rows = greedy.first_schedule(p)
    assert rows is not None
    assert check_schedule(p, shifts_of(p, rows)) == ()  # type: ignore[arg-type]


def test_the_greedy_covers_the_open_requirement_first() -> None:
    p = two_agents_two_days()
    ids = [q.id for q in p.queues]
    need = required_minutes(p).astype(float)
    row = greedy._greedy_row(p, p.agents[0], need, ids, {})
    assert row is not None
    # Day 0 needs two agents 10:00-12:00 and one 08:00-10:00; a 4-hour shift from 08:00 covers
    # the most of it; day 1 needs one agent 09:00-13:00, which the 09:00 start covers exactly.
    assert {d: c.start % 1440 for d, c in row.items()} == {0: 480, 1: 540}


def test_a_greedy_pass_never_worsens_the_schedule_and_keeps_the_rules() -> None:
    p = mixed_week()
    rows = greedy.first_schedule(p, seed=1)
    assert rows is not None
    improver = Improver(p, rows, seed=1)
    before = improver.score.key()
    for _ in range(3):
        improver.greedy_pass(time.monotonic() + 60)
    assert improver.score.key() <= before
    assert check_schedule(p, shifts_of(p, improver.rows)) == ()  # type: ignore[arg-type]
