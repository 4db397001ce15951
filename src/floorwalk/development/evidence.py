"""Gathering what the data says about an agent into the stage engine's evidence.

The windows are the longest the default rules look at: twelve whole ISO weeks of results
against standards, three months of QA evaluations, the last four whole weeks for transfers
and escalations. Only values with a reliable sample count; what is missing stays missing, so
the engine never passes a rule on data nobody has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from floorwalk.development.competency_selectors import competency_levels
from floorwalk.development.models import EngagementScore, Stage
from floorwalk.development.selectors import stage_rules
from floorwalk.engine.metrics import METRICS, Totals, metric
from floorwalk.engine.periods import PeriodKind, period_containing, recent_periods
from floorwalk.engine.scorecards import judged_status
from floorwalk.engine.stages import (
    EngagementSignal,
    StageEvidence,
    StageProposal,
    StageRules,
    propose_stage,
)
from floorwalk.engine.standards import Status
from floorwalk.metrics.selectors import thresholds_for, totals_by_agent_and_period
from floorwalk.org.models import Person

STANDARDS_WEEKS = 12
QA_MONTHS = 3
INDEPENDENCE_WEEKS = 4
ENGAGEMENT_DAYS = 90
DAYS_A_MONTH = 30.44
QA = metric("qa_score")
TRANSFERS = metric("transfer_rate")
ESCALATIONS = metric("escalation_rate")


@dataclass(frozen=True)
class StageReview:
    """What a leader reviews: the evidence, the engine's proposal, and that proposal as a
    stage of the model."""

    evidence: StageEvidence
    proposal: StageProposal

    @property
    def proposed(self) -> Stage:
        return Stage(self.proposal.stage.name)

    def record(self) -> dict[str, Any]:
        """The evidence and every check, as kept with the confirmation."""
        evidence = self.evidence
        return {
            "tenure_days": evidence.tenure_days,
            "standards_met_share": evidence.standards_met_share,
            "standards_weeks": evidence.standards_weeks,
            "qa_mean": evidence.qa_mean,
            "qa_trend_per_month": evidence.qa_trend_per_month,
            "transfer_rate": evidence.transfer_rate,
            "escalation_rate": evidence.escalation_rate,
            "competencies": dict(evidence.competencies),
            "engagement": evidence.engagement.score if evidence.engagement else None,
            "engagement_trend_per_month": evidence.engagement.trend_per_month
            if evidence.engagement
            else None,
            "checks": [
                {
                    "stage": check.stage.name,
                    "rule": check.rule.value,
                    "observed": check.observed,
                    "threshold": check.threshold,
                    "outcome": check.outcome.value,
                }
                for check in self.proposal.checks
            ],
        }


def stage_review(person: Person, *, today: date, rules: StageRules | None = None) -> StageReview:
    """The agent's evidence and what the organisation's rules (read when not given) propose
    from it."""
    evidence = stage_evidence(person, today=today)
    return StageReview(evidence=evidence, proposal=propose_stage(evidence, rules or stage_rules()))


def stage_evidence(person: Person, *, today: date) -> StageEvidence:
    """The agent's evidence as of `today` (the current, unfinished week and month excluded)."""
    standards_met, judged_weeks = _standards_met(person, today)
    qa_mean, qa_trend = _qa_level_and_trend(person, today)
    independence = _recent_totals(person, today)
    return StageEvidence(
        tenure_days=max(0, (today - person.hire_date).days),
        standards_met_share=standards_met if judged_weeks else None,
        standards_weeks=judged_weeks,
        qa_mean=qa_mean,
        qa_trend_per_month=qa_trend,
        transfer_rate=_reliable_value(TRANSFERS, independence),
        escalation_rate=_reliable_value(ESCALATIONS, independence),
        engagement=engagement_signal(person, today=today),
        competencies=competency_levels(person, today),
    )


def _whole_periods(kind: PeriodKind, today: date, count: int):
    last_whole = period_containing(kind, period_containing(kind, today).start - timedelta(days=1))
    return recent_periods(last_whole, count)


def _standards_met(person: Person, today: date) -> tuple[float, int]:
    """The share of (week, metric) judgements that were on standard, and how many weeks had
    at least one metric judged."""
    weeks = _whole_periods(PeriodKind.WEEK, today, STANDARDS_WEEKS)
    series = totals_by_agent_and_period([person.pk], weeks).get(person.pk, [])
    met = judged = judged_weeks = 0
    for week, totals in zip(weeks, series, strict=False):
        thresholds = thresholds_for(on=week.end, site=person.site, team=person.team)
        statuses = [judged_status(item, totals, thresholds.get(item.code)) for item in METRICS]
        week_judged = [status for status in statuses if status is not Status.NONE]
        judged += len(week_judged)
        met += sum(status is Status.GREEN for status in week_judged)
        judged_weeks += bool(week_judged)
    return (met / judged if judged else 0.0), judged_weeks


def _qa_level_and_trend(person: Person, today: date) -> tuple[float | None, float | None]:
    """The mean QA score of the last whole months, and its slope in points per month (least
    squares over the months that have evaluations; None with fewer than two)."""
    months = _whole_periods(PeriodKind.MONTH, today, QA_MONTHS)
    series = totals_by_agent_and_period([person.pk], months).get(person.pk, [])
    overall = Totals.sum(series)
    points = [
        (float(index), value)
        for index, totals in enumerate(series)
        if (value := QA.value(totals)) is not None
    ]
    return QA.value(overall), _slope(points)


def _slope(points: list[tuple[float, float]]) -> float | None:
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _y in points) / len(points)
    mean_y = sum(y for _x, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _y in points)
    if spread == 0:
        return None  # every point on one day: no trend to speak of
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def engagement_signal(person: Person, *, today: date) -> EngagementSignal | None:
    """The newest engagement score of the last 90 days, and the slope of those scores in
    points a month (None with scores on fewer than two days)."""
    scores = list(
        EngagementScore.objects.filter(
            person=person,
            measured_on__gt=today - timedelta(days=ENGAGEMENT_DAYS),
            measured_on__lte=today,
        )
        .order_by("measured_on", "pk")
        .values_list("measured_on", "score")
    )
    if not scores:
        return None
    points = [((day - today).days / DAYS_A_MONTH, score) for day, score in scores]
    return EngagementSignal(score=scores[-1][1], trend_per_month=_slope(points))


def _recent_totals(person: Person, today: date) -> Totals:
    weeks = _whole_periods(PeriodKind.WEEK, today, INDEPENDENCE_WEEKS)
    return Totals.sum(totals_by_agent_and_period([person.pk], weeks).get(person.pk, []))


def _reliable_value(item, totals: Totals) -> float | None:
    value = item.value(totals)
    return value if value is not None and item.sample(totals) >= item.min_sample else None
