import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.metrics.qa.conftest import make_interaction, qa_form_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _answer(page, item: str, choice: str) -> None:
    page.get_by_role("group", name=item).get_by_label(choice, exact=True).check()


def test_qa_evaluates_and_the_agent_disputes(floor, page, live_server, log_in, console_errors):
    qa_form_of(floor)
    interaction = make_interaction(floor.agent)

    # The QA specialist opens the interaction from the queue page and scores it.
    log_in("qa", PASSWORD)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Quality", exact=True
    ).click()
    page.get_by_label("Evaluate an interaction by its id").fill(interaction.external_id)
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("heading", name="Evaluate Ada Agent")).to_be_visible()
    _answer(page, "Greets the customer by name", "Met")
    _answer(page, "Verifies the customer's identity", "Met")
    _answer(page, "Solves the problem", "Partly met")
    _answer(page, "Offers a fitting product", "N/A")
    expect(page.locator("#score-preview")).to_contain_text("1 item left to answer")
    _answer(page, "Goes the extra mile", "Not met")
    # weights 1 + 2 + 3×0.5 of 6 answered → 75.0, computed by the engine on the server
    expect(page.locator("#score-preview")).to_contain_text("75.0")
    page.get_by_label("Comment on “Solves the problem”").fill("Found the bill, did not fix it")
    page.get_by_role("button", name="Submit the evaluation").click()
    expect(page.get_by_role("status")).to_contain_text("Evaluation saved: 75.0.")
    page.get_by_role("button", name="Log out").click()

    # The agent finds it among their evaluations and disputes it.
    log_in("agent", PASSWORD)
    page.get_by_role("link", name="My evaluations").first.click()
    page.locator("table tbody").get_by_role("link").first.click()
    expect(page.locator("#evaluation-score")).to_have_text("75.0")
    expect(page.locator("main")).to_contain_text("Found the bill, did not fix it")
    page.get_by_role("button", name="Send the dispute").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    page.get_by_label("What do you disagree with, and why?").fill(
        "The bill was fixed after the call"
    )
    page.get_by_role("button", name="Send the dispute").click()
    expect(page.get_by_role("status")).to_contain_text("Your dispute is sent")
    expect(page.get_by_role("heading", name="Dispute: Open")).to_be_visible()
    assert console_errors == []


def test_qa_builds_a_form_with_added_items(floor, page, live_server, log_in, console_errors):
    log_in("qa", PASSWORD)
    page.goto(f"{live_server.url}/qa/forms/")
    expect(page.locator("main")).to_contain_text("There is no evaluation form yet.")
    page.get_by_role("link", name="New form").click()

    page.get_by_label("Name").fill("Chat quality")
    first = page.get_by_role("group", name="Item 1")
    first.get_by_label("Section").fill("Opening")
    first.get_by_label("Key").fill("greeting")
    first.get_by_label("Question").fill("Greets the customer")
    page.get_by_role("button", name="Add an item").click()
    second = page.get_by_role("group", name="Item 2")
    expect(second.get_by_label("Section")).to_be_focused()
    second.get_by_label("Section").fill("Opening")
    second.get_by_label("Key").fill("verify")
    second.get_by_label("Question").fill("Verifies the identity")
    second.get_by_label("Weight").fill("2")
    second.get_by_label("Critical").check()
    page.get_by_role("button", name="Save the form").click()

    expect(page.get_by_role("status")).to_contain_text("The form is saved.")
    row = page.get_by_role("row", name=re.compile("Chat quality"))
    # form, current version, items, evaluations
    expect(row.get_by_role("cell")).to_have_text(["Chat quality", "1", "2", "0"])
    assert console_errors == []
