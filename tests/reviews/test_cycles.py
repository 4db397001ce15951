"""Opening a review cycle: site managers and administrators, from the reviews page."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from floorwalk.audit.models import AuditEvent
from floorwalk.reviews.models import ReviewCycle, ReviewTemplate
from tests.conftest import client_for


@pytest.fixture
def template(db):
    return ReviewTemplate.objects.create(name="Yearly")


def cycle_form(template, **changes):
    return {
        "name": "Second half of 2026",
        "template": template.pk,
        "period_start": "2026-07-01",
        "period_end": "2026-12-31",
        **changes,
    }


def test_a_site_manager_opens_a_cycle_and_lands_on_its_page(floor, template):
    response = client_for(floor.user("manager")).post(
        reverse("reviews:cycle_new"), cycle_form(template)
    )

    cycle = ReviewCycle.objects.get()
    assert response.url == reverse("reviews:cycle", args=[cycle.pk])
    assert (cycle.name, cycle.template, cycle.period_start, cycle.period_end) == (
        "Second half of 2026",
        template,
        date(2026, 7, 1),
        date(2026, 12, 31),
    )
    assert cycle.created_by == floor.user("manager")
    event = AuditEvent.objects.get(object_type="reviews.reviewcycle")
    assert event.changes["period_end"] == [None, "2026-12-31"]


def test_a_period_ending_before_it_starts_is_an_error_on_its_field(floor, template):
    response = client_for(floor.user("manager")).post(
        reverse("reviews:cycle_new"), cycle_form(template, period_end="2026-06-30")
    )

    assert response.status_code == 400
    assert response.context["form"].errors["period_end"] == [
        "The period cannot end before it starts."
    ]
    assert response.context["form"]["name"].value() == "Second half of 2026"  # kept
    assert not ReviewCycle.objects.exists()


def test_a_template_no_longer_in_use_cannot_be_chosen(floor, template):
    template.is_active = False
    template.save()

    response = client_for(floor.user("admin")).post(
        reverse("reviews:cycle_new"), cycle_form(template)
    )

    assert response.status_code == 400
    assert "template" in response.context["form"].errors
    assert not ReviewCycle.objects.exists()


@pytest.mark.parametrize("username", ["agent", "leader", "qa", "planner"])
def test_only_managers_and_admins_open_cycles(floor, template, username):
    response = client_for(floor.user(username)).post(
        reverse("reviews:cycle_new"), cycle_form(template)
    )

    assert response.status_code == 403
    assert not ReviewCycle.objects.exists()


def test_the_reviews_page_offers_opening_a_cycle_to_managers_only(floor):
    manager_page = client_for(floor.user("manager")).get(reverse("reviews:home"))
    leader_page = client_for(floor.user("leader")).get(reverse("reviews:home"))

    assert "Open a review cycle" in manager_page.content.decode()
    assert "Open a review cycle" not in leader_page.content.decode()


def test_the_api_opens_a_cycle_with_the_same_rules(floor, template):
    manager, agent = APIClient(), APIClient()
    manager.force_authenticate(floor.user("manager"))
    agent.force_authenticate(floor.user("agent"))
    url = reverse("api-review-cycles")

    refused = agent.post(url, cycle_form(template), format="json")
    bad = manager.post(url, cycle_form(template, period_end="2026-06-30"), format="json")
    opened = manager.post(url, cycle_form(template), format="json")

    assert refused.status_code == 403
    assert (bad.status_code, list(bad.json())) == (400, ["period_end"])
    assert opened.status_code == 201
    assert opened.json()["template"] == "Yearly"
    assert ReviewCycle.objects.get().pk == opened.json()["id"]
