"""The goal golden path: a leader sets a goal with an unrealistic target, sees the realism
warning with its numbers, saves anyway and finds the goal in the tree."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from floorwalk.goals.models import Goal
from tests.factories import PASSWORD
from tests.goals.conftest import add_week, weeks_before

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_saves_a_goal_despite_the_realism_warning(
    floor, page, live_server, log_in, console_errors
):
    today = timezone.localdate()
    start = today - timedelta(days=today.weekday())
    # Twelve weeks at 40 of 50 resolved first time (80 %), one of them at 45 (90 %).
    for index, monday in enumerate(weeks_before(start, 12)):
        add_week(floor.agent, monday, handled=50, resolved=45 if index == 5 else 40)

    log_in("leader", PASSWORD)
    page.goto(f"{live_server.url}/goals/")
    page.get_by_role("link", name="New goal").click()
    page.get_by_label("Level").select_option("individual")
    page.get_by_label("Title").fill("Resolve nearly everything")
    page.get_by_label("Metric").select_option("fcr")
    page.get_by_label("Agent").select_option(label="Ada Agent")
    page.get_by_label("Period start").fill(start.isoformat())
    page.get_by_label("Period end").fill((start + timedelta(days=27)).isoformat())
    page.get_by_label("Target").fill("97")
    page.get_by_role("button", name="Check").click()

    # The 95th percentile of eleven 80s and one 90: position 10.45, 80 + 0.45 × 10 = 84.5.
    warning = page.locator("[data-criterion=achievable]")
    expect(warning).to_contain_text("beyond the 95th percentile (84.5)")
    expect(warning).to_contain_text("the best week was 90.0")
    assert not Goal.objects.exists()

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Resolve nearly everything")).to_be_visible()
    goal = Goal.objects.get()
    assert goal.baseline == pytest.approx(100 * (11 * 40 + 45) / 600)

    page.get_by_role("link", name="Goals", exact=True).click()
    expect(page.get_by_role("link", name="Resolve nearly everything")).to_be_visible()
    assert console_errors == []
