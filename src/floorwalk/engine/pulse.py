"""Pulse survey arithmetic: eNPS, and which groups' results may be shown.

Suppression rule (documented in docs/listening.md):

1. A group (team) with at least one respondent but fewer than the survey's minimum is hidden.
2. Secondary suppression: when the hidden groups together have at least one respondent but
   fewer than the minimum, the total minus the visible groups would give them away, so the
   smallest visible group (fewest respondents, then name) is hidden too; repeat until the
   hidden groups together reach the minimum or every group is hidden.
3. The total is shown only when it reaches the minimum itself.

Groups with no respondent show nothing and reveal nothing; they never count as hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PROMOTER_FROM = 9
DETRACTOR_UP_TO = 6


@dataclass(frozen=True)
class Enps:
    respondents: int
    promoters: int
    passives: int
    detractors: int

    @property
    def score(self) -> float | None:
        """% promoters − % detractors, from −100 to 100; None without respondents."""
        if not self.respondents:
            return None
        return 100 * (self.promoters - self.detractors) / self.respondents


def enps(answers: Iterable[int]) -> Enps:
    values = list(answers)
    if any(not 0 <= value <= 10 for value in values):
        raise ValueError("eNPS answers run from 0 to 10")
    promoters = sum(1 for value in values if value >= PROMOTER_FROM)
    detractors = sum(1 for value in values if value <= DETRACTOR_UP_TO)
    return Enps(len(values), promoters, len(values) - promoters - detractors, detractors)


@dataclass(frozen=True)
class Suppression:
    hidden: frozenset[str]  # groups whose results are not shown
    secondary: frozenset[str]  # of those, the ones hidden only to stop differencing
    total_shown: bool


def suppress(respondents: Mapping[str, int], minimum: int) -> Suppression:
    """Which groups' results to hide, given each group's number of respondents."""
    if minimum < 1:
        raise ValueError("the minimum group size is at least 1")
    primary = {name for name, count in respondents.items() if 0 < count < minimum}
    hidden = set(primary)
    visible = sorted(
        (name for name, count in respondents.items() if count >= minimum),
        key=lambda name: (respondents[name], name),
    )
    while visible and 0 < sum(respondents[name] for name in hidden) < minimum:
        hidden.add(visible.pop(0))
    total = sum(respondents.values())
    return Suppression(
        hidden=frozenset(hidden),
        secondary=frozenset(hidden - primary),
        total_shown=total >= minimum,
    )
