import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_opens_my_team_and_a_person(floor, page, live_server, log_in, console_errors):
    log_in("leader", PASSWORD)
    expect(page.get_by_role("heading", name="Today in your team")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="My team").click()

    expect(page.get_by_role("heading", name="Alpha")).to_be_visible()
    roster = page.locator("#roster table")
    expect(roster.get_by_role("row")).to_have_count(3)  # header + Ada + Mira
    expect(roster).to_contain_text("Billing voice")

    page.get_by_label("Search").fill("mira")
    expect(roster.get_by_role("row")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"q=mira"))

    roster.get_by_role("link", name="Mira Mentor").click()
    expect(page.get_by_role("heading", name="Mira Mentor")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Lena Leader")
    assert console_errors == []


def test_agent_is_refused_the_leaders_pages(floor, page, live_server, log_in):
    log_in("agent", PASSWORD)
    expect(page.get_by_role("link", name="My team")).to_have_count(0)

    response = page.goto(f"{live_server.url}/my-team/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="This page is not part of your role")).to_be_visible()

    response = page.goto(f"{live_server.url}/teams/{floor.alpha.pk}/")
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text("Mira Mentor")


def test_wrong_password_shows_an_error(floor, page, live_server, log_in):
    log_in("agent", "not the password")

    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page.get_by_label("Username")).to_have_value("agent")
