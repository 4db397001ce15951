from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from floorwalk.scheduling.models import BidPick
from floorwalk.scheduling.services import WindowInput, bidding_window_open
from tests.factories import PASSWORD
from tests.scheduling.test_bidding_pages import future_draft, next_monday

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ada_picks_her_shifts_on_a_phone_and_reads_why_one_is_refused(
    floor, page, live_server, log_in, console_errors
):
    schedule = future_draft(floor)
    now = timezone.now()
    bidding_window_open(
        actor=floor.user("planner"),
        schedule=schedule,
        data=WindowInput(now - timedelta(minutes=1), now + timedelta(days=1), "seniority", 0),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    log_in("agent", PASSWORD)
    expect(page.locator("main")).to_contain_text("Your turn to pick shifts")
    page.get_by_role("link", name="Pick shifts").click()
    expect(page.get_by_test_id("my-turn")).to_contain_text("It is your turn")

    day = next_monday().strftime("%A")
    page.get_by_role("button", name=f"Pick {day} 08:00").click()
    expect(page.locator("main")).to_contain_text("Shift picked.")
    assert BidPick.objects.filter(person=floor.agent).count() == 1
    page.get_by_role("button", name=f"Pick {day} 11:00").click()
    expect(page.locator("main")).to_contain_text(
        f"{day} 11:00 Late shift: you already have a shift that day"
    )
    page.get_by_role("button", name="Drop").click()
    expect(page.locator("main")).to_contain_text("the shift is back in the pool")
    assert not BidPick.objects.exists()
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert console_errors == []
