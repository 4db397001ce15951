import pytest
from playwright.sync_api import expect

from floorwalk.development.models import Competency, CompetencyIndicator
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_assesses_ada_and_sees_her_profile(floor, page, live_server, log_in, console_errors):
    competency = Competency.objects.create(
        name="Stress resilience",
        definition="Stays calm",
        target_level=4,
        development_tools="Talk informally\nShare real examples of coping",
    )
    CompetencyIndicator.objects.create(competency=competency, metric="tnps")
    log_in("leader", PASSWORD)
    page.goto(f"{live_server.url}/people/{floor.agent.pk}/")

    page.get_by_role("link", name="Competencies", exact=True).last.click()
    page.get_by_role("link", name="Record an assessment").click()
    page.get_by_label("Competency").select_option(label="Stress resilience")
    page.get_by_label("Level").select_option("2")
    page.get_by_label("Evidence").fill("Froze on an angry caller, recovered with help")
    page.get_by_role("button", name="Record the assessment").click()

    expect(page.get_by_role("heading", name="Competencies: Ada Agent")).to_be_visible()
    levels = page.locator("section[aria-labelledby=levels] tbody tr")
    expect(levels).to_contain_text("2 levels short")
    suggestions = page.locator("section[aria-labelledby=suggestions]")
    expect(suggestions.get_by_role("listitem")).to_have_text(
        ["Talk informally", "Share real examples of coping"]
    )
    expect(page.get_by_role("img", name="Current level of each competency")).to_be_visible()
    expect(page.locator("section[aria-labelledby=assessments]")).to_contain_text(
        "Froze on an angry caller"
    )
    assert console_errors == []
