"""Keeping the daily adherence rollups up to date.

The rollups are recomputed for a set of people and days from the stored agent states and the
published schedule: by the agent-state import for the days its rows touch, and by whoever
publishes or changes a schedule for the days it covers (`adherence_rebuild`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet

from floorwalk.engine.adherence import (
    ActivityKind,
    AdherenceDay,
    AgentState,
    ScheduledActivity,
    StateSpan,
    adherence_by_day,
    day_bounds,
)
from floorwalk.metrics.models import AgentStateEvent, DailyAgentAdherence
from floorwalk.org.models import Person

# A state lasts at most this long (the import refuses longer ones), so the states that overlap
# a window are found among those starting at most this long before it.
MAX_STATE_LENGTH = timedelta(days=1)
ACTIVITY_KINDS = frozenset(ActivityKind)


class PublishedActivityLike(Protocol):
    """What the schedule source gives per person: `scheduling.selectors.PublishedActivity`."""

    @property
    def kind(self) -> str: ...

    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...


class ScheduleSource(Protocol):
    def __call__(
        self, *, people: Any, start: datetime, end: datetime
    ) -> Mapping[int, Sequence[PublishedActivityLike]]: ...


def published_schedule(
    *, people: Any, start: datetime, end: datetime
) -> Mapping[int, Sequence[PublishedActivityLike]]:
    """The activities of the latest published schedules, from the scheduling app."""
    from floorwalk.scheduling.selectors import published_activities

    activities: Mapping[int, Sequence[PublishedActivityLike]] = published_activities(
        people=people, start=start, end=end
    )
    return activities


def _activities(items: Iterable[PublishedActivityLike]) -> list[ScheduledActivity]:
    # Kinds other than the five the schedule may hold (none are expected) are not scheduled
    # time: nothing to adhere to.
    return [
        ScheduledActivity(ActivityKind(item.kind), item.start, item.end)
        for item in items
        if item.kind in ACTIVITY_KINDS
    ]


def states_between(agent_ids: Iterable[int], start: datetime, end: datetime) -> QuerySet:
    """The stored states of the agents that overlap the window, oldest first."""
    return AgentStateEvent.objects.filter(
        agent_id__in=list(agent_ids),
        started_at__gte=start - MAX_STATE_LENGTH,
        started_at__lt=end,
        ended_at__gt=start,
    ).order_by("agent_id", "started_at")


def adherence_of(
    *,
    people: Sequence[Person],
    days: Sequence[date],
    schedule_source: ScheduleSource | None = None,
) -> dict[int, dict[date, AdherenceDay]]:
    """Each person's figures on each of `days` that had a published schedule, computed from the
    stored states (with the out-of-adherence spans, which the rollups don't keep)."""
    if not people or not days:
        return {}
    source = schedule_source or published_schedule
    zones = {person.pk: ZoneInfo(person.site.time_zone) for person in people}
    first, last = min(days), max(days)
    windows = {
        pk: (day_bounds(first, zone)[0], day_bounds(last, zone)[1]) for pk, zone in zones.items()
    }
    start = min(window[0] for window in windows.values())
    end = max(window[1] for window in windows.values())
    ids = [person.pk for person in people]
    schedule = source(people=Person.objects.filter(pk__in=ids), start=start, end=end)
    states: dict[int, list[StateSpan]] = {pk: [] for pk in ids}
    for agent_id, state, started_at, ended_at in states_between(ids, start, end).values_list(
        "agent_id", "state", "started_at", "ended_at"
    ):
        states[agent_id].append(StateSpan(AgentState(state), started_at, ended_at))
    wanted = set(days)
    result: dict[int, dict[date, AdherenceDay]] = {}
    for pk in ids:
        computed = adherence_by_day(_activities(schedule.get(pk, ())), states[pk], zones[pk])
        result[pk] = {day: figures for day, figures in computed.items() if day in wanted}
    return result


@transaction.atomic
def adherence_rebuild(
    *,
    people: Iterable[Person] | QuerySet[Person],
    days: Iterable[date],
    schedule_source: ScheduleSource | None = None,
) -> int:
    """Recomputes the daily adherence rollups of `people` on `days`; returns the rows written.

    Call it when states are imported and when a schedule is published or changed, for the
    days it covers. `schedule_source` defaults to the published schedules of the scheduling
    app; it is a parameter so the computation can be checked against a known schedule.
    """
    people = list(Person.objects.filter(pk__in=[p.pk for p in people]).select_related("site"))
    day_list = sorted(set(days))
    if not people or not day_list:
        return 0
    figures = adherence_of(people=people, days=day_list, schedule_source=schedule_source)
    DailyAgentAdherence.objects.filter(
        agent_id__in=[person.pk for person in people], date__in=day_list
    ).delete()
    rows = [
        DailyAgentAdherence(
            agent_id=agent_id,
            date=day,
            scheduled_seconds=day_figures.scheduled_seconds,
            adherent_seconds=day_figures.adherent_seconds,
            scheduled_work_seconds=day_figures.scheduled_work_seconds,
            worked_seconds=day_figures.worked_seconds,
        )
        for agent_id, by_day in figures.items()
        for day, day_figures in by_day.items()
    ]
    DailyAgentAdherence.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
