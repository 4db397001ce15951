"""The skill shortage against a small case worked out by hand."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from floorwalk.accounts.models import Role
from floorwalk.learning import skills_selectors
from floorwalk.learning.skills_selectors import (
    AgentHours,
    QueueDemand,
    available_hours,
    first_week,
    skill_shortage,
)
from floorwalk.learning.skills_services import (
    StepInput,
    path_enrol,
    path_step_add,
    skill_level_set,
    training_path_create,
)
from floorwalk.scheduling.models import Contract
from floorwalk.wfm.selectors import QueueRequirement
from tests.conftest import client_for
from tests.factories import QueueFactory, make_person

TODAY = timezone.localdate()
MONDAY = first_week(TODAY)  # the shortage starts at the coming Monday


def _requirement(queue, *, intervals: int, agents: int, shrinkage: float) -> QueueRequirement:
    zone = ZoneInfo("Europe/Warsaw")
    starts = tuple(
        datetime.combine(MONDAY + timedelta(days=index // 10), time(8 + index % 10), tzinfo=zone)
        for index in range(intervals)
    )
    return QueueRequirement(
        queue_id=queue.pk,
        queue_name=queue.name,
        interval_minutes=60,
        starts=starts,
        volume=(10.0,) * intervals,
        aht_seconds=(300.0,) * intervals,
        required_agents=(agents,) * intervals,
        required_with_shrinkage=(agents + 1,) * intervals,
        service_level_target=0.8,
        answer_within_seconds=20,
        shrinkage=shrinkage,
    )


@pytest.fixture
def small_case(floor, monkeypatch):
    """Voice needs 30 intervals × 2 agents = 60 h in the week, chat 20 × 1 = 20 h; the
    forecasts cover that week only. Ada (40 h) serves voice, Mira (40 h) voice and chat, Oskar
    (20 h) chat. Lea is learning voice, Pat is on a path to voice; neither has a contract."""
    voice = floor.agent.queues.get()
    chat = QueueFactory(name="Chat", channel="chat", site=floor.north)
    floor.mentor.queues.add(chat)
    floor.other_agent.queues.add(chat)
    for person, minutes in [(floor.agent, 2400), (floor.mentor, 2400), (floor.other_agent, 1200)]:
        Contract.objects.create(
            person=person, min_minutes_per_week=minutes, max_minutes_per_week=minutes
        )
    leader, manager = floor.user("leader"), floor.user("manager")
    lea = make_person("lea", Role.AGENT, site=floor.north, team=floor.alpha, display_name="Lea")
    skill_level_set(actor=leader, person=lea, queue=voice, level=1, assessed_on=TODAY)
    pat = make_person("pat", Role.AGENT, site=floor.north, team=floor.alpha, display_name="Pat")
    path = training_path_create(actor=manager, name="Voice basics", target_queue=voice)
    path_step_add(actor=manager, path=path, data=StepInput("shadowing", "Shadow"))
    path_enrol(actor=leader, path=path, person=pat, enrolled_on=TODAY)
    requirements = [
        _requirement(voice, intervals=30, agents=2, shrinkage=0.2),
        _requirement(chat, intervals=20, agents=1, shrinkage=0.1),
    ]
    calls = []

    def fake_requirements(*, site, start, days):
        calls.append((site, start, days))
        return requirements

    monkeypatch.setattr(skills_selectors, "interval_requirements", fake_requirements)
    monkeypatch.setattr(
        skills_selectors,
        "forecast_days",
        lambda site: {
            voice.pk: (MONDAY, MONDAY + timedelta(6)),
            chat.pk: (MONDAY, MONDAY + timedelta(6)),
        },
    )
    return {"voice": voice, "chat": chat, "lea": lea, "pat": pat, "calls": calls}


def test_shortage_matches_the_hand_computation(floor, small_case):
    shortage = skill_shortage(site=floor.north, today=TODAY, weeks=2)

    assert small_case["calls"] == [(floor.north, MONDAY, 14)]
    # Mira's 40 h go 60/80 to voice (30 h) and 20/80 to chat (10 h).
    # Voice: (40 + 30) × 0.8 = 56 h for 60 h required: 4 h short = 4 / (40 × 0.8) = 0.125 FTE.
    # Chat: (10 + 20) × 0.9 = 27 h for 20 h: 7 h to spare.
    rows = {
        item.queue.name: [
            (w.week, w.required_hours, round(w.available_hours, 6), w.agents) for w in item.weeks
        ]
        for item in shortage.queues
    }
    assert rows == {
        "Billing voice": [(MONDAY, 60.0, 56.0, 2)],
        "Chat": [(MONDAY, 20.0, 27.0, 2)],
    }
    voice_week = shortage.queues[0].weeks[0]
    assert round(voice_week.gap_hours, 6) == 4.0
    assert round(voice_week.gap_fte, 6) == 0.125
    assert [item.queue.name for item in shortage.short] == ["Billing voice"]
    assert shortage.uncovered == [
        ("Billing voice", MONDAY + timedelta(7)),
        ("Chat", MONDAY + timedelta(7)),
    ]


def test_cross_training_candidates_learning_then_on_path_then_surplus(floor, small_case):
    shortage = skill_shortage(site=floor.north, today=TODAY, weeks=1)

    candidates = [(c.person.display_name, c.reason, c.detail) for c in shortage.short[0].candidates]
    assert candidates == [
        ("Lea", "learning", "1 · Learning"),
        ("Pat", "on_path", "Voice basics"),
        ("Oskar Otheragent", "surplus", "Chat +7 h"),
    ]
    assert shortage.queues[1].candidates == []  # chat is not short


def test_an_agent_whose_queues_require_nothing_shares_equally():
    week = MONDAY
    demands = [QueueDemand(1, week, 0.0, 0.0), QueueDemand(2, week, 0.0, 0.5)]

    given = available_hours(demands, [AgentHours(7, 40.0, frozenset({1, 2, 3}))])

    assert given == {(1, week): (20.0, 1), (2, week): (10.0, 1)}


def test_the_first_week_is_the_coming_monday():
    monday = MONDAY + timedelta(days=14)
    assert [first_week(monday - timedelta(days=n)) for n in range(7)] == [monday] * 7


def test_shortage_page_and_api_show_the_gap(floor, small_case):
    page = client_for("planner").get("/skills/shortage/?weeks=1")
    api = client_for("planner").get("/api/v1/skills/shortage/?weeks=1")

    assert page.status_code == 200
    assert "short 4.0 h (0.13 FTE)" in page.content.decode()
    voice = api.json()["queues"][0]
    assert (voice["name"], voice["weeks"][0]["gap_hours"], voice["weeks"][0]["gap_fte"]) == (
        "Billing voice",
        4.0,
        0.125,
    )
    assert [c["reason"] for c in voice["candidates"]] == ["learning", "on_path", "surplus"]


def test_a_leader_sees_only_candidates_of_their_teams(floor, small_case):
    voice = client_for("leader").get("/api/v1/skills/shortage/?weeks=1").json()["queues"][0]

    assert [(c["name"], c["reason"]) for c in voice["candidates"]] == [
        ("Lea", "learning"),
        ("Pat", "on_path"),
    ]  # Oskar, with hours to spare, is Beta's
