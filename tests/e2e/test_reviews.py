"""A review from start to the agent's acknowledgement, through the pages."""

import pytest
from playwright.sync_api import expect

from floorwalk.reviews.models import Review, ReviewStatus
from floorwalk.reviews.services import review_calibrate
from tests.factories import PASSWORD
from tests.reviews.conftest import cycle  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_reviews_ada_and_she_acknowledges(
    floor,
    cycle,  # noqa: F811
    page,
    live_server,
    log_in,
    console_errors,
):
    log_in("leader", PASSWORD)
    page.goto(f"{live_server.url}/reviews/cycles/{cycle.pk}/")
    page.get_by_label("Start a review of").select_option(label="Ada Agent")
    page.get_by_role("button", name="Start").click()

    page.get_by_label("Your rating (1–5)").fill("4")
    page.get_by_label("Narrative").fill("Calm, kind, and faster every month.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Review saved.")).to_be_visible()
    review = Review.objects.get(person=floor.agent)
    assert review.leader_score == 4.0

    review_calibrate(actor=floor.user("manager"), review=review, overall=None)
    page.reload()
    page.get_by_role("button", name="Release to the agent").click()
    expect(page.locator("main")).to_contain_text("Released to the agent")

    page.get_by_role("button", name="Log out").click()
    log_in("agent", PASSWORD)
    page.goto(f"{live_server.url}/reviews/")
    page.locator("main").get_by_role("link", name="Ada Agent").click()
    expect(page.locator("main")).to_contain_text("Calm, kind, and faster every month.")
    page.get_by_role("button", name="I have read my review").click()

    review.refresh_from_db()
    assert review.status == ReviewStatus.ACKNOWLEDGED
    assert console_errors == []
