"""QA calibration: how far evaluators agree when they score the same interaction.

Several evaluators score one interaction item by item; a calibrated (reference) answer is
agreed per item. The spread shows which items are read differently, the alignment how often
an evaluator gives the reference answer, and the leniency whether their totals run high.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SAME_ANSWER_TOLERANCE = 1e-9


@dataclass(frozen=True)
class ItemSpread:
    """The answers given to one item by the evaluators who did not mark it N/A."""

    item: str
    count: int
    mean: float
    minimum: float
    maximum: float
    stdev: float  # population standard deviation; 0 for a single evaluator


def item_spread(scores: Mapping[str, Mapping[str, float | None]]) -> dict[str, ItemSpread]:
    """Spread of the answers per item, over evaluators (evaluator → item → answer).

    Items every evaluator marked N/A are left out: there is nothing to compare.
    """
    answers_by_item: dict[str, list[float]] = {}
    for answers in scores.values():
        for item, answer in answers.items():
            if answer is not None:
                answers_by_item.setdefault(item, []).append(answer)
    return {
        item: ItemSpread(
            item=item,
            count=len(answers),
            mean=statistics.fmean(answers),
            minimum=min(answers),
            maximum=max(answers),
            stdev=statistics.pstdev(answers),
        )
        for item, answers in answers_by_item.items()
    }


def evaluator_alignment(
    evaluator_answers: Mapping[str, float | None], reference: Mapping[str, float | None]
) -> float | None:
    """Percentage (0–100) of the items answered by both the evaluator and the reference on
    which the evaluator gave the reference answer; None if no item was answered by both."""
    compared = [
        (answer, expected)
        for item, answer in evaluator_answers.items()
        if answer is not None and (expected := reference.get(item)) is not None
    ]
    if not compared:
        return None
    matching = sum(
        1 for answer, expected in compared if abs(answer - expected) <= SAME_ANSWER_TOLERANCE
    )
    return 100.0 * matching / len(compared)


def leniency(score_pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of (evaluator's total − calibrated total) over (evaluator, calibrated) pairs.

    Positive means the evaluator scores more generously than the calibration; None if empty.
    """
    differences = [evaluator - calibrated for evaluator, calibrated in score_pairs]
    if not differences:
        return None
    return statistics.fmean(differences)
