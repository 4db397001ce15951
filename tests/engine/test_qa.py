"""Scoring a QA evaluation: weights, N/A, bonus items, critical items and refused answers."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from floorwalk.engine.qa import QaAnswerError, QaItem, QaResult, qa_score

FORM = (
    QaItem("greeting", weight=2.0),
    QaItem("verification", weight=1.0, critical=True, allows_na=False),
    QaItem("empathy", weight=1.0),
    QaItem("upsell", weight=5.0, bonus=True),
)


def test_weighted_items_with_na_and_a_bonus() -> None:
    result = qa_score(FORM, {"greeting": 1.0, "verification": 1.0, "empathy": None, "upsell": 0.5})

    # The answered ordinary items are all met; 2.5 bonus points cannot go past 100.
    assert result == QaResult(score=100.0, critical_failed=(), base=100.0, bonus_points=2.5)


def test_partial_answers_are_weighted() -> None:
    result = qa_score(FORM, {"greeting": 0.5, "verification": 1.0, "empathy": 0.0, "upsell": 1.0})

    # (2 × 0.5 + 1 × 1 + 1 × 0) ÷ 4 = 50 %, plus 5 bonus points.
    assert result.base == 50.0
    assert result.bonus_points == 5.0
    assert result.score == 55.0


def test_a_failed_critical_item_makes_the_score_zero() -> None:
    result = qa_score(FORM, {"greeting": 1.0, "verification": 0.5, "empathy": 1.0, "upsell": 1.0})

    assert result.score == 0.0
    assert result.critical_failed == ("verification",)
    assert result.base == pytest.approx(100 * 3.5 / 4)


def test_all_ordinary_items_na_leaves_no_score() -> None:
    form = (QaItem("greeting", 1.0), QaItem("upsell", 1.0, bonus=True))

    result = qa_score(form, {"greeting": None, "upsell": 1.0})

    assert (result.score, result.base, result.bonus_points) == (None, None, 1.0)


def test_answering_a_previously_na_item_can_lower_the_score() -> None:
    # N/A removes an item from the base; answering it 0 adds weight that was not met.
    before = qa_score(FORM, {"greeting": 1.0, "verification": 1.0, "empathy": None, "upsell": 0})
    after = qa_score(FORM, {"greeting": 1.0, "verification": 1.0, "empathy": 0.0, "upsell": 0})

    assert before.score == 100.0
    assert after.score == 75.0


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"greeting": 1.2, "verification": 1, "empathy": 1, "upsell": 0}, "'greeting'.*outside"),
        ({"greeting": -0.1, "verification": 1, "empathy": 1, "upsell": 0}, "'greeting'"),
        ({"greeting": 1, "verification": None, "empathy": 1, "upsell": 0}, "'verification'.*N/A"),
        ({"greeting": 1, "verification": 1, "empathy": 1}, "'upsell' has no answer"),
        ({"greeting": 1, "verification": 1, "empathy": 1, "upsell": 0, "tone": 1}, "'tone'"),
    ],
)
def test_answers_that_do_not_fit_the_form_are_refused_naming_the_item(
    answers: Mapping[str, float | None], message: str
) -> None:
    with pytest.raises(QaAnswerError, match=message):
        qa_score(FORM, answers)


def test_an_item_needs_a_positive_weight_and_cannot_be_critical_and_bonus() -> None:
    with pytest.raises(ValueError, match="'greeting'"):
        QaItem("greeting", weight=0.0)
    with pytest.raises(ValueError, match="critical"):
        QaItem("greeting", weight=1.0, critical=True, bonus=True)


# ---- properties -------------------------------------------------------------------------------

answer_values = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]) | st.floats(0, 1)


@st.composite
def forms_with_answers(
    draw: st.DrawFn,
) -> tuple[list[QaItem], dict[str, float | None]]:
    count = draw(st.integers(1, 8))
    items = [
        QaItem(
            key=f"item{index}",
            weight=draw(st.floats(0.5, 10)),
            critical=(critical := draw(st.booleans())),
            bonus=not critical and draw(st.booleans()),
            allows_na=draw(st.booleans()),
        )
        for index in range(count)
    ]
    answers: dict[str, float | None] = {
        item.key: draw(answer_values | st.none()) if item.allows_na else draw(answer_values)
        for item in items
    }
    return items, answers


@settings(max_examples=200)
@given(form=forms_with_answers())
def test_score_follows_the_rules_computed_directly(
    form: tuple[list[QaItem], dict[str, float | None]],
) -> None:
    items, answers = form
    ordinary = [(i, answers[i.key]) for i in items if not i.bonus and answers[i.key] is not None]
    bonus = sum(i.weight * (answers[i.key] or 0) for i in items if i.bonus)
    failed = any(i.critical and (a or 0) < 1 for i, a in ordinary)

    result = qa_score(items, answers)

    if not ordinary:
        assert result.score is None
        return
    base = 100 * sum(i.weight * (a or 0) for i, a in ordinary) / sum(i.weight for i, _ in ordinary)
    assert result.base == pytest.approx(base)
    assert result.score is not None
    assert 0 <= result.score <= 100
    assert result.score == (0.0 if failed else pytest.approx(min(100, base + bonus)))
    assert bool(result.critical_failed) is failed


@settings(max_examples=200)
@given(form=forms_with_answers(), data=st.data())
def test_raising_any_answer_never_lowers_the_score(
    form: tuple[list[QaItem], dict[str, float | None]], data: st.DataObject
) -> None:
    # True of critical items too: raising a failed one either mends it or leaves 0.
    items, answers = form
    answered = [key for key, answer in answers.items() if answer is not None]
    assume(answered)
    key = data.draw(st.sampled_from(answered))
    current = answers[key]
    assert current is not None
    raised = data.draw(st.floats(current, 1))

    before = qa_score(items, answers).score
    after = qa_score(items, answers | {key: raised}).score

    if before is None:
        assert after is None
    else:
        assert after is not None
        assert after >= before


@settings(max_examples=100)
@given(form=forms_with_answers())
def test_every_item_fully_met_scores_100(
    form: tuple[list[QaItem], dict[str, float | None]],
) -> None:
    items, _ = form
    assume(any(not item.bonus for item in items))

    result = qa_score(items, {item.key: 1.0 for item in items})

    assert result.score == 100.0
    assert result.critical_failed == ()
