import pytest
from playwright.sync_api import expect

from floorwalk.development.models import Assessment, Competency
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_mentor_logs_an_observation_with_a_rating(floor, page, live_server, log_in, console_errors):
    Competency.objects.create(name="Stress resilience", definition="Stays calm")
    log_in("mentor", PASSWORD)
    mentees = page.locator("section", has=page.get_by_role("heading", name="My mentees"))
    expect(mentees).to_contain_text("Ada Agent")

    mentees.get_by_role("link", name="Log an observation").click()
    page.get_by_label("What you observed").fill("Side by side for an hour.")
    page.get_by_label("Stress resilience", exact=True).select_option("4")
    page.get_by_label("What showed Stress resilience").fill("Calm with a shouting caller")
    page.get_by_role("button", name="Save the observation").click()

    expect(page.get_by_role("heading", name="Observations: Ada Agent")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Calm with a shouting caller")
    assert Assessment.objects.get().source == "mentor"
    assert console_errors == []
