"""A team leader reads the generated floor's scorecards in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from floorwalk.org.models import Person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_reads_the_team_and_an_agents_scorecard(
    loaded_tiny_floor, page, live_server, log_in, console_errors
):
    log_in("leader", "x")
    page.get_by_role("navigation").get_by_role("link", name="My team").click()
    page.get_by_role("link", name="Scorecard", exact=True).click()
    expect(page.get_by_role("heading", name="Scorecard: Amber")).to_be_visible()

    page.get_by_label("Period", exact=True).select_option("month")
    page.get_by_label("Date in the period").fill("2026-10-15")
    page.get_by_role("button", name="Show").click()

    expect(page.locator("#scorecard h2").first).to_contain_text("2026-10")
    expect(page).to_have_url(re.compile(r"date=2026-10-15"))
    team_agents = Person.objects.filter(team__name="Amber", role_assignments__role="agent").count()
    agents = page.locator("table.fw-agents tbody tr")
    expect(agents).to_have_count(team_agents)
    summary = page.locator("#distribution-summary")
    expect(summary).to_contain_text(f"{team_agents} agents with enough data")

    page.locator("table.fw-agents thead").get_by_role("link", name="AHT").click()
    expect(page.locator("table.fw-agents thead th[aria-sort]")).to_contain_text("AHT")
    fastest = agents.first.get_by_role("link").inner_text()

    agents.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name=f"Scorecard: {fastest}")).to_be_visible()
    aht_row = page.locator("table.fw-scorecard tbody tr", has_text="Average handle time")
    expect(aht_row).to_contain_text(f"1 of {team_agents}")
    expect(page.locator("canvas.fw-sparkline").first).to_have_attribute(
        "style", re.compile("width")
    )

    aht_row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=f"Interactions: {fastest}")).to_be_visible()
    agent = Person.objects.get(display_name=fastest)
    expected = agent.interactions.filter(local_date__month=10).count()
    expect(page.locator("#results caption")).to_contain_text(f"{expected:,} interactions")
    assert console_errors == []


def test_an_agent_opens_their_own_scorecard(loaded_tiny_floor, page, live_server, log_in):
    log_in("agent", "x")

    page.get_by_role("navigation").get_by_role("link", name="My scorecard").click()

    agent = Person.objects.get(user__username="agent")
    expect(page.get_by_role("heading", name=f"Scorecard: {agent.display_name}")).to_be_visible()
    expect(page.locator("table.fw-scorecard tbody tr")).to_have_count(14)
