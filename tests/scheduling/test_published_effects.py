"""What publishing sets off: the fairness ledger and the adherence rollups."""

from datetime import timedelta

import pytest

from floorwalk.metrics.models import AgentStateEvent, DailyAgentAdherence
from floorwalk.org.models import Queue
from floorwalk.scheduling.models import FairnessLedger, Schedule
from floorwalk.scheduling.services import (
    schedule_create_draft,
    schedule_draft_replace_shifts,
    schedule_publish,
    scheduled_shift_remove,
)
from tests.conftest import site_today
from tests.scheduling.conftest import at, draft_with_shifts, shift_for


def _report(floor, carried: dict, following: dict) -> dict:
    return {
        "satisfaction": [
            {
                "person": person.pk,
                "score": 0.5,
                "fairness_balance": carried[person.pk],
                "next_balance": following[person.pk],
            }
            for person in (floor.agent, floor.other_agent)
        ]
    }


def test_publishing_moves_each_ledger_by_the_generators_step(floor):
    FairnessLedger.objects.create(person=floor.agent, balance=-0.2)
    schedule = draft_with_shifts(floor)
    # The generation carried in 0.1 for Ada (her ledger has moved since) and 0 for Oskar.
    Schedule.objects.filter(pk=schedule.pk).update(
        report=_report(
            floor,
            {floor.agent.pk: 0.1, floor.other_agent.pk: 0.0},
            {floor.agent.pk: 0.3, floor.other_agent.pk: -0.15},
        )
    )
    schedule_publish(actor=floor.user("planner"), schedule=schedule)
    ada = FairnessLedger.objects.get(person=floor.agent)
    oskar = FairnessLedger.objects.get(person=floor.other_agent)
    assert ada.balance == pytest.approx(-0.2 + (0.3 - 0.1))
    assert oskar.balance == pytest.approx(-0.15)
    assert ada.history == [
        {
            "schedule": schedule.pk,
            "start_date": "2026-12-07",
            "before": -0.2,
            "after": pytest.approx(0.0),
            "satisfaction": 0.5,
        }
    ]


def test_a_schedule_without_a_generator_report_leaves_the_ledgers_alone(floor):
    schedule = draft_with_shifts(floor)
    schedule_publish(actor=floor.user("planner"), schedule=schedule)
    assert not FairnessLedger.objects.exists()


def test_the_ledger_page_lists_the_worst_off_first(floor, client):
    from tests.conftest import client_for

    FairnessLedger.objects.create(person=floor.agent, balance=0.25)
    FairnessLedger.objects.create(
        person=floor.other_agent,
        balance=-0.4,
        history=[{"schedule": 1, "before": 0, "after": -0.4, "satisfaction": 0.2}],
    )
    body = client_for("planner").get(f"/schedule/sites/{floor.north.pk}/fairness/").content.decode()
    assert body.index("Oskar Otheragent") < body.index("Mira Mentor") < body.index("Ada Agent")
    assert "-0.400" in body
    assert "20 %" in body


def _worked_yesterday(floor):
    """Ada's published shift yesterday 08:00–16:00 at North, and her states: on contact
    08:00–12:00, offline after."""
    day = site_today(floor.north) - timedelta(days=1)
    voice = Queue.objects.get(name="Billing voice")
    AgentStateEvent.objects.create(
        source="test",
        agent=floor.agent,
        state="on_contact",
        started_at=at(day, 8),
        ended_at=at(day, 12),
    )
    schedule = schedule_create_draft(
        actor=floor.user("planner"), site=floor.north, start_date=day, days=1
    )
    schedule_draft_replace_shifts(
        actor=floor.user("planner"),
        schedule=schedule,
        shifts=[shift_for(floor.agent, day, 8, 16, queue=voice)],
    )
    return day, schedule


def test_publishing_rebuilds_adherence_of_the_people_and_past_days(
    floor, django_capture_on_commit_callbacks
):
    day, schedule = _worked_yesterday(floor)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_publish(actor=floor.user("planner"), schedule=schedule)
    row = DailyAgentAdherence.objects.get(agent=floor.agent, date=day)
    # 8 hours scheduled (7.5 work and a 30-minute lunch); 4 hours on contact during work.
    assert row.scheduled_seconds == 8 * 3600
    assert row.scheduled_work_seconds == 7.5 * 3600
    assert row.adherent_seconds == 4 * 3600


def test_removing_a_published_shift_rebuilds_that_day(floor, django_capture_on_commit_callbacks):
    day, schedule = _worked_yesterday(floor)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_publish(actor=floor.user("planner"), schedule=schedule)
    assert DailyAgentAdherence.objects.filter(agent=floor.agent, date=day).exists()
    with django_capture_on_commit_callbacks(execute=True):
        scheduled_shift_remove(actor=floor.user("planner"), shift=schedule.shifts.get())
    assert not DailyAgentAdherence.objects.filter(agent=floor.agent, date=day).exists()


def test_the_forecast_day_shows_scheduled_staff_and_their_service_level_to_an_agent(floor):
    import math

    from floorwalk.engine.erlang import offered_traffic, service_level
    from floorwalk.wfm.selectors import DEFAULT_TARGET, interval_requirements
    from tests.scheduling.generation_setup import FORECAST_START, ready_site

    voice, _templates = ready_site(floor)
    monday = FORECAST_START
    schedule = schedule_create_draft(
        actor=floor.user("planner"), site=floor.north, start_date=monday, days=1
    )
    # Ada 08–16 and Mira 10–18, each with a lunch in the middle hour's first half.
    schedule_draft_replace_shifts(
        actor=floor.user("planner"),
        schedule=schedule,
        shifts=[
            shift_for(floor.agent, monday, 8, 16, queue=voice),
            shift_for(floor.mentor, monday, 10, 18, queue=voice),
        ],
    )
    from django.urls import reverse

    from tests.conftest import client_for

    url = reverse("wfm:day", args=[voice.pk, monday.isoformat()])
    before = client_for("agent").get(url).content.decode()
    assert "No published schedule covers this day yet" in before
    schedule_publish(actor=floor.user("planner"), schedule=schedule)
    body = client_for("agent").get(url).content.decode()
    requirement = interval_requirements(site=floor.north, start=monday, days=1)[0]
    # 10:30–11:00: both on the queue (Ada's lunch is 12:00–12:30, Mira's 14:00–14:30).
    index = [s.astimezone(floor_zone(floor)).strftime("%H:%M") for s in requirement.starts].index(
        "10:30"
    )
    on_phone = math.floor(2 * (1 - DEFAULT_TARGET.shrinkage) + 1e-9)
    traffic = offered_traffic(requirement.volume[index], requirement.aht_seconds[index], 30)
    level = float(
        service_level(
            on_phone, traffic, requirement.aht_seconds[index], DEFAULT_TARGET.answer_within_seconds
        )
    )
    row = body.split("<td>10:30</td>")[1].split("</tr>")[0]
    assert '<td class="text-end">2</td>' in row
    after = row.split('<td class="text-end">2</td>')[1].strip()
    assert after.startswith(f'<td class="text-end">{round(level * 100)} %</td>')


def floor_zone(floor):
    from zoneinfo import ZoneInfo

    return ZoneInfo(floor.north.time_zone)
