"""Reads for workforce planning: a queue's latest forecast with the planners' adjustments
applied, the staff it requires (Erlang C, or Erlang A with a patience estimate) and what
that staff reaches, per interval and per day; and the requirements the schedule generator
plans against (`interval_requirements`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.db.models import QuerySet

from floorwalk.engine.erlang import (
    Target,
    offered_traffic,
    required_agents,
    required_agents_erlang_a,
)
from floorwalk.org.models import Queue, Site
from floorwalk.wfm.models import (
    DEFAULT_INTERVAL_MINUTES,
    ForecastAdjustment,
    ForecastRun,
    IntervalVolume,
    PlanningSettings,
    SpecialDay,
    StaffingTarget,
)

# A queue without a target of its own is planned at the target form's defaults.
DEFAULT_TARGET = StaffingTarget(
    service_level=0.8,
    answer_within_seconds=20,
    asa_seconds=None,
    max_occupancy=0.85,
    shrinkage=0.3,
    patience_seconds=None,
)


def site_zone(site: Site) -> ZoneInfo:
    return ZoneInfo(site.time_zone)


def interval_minutes_for(site: Site) -> int:
    """The site's interval length: 30 minutes unless its planning settings say 15."""
    settings = PlanningSettings.objects.filter(site=site).first()
    return settings.interval_minutes if settings else DEFAULT_INTERVAL_MINUTES


def latest_forecast(queue: Queue) -> ForecastRun | None:
    return (
        ForecastRun.objects.filter(queue=queue)
        .select_related("created_by")
        .order_by("-created_at", "-id")
        .first()
    )


def target_for(queue: Queue) -> tuple[StaffingTarget, bool]:
    """The queue's staffing target, and whether it is its own (else the defaults)."""
    target = StaffingTarget.objects.filter(queue=queue).first()
    return (target, True) if target is not None else (DEFAULT_TARGET, False)


def engine_target(target: StaffingTarget) -> Target:
    return Target(
        service_level=target.service_level,
        answer_within_seconds=float(target.answer_within_seconds),
        asa_seconds=target.asa_seconds,
        max_occupancy=target.max_occupancy,
        shrinkage=target.shrinkage,
    )


def active_adjustments(queue: Queue) -> QuerySet[ForecastAdjustment]:
    return ForecastAdjustment.objects.filter(queue=queue, removed_at__isnull=True).select_related(
        "created_by"
    )


@dataclass(frozen=True)
class PlannedInterval:
    """One forecast interval after adjustments, with the staff it needs and what they reach.
    Staffing figures are None for an interval without workload (no volume or handle time)."""

    start: datetime  # aware, site time
    base_volume: float
    factor: float  # product of the adjustments that apply (1.0: none)
    volume: float
    aht_seconds: float
    required_agents: int
    required_with_shrinkage: int
    service_level: float | None
    asa_seconds: float | None
    occupancy: float | None
    abandonment: float | None


def _factors(
    queue: Queue, starts: list[datetime], zone: ZoneInfo
) -> tuple[list[float], dict[date, float]]:
    """The adjustment factor of each interval, and each adjusted day's own (day-wide) factor."""
    by_day: dict[date, float] = defaultdict(lambda: 1.0)
    by_interval: dict[datetime, float] = defaultdict(lambda: 1.0)
    if starts:
        first, last = starts[0].date(), starts[-1].date()
        for adjustment in active_adjustments(queue).filter(day__gte=first, day__lte=last):
            if adjustment.interval_start is None:
                by_day[adjustment.day] *= adjustment.factor
            else:
                by_interval[adjustment.interval_start] *= adjustment.factor
    factors = [by_day.get(start.date(), 1.0) * by_interval.get(start, 1.0) for start in starts]
    return factors, dict(by_day)


def planned_intervals(
    queue: Queue, run: ForecastRun, start: date, end: date, target: StaffingTarget | None = None
) -> list[PlannedInterval]:
    """The run's intervals on the site's days `start`–`end`, adjusted, with required staff:
    one engine call for the whole range."""
    zone = site_zone(queue.site)
    rows = list(
        run.intervals.filter(
            start__gte=datetime.combine(start, time(), tzinfo=zone),
            start__lt=datetime.combine(end + timedelta(days=1), time(), tzinfo=zone),
        )
        .order_by("start")
        .values_list("start", "volume", "aht_seconds")
    )
    starts = [row[0].astimezone(zone) for row in rows]
    base = np.array([row[1] for row in rows], dtype=np.float64)
    aht = np.array([row[2] for row in rows], dtype=np.float64)
    factors, _days = _factors(queue, starts, zone)
    volume = base * np.array(factors, dtype=np.float64)
    staffing = staffing_arrays(volume, aht, run.interval_minutes, target or target_for(queue)[0])
    return [
        PlannedInterval(
            start=starts[i],
            base_volume=float(base[i]),
            factor=factors[i],
            volume=float(volume[i]),
            aht_seconds=float(aht[i]),
            required_agents=int(staffing.agents[i]),
            required_with_shrinkage=int(staffing.scheduled[i]),
            service_level=_maybe(staffing.service_level[i]),
            asa_seconds=_maybe(staffing.asa[i]),
            occupancy=_maybe(staffing.occupancy[i]),
            abandonment=_maybe(staffing.abandonment[i]),
        )
        for i in range(len(rows))
    ]


def _maybe(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


@dataclass(frozen=True)
class StaffingArrays:
    agents: np.ndarray
    scheduled: np.ndarray
    service_level: np.ndarray
    asa: np.ndarray
    occupancy: np.ndarray
    abandonment: np.ndarray


def staffing_arrays(
    volume: np.ndarray, aht: np.ndarray, interval_minutes: int, target: StaffingTarget
) -> StaffingArrays:
    """Required agents for every interval in one engine call (Erlang A when the target has a
    patience estimate); intervals without workload need no one and get NaN figures."""
    size = len(volume)
    agents = np.zeros(size, dtype=np.int64)
    scheduled = np.zeros(size, dtype=np.int64)
    level, asa, occupancy, abandonment = (np.full(size, np.nan) for _ in range(4))
    busy = (volume > 0) & (aht > 0)
    if np.any(busy):
        traffic = offered_traffic(volume[busy], aht[busy], interval_minutes)
        goal = engine_target(target)
        if target.patience_seconds:
            result = required_agents_erlang_a(traffic, aht[busy], target.patience_seconds, goal)
        else:
            result = required_agents(traffic, aht[busy], goal)
        agents[busy] = result.agents
        scheduled[busy] = result.scheduled_agents
        level[busy] = result.service_level
        asa[busy] = result.average_speed_of_answer
        occupancy[busy] = result.occupancy
        if result.abandonment is not None:
            abandonment[busy] = result.abandonment
    return StaffingArrays(agents, scheduled, level, asa, occupancy, abandonment)


@dataclass(frozen=True)
class PlannedDay:
    """A day of the forecast: total volume, volume-weighted AHT, peak staff and the lowest
    expected service level of its intervals."""

    day: date
    volume: float
    base_volume: float
    aht_seconds: float | None
    peak_agents: int
    peak_with_shrinkage: int
    agent_hours: float
    lowest_service_level: float | None
    adjusted: bool
    special: SpecialDay | None


def planned_days(
    intervals: list[PlannedInterval], interval_minutes: int, special: dict[date, SpecialDay]
) -> list[PlannedDay]:
    grouped: dict[date, list[PlannedInterval]] = defaultdict(list)
    for item in intervals:
        grouped[item.start.date()].append(item)
    days = []
    for day, items in sorted(grouped.items()):
        volume = sum(i.volume for i in items)
        levels = [i.service_level for i in items if i.service_level is not None]
        days.append(
            PlannedDay(
                day=day,
                volume=volume,
                base_volume=sum(i.base_volume for i in items),
                aht_seconds=sum(i.volume * i.aht_seconds for i in items) / volume
                if volume > 0
                else None,
                peak_agents=max(i.required_agents for i in items),
                peak_with_shrinkage=max(i.required_with_shrinkage for i in items),
                agent_hours=sum(i.required_agents for i in items) * interval_minutes / 60,
                lowest_service_level=min(levels) if levels else None,
                adjusted=any(i.factor != 1.0 for i in items),
                special=special.get(day),
            )
        )
    return days


def special_days_between(site: Site, start: date, end: date) -> dict[date, SpecialDay]:
    return {
        special.date: special
        for special in SpecialDay.objects.filter(site=site, date__gte=start, date__lte=end)
    }


def interval_history(queue: Queue) -> QuerySet[IntervalVolume]:
    return IntervalVolume.objects.filter(queue=queue)


# ---- what the schedule generator plans against -------------------------------------------------


@dataclass(frozen=True)
class QueueRequirement:
    """A queue's staffing requirement per interval, from its latest forecast with the
    planners' adjustments: agents on the phone (Erlang, before shrinkage) and to schedule."""

    queue_id: int
    queue_name: str
    interval_minutes: int
    starts: tuple[datetime, ...]  # aware, site time
    volume: tuple[float, ...]
    aht_seconds: tuple[float, ...]
    required_agents: tuple[int, ...]
    required_with_shrinkage: tuple[int, ...]
    service_level_target: float | None
    answer_within_seconds: int


def interval_requirements(*, site: Site, start: date, days: int) -> list[QueueRequirement]:
    """Every queue of the site that has a forecast: its intervals on the site's days from
    `start` for `days` days (those the forecast covers), adjusted, with required staff."""
    end = start + timedelta(days=days - 1)
    requirements = []
    for queue in Queue.objects.filter(site=site).select_related("site").order_by("name"):
        run = latest_forecast(queue)
        if run is None:
            continue
        target, _own = target_for(queue)
        planned = planned_intervals(queue, run, start, end, target)
        requirements.append(
            QueueRequirement(
                queue_id=queue.pk,
                queue_name=queue.name,
                interval_minutes=run.interval_minutes,
                starts=tuple(item.start for item in planned),
                volume=tuple(item.volume for item in planned),
                aht_seconds=tuple(item.aht_seconds for item in planned),
                required_agents=tuple(item.required_agents for item in planned),
                required_with_shrinkage=tuple(item.required_with_shrinkage for item in planned),
                service_level_target=target.service_level,
                answer_within_seconds=target.answer_within_seconds,
            )
        )
    return requirements
