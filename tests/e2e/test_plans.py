import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from floorwalk.development.models import AssessmentSource, PlanAction
from tests.development.test_assessments import assess, make_competency
from tests.development.test_plans import import_last_weeks_contacts, set_standards
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_builds_adas_plan_from_a_gap_and_marks_the_action_done(
    floor, page, live_server, log_in, console_errors, tmp_path
):
    # Ada's gaps: Result orientation at level 2 of 4; last week's AHT 360 s against 300 s and
    # 5 of 25 contacts transferred (20 %) against 10 %; 2 of 25 escalated (8 %) is within 10 %.
    today = timezone.localdate()
    import_last_weeks_contacts(floor, tmp_path)
    set_standards()
    behind = make_competency(
        name="Result orientation", target_level=4, development_tools="Call review\nRole play"
    )
    assess(floor, behind, AssessmentSource.LEADER, 2, today - datetime.timedelta(days=3))
    due = today + datetime.timedelta(days=21)

    log_in("leader", PASSWORD)
    page.goto(f"{live_server.url}/people/{floor.agent.pk}/plan/")

    competency_gaps = page.locator("#competency-gaps")
    expect(competency_gaps).to_contain_text("Result orientation")
    expect(competency_gaps).to_contain_text("level 2 of 4")
    expect(competency_gaps).to_contain_text("Role play")
    metric_gaps = page.locator("#metric-gaps")
    expect(metric_gaps).to_contain_text("Average handle time")
    expect(metric_gaps).to_contain_text("Transfer rate")
    expect(metric_gaps).not_to_contain_text("Escalation rate")
    actions = page.locator("#plan-actions")
    expect(actions).to_contain_text("No actions in the plan yet.")

    page.get_by_label("Kind").select_option("training")
    page.get_by_label("Action", exact=True).fill("Product course on the results dashboard")
    page.get_by_label("Gap it answers").select_option("Result orientation")
    page.get_by_label("Due on").fill(due.isoformat())
    page.get_by_role("button", name="Add to the plan").click()

    expect(page.get_by_text("Action added to the plan.")).to_be_visible()
    row = actions.locator("tbody tr").filter(has_text="Product course on the results dashboard")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Training")
    expect(row).to_contain_text("Result orientation")
    expect(row.get_by_label("Status")).to_have_value("planned")
    expect(row).not_to_contain_text("Overdue")
    action = PlanAction.objects.get()
    assert (action.kind, action.gap, action.due_on, action.plan.person) == (
        "training",
        "Result orientation",
        due,
        floor.agent,
    )

    row.get_by_label("Status").select_option("done")
    row.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Plan action updated.")).to_be_visible()
    row = page.locator("#plan-actions tbody tr").filter(has_text="Product course")
    expect(row.get_by_label("Status")).to_have_value("done")
    action.refresh_from_db()
    assert action.status == "done"
    assert action.done_at is not None

    # Ada reads her plan with the action done, and nothing to edit.
    page.context.clear_cookies()
    log_in("agent", PASSWORD)
    page.goto(f"{live_server.url}/people/{floor.agent.pk}/plan/")
    row = page.locator("#plan-actions tbody tr").filter(has_text="Product course")
    expect(row).to_contain_text("Done")
    expect(page.locator("main select")).to_have_count(0)
    expect(page.get_by_role("button", name="Add to the plan")).to_have_count(0)
    assert console_errors == []
