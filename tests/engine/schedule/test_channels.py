"""The schedule engine's service levels follow each queue's channel: chats several at a time,
deferred work answered within hours (a backlog simulation over the horizon)."""

from dataclasses import replace

import numpy as np
import pytest

from floorwalk.engine import workload
from floorwalk.engine.erlang import offered_traffic
from floorwalk.engine.schedule.changes import GiveShift, validate_change
from floorwalk.engine.schedule.coverage import allocate, group_capacity, service_levels
from floorwalk.engine.schedule.shifts import make_shift
from tests.engine.schedule.examples import INTERVAL, PER_DAY, agent, problem, queue, relaxed
from tests.engine.test_workload import textbook_service_level

EIGHT = 480 // INTERVAL  # the 08:00 interval


def mail_queue(days: int = 1, hours: float = 1.0):
    """Four items of 450 s (half an agent-hour) at 08:00, answered within `hours`."""
    base = queue("mail", days, {0: [(480, 600, 1)]})
    volume = [0.0] * (days * PER_DAY)
    volume[EIGHT] = 4.0
    return replace(
        base, volume=tuple(volume), aht_seconds=(450.0,) * len(volume), response_hours=hours
    )


def test_deferred_work_is_answered_oldest_first_within_its_hours() -> None:
    p = problem(1, (mail_queue(),), (agent("a", ("mail",)),))
    minutes = np.zeros((1, p.intervals))
    minutes[0, EIGHT : EIGHT + 4] = 10.0  # a third of an agent 08:00–10:00: 600 s each
    # 1,800 s arrive at 08:00; 600 s answered by 08:30, 1,200 by 09:00, the 1 h deadline.
    levels = service_levels(p, minutes)
    assert levels[0, EIGHT] == pytest.approx(1200 / 1800)
    assert np.all(np.delete(levels[0], EIGHT) == 1.0)  # no items: nothing to miss


def test_deferred_levels_for_some_intervals_use_the_schedule_around_them() -> None:
    p = problem(1, (mail_queue(),), (agent("a", ("mail",)),))
    baseline = np.zeros((1, p.intervals))
    baseline[0, EIGHT : EIGHT + 4] = 10.0
    # Nobody at 08:30: 600 s answered by 09:00.
    changed = service_levels(p, np.zeros((1, 1)), [EIGHT + 1], baseline)
    whole = baseline.copy()
    whole[0, EIGHT + 1] = 0.0
    assert changed[0, 0] == service_levels(p, whole)[0, EIGHT + 1] == 1.0  # no items at 08:30
    at_eight = service_levels(p, np.zeros((1, 1)), [EIGHT], baseline)
    assert at_eight[0, 0] == pytest.approx(600 / 1800)
    # Without a baseline the other intervals are staffed at their requirement (one agent
    # 08:00–10:00: 1,800 s each), so 08:00's items are answered in the next half hour.
    assert service_levels(p, np.zeros((1, 1)), [EIGHT])[0, 0] == 1.0


def test_chat_levels_count_sessions_of_whole_agents_after_shrinkage() -> None:
    chat = replace(queue("chat", 1, {0: [(480, 600, 2)]}), concurrency=2, shrinkage=0.25)
    p = problem(1, (chat,), (agent("a", ("chat",)),))
    minutes = np.zeros((1, p.intervals))
    minutes[0, EIGHT] = 3 * INTERVAL  # three agents, 2.25 after shrinkage: two answering
    level = service_levels(p, minutes)[0, EIGHT]
    traffic = offered_traffic(chat.volume[EIGHT], chat.aht_seconds[EIGHT], INTERVAL)
    # Two agents holding two chats each: four sessions.
    expected = textbook_service_level(4, float(traffic), chat.aht_seconds[EIGHT], 20.0)
    assert level == pytest.approx(expected)


def test_short_minutes_cover_deferred_work_first() -> None:
    voice = queue("voice", 1, {0: [(480, 540, 2)]})
    mail = replace(queue("mail", 1, {0: [(480, 540, 1)]}), response_hours=24.0)
    p = problem(1, (voice, mail), (agent("a", ("voice", "mail")),))
    groups = (frozenset({"voice", "mail"}),)
    capacity = np.array([[2 * INTERVAL]])  # two agents for a need of three
    flow = allocate(p, capacity, groups, [EIGHT])
    assert flow[0, :, 0].tolist() == [INTERVAL, INTERVAL]  # mail whole, voice short


def test_a_give_that_leaves_deferred_work_short_names_the_share_answered_in_time() -> None:
    sales = queue("sales", 1, {0: [(480, 720, 1)]})
    volume = [0.0] * PER_DAY
    for i in range(EIGHT, EIGHT + 8):
        volume[i] = 12.0  # 3,600 s of work each half hour 08:00–12:00: two agents' worth
    mail = replace(
        queue("mail", 1, {0: [(480, 720, 2)]}),
        volume=tuple(volume),
        aht_seconds=(300.0,) * PER_DAY,
        response_hours=2.0,
    )
    agents = (
        agent("ann", ("sales", "mail"), rules=relaxed()),
        agent("mia", ("mail",), rules=relaxed()),
        agent("sam", ("sales",), rules=relaxed()),
        agent("hal", ("sales",), rules=relaxed()),
    )
    p = problem(1, (sales, mail), agents)
    four = p.template("four")
    shifts = [make_shift(name, four, 480) for name in ("ann", "mia", "sam")]
    (reason,) = validate_change(p, shifts, GiveShift("ann", 0, "hal"))
    assert (reason.kind, reason.queue, reason.response_hours) == ("coverage", "mail", 2.0)
    # After the give Mia alone works mail 08:00–12:00: half the work each half hour.
    after = group_capacity(p, [*shifts[1:], make_shift("hal", four, 480)], ((frozenset({"mail"})),))
    staff = after[0] / INTERVAL
    expected = workload.deferred_service_level(
        np.arange(PER_DAY) * INTERVAL,
        volume,
        mail.aht_seconds,
        staff,
        INTERVAL,
        2.0,
        period_minutes=PER_DAY * INTERVAL,
    )
    hit = range(reason.start // INTERVAL, reason.end // INTERVAL)
    assert reason.service_level == pytest.approx(min(expected[i] for i in hit))
    assert reason.service_level < 0.9
