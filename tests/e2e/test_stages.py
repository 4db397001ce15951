"""The stage golden path: a leader reviews an agent's proposal and its evidence, confirms
it, and the playbook and the next due dates follow the new stage."""

import re
from datetime import timedelta

import pytest
from django.utils.formats import date_format
from playwright.sync_api import expect

from floorwalk.development.models import Stage, StageAssignment
from floorwalk.development.selectors import current_stage
from floorwalk.development.services import playbooks_create_defaults, stage_confirm
from tests.conftest import site_noon, site_today
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shown(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def test_leader_confirms_the_proposal_and_the_plan_follows(
    floor, page, live_server, log_in, console_errors
):
    playbooks_create_defaults()
    today = site_today(floor.north)
    # Ada was put at R3 forty days ago; R3 asks for one observation a month (every 30 days),
    # none was logged, so one has been overdue for ten days.
    earlier = stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R3)
    StageAssignment.objects.filter(pk=earlier.pk).update(set_at=site_noon(floor.north, 40))
    tenure = (today - floor.agent.hire_date).days

    log_in("leader", PASSWORD)
    page.goto(f"{live_server.url}/people/{floor.agent.pk}/")
    leading = page.locator("section", has=page.get_by_role("heading", name="How to lead"))
    expect(leading).to_contain_text("Supporting")
    leading.get_by_role("link", name="Review the stage").click()

    # The proposal and its evidence: Ada has no results yet, so the evidence proposes R1.
    expect(page.get_by_role("heading", name=re.compile("The evidence proposes R1"))).to_be_visible()
    tenure_row = page.locator("tr", has_text="Tenure (days)").first
    expect(tenure_row).to_contain_text(str(tenure))
    expect(page.locator("tr", has_text="Mean QA score").first).to_contain_text("no data")
    observation = page.locator("tr", has=page.get_by_role("rowheader", name="Observation"))
    expect(observation).to_contain_text(shown(today - timedelta(days=10)))
    expect(observation).to_contain_text("overdue")

    expect(page.get_by_label("Stage", exact=True)).to_have_value("R1")
    page.get_by_role("button", name="Confirm stage").click()

    # Back on Ada's page: R1's playbook, directing.
    expect(page.get_by_text("Ada Agent is now at R1.")).to_be_visible()
    expect(leading).to_contain_text("Directing")
    leading.get_by_role("link", name="Review the stage").click()
    # R1 asks for four observations a month: the next is seven days after today's stage.
    expect(observation).to_contain_text(shown(today + timedelta(days=7)))
    expect(observation).to_contain_text("due this week")

    confirmed = current_stage(floor.agent)
    assert (confirmed.stage, confirmed.proposed_stage, confirmed.reason) == ("R1", "R1", "")
    assert confirmed.evidence["tenure_days"] == tenure
    assert console_errors == []
