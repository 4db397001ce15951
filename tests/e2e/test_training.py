import pytest
from playwright.sync_api import expect

from floorwalk.learning.models import Enrolment, FollowUp
from tests.factories import PASSWORD
from tests.learning.training.conftest import BEHAVIOURS, course_of, session_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_enrols_completes_and_the_mentor_records_a_follow_up(
    floor, page, live_server, log_in, console_errors
):
    course = course_of(floor)
    session = session_of(floor, course, days_from_today=-10)

    log_in("leader", PASSWORD)
    page.goto(f"{live_server.url}/training/courses/")
    page.get_by_role("link", name="Empathy and ownership").click()
    page.locator("#sessions").locator("..").get_by_role("link").first.click()
    page.get_by_label("Trainee").select_option(label="Ada Agent")
    page.get_by_role("button", name="Enrol").click()
    expect(page.locator("#places")).to_contain_text("1 / 10")
    page.get_by_label("Attendance").select_option(label="Completed")
    page.get_by_label("Completed on").fill(session.starts_on.isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#enrolments")).to_contain_text("Completed")

    page.context.clear_cookies()
    log_in("mentor", PASSWORD)
    due = page.locator("section[aria-labelledby=training-follow-ups]")
    due.get_by_role("link", name="Ada Agent").first.click()
    page.get_by_label("Observed consistently").first.check()
    page.locator("fieldset").nth(1).get_by_label("Not yet").check()
    page.get_by_label("Note").fill("Named the feeling twice")
    page.get_by_role("button", name="Save the follow-up").click()

    expect(page.locator("#observed")).to_contain_text(f"{BEHAVIOURS[0]}: observed consistently")
    enrolment = Enrolment.objects.get()
    assert (enrolment.status, enrolment.completed_on) == ("completed", session.starts_on)
    done = FollowUp.objects.get(done_on__isnull=False)
    assert (done.offset_days, done.note) == (2, "Named the feeling twice")
    assert console_errors == []
