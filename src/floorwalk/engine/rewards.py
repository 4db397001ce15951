"""Bonus rules on goal attainment (P7, seed 002: say the consequence in advance).

A rule is a ladder of tiers: from an attainment of `min_attainment` % the bonus is `value`
(an amount, or a percentage of base pay, as the rule says). The highest tier reached counts;
below the first tier there is no bonus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Tier:
    min_attainment: float
    value: float


def reached_tier(attainment: float | None, tiers: Sequence[Tier]) -> Tier | None:
    """The highest tier whose threshold the attainment reaches; None below the first."""
    if attainment is None:
        return None
    reached = [tier for tier in tiers if attainment >= tier.min_attainment]
    return max(reached) if reached else None


def bonus_for(attainment: float | None, tiers: Sequence[Tier]) -> float:
    tier = reached_tier(attainment, tiers)
    return tier.value if tier else 0.0


def next_tier(attainment: float | None, tiers: Sequence[Tier]) -> Tier | None:
    """The lowest tier above the one reached: what more attainment would earn."""
    above = [tier for tier in tiers if attainment is None or tier.min_attainment > attainment]
    return min(above) if above else None
