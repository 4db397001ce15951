import re

import pytest
from playwright.sync_api import expect

from floorwalk.development.models import Assessment, CompetencyUse
from floorwalk.org.models import Person
from tests.factories import PASSWORD
from tests.hiring.conftest import make_competency

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_screens_and_hires_a_candidate(floor, page, live_server, log_in, console_errors):
    make_competency("Active listening", CompetencyUse.BOTH)
    make_competency("Resilience", CompetencyUse.SCREEN)
    make_competency("Product knowledge", CompetencyUse.DEVELOP)
    log_in("leader", PASSWORD)

    navigation = page.get_by_role("navigation", name="Main navigation")
    navigation.get_by_role("button", name="Development").click()
    navigation.get_by_role("link", name="Hiring").click()
    expect(page.get_by_role("heading", name="Hiring")).to_be_visible()
    page.get_by_role("link", name="Add a candidate").click()
    page.get_by_label("Name").fill("Cleo Candidate")
    page.get_by_label("Applied on").fill("2025-03-03")
    page.get_by_label("Team they would join").select_option(label="Alpha (North)")
    page.get_by_role("button", name="Add the candidate").click()
    expect(page.get_by_role("heading", name="Cleo Candidate")).to_be_visible()

    page.get_by_role("link", name="Record an interview").click()
    expect(page.locator("main")).not_to_contain_text("Product knowledge")
    page.get_by_label("Held on").fill("2025-03-10")
    page.get_by_label("Hire", exact=True).check()
    page.get_by_label("Level of Active listening").select_option("4")
    page.get_by_label("Evidence for Active listening").fill("Summarised the complaint back.")
    page.get_by_label("Level of Resilience").select_option("3")
    page.get_by_role("button", name="Save the interview").click()
    summary = page.locator("#competency-summary")
    expect(summary.get_by_role("row", name=re.compile("Active listening"))).to_contain_text("4.0")

    page.get_by_role("link", name="Decide").click()
    page.get_by_label("Hire", exact=True).check()
    page.get_by_label("Employee number").fill("N-0042")
    page.get_by_label("Hire date").fill("2025-04-01")
    page.get_by_label("Team", exact=True).select_option(label="Alpha")
    page.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_role("heading", name="Cleo Candidate")).to_be_visible()
    expect(page.locator("main")).to_contain_text("N-0042")
    person = Person.objects.get(employee_number="N-0042")
    assert page.url.endswith(f"/people/{person.pk}/")
    assert Assessment.objects.filter(person=person).count() == 2
    assert console_errors == []
