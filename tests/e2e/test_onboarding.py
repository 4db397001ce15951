import pytest
from django.utils import timezone
from playwright.sync_api import expect

from floorwalk.experience.models import OnboardingPlan
from tests.experience.onboarding_setup import default_template, mentor_at_r2, new_hire
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_starts_a_new_hire_who_then_sees_her_plan(
    floor, page, live_server, log_in, console_errors
):
    default_template()
    mentor_at_r2(floor)
    nina = new_hire(floor)
    log_in("leader", PASSWORD)

    navigation = page.get_by_role("navigation", name="Main navigation")
    navigation.get_by_role("button", name="Development").click()
    navigation.get_by_role("link", name="Onboarding").click()
    expect(page.get_by_role("heading", name="Onboarding")).to_be_visible()
    page.get_by_role("link", name="Start a new hire").click()
    page.get_by_label("New hire").select_option(label=f"Nina Newhire ({nina.employee_number})")
    page.get_by_label("Template").select_option(label="Contact-center agent onboarding")
    page.get_by_label("Start date").fill(timezone.localdate().isoformat())
    page.get_by_label("Mentor").select_option(label=f"Mira Mentor ({floor.mentor.employee_number})")
    page.get_by_label("Support person for the first solo contacts").select_option(
        label=f"Oskar Otheragent ({floor.other_agent.employee_number})"
    )
    page.get_by_role("button", name="Start the onboarding").click()

    expect(page.get_by_role("heading", name="Onboarding: Nina Newhire")).to_be_visible()
    expect(page.get_by_role("heading", name="Before day one")).to_be_visible()
    expect(page.locator("main")).to_contain_text("0 of 13 tasks done")
    welcome = page.locator("li", has_text="Warm welcome and introductions")
    welcome.get_by_label("Note for Warm welcome and introductions").fill("Coffee together")
    welcome.get_by_role("button", name="Mark done: Warm welcome and introductions").click()
    expect(welcome).to_contain_text("Coffee together")
    plan = OnboardingPlan.objects.get(person=nina)
    assert plan.tasks.filter(done_on__isnull=False).count() == 1

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in("newhire", PASSWORD)
    page.goto(f"{live_server.url}/onboarding/me/")
    expect(page.get_by_role("heading", name="My onboarding")).to_be_visible()
    expect(page.locator("#plan-people")).to_contain_text(
        "Oskar Otheragent, at hand for your first solo contacts"
    )
    expect(page.get_by_role("heading", name="First solo contacts")).to_be_visible()
    assert console_errors == []
