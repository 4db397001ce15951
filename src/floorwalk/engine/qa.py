"""Scoring a QA evaluation: weighted items, N/A answers, bonus items and critical items.

Each answer is how far an item was met, from 0 (not met) to 1 (fully met), or None for N/A.
The base score is the weighted percentage over the answered ordinary items; bonus items add
`weight × answer` percentage points on top, up to 100; failing any critical item (answering
it below 1) makes the whole evaluation score 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MAX_SCORE = 100.0


class QaAnswerError(ValueError):
    """The answers do not fit the form; the message names the item."""


@dataclass(frozen=True)
class QaItem:
    key: str
    weight: float
    critical: bool = False
    bonus: bool = False
    allows_na: bool = True

    def __post_init__(self) -> None:
        if not (math.isfinite(self.weight) and self.weight > 0):
            raise ValueError(f"item {self.key!r}: weight must be more than 0, not {self.weight}")
        if self.critical and self.bonus:
            raise ValueError(f"item {self.key!r} cannot be both critical and a bonus")


@dataclass(frozen=True)
class QaResult:
    """`score` is 0–100, or None when every ordinary item is N/A; `base` is the weighted
    percentage of the answered ordinary items before bonus and critical rules."""

    score: float | None
    critical_failed: tuple[str, ...]
    base: float | None
    bonus_points: float


def qa_score(items: Sequence[QaItem], answers: Mapping[str, float | None]) -> QaResult:
    """Score one evaluation; QaAnswerError if an answer is missing, unknown or invalid."""
    _check_answers(items, answers)
    ordinary = [(item, answers[item.key]) for item in items if not item.bonus]
    answered = [(item.weight, answer) for item, answer in ordinary if answer is not None]
    base = _weighted_percentage(answered)
    bonus_points = math.fsum(
        item.weight * answer
        for item in items
        if item.bonus and (answer := answers[item.key]) is not None
    )
    critical_failed = tuple(
        item.key for item, answer in ordinary if item.critical and answer is not None and answer < 1
    )
    if base is None:
        score = None
    elif critical_failed:
        score = 0.0
    else:
        score = min(MAX_SCORE, base + bonus_points)
    return QaResult(
        score=score, critical_failed=critical_failed, base=base, bonus_points=bonus_points
    )


def _weighted_percentage(weighted_answers: Sequence[tuple[float, float]]) -> float | None:
    if not weighted_answers:
        return None
    met = sum(weight * answer for weight, answer in weighted_answers)
    possible = sum(weight for weight, _ in weighted_answers)
    # Divide first: when every answer is 1, met == possible and the score is exactly 100.
    return MAX_SCORE * (met / possible)


def _check_answers(items: Sequence[QaItem], answers: Mapping[str, float | None]) -> None:
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError("the form has two items with the same key")
    unknown = sorted(set(answers) - set(keys))
    if unknown:
        raise QaAnswerError(f"answer for unknown item {unknown[0]!r}")
    for item in items:
        if item.key not in answers:
            raise QaAnswerError(f"item {item.key!r} has no answer")
        answer = answers[item.key]
        if answer is None:
            if not item.allows_na:
                raise QaAnswerError(f"item {item.key!r} cannot be answered N/A")
        elif not 0 <= answer <= 1:
            raise QaAnswerError(f"item {item.key!r}: answer {answer} is outside 0–1")
