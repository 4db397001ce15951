import pytest
from playwright.sync_api import expect

from floorwalk.experience.models import BoundaryIncident, IncidentStatus, Kudos
from tests.factories import PASSWORD
from tests.metrics.qa.conftest import make_interaction

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ada_flags_an_abusive_contact_and_her_leader_follows_up(
    floor, page, live_server, log_in, console_errors
):
    interaction = make_interaction(floor.agent)
    page.set_viewport_size({"width": 390, "height": 844})  # the agent's phone
    log_in("agent", PASSWORD)
    page.goto(f"{live_server.url}/boundaries/new/")
    page.get_by_label("Interaction", exact=True).select_option(value=str(interaction.pk))
    page.get_by_label("Kind").select_option(label="Threat")
    page.get_by_label("What happened").fill("Said he knows where the office is")
    page.get_by_role("button", name="Flag the contact").click()
    expect(page.locator("main")).to_contain_text("Your team leader sees it now")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in("leader", PASSWORD)
    expect(page.locator("#boundary-alerts")).to_be_visible()
    page.get_by_role("link", name="Follow up").click()
    page.get_by_label("Support given").fill("Called Ada straight away; a break and a debrief")
    page.get_by_label("Customer-side action").select_option(label="Reported")
    page.get_by_role("button", name="Record and close").click()

    expect(page.locator("main")).to_contain_text("the incident is closed")
    incident = BoundaryIncident.objects.get()
    assert (incident.kind, incident.status, incident.customer_action) == (
        "threat",
        IncidentStatus.CLOSED,
        "reported",
    )
    assert console_errors == []


def test_ada_sends_kudos_and_it_shows_on_the_team_wall(
    floor, page, live_server, log_in, console_errors
):
    log_in("agent", PASSWORD)
    page.goto(f"{live_server.url}/recognition/")
    page.get_by_role("link", name="Send kudos").first.click()
    page.get_by_label("To", exact=True).select_option(label="Mira Mentor")
    page.get_by_label("For", exact=True).select_option(label="Helped a colleague")
    page.get_by_label("What they did").fill("Covered my queue during the outage")
    page.get_by_role("button", name="Send kudos").click()
    page.get_by_role("link", name="My team's wall").click()

    expect(page.locator("#kudos ~ ul")).to_contain_text("Covered my queue during the outage")
    assert Kudos.objects.get().given_to == floor.mentor
    assert console_errors == []
