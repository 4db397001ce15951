"""What goals are worth: each individual goal against the bonus rules of its metric."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from floorwalk.engine.rewards import Tier, bonus_for, next_tier
from floorwalk.goals.models import BonusRule, BonusUnit, Goal, GoalLevel, GoalStatus
from floorwalk.goals.selectors import progress_of


@dataclass(frozen=True)
class GoalBonus:
    goal: Goal
    rule: BonusRule
    attainment: float | None
    bonus: float
    next_tier: Tier | None

    @property
    def unit(self) -> str:
        return str(BonusUnit(self.rule.unit).label)


def active_rules() -> list[tuple[BonusRule, list[Tier]]]:
    return [
        (rule, [Tier(tier.min_attainment, tier.value) for tier in rule.tiers.all()])
        for rule in BonusRule.objects.filter(is_active=True).prefetch_related("tiers")
    ]


def goal_bonuses(goals: Iterable[Goal], *, on: date) -> list[GoalBonus]:
    """Every (individual goal, rule of its metric) pair with the bonus its attainment on `on`
    earns and the next tier up."""
    rules = active_rules()
    rows: list[GoalBonus] = []
    for goal in goals:
        if goal.level != GoalLevel.INDIVIDUAL or goal.status == GoalStatus.CANCELLED:
            continue
        matching = [(rule, tiers) for rule, tiers in rules if rule.metric in ("", goal.metric)]
        if not matching:
            continue
        attainment = progress_of(goal, today=min(on, goal.period_end)).attainment
        rows.extend(
            GoalBonus(
                goal, rule, attainment, bonus_for(attainment, tiers), next_tier(attainment, tiers)
            )
            for rule, tiers in matching
        )
    return rows


def goals_ending_in(goals, month_start: date, month_end: date):
    """Individual goals whose period ends in the month: the ones that month pays out."""
    return (
        goals.filter(
            level=GoalLevel.INDIVIDUAL,
            period_end__gte=month_start,
            period_end__lte=month_end,
        )
        .exclude(status=GoalStatus.CANCELLED)
        .select_related("person")
    )


def bonus_totals(rows: Iterable[GoalBonus]) -> dict[str, float]:
    """The month's total per way of paying ("Amount", "% of base pay"): amounts add up,
    percentages of different people's pay do not, so they are never summed together."""
    totals: dict[str, float] = {}
    for row in rows:
        totals[row.unit] = totals.get(row.unit, 0.0) + row.bonus
    return totals
