"""Reads for development plans: the agent's gaps a plan starts from, and the plan's actions."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext

from floorwalk.development.competency_selectors import (
    DevelopmentSuggestion,
    development_suggestions,
)
from floorwalk.development.models import OPEN_PLAN_STATUSES, PlanAction
from floorwalk.engine.metrics import METRICS, Metric, Totals, metric
from floorwalk.engine.periods import Period, PeriodKind, period_containing, recent_periods
from floorwalk.engine.scorecards import judged_status
from floorwalk.engine.standards import Status
from floorwalk.metrics.selectors import thresholds_for, totals_by_agent_and_period
from floorwalk.org.models import Person

METRIC_GAP_WEEKS = 4


@dataclass(frozen=True)
class MetricGap:
    """A metric off standard over the last whole weeks."""

    code: str
    label: str
    value: float
    status: Status
    target: float

    @property
    def gap_text(self) -> str:
        return self.label

    @property
    def metric(self) -> Metric:
        return metric(self.code)


def last_whole_weeks(today: date, count: int) -> list[Period]:
    """The `count` whole weeks before the one `today` is in, oldest first."""
    this_week = period_containing(PeriodKind.WEEK, today)
    return recent_periods(
        period_containing(PeriodKind.WEEK, this_week.start - timedelta(days=1)), count
    )


def metric_gaps(person: Person, today: date) -> list[MetricGap]:
    """Metrics whose value over the last 4 whole weeks together is amber or red against the
    standards in force at the end of those weeks (too small a sample is not judged)."""
    weeks = last_whole_weeks(today, METRIC_GAP_WEEKS)
    totals = Totals.sum(totals_by_agent_and_period([person.pk], weeks).get(person.pk, []))
    thresholds = thresholds_for(on=weeks[-1].end, site=person.site, team=person.team)
    gaps = []
    for item in METRICS:
        threshold = thresholds.get(item.code)
        status = judged_status(item, totals, threshold)
        value = item.value(totals)
        if status in (Status.AMBER, Status.RED) and value is not None and threshold is not None:
            gaps.append(
                MetricGap(
                    code=item.code,
                    label=gettext(item.name),
                    value=value,
                    status=status,
                    target=threshold.target,
                )
            )
    return gaps


@dataclass(frozen=True)
class PlanGaps:
    competencies: list[DevelopmentSuggestion]
    metrics: list[MetricGap]

    @property
    def names(self) -> list[str]:
        """The gaps as a leader picks them for an action."""
        return [s.competency.name for s in self.competencies] + [m.gap_text for m in self.metrics]


def plan_gaps(person: Person, today: date) -> PlanGaps:
    return PlanGaps(
        competencies=development_suggestions(person, today), metrics=metric_gaps(person, today)
    )


def plan_actions(person: Person) -> QuerySet[PlanAction]:
    return PlanAction.objects.filter(plan__person=person).order_by("due_on", "pk")


def open_plan_actions(person: Person) -> QuerySet[PlanAction]:
    return plan_actions(person).filter(status__in=OPEN_PLAN_STATUSES)
