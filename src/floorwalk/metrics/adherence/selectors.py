"""Reads of adherence for its drill-down: an agent's days, and one day's spans and states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, NullIf

from floorwalk.engine.adherence import day_bounds
from floorwalk.metrics.adherence.services import ScheduleSource, adherence_of, states_between
from floorwalk.metrics.models import AgentState, DailyAgentAdherence
from floorwalk.org.models import Person

DAY_SORTS = {
    "date": ("date",),
    "adherence": ("adherence_ratio", "date"),
    "conformance": ("conformance_ratio", "date"),
}


def adherence_days(
    agent: Person, *, start: date, end: date, sort: str = "date", descending: bool = True
) -> QuerySet[DailyAgentAdherence]:
    """The agent's days with a schedule from `start` to `end`, from the rollups."""

    def ratio(numerator: str, denominator: str) -> CombinedExpression:
        return Cast(F(numerator), FloatField()) / NullIf(
            Cast(F(denominator), FloatField()), Value(0.0)
        )

    days = DailyAgentAdherence.objects.filter(agent=agent, date__gte=start, date__lte=end).annotate(
        adherence_ratio=ratio("adherent_seconds", "scheduled_seconds"),
        conformance_ratio=ratio("worked_seconds", "scheduled_work_seconds"),
    )
    fields = DAY_SORTS.get(sort, DAY_SORTS["date"])
    ordering = []
    for name in fields:
        expression = F(name)
        ordering.append(
            expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
        )
    return days.order_by(*ordering)


@dataclass(frozen=True)
class LocalSpan:
    """A stretch of the day in the site's time: out of adherence, or one recorded state."""

    start: datetime
    end: datetime
    scheduled: str  # the activity kind; empty for a plain state
    actual: str  # the state; empty where none was recorded

    @property
    def minutes(self) -> int:
        return round((self.end - self.start).total_seconds() / 60)


@dataclass(frozen=True)
class AdherenceDayDetail:
    agent: Person
    day: date
    figures: DailyAgentAdherence | None  # None: no schedule that day
    out_of_adherence: tuple[LocalSpan, ...]
    states: tuple[LocalSpan, ...]


def adherence_day_detail(
    agent: Person, day: date, *, schedule_source: ScheduleSource | None = None
) -> AdherenceDayDetail:
    """The day's figures, where the agent was out of adherence (recomputed from the stored
    states and the published schedule) and every state recorded that day."""
    zone = ZoneInfo(agent.site.time_zone)
    start, end = day_bounds(day, zone)
    states = tuple(
        LocalSpan(
            max(started_at, start).astimezone(zone),
            min(ended_at, end).astimezone(zone),
            "",
            state,
        )
        for state, started_at, ended_at in states_between([agent.pk], start, end).values_list(
            "state", "started_at", "ended_at"
        )
    )
    figures = DailyAgentAdherence.objects.filter(agent=agent, date=day).first()
    spans: tuple[LocalSpan, ...] = ()
    if figures is not None:
        computed = adherence_of(people=[agent], days=[day], schedule_source=schedule_source)
        found = computed.get(agent.pk, {}).get(day)
        if found is not None:
            spans = tuple(
                LocalSpan(
                    span.start.astimezone(zone),
                    span.end.astimezone(zone),
                    span.scheduled.value,
                    span.actual.value if span.actual else "",
                )
                for span in found.out_of_adherence
            )
    return AdherenceDayDetail(agent, day, figures, spans, states)


def state_label(code: str) -> str:
    return str(AgentState(code).label) if code else ""
