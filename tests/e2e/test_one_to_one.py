import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from floorwalk.development.models import AgreedAction, OneToOne
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_holds_a_one_to_one_and_ada_acknowledges_it(
    floor, page, live_server, log_in, console_errors
):
    due = timezone.localdate() + datetime.timedelta(days=14)
    log_in("leader", PASSWORD)
    page.goto(f"{live_server.url}/people/{floor.agent.pk}/one-to-ones/new/")
    page.get_by_label("Agenda").fill("Last month's calls; the new chat queue.")
    page.get_by_label("Shared notes").fill("A strong month; chat from next week.")
    page.get_by_label("Private notes").fill("Ask HR about her part-time request.")
    page.locator("[name=item_0_kind]").select_option("recognition")
    page.locator("[name=item_0_text]").fill("Calm with the angry caller on Tuesday")
    page.locator("[name=action_0_description]").fill("Shadow Mira on chat")
    page.locator("[name=action_0_due_on]").fill(due.isoformat())
    page.get_by_role("button", name="Save the one-to-one").click()

    expect(page.get_by_role("heading", name="Private notes")).to_be_visible()
    assert AgreedAction.objects.get().due_on == due

    page.context.clear_cookies()
    log_in("agent", PASSWORD)
    talk = OneToOne.objects.get()
    page.goto(f"{live_server.url}/people/{floor.agent.pk}/one-to-ones/{talk.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("A strong month; chat from next week.")
    expect(main).to_contain_text("Calm with the angry caller on Tuesday")
    expect(main).to_contain_text("Shadow Mira on chat")
    expect(main).not_to_contain_text("part-time")
    page.get_by_role("button", name="I have read this one-to-one").click()

    expect(main).to_contain_text("Acknowledged")
    talk.refresh_from_db()
    assert talk.acknowledged_at is not None
    assert console_errors == []
