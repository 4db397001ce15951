from django.urls import reverse

from floorwalk.metrics.models import QaDispute
from tests.conftest import client_for
from tests.metrics.qa.conftest import evaluated_interaction


def test_agent_lists_only_their_own_evaluations(floor):
    own = evaluated_interaction(floor, solution=0.0)
    evaluated_interaction(floor, agent=floor.other_agent)

    response = client_for("agent").get(reverse("api-qa-evaluations"))

    results = response.json()["results"]
    assert [(r["id"], r["agent"], round(r["score"], 2)) for r in results] == [
        (own.pk, floor.agent.pk, 57.14)
    ]
    assert results[0]["form"] == "Voice quality"
    assert results[0]["dispute"] is None


def test_evaluation_detail_has_every_item_answer(floor):
    evaluation = evaluated_interaction(floor, upsell=None)

    response = client_for("leader").get(reverse("api-qa-evaluation", args=[evaluation.pk]))

    assert {a["item"]: a["answer"] for a in response.json()["answers"]} == {
        "greeting": 1.0,
        "verification": 1.0,
        "solution": 1.0,
        "upsell": None,
        "delight": 0.0,
    }


def test_agent_disputes_over_the_api_once(floor):
    evaluation = evaluated_interaction(floor)
    url = reverse("api-qa-evaluation-dispute", args=[evaluation.pk])
    client = client_for("agent")

    first = client.post(url, {"reason": "I did verify"}, content_type="application/json")
    second = client.post(url, {"reason": "Again"}, content_type="application/json")
    blank = client.post(url, {"reason": ""}, content_type="application/json")

    assert (first.status_code, first.json()["status"]) == (201, "open")
    assert second.status_code == 400
    assert second.json() == ["This evaluation has been disputed already."]
    assert blank.status_code == 400
    assert list(QaDispute.objects.values_list("reason", flat=True)) == ["I did verify"]


def test_leader_cannot_dispute_for_the_agent(floor):
    evaluation = evaluated_interaction(floor)

    response = client_for("leader").post(
        reverse("api-qa-evaluation-dispute", args=[evaluation.pk]),
        {"reason": "No"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert QaDispute.objects.count() == 0
