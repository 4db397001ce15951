"""Staffing by channel: live contacts several at a time, and deferred work with a backlog.
Figures are checked against the textbook Erlang C formula (factorials, small sizes) and hand
computations of the backlog."""

import math

import numpy as np
import pytest

from floorwalk.engine.erlang import (
    Target,
    offered_traffic,
    required_agents,
    required_agents_erlang_a,
)
from floorwalk.engine.workload import (
    WorkModel,
    deferred_agents_needed,
    deferred_required_agents,
    deferred_service_level,
    live_required_agents,
    live_service_level,
    on_queue_agents,
)


def textbook_service_level(servers: int, traffic: float, aht: float, within: float) -> float:
    """1 − C·e^(−(N − A)T/AHT) with C from the Erlang C formula written with factorials."""
    if servers <= traffic:
        return 0.0
    top = traffic**servers / math.factorial(servers) * servers / (servers - traffic)
    below = sum(traffic**k / math.factorial(k) for k in range(servers)) + top
    waiting = top / below
    return 1.0 - waiting * math.exp(-(servers - traffic) * within / aht)


# ---- live ---------------------------------------------------------------------------------------


def test_one_contact_at_a_time_is_plain_erlang_c_and_erlang_a() -> None:
    target = Target(0.8, 20.0, None, 0.85, 0.3)
    traffic = offered_traffic([60, 200, 7], [300, 240, 420], 30)
    aht = np.array([300.0, 240.0, 420.0])
    live = live_required_agents(traffic, aht, target)
    plain = required_agents(traffic, aht, target)
    assert live.agents.tolist() == plain.agents.tolist()
    assert live.scheduled_agents.tolist() == plain.scheduled_agents.tolist()
    with_patience = live_required_agents(traffic, aht, target, patience_seconds=120.0)
    erlang_a = required_agents_erlang_a(traffic, aht, 120.0, target)
    assert with_patience.agents.tolist() == erlang_a.agents.tolist()


@pytest.mark.parametrize("concurrency", [2, 3])
def test_chat_agents_are_the_fewest_whose_sessions_reach_the_target(concurrency: int) -> None:
    # 60 chats of 300 s in 30 minutes: 10 Erlangs of sessions.
    traffic, aht = 10.0, 300.0
    target = Target(0.8, 60.0, None, 0.85, 0.2)
    staffing = live_required_agents(traffic, aht, target, concurrency=concurrency)
    expected = next(
        n
        for n in range(1, 100)
        if textbook_service_level(n * concurrency, traffic, aht, 60.0) >= 0.8
        and traffic / (n * concurrency) <= 0.85
    )
    assert staffing.agents.tolist() == [expected]
    assert staffing.scheduled_agents.tolist() == [math.ceil(expected / 0.8 - 1e-9)]
    assert staffing.service_level[0] == pytest.approx(
        textbook_service_level(expected * concurrency, traffic, aht, 60.0)
    )
    assert staffing.occupancy[0] == pytest.approx(traffic / (expected * concurrency))
    # Two chats at once need fewer agents than one at a time.
    assert expected < required_agents(traffic, aht, target).agents[0]


def test_the_service_level_of_given_chat_agents_counts_their_sessions() -> None:
    level = live_service_level([4, 6], 10.0, 300.0, 60.0, concurrency=2)
    assert level.tolist() == pytest.approx(
        [textbook_service_level(8, 10.0, 300.0, 60.0), textbook_service_level(12, 10.0, 300.0, 60)]
    )


def test_a_work_model_refuses_impossible_settings() -> None:
    with pytest.raises(ValueError, match="concurrency"):
        WorkModel(concurrency=0)
    with pytest.raises(ValueError, match="response_hours"):
        WorkModel(response_hours=0)
    assert WorkModel(response_hours=24).deferred
    assert not WorkModel(concurrency=2).deferred


def test_agents_on_the_queue_after_shrinkage_are_whole_and_cover_the_requirement() -> None:
    # 2.5 scheduled is 2 whole agents; less 12 % shrinkage, 1.76 → 2 to the nearest.
    assert on_queue_agents(np.array([2.5, 1.0, 0.0, 17.0]), 0.12).tolist() == [2, 1, 0, 15]
    for needed in range(1, 60):
        scheduled = math.ceil(needed / (1 - 0.3) - 1e-9)
        assert on_queue_agents(np.array([float(scheduled)]), 0.3)[0] >= needed


# ---- deferred -----------------------------------------------------------------------------------

HOUR = 60.0
STARTS = [0.0, 60.0, 120.0, 180.0]  # four one-hour intervals


def test_deferred_requirement_spreads_the_window_s_work_over_its_open_time() -> None:
    # Ten items of 360 s (an agent-hour) in each of the first two hours; answer within 2 h at
    # 80 % occupancy (2,880 working seconds an agent-hour).
    volume, aht = [10, 10, 0, 0], [360.0] * 4
    needed = deferred_agents_needed(STARTS, volume, aht, HOUR, 2.0, 0.8)
    # 1st hour: its own 3,600 s over one hour; 2nd: 7,200 s over two; 3rd: the 2nd hour's
    # 3,600 s over two; 4th: nothing arrived in the 3rd or 4th hour.
    assert needed.tolist() == pytest.approx([3600 / 2880, 7200 / 5760, 3600 / 5760, 0.0])
    assert deferred_required_agents(STARTS, volume, aht, HOUR, 2.0, 0.8).tolist() == [2, 2, 1, 0]


def test_the_window_counts_only_the_open_intervals_it_holds() -> None:
    # Open 08:00–10:00 on two days, an agent-hour of work at 08:00 on day one. Day one's
    # 08:00 spreads it over its one open hour, 09:00 over two. Day two's 08:00 hour ends at
    # 09:00: its 24 h window starts at 09:00 the day before, after the work arrived.
    starts = [480.0, 540.0, 1920.0, 1980.0]
    volume, aht = [10, 0, 0, 0], [360.0] * 4
    needed = deferred_agents_needed(starts, volume, aht, HOUR, 24.0, 1.0)
    assert needed.tolist() == pytest.approx([1.0, 0.5, 0.0, 0.0])


def test_the_backlog_is_answered_oldest_first_and_carried_over() -> None:
    # Half an agent each hour answers 1,800 s; 3,600 s arrive in each of the first two hours.
    # Answered by the end of each hour: 1,800, 3,600, 5,400, 7,200 s. The first hour's items
    # are all answered by its 2 h deadline (end of hour 2); the second hour's by the end of
    # hour 3 only half (5,400 − 3,600 of 3,600); hours without items reach 1.
    level = deferred_service_level(STARTS, [10, 10, 0, 0], [360.0] * 4, [0.5] * 4, HOUR, 2.0)
    assert level.tolist() == pytest.approx([1.0, 0.5, 1.0, 1.0])


def test_maximum_occupancy_takes_its_share_of_the_agents_time() -> None:
    # At 50 % occupancy the same half agent answers 900 s an hour: 900, 1,800, 2,700 by the
    # end of hours 1–3, so the first hour's items reach 1,800 / 3,600 by their deadline and
    # the second's none (2,700 < 3,600).
    level = deferred_service_level(STARTS, [10, 10, 0, 0], [360.0] * 4, [0.5] * 4, HOUR, 2.0, 0.5)
    assert level.tolist() == pytest.approx([0.5, 0.0, 1.0, 1.0])


def test_a_steady_period_answers_late_items_with_the_next_period_s_staff() -> None:
    # The last hour's 3,600 s: by the end of the sequence half is answered. Taken as one of a
    # run of identical periods, the next period's first hour answers the rest in time.
    args = ([0, 0, 0, 10], [360.0] * 4, [0.5] * 4, HOUR, 2.0)
    assert deferred_service_level(STARTS, *args).tolist() == pytest.approx([1, 1, 1, 0.5])
    assert deferred_service_level(STARTS, *args, period_minutes=240).tolist() == pytest.approx(
        [1, 1, 1, 1]
    )


def test_a_steady_period_carries_the_backlog_of_the_period_before() -> None:
    # 2 agent-hours arrive in the last hour; one agent an hour answers them by the end of the
    # next period's first hour. That leftover delays the first hour's own item: it has a
    # quarter-hour's work (900 s) behind 3,600 s of carried work, answered in the second hour
    # within its 2 h.
    args = ([2.5, 0, 0, 20], [360.0] * 4, [1.0] * 4, HOUR, 2.0)
    alone = deferred_service_level(STARTS, *args)
    steady = deferred_service_level(STARTS, *args, period_minutes=240)
    assert alone.tolist() == pytest.approx([1, 1, 1, 0.5])
    assert steady.tolist() == pytest.approx([1, 1, 1, 1])
    # With 1 h to answer, the first hour's items wait behind the carried hour and miss it.
    tight = deferred_service_level(STARTS, *args[:4], 1.0, period_minutes=240)
    assert tight[0] == pytest.approx(0.0)


def test_deferred_staffing_at_the_requirement_reaches_the_response_target() -> None:
    rng = np.random.default_rng(5)
    starts = np.arange(5 * 24) * 30.0  # 60 h of 30-minute intervals
    volume = rng.poisson(12, starts.size).astype(float)
    aht = rng.uniform(200, 400, starts.size)
    agents = deferred_required_agents(starts, volume, aht, 30, 24.0, 0.9, period_minutes=3600)
    level = deferred_service_level(starts, volume, aht, agents, 30, 24.0, 0.9, period_minutes=3600)
    assert level.min() >= 0.99


def test_deferred_inputs_are_checked() -> None:
    with pytest.raises(ValueError, match="response_hours"):
        deferred_service_level(STARTS, [1] * 4, [60] * 4, [1] * 4, HOUR, 0.0)
    with pytest.raises(ValueError, match="decrease"):
        deferred_service_level([60.0, 0.0], [1, 1], [60, 60], [1, 1], HOUR, 2.0)
    with pytest.raises(ValueError, match="one period"):
        deferred_service_level(STARTS, [1] * 4, [60] * 4, [1] * 4, HOUR, 2.0, period_minutes=60)
    with pytest.raises(ValueError, match="finite"):
        deferred_agents_needed(STARTS, [-1] * 4, [60] * 4, HOUR, 2.0)
