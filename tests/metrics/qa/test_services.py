import pytest
from django.core.exceptions import ValidationError

from floorwalk.metrics.models import (
    QaDispute,
    QaDisputeStatus,
    QaEvaluation,
    QaEvent,
    QaEventAction,
    QaFormVersion,
)
from floorwalk.metrics.qa.selectors import form_version_current, version_content
from floorwalk.metrics.qa.services import (
    ItemSpec,
    qa_dispute_accept,
    qa_dispute_raise,
    qa_dispute_reject,
    qa_evaluation_record,
    qa_form_create,
    qa_form_update,
)
from tests.metrics.qa.conftest import FORM_ITEMS, answers, make_interaction


def _evaluate(floor, qa_form, interaction, **values):
    return qa_evaluation_record(
        actor=floor.user("qa"),
        interaction=interaction,
        form_version=form_version_current(qa_form),
        evaluator=floor.qa,
        answers=answers(**values),
        comment="Good call",
    )


def test_form_is_created_with_its_sections_in_order(floor, qa_form):
    content = version_content(form_version_current(qa_form))

    assert [(c.section.title, [item.key for item in c.items]) for c in content] == [
        ("Opening", ["greeting", "verification"]),
        ("Resolution", ["solution", "upsell", "delight"]),
    ]
    assert QaEvent.objects.get().action == QaEventAction.FORM_CREATED


def test_editing_an_unused_form_changes_its_version_in_place(floor, qa_form):
    version = qa_form_update(
        actor=floor.user("qa"),
        form=qa_form,
        name="Voice quality",
        description="",
        items=[ItemSpec("All", "greeting", "Greets", 1.0)],
    )

    assert version.number == 1
    assert QaFormVersion.objects.filter(form=qa_form).count() == 1
    assert list(version.items.values_list("key", flat=True)) == ["greeting"]


def test_editing_a_used_form_makes_a_new_version_and_old_evaluations_keep_theirs(
    floor, qa_form, ada_interaction
):
    evaluation = _evaluate(floor, qa_form, ada_interaction)
    first = evaluation.form_version

    version = qa_form_update(
        actor=floor.user("qa"),
        form=qa_form,
        name="Voice quality",
        description="v2",
        items=[*FORM_ITEMS, ItemSpec("Closing", "goodbye", "Says goodbye", 1.0)],
    )

    evaluation.refresh_from_db()
    assert version.number == 2
    assert evaluation.form_version == first
    assert first.items.count() == 5
    assert version.items.count() == 6
    assert form_version_current(qa_form) == version
    assert QaEvent.objects.filter(action=QaEventAction.FORM_VERSIONED).count() == 1


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "at least one item"),
        ([ItemSpec("A", "x", "X", 1.0), ItemSpec("A", "x", "Y", 1.0)], "repeated: x"),
        ([ItemSpec("A", "x", "X", 0.0)], "Item x: the weight must be more than 0"),
        ([ItemSpec("A", "x", "X", 1.0, critical=True, bonus=True)], "both critical and a bonus"),
        ([ItemSpec("A", "x", "X", 1.0, bonus=True)], "not a bonus"),
    ],
)
def test_bad_form_content_is_refused_and_nothing_is_saved(floor, items, message):
    with pytest.raises(ValidationError) as refused:
        qa_form_create(actor=floor.user("qa"), name="Broken", description="", items=items)

    assert message in str(refused.value.message_dict["items"])
    assert QaFormVersion.objects.count() == 0


def test_evaluation_scores_with_the_engine_and_keeps_comments(floor, qa_form, ada_interaction):
    evaluation = _evaluate(floor, qa_form, ada_interaction, solution=0.5, upsell=None)

    # ordinary items answered: greeting 1×1, verification 2×1, solution 3×0.5 → 4.5 of 6
    assert evaluation.score == pytest.approx(75.0)
    assert evaluation.critical_failed is False
    assert evaluation.answers.get(item__key="upsell").answer is None
    assert QaEvent.objects.filter(
        action=QaEventAction.EVALUATION_RECORDED, evaluation=evaluation
    ).exists()


def test_failed_critical_item_makes_the_score_zero(floor, qa_form, ada_interaction):
    evaluation = _evaluate(floor, qa_form, ada_interaction, verification=0.0)

    assert (evaluation.score, evaluation.critical_failed) == (0.0, True)


def test_na_on_an_item_that_does_not_allow_it_names_the_item(floor, qa_form, ada_interaction):
    with pytest.raises(ValidationError) as refused:
        _evaluate(floor, qa_form, ada_interaction, solution=None)

    assert refused.value.message_dict == {"item:solution": ["This item cannot be marked N/A."]}
    assert QaEvaluation.objects.count() == 0


def test_an_interaction_is_evaluated_once(floor, qa_form, ada_interaction):
    _evaluate(floor, qa_form, ada_interaction)

    with pytest.raises(ValidationError, match="evaluated already"):
        _evaluate(floor, qa_form, ada_interaction)
    assert QaEvaluation.objects.count() == 1


def test_nobody_evaluates_their_own_interaction(floor, qa_form):
    interaction = make_interaction(floor.qa, queue=floor.agent.queues.first())

    with pytest.raises(ValidationError, match="own interactions"):
        _evaluate(floor, qa_form, interaction)


def test_only_the_evaluated_agent_disputes(floor, qa_form, ada_interaction):
    evaluation = _evaluate(floor, qa_form, ada_interaction)

    with pytest.raises(ValidationError, match="Only the evaluated agent"):
        qa_dispute_raise(actor=floor.user("other_agent"), evaluation=evaluation, reason="No")
    assert QaDispute.objects.count() == 0


def test_dispute_needs_a_reason_and_is_raised_once(floor, qa_form, ada_interaction):
    evaluation = _evaluate(floor, qa_form, ada_interaction)
    agent = floor.user("agent")

    with pytest.raises(ValidationError) as refused:
        qa_dispute_raise(actor=agent, evaluation=evaluation, reason="  ")
    qa_dispute_raise(actor=agent, evaluation=evaluation, reason="I did verify")
    with pytest.raises(ValidationError, match="disputed already"):
        qa_dispute_raise(actor=agent, evaluation=evaluation, reason="Again")

    assert "reason" in refused.value.message_dict
    assert QaDispute.objects.get().reason == "I did verify"


def test_accepted_dispute_rescores_and_keeps_the_score_before(floor, qa_form, ada_interaction):
    evaluation = _evaluate(floor, qa_form, ada_interaction, verification=0.0)
    dispute = qa_dispute_raise(actor=floor.user("agent"), evaluation=evaluation, reason="I did")

    qa_dispute_accept(
        actor=floor.user("qa"), dispute=dispute, resolution="Heard it again", answers=answers()
    )

    evaluation.refresh_from_db()
    dispute.refresh_from_db()
    assert (evaluation.score, evaluation.critical_failed) == (100.0, False)
    assert (dispute.status, dispute.score_before, dispute.score_after) == ("accepted", 0.0, 100.0)
    assert dispute.resolved_by == floor.qa
    assert evaluation.answers.get(item__key="verification").answer == 1.0
    assert [event.action for event in QaEvent.objects.filter(evaluation=evaluation)] == [
        QaEventAction.EVALUATION_RECORDED,
        QaEventAction.DISPUTE_RAISED,
        QaEventAction.DISPUTE_ACCEPTED,
    ]


def test_rejected_dispute_keeps_the_score_and_cannot_be_resolved_again(
    floor, qa_form, ada_interaction
):
    evaluation = _evaluate(floor, qa_form, ada_interaction, verification=0.0)
    dispute = qa_dispute_raise(actor=floor.user("agent"), evaluation=evaluation, reason="I did")

    qa_dispute_reject(actor=floor.user("qa"), dispute=dispute, resolution="Not verified")
    with pytest.raises(ValidationError, match="resolved already"):
        qa_dispute_accept(
            actor=floor.user("qa"), dispute=dispute, resolution="x", answers=answers()
        )

    evaluation.refresh_from_db()
    dispute.refresh_from_db()
    assert evaluation.score == 0.0
    assert (dispute.status, dispute.resolution) == (QaDisputeStatus.REJECTED, "Not verified")


def test_resolving_needs_a_reason(floor, qa_form, ada_interaction):
    evaluation = _evaluate(floor, qa_form, ada_interaction)
    dispute = qa_dispute_raise(actor=floor.user("agent"), evaluation=evaluation, reason="I did")

    with pytest.raises(ValidationError) as refused:
        qa_dispute_reject(actor=floor.user("qa"), dispute=dispute, resolution="")

    assert "resolution" in refused.value.message_dict
    dispute.refresh_from_db()
    assert dispute.status == QaDisputeStatus.OPEN
