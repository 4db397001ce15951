import pytest
from django.test import Client
from django.urls import reverse

from floorwalk.accounts.models import User
from floorwalk.metrics.models import QaDispute, QaEvaluation, QaForm, QaFormVersion
from tests.conftest import client_for
from tests.metrics.qa.conftest import evaluated_interaction, make_interaction, open_dispute


def _answer_data(**overrides):
    data = {
        "answer_greeting": "1",
        "answer_verification": "1",
        "answer_solution": "0.5",
        "answer_upsell": "na",
        "answer_delight": "0",
        "comment_solution": "Found the bill, did not fix it",
        "comment": "Friendly call",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_qa_specialist_evaluates_an_interaction_in_the_web_form(floor, qa_form):
    interaction = make_interaction(floor.agent)
    client = client_for("qa")

    response = client.post(reverse("qa:evaluate", args=[interaction.pk]), _answer_data())

    evaluation = QaEvaluation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("qa:evaluation", args=[evaluation.pk])
    # greeting 1×1 + verification 2×1 + solution 3×0.5 of weights 6 (upsell N/A) → 75
    assert evaluation.score == pytest.approx(75.0)
    assert evaluation.evaluator == floor.qa
    assert evaluation.answers.get(item__key="solution").comment == "Found the bill, did not fix it"


def test_unanswered_item_is_shown_inline_and_what_was_typed_is_kept(floor, qa_form):
    interaction = make_interaction(floor.agent)

    response = client_for("qa").post(
        reverse("qa:evaluate", args=[interaction.pk]), _answer_data(answer_solution=None)
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Answer this item (or mark it N/A)." in body
    assert "Found the bill, did not fix it" in body
    assert 'name="answer_greeting" id="id_answer_greeting_0" value="1" checked' in body
    assert QaEvaluation.objects.count() == 0


def test_na_is_not_offered_for_an_item_that_does_not_allow_it(floor, qa_form):
    interaction = make_interaction(floor.agent)

    response = client_for("qa").post(
        reverse("qa:evaluate", args=[interaction.pk]), _answer_data(answer_solution="na")
    )

    assert "Select a valid choice. na is not one of the available choices." in (
        response.content.decode()
    )
    assert QaEvaluation.objects.count() == 0


def test_live_preview_scores_with_the_engine(floor, qa_form):
    interaction = make_interaction(floor.agent)
    url = reverse("qa:evaluate", args=[interaction.pk])
    client = client_for("qa")

    partial = client.post(
        url, {**_answer_data(answer_upsell=None), "preview": "1"}, headers={"HX-Request": "true"}
    )
    complete = client.post(
        url,
        {**_answer_data(answer_verification="0"), "preview": "1"},
        headers={"HX-Request": "true"},
    )

    assert "1 item left to answer" in partial.content.decode()
    assert '<span class="fw-stat">0.0</span>' in complete.content.decode()
    assert "critical item failed" in complete.content.decode()
    assert QaEvaluation.objects.count() == 0


def test_evaluated_interaction_opens_its_evaluation(floor, qa_form):
    evaluation = evaluated_interaction(floor)

    response = client_for("qa").get(reverse("qa:evaluate", args=[evaluation.interaction_id]))

    assert response["Location"] == reverse("qa:evaluation", args=[evaluation.pk])


def test_agent_sees_their_evaluations_and_not_others(floor, qa_form):
    own = evaluated_interaction(floor)
    evaluated_interaction(floor, agent=floor.other_agent)

    response = client_for("agent").get(reverse("qa:my_evaluations"))

    assert list(response.context["page"].object_list) == [own]


def test_my_evaluations_export_to_csv(floor, qa_form):
    evaluation = evaluated_interaction(floor, solution=0.0)

    response = client_for("agent").get(reverse("qa:my_evaluations"), {"format": "csv"})

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Evaluated at,Agent,Interaction,Queue,Form,Evaluator,Score,Dispute"
    assert lines[1].endswith(
        f"Ada Agent,{evaluation.interaction.external_id},Billing voice,Voice quality v1,"
        "Quinn Quality,57.1,"
    )


def test_agent_disputes_with_a_reason(floor, qa_form):
    evaluation = evaluated_interaction(floor)
    url = reverse("qa:dispute_create", args=[evaluation.pk])
    client = client_for("agent")

    empty = client.post(url, {"reason": ""})
    sent = client.post(url, {"reason": "I did verify the caller"})

    assert empty.status_code == 200
    assert "This field is required." in empty.content.decode()
    assert sent.status_code == 302
    assert QaDispute.objects.get().reason == "I did verify the caller"


def test_other_agent_cannot_dispute_and_nothing_changes(floor, qa_form):
    evaluation = evaluated_interaction(floor)

    response = client_for("mentor").post(
        reverse("qa:dispute_create", args=[evaluation.pk]), {"reason": "No"}
    )

    assert response.status_code == 403
    assert QaDispute.objects.count() == 0


def test_qa_accepts_a_dispute_and_the_new_score_stands(floor, qa_form):
    dispute = open_dispute(floor)  # scored 0: the critical verification item failed
    data = _answer_data(answer_verification="1", answer_solution="1", answer_upsell="1")

    response = client_for("qa").post(
        reverse("qa:dispute_resolve", args=[dispute.pk]),
        {**data, "decision": "accept", "resolution": "You did verify"},
    )

    dispute.refresh_from_db()
    assert response.status_code == 302
    assert (dispute.status, dispute.score_before, dispute.score_after) == ("accepted", 0.0, 100.0)
    assert (QaEvaluation.objects.get().score, QaEvaluation.objects.get().comment) == (
        100.0,
        "Friendly call",
    )


def test_rejecting_needs_a_reason_and_keeps_the_answers_typed(floor, qa_form):
    dispute = open_dispute(floor)

    response = client_for("qa").post(
        reverse("qa:dispute_resolve", args=[dispute.pk]),
        {**_answer_data(comment="kept"), "decision": "reject", "resolution": ""},
    )

    dispute.refresh_from_db()
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert ">kept</textarea>" in response.content.decode()
    assert dispute.status == "open"


def _form_post(name, rows):
    data = {
        "name": name,
        "description": "",
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"items-{index}-{key}"] = value
    return data


ROW = {"section": "Opening", "key": "greeting", "text": "Greets", "weight": "1", "allows_na": "on"}


def test_qa_specialist_creates_a_form_in_the_editor(floor):
    rows = [ROW, {**ROW, "key": "verify", "text": "Verifies", "weight": "2", "critical": "on"}]

    response = client_for("qa").post(reverse("qa:form_create"), _form_post("Chat quality", rows))

    version = QaFormVersion.objects.get(form__name="Chat quality")
    assert response.status_code == 302
    assert [(item.key, item.weight, item.critical) for item in version.items.all()] == [
        ("greeting", 1.0, False),
        ("verify", 2.0, True),
    ]


def test_form_editor_shows_errors_next_to_the_item(floor):
    rows = [{**ROW, "weight": "0", "critical": "on", "bonus": "on"}]

    response = client_for("qa").post(reverse("qa:form_create"), _form_post("Bad", rows))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0.01." in body
    assert "An item cannot be both critical and a bonus." in body
    assert QaForm.objects.filter(name="Bad").count() == 0


def test_editing_a_used_form_saves_a_new_version(floor, qa_form):
    evaluated_interaction(floor)

    response = client_for("qa").post(
        reverse("qa:form_edit", args=[qa_form.pk]), _form_post("Voice quality", [ROW]), follow=True
    )

    assert "Saved as version 2" in response.content.decode()
    assert QaEvaluation.objects.get().form_version.number == 1


def test_queue_opens_an_interaction_by_its_id(floor, qa_form):
    interaction = make_interaction(floor.agent)

    found = client_for("qa").get(reverse("qa:queue"), {"interaction_id": interaction.external_id})
    far = make_interaction(floor.far_agent)
    hidden = client_for("qa").get(reverse("qa:queue"), {"interaction_id": far.external_id})

    assert found["Location"] == reverse("qa:evaluate", args=[interaction.pk])
    assert "No interaction with this id among the agents you evaluate." in hidden.content.decode()


def test_live_preview_of_a_tampered_answer_names_the_item(floor, qa_form):
    interaction = make_interaction(floor.agent)

    response = client_for("qa").post(
        reverse("qa:evaluate", args=[interaction.pk]),
        {**_answer_data(answer_greeting="lots"), "preview": "1"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "item &#x27;greeting&#x27;: answer nan is outside 0–1" in response.content.decode()


def test_a_login_without_a_person_evaluates_nobody(floor, qa_form):
    User.objects.create_superuser("root", password="x")
    client = Client()
    client.force_login(User.objects.get(username="root"))

    response = client.get(reverse("qa:evaluate", args=[make_interaction(floor.agent).pk]))

    assert response.status_code == 404


def test_evaluations_filter_by_agent_and_day_and_export_what_is_shown(floor, qa_form):
    ada_october = evaluated_interaction(floor)  # interactions start on 2026-10-05
    evaluated_interaction(floor, agent=floor.other_agent)
    client = client_for("qa")
    url = reverse("qa:evaluations")

    by_name = client.get(url, {"q": "ada"})
    by_day = client.get(url, {"start": "2026-10-06"})
    exported = client.get(url, {"q": "ada", "format": "csv"})

    assert list(by_name.context["page"].object_list) == [ada_october]
    assert list(by_day.context["page"].object_list) == []
    assert "No evaluation matches these filters." in by_day.content.decode()
    assert len(exported.content.decode("utf-8-sig").splitlines()) == 2


def test_evaluations_filter_refuses_an_end_before_the_start(floor, qa_form):
    response = client_for("qa").get(
        reverse("qa:evaluations"), {"start": "2026-10-06", "end": "2026-10-01"}
    )

    assert "The end is before the start." in response.content.decode()
    assert 'value="2026-10-06"' in response.content.decode()
