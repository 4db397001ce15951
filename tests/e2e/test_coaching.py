import pytest
from playwright.sync_api import expect

from floorwalk.coaching.models import CoachingSession
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_logs_a_coaching_session_and_ada_confirms_it(
    floor, page, live_server, log_in, console_errors
):
    log_in("leader", PASSWORD)
    page.goto(f"{live_server.url}/people/{floor.agent.pk}/coaching/")
    page.get_by_role("link", name="Log a coaching session").click()
    page.get_by_label("Kind").select_option(label="Call review")
    page.get_by_label("Focus metric").select_option(label="Average handle time")
    page.get_by_label("What to keep doing").fill("Warm, calm greeting")
    page.get_by_label("What to change").fill("Summarise the agreement before closing")
    page.get_by_role("button", name="Save the session").click()

    expect(page.locator("main")).to_contain_text("Coaching session with Ada Agent")
    page.get_by_role("link", name="All coaching sessions").click()
    expect(page.get_by_role("heading", name="Coaching: Ada Agent")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Not enough data yet")

    page.context.clear_cookies()
    log_in("agent", PASSWORD)
    page.goto(f"{live_server.url}/people/{floor.agent.pk}/coaching/")
    page.locator("main table").get_by_role("link").first.click()
    expect(page.locator("#effect")).to_contain_text("Not enough data yet")
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="It took place: confirm").click()

    expect(page.locator("#confirmation")).to_contain_text("rated 4/5")
    session = CoachingSession.objects.get()
    assert (session.focus_metric, session.usefulness) == ("aht", 4)
    assert console_errors == []
