"""Staffing follows the queue's channel: chats several at a time, email and back office as
deferred work answered within hours; targets, pages and the API say which."""

import math
from datetime import timedelta

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from floorwalk.engine.erlang import Target, offered_traffic, required_agents
from floorwalk.org.models import Channel, Queue
from floorwalk.wfm.models import StaffingTarget
from floorwalk.wfm.selectors import interval_requirements, planned_intervals, target_for
from floorwalk.wfm.services import TargetInput, forecast_run_create, staffing_target_set
from tests.conftest import client_for
from tests.wfm.conftest import make_history

INTERVAL = 30


def forecast_for(floor, queue: Queue, channel: str):
    Queue.objects.filter(pk=queue.pk).update(channel=channel)
    queue.refresh_from_db()
    make_history(queue)
    return forecast_run_create(actor=floor.user("planner"), queue=queue, horizon_days=7)


def test_chat_agents_hold_two_chats_unless_the_target_says_otherwise(floor, voice):
    run = forecast_for(floor, voice, Channel.CHAT)
    day = run.first_day
    planned = planned_intervals(voice, run, day, day)
    volume = np.array([item.volume for item in planned])
    aht = np.array([item.aht_seconds for item in planned])
    traffic = offered_traffic(volume, aht, INTERVAL)
    # Each agent is two sessions. The sessions needed are Erlang C's agents for the traffic
    # (the service level only grows with servers), so the agents are half of them, rounded up.
    sessions = required_agents(traffic, aht, Target(0.8, 20.0, None, 0.85, 0.3))
    agents = [math.ceil(s / 2) for s in sessions.agents.tolist()]
    assert [item.required_agents for item in planned] == agents
    assert [item.required_with_shrinkage for item in planned] == [
        math.ceil(n / 0.7 - 1e-9) for n in agents
    ]

    staffing_target_set(
        actor=None, queue=voice, data=TargetInput(0.8, 20, None, 0.85, 0.3, concurrency=3)
    )
    three = planned_intervals(voice, run, day, day)
    assert [item.required_agents for item in three] == [math.ceil(s / 3) for s in sessions.agents]


def naive_deferred_need(starts, volume, aht, period, hours=24.0, occupancy=0.85):
    """The work of the window spread over its open intervals, written as plain loops over the
    intervals of this period and the one before (the period repeats)."""
    both = [(s - period, v * a) for s, v, a in zip(starts, volume, aht, strict=True)] + [
        (s, v * a) for s, v, a in zip(starts, volume, aht, strict=True)
    ]
    needs = []
    for start in starts:
        end = start + INTERVAL
        inside = [work for s, work in both if end - hours * 60 <= s <= start]
        needs.append(sum(inside) / (len(inside) * INTERVAL * 60 * occupancy))
    return needs


def test_email_needs_the_day_s_work_spread_over_its_open_hours(floor, voice):
    run = forecast_for(floor, voice, Channel.EMAIL)
    day = run.first_day
    target, own = target_for(voice)
    assert not own
    assert target.summary == "90 % answered within 24 h"
    planned = planned_intervals(voice, run, day, day + timedelta(days=1))
    starts = [
        (item.start.date() - day).days * 1440 + item.start.hour * 60 + item.start.minute
        for item in planned
    ]
    needs = naive_deferred_need(
        starts, [i.volume for i in planned], [i.aht_seconds for i in planned], 2 * 1440
    )
    required = [item.required_agents for item in planned]
    running = np.cumsum(required)
    # Whole agents follow the running need: never behind it, never a whole agent ahead.
    assert np.all(running >= np.cumsum(needs) - 1e-9)
    assert np.all(running < np.cumsum(needs) + 1)
    assert sum(item.required_with_shrinkage for item in planned) == math.ceil(
        sum(needs) / 0.7 - 1e-9
    )
    # Staffed so, every interval's items are answered within the day; no ASA for email.
    assert all(item.service_level >= 0.9 for item in planned if item.volume > 0)
    assert all(item.asa_seconds is None for item in planned)

    (requirement,) = interval_requirements(site=floor.north, start=day, days=2)
    assert (requirement.response_hours, requirement.concurrency) == (24.0, 1)


@pytest.mark.parametrize(
    ("channel", "data", "field", "words"),
    [
        (Channel.VOICE, {"concurrency": 2}, "concurrency", "one contact at a time"),
        (Channel.CHAT, {"concurrency": 11}, "concurrency", "1 to 10"),
        (Channel.CHAT, {"response_hours": 4.0}, "response_hours", "answered live"),
        (Channel.EMAIL, {"response_hours": 0.0}, "response_hours", "above 0"),
        (Channel.EMAIL, {"asa_seconds": 60.0, "service_level": None}, "asa_seconds", "share"),
        (Channel.EMAIL, {"patience_seconds": 90.0}, "patience_seconds", "does not abandon"),
        (Channel.MESSAGING, {"response_hours": 2.0, "concurrency": 3}, "concurrency", "one item"),
    ],
)
def test_a_target_the_channel_cannot_have_is_refused_naming_the_field(
    floor, voice, channel, data, field, words
):
    Queue.objects.filter(pk=voice.pk).update(channel=channel)
    voice.refresh_from_db()
    values = {
        "service_level": 0.8,
        "answer_within_seconds": 20,
        "asa_seconds": None,
        "max_occupancy": 0.85,
        "shrinkage": 0.3,
        **data,
    }
    with pytest.raises(ValidationError) as refused:
        staffing_target_set(actor=None, queue=voice, data=TargetInput(**values))
    assert field in refused.value.message_dict
    assert words in " ".join(refused.value.message_dict[field])
    assert StaffingTarget.objects.count() == 0


def test_messaging_with_response_hours_is_deferred_work(floor, voice):
    Queue.objects.filter(pk=voice.pk).update(channel=Channel.MESSAGING)
    voice.refresh_from_db()
    live = staffing_target_set(actor=None, queue=voice, data=TargetInput(None, 0, 120.0, 0.9, 0.3))
    assert live.work_model(voice.channel).concurrency == 3
    assert not live.work_model(voice.channel).deferred
    later = staffing_target_set(
        actor=None, queue=voice, data=TargetInput(0.9, 0, None, 0.9, 0.3, response_hours=4)
    )
    assert later.work_model(voice.channel).response_hours == 4
    assert later.summary == "90 % answered within 4 h"


def test_the_target_page_sets_the_response_hours_and_the_day_page_shows_them(floor, voice):
    run = forecast_for(floor, voice, Channel.BACK_OFFICE)
    planner = client_for("planner")
    response = planner.post(
        reverse("wfm:target", args=[voice.pk]),
        {
            "kind": "service_level",
            "service_level_percent": "95",
            "max_occupancy_percent": "90",
            "shrinkage_percent": "20",
            "response_hours": "12",
        },
    )
    assert response.status_code == 302
    target = StaffingTarget.objects.get(queue=voice)
    assert (target.response_hours, target.concurrency, target.service_level) == (12, None, 0.95)
    # The seconds do not apply to deferred work: the page does not ask for them.
    form = planner.get(reverse("wfm:target", args=[voice.pk])).content.decode()
    assert "Answered within the response target (%)" in form

    page = client_for("agent").get(reverse("wfm:day", args=[voice.pk, run.first_day]))
    body = page.content.decode()
    assert "Answered within 12 h" in body
    assert "95 % answered within 12 h" in body
    assert "deferred work" in body

    refused = planner.post(
        reverse("wfm:target", args=[voice.pk]),
        {
            "kind": "service_level",
            "service_level_percent": "95",
            "answer_within_seconds": "0",
            "max_occupancy_percent": "90",
            "shrinkage_percent": "20",
            "concurrency": "2",
        },
    )
    assert refused.status_code == 400
    assert "one contact at a time" in refused.content.decode()


def test_the_forecast_api_says_how_the_queue_is_staffed(floor, voice):
    run = forecast_for(floor, voice, Channel.EMAIL)
    response = client_for("agent").get(
        reverse("api-queue-forecast", args=[voice.pk]), {"start": run.first_day, "days": 1}
    )
    target = response.json()["target"]
    assert (target["channel"], target["work_model"], target["response_hours"]) == (
        "email",
        "deferred",
        24.0,
    )
    assert target["concurrency"] == 1
