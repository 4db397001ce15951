import pytest
from playwright.sync_api import expect

from floorwalk.metrics.models import Interaction
from tests.factories import PASSWORD
from tests.metrics.conftest import interaction, write_csv

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_uploads_interactions_and_watches_the_import_finish(
    floor, page, live_server, log_in, console_errors, tmp_path, run_worker
):
    agent = floor.agent.employee_number
    calls = write_csv(
        tmp_path / "calls.csv",
        [interaction("A1", agent), interaction("A2", agent), interaction("A3", agent)],
    )
    log_in("leader", PASSWORD)

    navigation = page.get_by_role("navigation", name="Main navigation")
    navigation.get_by_role("button", name="Tools").click()
    navigation.get_by_role("link", name="Imports").click()
    expect(page.get_by_role("heading", name="Imports")).to_be_visible()
    expect(page.locator("main")).to_contain_text("No imports yet")
    page.get_by_role("link", name="Import interactions").click()
    page.get_by_label("File").set_input_files(calls)
    page.get_by_label("Source").fill("genesys")
    page.get_by_role("button", name="Upload and import").click()

    expect(page.get_by_role("heading", name="Interactions import: calls.csv")).to_be_visible()
    bar = page.get_by_role("progressbar", name="Import progress")
    expect(bar).to_be_visible()
    expect(bar.locator(".progress-bar")).to_have_attribute("style", "width: 0%;")
    expect(page.locator("#run-status")).to_contain_text("Waiting for a worker")

    run_worker()

    status = page.locator("#run-status")
    expect(status).to_contain_text("Applied", timeout=10_000)
    expect(bar).to_have_count(0)
    expect(status.get_by_role("row", name="Rows read")).to_contain_text("3")
    expect(status.get_by_role("row", name="Created")).to_contain_text("3")
    expect(status.get_by_role("row", name="Invalid rows")).to_contain_text("0")
    assert Interaction.objects.filter(source="genesys").count() == 3
    assert console_errors == []
