"""Bidding on the pages and over the API, at the real clock: a site whose history runs to
yesterday, so next week's draft has a forecast."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from floorwalk.org.models import Queue
from floorwalk.scheduling.models import BiddingStatus, BiddingWindow, BidPick, GenerationRun
from floorwalk.scheduling.services import (
    BreakSpec,
    ContractInput,
    ShiftTemplateInput,
    contract_set,
    schedule_create_draft,
    shift_template_create,
)
from floorwalk.wfm.services import forecast_run_create
from tests.conftest import client_for
from tests.wfm.conftest import make_history

WARSAW = ZoneInfo("Europe/Warsaw")


def next_monday() -> date:
    today = timezone.localdate(timezone=WARSAW)
    return today + timedelta(days=7 - today.weekday())


def future_draft(floor):
    """North with history to yesterday, Early and Late templates, contracts for Ada and
    Mira, and an empty draft of next week."""
    planner = floor.user("planner")
    voice = Queue.objects.get(name="Billing voice", site=floor.north)
    today = timezone.localdate(timezone=WARSAW)
    make_history(voice, start=today - timedelta(days=35), days=35)
    forecast_run_create(actor=planner, queue=voice, horizon_days=14)
    for name, first, last, breaks in (
        ("Early", 7, 9, (BreakSpec("lunch", 30, False, 180, 300),)),
        ("Late", 10, 11, (BreakSpec("break", 15, True, 120, 240),)),
    ):
        shift_template_create(
            actor=planner,
            site=floor.north,
            data=ShiftTemplateInput(
                name=name,
                earliest_start=timezone.datetime(2000, 1, 1, first).time(),
                latest_start=timezone.datetime(2000, 1, 1, last).time(),
                start_step_minutes=60,
                paid_minutes=450,
                breaks=breaks,
            ),
        )
    for person in (floor.agent, floor.mentor):
        contract_set(
            actor=planner,
            person=person,
            data=ContractInput(min_minutes_per_week=0, max_minutes_per_week=2400),
        )
    return schedule_create_draft(actor=planner, site=floor.north, start_date=next_monday(), days=7)


def local_input(moment) -> str:
    return moment.astimezone(WARSAW).strftime("%Y-%m-%dT%H:%M")


def test_a_planner_opens_a_window_and_the_agent_is_told_on_their_home_page(floor):
    schedule = future_draft(floor)
    planner = client_for("planner")
    assert (
        "Open a bidding window"
        in planner.get(f"/schedule/schedules/{schedule.pk}/").content.decode()
    )
    now = timezone.now()
    response = planner.post(
        f"/schedule/schedules/{schedule.pk}/bidding/new/",
        {
            "opens_at": local_input(now - timedelta(minutes=5)),
            "closes_at": local_input(now + timedelta(days=2)),
            "policy": "seniority",
            "turn_minutes": 0,
        },
    )
    window = BiddingWindow.objects.get(schedule=schedule)
    assert response["Location"] == f"/schedule/bidding/{window.pk}/"
    page = planner.get(response["Location"]).content.decode()
    assert "Close bidding and fill the rest" in page
    assert "Ada Agent" in page
    assert "Mira Mentor" in page
    home = client_for("agent").get("/").content.decode()
    assert "Your turn to pick shifts" in home
    assert f"/schedule/bidding/{window.pk}/" in home
    # A second window on the same draft is refused on the form, by field.
    again = planner.post(
        f"/schedule/schedules/{schedule.pk}/bidding/new/",
        {
            "opens_at": local_input(now),
            "closes_at": local_input(now + timedelta(days=1)),
            "policy": "points",
            "turn_minutes": 0,
        },
    )
    assert again.status_code == 400
    assert "already has a bidding window" in again.content.decode()


def open_now(floor, schedule, policy="rotation", turn_minutes=0):
    now = timezone.now()
    response = client_for("planner").post(
        "/api/v1/bidding/windows/",
        {
            "schedule": schedule.pk,
            "opens_at": (now - timedelta(minutes=1)).isoformat(),
            "closes_at": (now + timedelta(days=1)).isoformat(),
            "policy": policy,
            "turn_minutes": turn_minutes,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_the_agent_picks_on_the_page_reads_a_refusal_in_plain_words_and_drops(floor):
    schedule = future_draft(floor)
    window = open_now(floor, schedule)
    agent = client_for("agent")
    url = f"/schedule/bidding/{window['id']}/"
    page = agent.get(url).content.decode()
    assert "It is your turn" in page
    pool = agent.get(f"/api/v1/bidding/windows/{window['id']}/pool/").json()
    monday = [s for s in pool if s["start"].startswith(next_monday().isoformat())]
    early, late = monday[0], monday[-1]
    response = agent.post(f"{url}slots/{early['id']}/pick/", follow=True)
    assert "Shift picked." in response.content.decode()
    assert "Picked" in response.content.decode()
    refused = agent.post(f"{url}slots/{late['id']}/pick/", follow=True).content.decode()
    assert "you already have a shift that day" in refused
    pick = BidPick.objects.get(person=floor.agent)
    dropped = agent.post(f"/schedule/bidding/picks/{pick.pk}/drop/", follow=True)
    assert "the shift is back in the pool" in dropped.content.decode()
    assert not BidPick.objects.exists()


def test_the_api_picks_refuses_with_the_reason_drops_and_closes(floor):
    schedule = future_draft(floor)
    window = open_now(floor, schedule, policy="points", turn_minutes=0)
    # Nobody has points yet: seniority decides.
    by_hire = sorted((floor.agent, floor.mentor), key=lambda p: (p.hire_date, p.employee_number))
    assert [row["name"] for row in window["order"]] == [p.display_name for p in by_hire]
    base = f"/api/v1/bidding/windows/{window['id']}/"
    agent, mentor = client_for("agent"), client_for("mentor")
    detail = agent.get(base).json()
    assert detail["my_turn"]["position"] in (1, 2)
    pool = agent.get(f"{base}pool/").json()
    assert sum(item["places"] for item in pool) == window["pool"]["shifts"]
    slot = next(item for item in pool if item["places"] == min(p["places"] for p in pool))
    made = agent.post(f"{base}picks/", {"slot": slot["id"]}, content_type="application/json")
    assert made.status_code == 201
    same_day = next(
        item for item in pool if item["start"][:10] == slot["start"][:10] and item is not slot
    )
    refused = agent.post(f"{base}picks/", {"slot": same_day["id"]}, content_type="application/json")
    assert refused.status_code == 400
    assert "you already have a shift that day" in refused.json()["slot"][0]
    assert [p["slot"] for p in agent.get(f"{base}picks/").json()["results"]] == [slot["id"]]
    assert mentor.get(f"{base}picks/").json()["results"] == []
    after = agent.get(f"{base}pool/").json()
    assert next(i for i in after if i["id"] == slot["id"])["left"] == slot["places"] - 1
    pick_id = made.json()["id"]
    assert agent.delete(f"/api/v1/bidding/picks/{pick_id}/").status_code == 204
    agent.post(f"{base}picks/", {"slot": slot["id"]}, content_type="application/json")
    closed = client_for("planner").post(
        f"{base}close/", {"time_limit": 10}, content_type="application/json"
    )
    assert closed.status_code == 202
    assert closed.json()["status"] == BiddingStatus.CLOSED
    run = GenerationRun.objects.get(pk=closed.json()["generation"])
    assert run.schedule_id == schedule.pk
    # Closed: the agent no longer sees the window nor picks in it.
    assert agent.get(base).status_code == 404
    assert agent.get("/api/v1/bidding/windows/").json()["results"] == []


def test_agents_of_another_site_never_see_the_window(floor):
    schedule = future_draft(floor)
    window = open_now(floor, schedule)
    far = client_for("far_agent")
    assert far.get(f"/schedule/bidding/{window['id']}/").status_code == 404
    assert far.get("/api/v1/bidding/windows/").json()["results"] == []
    assert "Ada Agent" not in far.get("/schedule/bidding/").content.decode()
