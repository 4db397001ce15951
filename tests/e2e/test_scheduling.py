"""The scheduling walk-through in a browser: an agent's wish, the planner's generated and
published week with the refused wish explained, and a swap a colleague accepts that the
checks approve at once."""

from datetime import timedelta
from itertools import product

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from floorwalk.engine.schedule.changes import SwapShifts, validate_change
from floorwalk.org.models import Queue
from floorwalk.scheduling.engine_input import build_input, current_shifts, person_key
from floorwalk.scheduling.models import Schedule, ShiftTrade, TradeStatus
from floorwalk.scheduling.services import PreferenceInput, agent_preference_create
from floorwalk.wfm.services import forecast_run_create
from tests.factories import PASSWORD
from tests.scheduling.conftest import WARSAW
from tests.scheduling.generation_setup import ready_site
from tests.wfm.conftest import HISTORY_DAYS, make_history

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _next_monday():
    today = timezone.localdate(timezone=WARSAW)
    return today + timedelta(days=7 - today.weekday())


def _site_with_a_forecast_for(floor, monday) -> None:
    """Billing voice with five weeks of history up to the Sunday before `monday` and its
    forecast from then; Early and Late templates; Ada and Mira work five days a week."""
    voice = Queue.objects.get(name="Billing voice", site=floor.north)
    make_history(voice, start=monday - timedelta(days=HISTORY_DAYS))
    forecast_run_create(actor=floor.user("planner"), queue=voice, horizon_days=14)
    ready_site(floor, forecast=False, min_minutes=2250)
    # Ada's leader has already agreed her Tuesday to Thursday off: five working days leave
    # room for two days off, so some of these wishes cannot be granted.
    for weekday in (1, 2, 3):
        agent_preference_create(
            actor=floor.user("leader"),
            person=floor.agent,
            data=PreferenceInput(kind="day_off_weekday", weight=20, weekday=weekday),
        )


def _a_swap_the_checks_allow(schedule, ada, mira):
    """Ada's and Mira's shifts (as local start strings) whose swap the engine allows."""
    data = build_input(schedule)
    shifts = current_shifts(schedule, horizon=data.horizon)
    by_day = {(s.agent, s.day): s for s in shifts}
    a, m = person_key(ada.pk), person_key(mira.pk)
    for day_a, day_m in product(range(schedule.days), repeat=2):
        mine, theirs = by_day.get((a, day_a)), by_day.get((m, day_m))
        if mine is None or theirs is None or (mine.start, mine.end) == (theirs.start, theirs.end):
            continue
        if validate_change(data.problem, shifts, SwapShifts(a, day_a, m, day_m)) == ():
            return data.horizon.to_datetime(mine.start), data.horizon.to_datetime(theirs.start)
    raise AssertionError("no swap of Ada's and Mira's shifts keeps every rule")


def test_wish_generate_publish_explain_and_an_auto_approved_swap(
    floor, page, live_server, log_in, console_errors, run_worker
):
    monday = _next_monday()
    _site_with_a_forecast_for(floor, monday)

    # Ada wishes for Mondays off, through her page.
    log_in("agent", PASSWORD)
    page.goto(f"{live_server.url}/schedule/people/{floor.agent.pk}/requests/")
    wish = page.locator("form", has=page.get_by_role("button", name="Add preference"))
    # The constraint form beside it uses the same field ids, so fields are found by name.
    wish.locator("[name=kind]").select_option("day_off_weekday")
    wish.locator("[name=weight]").fill("40")
    wish.locator("[name=weekday]").select_option("0")
    wish.get_by_role("button", name="Add preference").click()
    expect(page.locator("main")).to_contain_text("Monday off")

    # Her leader approves it; the planner generates the week in the background and publishes.
    lead = _switch_to(page, log_in, "leader")
    lead.goto(f"{live_server.url}/schedule/approvals/")
    lead.get_by_role("button", name="Approve").first.click()
    expect(lead.locator("main")).to_contain_text("Nothing is waiting for you")

    planner = _switch_to(page, log_in, "planner")
    planner.goto(f"{live_server.url}/schedule/schedules/new/")
    planner.get_by_label("Site").select_option(label=floor.north.name)
    planner.get_by_label("First day").fill(monday.isoformat())
    planner.get_by_label("Days").fill("7")
    planner.get_by_role("button", name="Save").click()
    planner.get_by_label("Time limit").select_option("10")
    planner.get_by_role("button", name="Generate").click()
    run_worker()  # the background worker runs the queued generation
    planner.get_by_role("link", name="Review the draft and publish").click(timeout=30_000)
    planner.get_by_role("button", name="Publish").click()
    expect(planner.locator("main")).to_contain_text("Published as version 1")

    # Ada sees her week and why a wish was not granted.
    _switch_to(page, log_in, "agent")
    week = f"{live_server.url}/schedule/?week={monday.isoformat()}"
    page.goto(week)
    main = page.locator("main")
    expect(main).to_contain_text("Wishes this schedule could not grant")
    expect(main).to_contain_text("not granted:")

    # She proposes a swap with Mira; Mira accepts; the checks approve it at once.
    schedule = Schedule.objects.get(site=floor.north, start_date=monday)
    mine, theirs = _a_swap_the_checks_allow(schedule, floor.agent, floor.mentor)
    mine_local, theirs_local = mine.astimezone(WARSAW), theirs.astimezone(WARSAW)
    day_card = page.get_by_role("region", name=mine_local.strftime("%A"))
    day_card.get_by_role("link", name="Swap").click()
    page.get_by_label("Their shift you would work instead").select_option(
        label=_option_label(theirs_local, schedule, floor.mentor)
    )
    page.get_by_role("button", name="Propose the swap").click()
    expect(page.get_by_test_id("trade-mine")).to_contain_text("Waiting for a colleague")

    mira = _switch_to(page, log_in, "mentor")
    mira.goto(f"{live_server.url}/schedule/swaps/")
    mira.get_by_role("button", name="Accept the swap").click()
    expect(mira.locator("main")).to_contain_text("Approved: the schedule is updated")
    assert ShiftTrade.objects.get().status == TradeStatus.APPROVED

    _switch_to(page, log_in, "agent")
    page.goto(week)
    expect(page.get_by_test_id("changed-mark")).to_be_visible()
    theirs_day = page.get_by_role("region", name=theirs_local.strftime("%A"))
    expect(theirs_day).to_contain_text(theirs_local.strftime("%H:%M"))
    assert console_errors == []


def _switch_to(page, log_in, username: str):
    """The same browser, now as `username` (one connection at a time to the live server)."""
    page.context.clear_cookies()
    log_in(username, PASSWORD)
    return page


def _option_label(start, schedule, person) -> str:
    from floorwalk.scheduling.forms import shift_label

    shift = schedule.shifts.get(person=person, start=start)
    return shift_label(shift, WARSAW, with_person=True)
