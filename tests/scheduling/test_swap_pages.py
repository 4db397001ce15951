"""Swaps and offers through the pages and the API: what each agent and the leader see."""

from datetime import timedelta

from django.urls import reverse

from floorwalk.scheduling.models import ShiftTrade, TradeStatus
from tests.conftest import client_for
from tests.scheduling.swaps_setup import future_week, shift_of


def _week_url(schedule) -> str:
    return reverse("scheduling:my_week") + f"?week={schedule.start_date:%Y-%m-%d}"


def test_the_week_offers_offer_and_swap_on_each_future_shift(floor):
    schedule = future_week(floor)
    page = client_for("agent").get(_week_url(schedule)).content.decode()
    for day in (0, 1):
        pk = shift_of(schedule, floor.agent, schedule.start_date + timedelta(days=day)).pk
        assert reverse("scheduling:shift_offer", args=[pk]) in page
        assert reverse("scheduling:shift_swap", args=[pk]) in page


def test_an_open_offer_reaches_the_board_and_a_colleague_takes_it(floor):
    schedule = future_week(floor)
    monday = shift_of(schedule, floor.agent, schedule.start_date)
    ada, mira = client_for("agent"), client_for("mentor")

    response = ada.post(reverse("scheduling:shift_offer", args=[monday.pk]), {"note": "Dentist"})
    assert response.status_code == 302
    trade = ShiftTrade.objects.get()
    board = mira.get(reverse("scheduling:offer_board")).content.decode()
    assert "Dentist" in board
    assert "Ada Agent" in board
    # Not on the board of the one who offered it.
    assert "Dentist" not in ada.get(reverse("scheduling:offer_board")).content.decode()

    response = mira.post(reverse("scheduling:trade_action", args=[trade.pk, "take"]))
    assert response.status_code == 302
    trade.refresh_from_db()
    # No forecast to check it against: a leader decides, and both see why.
    assert trade.status == TradeStatus.PENDING
    mine = ada.get(reverse("scheduling:trades")).content.decode()
    assert "Waiting for the leader" in mine
    assert "cannot be checked automatically" in mine or "forecast" in mine


def test_a_swap_asked_accepted_and_approved_by_the_planner_shows_on_the_week(floor):
    schedule = future_week(floor)
    monday = shift_of(schedule, floor.agent, schedule.start_date)
    wednesday = shift_of(schedule, floor.other_agent, schedule.start_date + timedelta(days=2))
    ada, oskar, planner = client_for("agent"), client_for("other_agent"), client_for("planner")

    form = ada.get(reverse("scheduling:shift_swap", args=[monday.pk])).content.decode()
    assert "Oskar Otheragent" in form
    response = ada.post(
        reverse("scheduling:shift_swap", args=[monday.pk]), {"other_shift": wednesday.pk}
    )
    assert response.status_code == 302
    trade = ShiftTrade.objects.get()
    asked = oskar.get(reverse("scheduling:trades")).content.decode()
    assert reverse("scheduling:trade_action", args=[trade.pk, "accept"]) in asked

    oskar.post(reverse("scheduling:trade_action", args=[trade.pk, "accept"]))
    queue = planner.get(reverse("scheduling:approvals")).content.decode()
    assert reverse("scheduling:trade_decide", args=[trade.pk]) in queue
    # Rejecting needs a reason; the page says so and nothing changes.
    planner.post(reverse("scheduling:trade_decide", args=[trade.pk]), {"decision": "reject"})
    trade.refresh_from_db()
    assert trade.status == TradeStatus.PENDING

    planner.post(reverse("scheduling:trade_decide", args=[trade.pk]), {"decision": "approve"})
    trade.refresh_from_db()
    assert trade.status == TradeStatus.APPROVED
    week = ada.get(_week_url(schedule)).content.decode()
    assert "Changed since you last looked" in week
    assert shift_of(schedule, floor.agent, schedule.start_date + timedelta(days=2))
    assert not schedule.shifts.filter(person=floor.agent, start=monday.start).exists()


def test_an_unknown_action_is_a_404_and_others_shifts_cannot_be_offered(floor):
    schedule = future_week(floor)
    monday = shift_of(schedule, floor.agent, schedule.start_date)
    mira = client_for("mentor")
    assert mira.get(reverse("scheduling:shift_offer", args=[monday.pk])).status_code == 404
    ada = client_for("agent")
    ada.post(reverse("scheduling:shift_offer", args=[monday.pk]))
    trade = ShiftTrade.objects.get()
    assert ada.post(reverse("scheduling:trade_action", args=[trade.pk, "steal"])).status_code == 404


# ---- API ----------------------------------------------------------------------------------------


def test_offer_take_and_approve_over_the_api(floor):
    schedule = future_week(floor)
    monday = shift_of(schedule, floor.agent, schedule.start_date)
    api = reverse("api-schedule-trades")

    created = client_for("agent").post(
        api, {"kind": "offer", "shift": monday.pk}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["colleague"], body["taker"]) == ("open", None, None)
    assert (
        body["shift_start"]
        == monday.start.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Warsaw")).isoformat()
    )

    board = client_for("mentor").get(api, {"scope": "board"}).json()["results"]
    assert [row["id"] for row in board] == [body["id"]]
    taken = client_for("mentor").post(
        reverse("api-schedule-trade-action", args=[body["id"], "take"]),
        {},
        content_type="application/json",
    )
    assert taken.status_code == 200
    assert taken.json()["status"] == "pending"
    assert taken.json()["reasons"]

    to_decide = client_for("leader").get(api, {"scope": "to_decide"}).json()["results"]
    assert [row["id"] for row in to_decide] == [body["id"]]
    refused = client_for("leader").post(
        reverse("api-schedule-trade-action", args=[body["id"], "reject"]),
        {},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "reason" in refused.json()
    approved = client_for("leader").post(
        reverse("api-schedule-trade-action", args=[body["id"], "approve"]),
        {},
        content_type="application/json",
    )
    assert approved.json()["status"] == "approved"
    assert approved.json()["version"] == 2


def test_the_api_names_the_field_of_a_bad_request(floor):
    schedule = future_week(floor)
    monday = shift_of(schedule, floor.agent, schedule.start_date)
    others = shift_of(schedule, floor.mentor, schedule.start_date + timedelta(days=3))
    api = reverse("api-schedule-trades")
    ada = client_for("agent")

    assert "scope" in ada.get(api, {"scope": "everything"}).json()
    swap = ada.post(api, {"kind": "swap", "shift": monday.pk}, content_type="application/json")
    assert swap.status_code == 400
    assert "other_shift" in swap.json()
    not_mine = ada.post(api, {"kind": "offer", "shift": others.pk}, content_type="application/json")
    assert not_mine.status_code == 400
    assert "shift" in not_mine.json()
    ok = ada.post(
        api,
        {"kind": "swap", "shift": monday.pk, "other_shift": others.pk},
        content_type="application/json",
    )
    assert ok.status_code == 201
    again = ada.post(api, {"kind": "offer", "shift": monday.pk}, content_type="application/json")
    assert again.status_code == 400
    assert "shift" in again.json()
    asked = client_for("mentor").get(api, {"scope": "asked"}).json()["results"]
    assert [row["kind"] for row in asked] == ["swap"]


def test_the_swap_endpoints_are_in_the_schema(floor):
    schema = client_for("admin").get(reverse("api-schema")).content.decode()
    assert "/api/v1/schedule/trades/:" in schema
    assert "/api/v1/schedule/trades/{id}/{action}/:" in schema
    assert "v1_schedule_trades_act" in schema
