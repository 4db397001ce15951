from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from floorwalk.experience.models import OnboardingPlan, OnboardingReviewAnswer, OwnerKind
from tests.conftest import client_for
from tests.experience.onboarding_setup import (
    default_template,
    mentor_at_r2,
    new_hire,
    ninas_plan,
    start_day,
)


def test_the_api_lists_templates_with_tasks_goals_and_questions(floor):
    template = default_template()

    response = client_for("leader").get(reverse("api-onboarding-templates"))

    [record] = response.json()
    assert (record["id"], len(record["tasks"]), len(record["ramp_goals"])) == (template.pk, 13, 2)
    assert record["tasks"][0] == {
        "title": "Workstation ready",
        "description": "Desk, chair, screens, headset and phone set up and tested.",
        "phase": "before_day_one",
        "owner_kind": "site_manager",
        "owner_person": None,
        "offset_days": -5,
    }


def test_the_api_starts_a_new_hire(floor):
    nina = new_hire(floor)

    response = client_for("leader").post(
        reverse("api-onboarding-plans"),
        {
            "template": default_template().pk,
            "start_date": start_day().isoformat(),
            "person": nina.pk,
            "mentor": mentor_at_r2(floor).pk,
            "support_person": floor.other_agent.pk,
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["person"], body["tasks_total"], len(body["tasks"])) == (nina.pk, 13, 13)
    assert OnboardingPlan.objects.filter(person=nina).count() == 1


def test_the_api_names_the_refused_field_and_creates_nothing(floor):
    response = client_for("leader").post(
        reverse("api-onboarding-plans"),
        {
            "template": default_template().pk,
            "start_date": start_day().isoformat(),
            "person": new_hire(floor).pk,
            "mentor": floor.agent.pk,
            "support_person": floor.other_agent.pk,
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "mentor": ["Ada Agent has no stage yet; mentors must be at R2 or above."]
    }
    assert OnboardingPlan.objects.count() == 0


def test_the_owner_completes_a_task_over_the_api(floor):
    task = ninas_plan(floor).tasks.get(owner_kind=OwnerKind.SUPPORT)

    response = client_for("other_agent").post(
        reverse("api-onboarding-task-complete", args=[task.pk]),
        {"note": "Done"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert (response.json()["done_on"], response.json()["note"]) == (
        timezone.localdate().isoformat(),
        "Done",
    )


def test_the_leader_answers_the_review_over_the_api(floor):
    plan = ninas_plan(floor)
    scale = [q for q in plan.template.questions.all() if q.kind == "scale"]

    response = client_for("leader").post(
        reverse("api-onboarding-review", args=[plan.pk]),
        {"answers": [{"question": q.pk, "scale": 4} for q in scale]},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json() == {"answers": 7}
    assert OnboardingReviewAnswer.objects.filter(respondent="leader", scale=4).count() == 5


def test_the_schema_lists_the_onboarding_endpoints_without_warnings(floor, tmp_path):
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    schema = client_for("agent").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert {
        "/api/v1/onboarding/templates/",
        "/api/v1/onboarding/plans/",
        "/api/v1/onboarding/plans/{id}/",
        "/api/v1/onboarding/plans/{id}/review/",
        "/api/v1/onboarding/tasks/{id}/complete/",
    } <= set(schema.json()["paths"])
