"""The framework pages, the competency profile and the competency API, as their users see
them."""

import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from floorwalk.development.models import Assessment, AssessmentSource, Competency
from tests.conftest import client_for
from tests.development.test_assessments import assess, make_competency

FORMSET = {"indicators-TOTAL_FORMS": 3, "indicators-INITIAL_FORMS": 0}


def competency_post(**changes):
    return {
        "name": "Product knowledge",
        "definition": "Knows the products and their terms",
        "development_tools": "Shadow a senior agent\nQuiz on the new tariffs",
        "use": "develop",
        "target_level": 3,
        **FORMSET,
        "indicators-0-metric": "fcr",
        "indicators-1-behaviour": "Explains a tariff without looking it up",
        **changes,
    }


# ---- The framework ---------------------------------------------------------------------------


def test_an_agent_reads_the_framework_with_what_better_means(floor):
    competency = make_competency()

    listing = client_for("agent").get(reverse("development:competencies"))
    detail = client_for("agent").get(reverse("development:competency", args=[competency.pk]))

    assert "Result orientation" in listing.content.decode()
    body = detail.content.decode()
    assert "Average handle time" in body
    assert "Keeps going after a setback" in body
    assert [(m.code, m.direction) for m in detail.context["metrics"]] == [
        ("aht", "lower"),
        ("csat", "higher"),
    ]
    assert reverse("development:competency_edit", args=[competency.pk]) not in body


def test_a_manager_adds_a_competency_with_its_indicators(floor):
    response = client_for("manager").post(
        reverse("development:competency_create"), competency_post()
    )

    competency = Competency.objects.get(name="Product knowledge")
    assert response.status_code == 302
    assert [(i.metric, i.behaviour) for i in competency.indicators.all()] == [
        ("fcr", ""),
        ("", "Explains a tariff without looking it up"),
    ]
    assert competency.target_level == 3


def test_an_indicator_with_both_a_metric_and_a_behaviour_is_refused(floor):
    response = client_for("manager").post(
        reverse("development:competency_create"),
        competency_post(**{"indicators-0-behaviour": "Knows it"}),
    )

    assert response.status_code == 400
    assert "not both" in response.content.decode()
    assert not Competency.objects.exists()


def test_a_duplicate_name_is_refused_on_its_field(floor):
    make_competency(name="Product knowledge")

    response = client_for("admin").post(reverse("development:competency_create"), competency_post())

    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert Competency.objects.count() == 1


def test_editing_keeps_the_assessments_and_replaces_the_indicators(floor):
    competency = make_competency()
    assess(floor, competency, AssessmentSource.LEADER, 2, timezone.localdate())

    response = client_for("manager").post(
        reverse("development:competency_edit", args=[competency.pk]),
        competency_post(name="Result focus", **{"indicators-1-behaviour": ""}),
    )

    competency.refresh_from_db()
    assert response.status_code == 302
    assert competency.name == "Result focus"
    assert [i.metric for i in competency.indicators.all()] == ["fcr"]
    assert Assessment.objects.filter(competency=competency).count() == 1


def test_retiring_keeps_the_assessments_and_leaves_the_profile(floor):
    competency = make_competency()
    assess(floor, competency, AssessmentSource.LEADER, 2, timezone.localdate())

    client_for("admin").post(reverse("development:competency_retire", args=[competency.pk]))

    competency.refresh_from_db()
    assert competency.is_active is False
    assert Assessment.objects.filter(competency=competency).count() == 1
    profile = client_for("leader").get(
        reverse("development:person_competencies", args=[floor.agent.pk])
    )
    assert profile.context["profile"] == []


# ---- The profile -----------------------------------------------------------------------------


def test_the_profile_shows_level_target_gap_history_and_suggestions(floor):
    competency = make_competency(target_level=4, development_tools="Agree goals together")
    today = timezone.localdate()
    assess(floor, competency, AssessmentSource.LEADER, 2, today - timedelta(days=40))
    assess(floor, competency, AssessmentSource.QA, 3, today - timedelta(days=10), by="qa")
    Assessment.objects.create(
        person=floor.agent,
        competency=competency,
        source=AssessmentSource.KPI,
        level=3,
        evidence="Derived from 1 of 2 linked metrics",
        details={
            "level": 3,
            "metrics": [
                {
                    "metric": "aht",
                    "value": 360.0,
                    "sample": 25,
                    "target": 330.0,
                    "amber_band": 30.0,
                    "direction": "lower",
                    "level": 3,
                    "unused": None,
                }
            ],
        },
        assessed_on=today,
    )

    response = client_for("agent").get(
        reverse("development:person_competencies", args=[floor.agent.pk])
    )

    [standing] = response.context["profile"]
    # Leader 2, QA 3, results 3: (2 + 3 + 3) / 3 = 2.67 → 3; target 4, one level short.
    assert (standing.level, standing.target, standing.gap) == (3, 4, 1)
    chart = response.context["chart"]
    # The level on each assessment day: leader alone 2; leader and QA 2.5 → 3; all three 3.
    assert chart["datasets"] == [{"label": "Result orientation", "data": [2, 3, 3]}]
    body = response.content.decode()
    assert "Agree goals together" in body
    assert "How the results gave this level" in body
    assert "6:00" in body
    assert 'id="competency-chart"' in body
    assert "aria-label" in body
    assert reverse("development:assessment_create", args=[floor.agent.pk]) not in body


def test_another_agent_cannot_read_adas_profile(floor):
    response = client_for("other_agent").get(
        reverse("development:person_competencies", args=[floor.agent.pk])
    )

    assert response.status_code == 404


def test_a_qa_specialist_records_an_assessment_on_the_page(floor):
    competency = make_competency()

    response = client_for("qa").post(
        reverse("development:assessment_create", args=[floor.agent.pk]),
        {"competency": competency.pk, "level": 4, "evidence": "Polite on a hard call"},
    )

    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.source, assessment.level) == ("qa", 4)


def test_an_assessment_without_evidence_gets_the_form_back(floor):
    competency = make_competency()

    response = client_for("leader").post(
        reverse("development:assessment_create", args=[floor.agent.pk]),
        {"competency": competency.pk, "level": 4, "evidence": ""},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["evidence"]
    assert not Assessment.objects.exists()


def test_the_stage_and_person_pages_link_the_profile(floor):
    url = reverse("development:person_competencies", args=[floor.agent.pk])

    for page in ("development:person_stage", "org:person"):
        body = client_for("leader").get(reverse(page, args=[floor.agent.pk])).content.decode()
        assert url in body


# ---- The API ---------------------------------------------------------------------------------


def test_the_api_lists_the_framework_with_directions(floor):
    competency = make_competency(development_tools="One\nTwo")
    make_competency(name="Old one", metrics=(), is_active=False)

    listing = client_for("agent").get("/api/v1/competencies/").json()
    detail = client_for("agent").get(f"/api/v1/competencies/{competency.pk}/").json()
    everything = client_for("agent").get("/api/v1/competencies/?include_retired=true").json()

    assert [item["name"] for item in listing["results"]] == ["Result orientation"]
    assert len(everything["results"]) == 2
    assert [(i["metric"], i["better_when"]) for i in detail["indicators"]] == [
        ("aht", "lower"),
        ("csat", "higher"),
        ("", None),
    ]
    assert detail["development_actions"] == ["One", "Two"]


def test_an_agent_reads_her_own_assessments_and_nobody_elses(floor):
    competency = make_competency()
    assess(floor, competency, AssessmentSource.LEADER, 3, timezone.localdate())

    own = client_for("agent").get(f"/api/v1/people/{floor.agent.pk}/assessments/")
    other = client_for("other_agent").get(f"/api/v1/people/{floor.agent.pk}/assessments/")

    assert [(a["level"], a["source"], a["assessed_by"]) for a in own.json()["results"]] == [
        (3, "leader", "leader")
    ]
    assert other.status_code == 404


def test_posting_an_assessment_over_the_api(floor):
    competency = make_competency()

    response = client_for("leader").post(
        f"/api/v1/people/{floor.agent.pk}/assessments/",
        json.dumps({"competency": competency.pk, "level": 5, "evidence": "Top tNPS all month"}),
        content_type="application/json",
    )

    assert response.status_code == 201
    assert (response.json()["source"], response.json()["level"]) == ("leader", 5)
    assert Assessment.objects.get().assessed_by == floor.user("leader")


def test_bad_api_input_is_a_400_naming_the_field(floor):
    competency = make_competency()
    url = f"/api/v1/people/{floor.agent.pk}/assessments/"
    client = client_for("qa")

    too_high = client.post(url, {"competency": competency.pk, "level": 7, "evidence": "x"})
    no_evidence = client.post(url, {"competency": competency.pk, "level": 3})
    unknown = client.post(url, {"competency": 424242, "level": 3, "evidence": "x"})

    assert (too_high.status_code, list(too_high.json())) == (400, ["level"])
    assert (no_evidence.status_code, list(no_evidence.json())) == (400, ["evidence"])
    assert (unknown.status_code, list(unknown.json())) == (400, ["competency"])
    assert not Assessment.objects.exists()


def test_a_mentor_cannot_post_an_assessment(floor):
    competency = make_competency()

    response = client_for("mentor").post(
        f"/api/v1/people/{floor.agent.pk}/assessments/",
        {"competency": competency.pk, "level": 3, "evidence": "x"},
    )

    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_a_qa_specialist_finds_the_assessment_form_on_the_persons_page(floor):
    body = client_for("qa").get(reverse("org:person", args=[floor.agent.pk])).content.decode()
    mentor_body = (
        client_for("mentor").get(reverse("org:person", args=[floor.agent.pk])).content.decode()
    )

    assess_url = reverse("development:assessment_create", args=[floor.agent.pk])
    assert assess_url in body
    profile_url = reverse("development:person_competencies", args=[floor.agent.pk])
    assert f'href="{profile_url}"' not in body  # QA does not read development
    assert assess_url not in mentor_body
