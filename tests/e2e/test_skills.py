import pytest
from playwright.sync_api import expect

from floorwalk.learning.models import SkillLevel
from tests.factories import PASSWORD, QueueFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_sets_a_level_in_the_matrix_and_ada_sees_it(
    floor, page, live_server, log_in, console_errors
):
    chat = QueueFactory(name="Chat", channel="chat", site=floor.north)
    log_in("leader", PASSWORD)
    page.goto(f"{live_server.url}/skills/")
    row = page.get_by_role("row", name="Ada Agent")
    row.get_by_role("link", name="Change the level on Chat").click()
    page.get_by_label("Level", exact=True).select_option(label="2 · Supported")
    row.get_by_role("button", name="Save").click()

    expect(row.locator("form")).to_have_count(0)
    expect(row.locator(".badge", has_text="2 · Supported")).to_be_visible()
    level = SkillLevel.objects.get(person=floor.agent, queue=chat)
    assert level.level == 2
    assert floor.agent.queues.filter(pk=chat.pk).exists()

    page.context.clear_cookies()
    log_in("agent", PASSWORD)
    page.goto(f"{live_server.url}/skills/people/{floor.agent.pk}/")
    expect(page.get_by_role("heading", name="My skills")).to_be_visible()
    expect(page.locator("main")).to_contain_text("2 · Supported")
    assert console_errors == []
