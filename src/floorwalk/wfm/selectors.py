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

from floorwalk.engine.erlang import Target, offered_traffic
from floorwalk.engine.workload import (
    WorkModel,
    deferred_agents_needed,
    deferred_service_level,
    live_reach,
    live_required_agents,
    on_queue_agents,
)
from floorwalk.org.models import Queue, Site
from floorwalk.wfm.models import (
    DEFAULT_INTERVAL_MINUTES,
    DEFERRED_CHANNELS,
    ForecastAdjustment,
    ForecastRun,
    IntervalVolume,
    PlanningSettings,
    SpecialDay,
    StaffingTarget,
)

# A queue without a target of its own is planned at the target form's defaults: live
# queues 80 % answered within 20 s, deferred work 90 % answered within the channel's hours.
DEFAULT_TARGET = StaffingTarget(
    service_level=0.8,
    answer_within_seconds=20,
    asa_seconds=None,
    max_occupancy=0.85,
    shrinkage=0.3,
    patience_seconds=None,
)
DEFAULT_DEFERRED_SERVICE_LEVEL = 0.9


def default_target(queue: Queue) -> StaffingTarget:
    """The defaults for a queue without a target of its own (unsaved)."""
    deferred = queue.channel in DEFERRED_CHANNELS
    return StaffingTarget(
        queue=queue,
        service_level=DEFAULT_DEFERRED_SERVICE_LEVEL if deferred else 0.8,
        answer_within_seconds=DEFAULT_TARGET.answer_within_seconds,
        asa_seconds=None,
        max_occupancy=DEFAULT_TARGET.max_occupancy,
        shrinkage=DEFAULT_TARGET.shrinkage,
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
    target = StaffingTarget.objects.filter(queue=queue).select_related("queue").first()
    return (target, True) if target is not None else (default_target(queue), False)


def work_model(queue: Queue, target: StaffingTarget) -> WorkModel:
    return target.work_model(queue.channel)


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
    target = target or target_for(queue)[0]
    staffing = staffing_arrays(
        volume,
        aht,
        run.interval_minutes,
        target,
        model=work_model(queue, target),
        starts_minutes=minutes_from(start, starts, zone),
        period_minutes=((end - start).days + 1) * MINUTES_PER_DAY,
    )
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


MINUTES_PER_DAY = 1440


def minutes_from(first: date, starts: list[datetime], zone: ZoneInfo) -> np.ndarray:
    """Each start as wall-clock minutes from the site's midnight of `first` (a day with a
    clock change still counts 1440 minutes, like the schedule generator's horizon)."""
    values = []
    for moment in starts:
        local = moment.astimezone(zone)
        values.append(
            (local.date() - first).days * MINUTES_PER_DAY + local.hour * 60 + local.minute
        )
    minutes = np.array(values, dtype=np.float64)
    # The repeated hour of an autumn change would go back in time: keep the order.
    return np.maximum.accumulate(minutes) if minutes.size else minutes


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
    volume: np.ndarray,
    aht: np.ndarray,
    interval_minutes: int,
    target: StaffingTarget,
    *,
    model: WorkModel | None = None,
    starts_minutes: np.ndarray | None = None,
    period_minutes: float | None = None,
) -> StaffingArrays:
    """Required agents for every interval in one engine call, by the queue's work model (live:
    Erlang C, or Erlang A with a patience estimate, agents holding `concurrency` contacts;
    deferred: the work of the response window spread over its open time, and the share
    answered in time from a backlog simulation, which needs the intervals' `starts_minutes`).
    Intervals without workload need no one and get NaN figures (deferred: no ASA)."""
    model = model or WorkModel()
    size = len(volume)
    agents = np.zeros(size, dtype=np.int64)
    scheduled = np.zeros(size, dtype=np.int64)
    level, asa, occupancy, abandonment = (np.full(size, np.nan) for _ in range(4))
    busy = (volume > 0) & (aht > 0)
    if model.deferred and size:
        assert model.response_hours is not None  # noqa: S101 (deferred)
        starts = (
            np.arange(size, dtype=np.float64) * interval_minutes
            if starts_minutes is None
            else np.asarray(starts_minutes, dtype=np.float64)
        )
        safe_aht = np.where(busy, aht, 0.0)
        needed = deferred_agents_needed(
            starts,
            np.where(busy, volume, 0.0),
            safe_aht,
            interval_minutes,
            model.response_hours,
            target.max_occupancy,
            period_minutes,
        )
        # Deferred work can wait for the next interval, so whole agents follow the running
        # total of the need rather than rounding every interval up: the agents up to an
        # interval are the running need rounded up, and an interval gets the difference.
        agents = whole_agents_following(needed)
        scheduled = whole_agents_following(needed / (1.0 - target.shrinkage))
        reached = deferred_service_level(
            starts,
            np.where(busy, volume, 0.0),
            safe_aht,
            agents,
            interval_minutes,
            model.response_hours,
            target.max_occupancy,
            period_minutes,
        )
        level[busy] = reached[busy]
        with np.errstate(divide="ignore", invalid="ignore"):
            work = np.where(busy, volume * safe_aht, 0.0) / (interval_minutes * 60.0)
            occupancy[busy] = np.minimum(work[busy] / np.maximum(agents[busy], 1), 1.0)
        return StaffingArrays(agents, scheduled, level, asa, occupancy, abandonment)
    if np.any(busy):
        traffic = offered_traffic(volume[busy], aht[busy], interval_minutes)
        result = live_required_agents(
            traffic,
            aht[busy],
            engine_target(target),
            concurrency=model.concurrency,
            patience_seconds=target.patience_seconds,
        )
        agents[busy] = result.agents
        scheduled[busy] = result.scheduled_agents
        level[busy] = result.service_level
        asa[busy] = result.average_speed_of_answer
        occupancy[busy] = result.occupancy
        if result.abandonment is not None:
            abandonment[busy] = result.abandonment
    return StaffingArrays(agents, scheduled, level, asa, occupancy, abandonment)


def whole_agents_following(needed: np.ndarray) -> np.ndarray:
    """Whole agents per interval whose running total is the running total of `needed`
    rounded up (never behind it, and ahead of it by less than one agent)."""
    if not len(needed):
        return np.zeros(0, dtype=np.int64)
    total = np.ceil(np.round(np.cumsum(needed), 9)).astype(np.int64)
    return np.diff(total, prepend=0).astype(np.int64)


def service_with_agents(
    queue: Queue,
    target: StaffingTarget,
    intervals: list[PlannedInterval],
    scheduled: list[float],
    interval_minutes: int,
) -> list[float | None]:
    """The service level the scheduled agents reach per interval, after shrinkage: live queues
    by Erlang with whole agents on the queue; deferred work by the backlog simulation over the
    intervals given (taken as a steady run of such days). None: no workload or no one."""
    model = work_model(queue, target)
    count = len(intervals)
    if not count:
        return []
    volume = np.array([i.volume for i in intervals], dtype=np.float64)
    aht = np.array([i.aht_seconds for i in intervals], dtype=np.float64)
    staff = np.array(scheduled, dtype=np.float64) * (1 - target.shrinkage)
    busy = (volume > 0) & (aht > 0)
    levels = np.full(count, np.nan)
    if model.deferred:
        assert model.response_hours is not None  # noqa: S101 (deferred)
        zone = site_zone(queue.site)
        first = intervals[0].start.astimezone(zone).date()
        days = (intervals[-1].start.astimezone(zone).date() - first).days + 1
        levels = deferred_service_level(
            minutes_from(first, [i.start for i in intervals], zone),
            np.where(busy, volume, 0.0),
            np.where(busy, aht, 0.0),
            staff,
            interval_minutes,
            model.response_hours,
            target.max_occupancy,
            days * MINUTES_PER_DAY,
        )
    elif np.any(busy):
        on_queue = on_queue_agents(np.array(scheduled, dtype=np.float64), target.shrinkage)
        on_queue = on_queue.astype(np.int64)
        levels[busy] = live_reach(
            on_queue[busy] * model.concurrency,
            offered_traffic(volume[busy], aht[busy], interval_minutes),
            aht[busy],
            float(target.answer_within_seconds),
            target.patience_seconds,
        ).service_level
    has = busy & (np.array(scheduled) > 0)
    return [float(levels[i]) if has[i] else None for i in range(count)]


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
    concurrency: int = 1
    response_hours: float | None = None  # deferred work: answered within these hours
    shrinkage: float = 0.0
    max_occupancy: float = 1.0
    patience_seconds: float | None = None


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
        model = work_model(queue, target)
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
                concurrency=model.concurrency,
                response_hours=model.response_hours,
                shrinkage=target.shrinkage,
                max_occupancy=target.max_occupancy,
                patience_seconds=target.patience_seconds,
            )
        )
    return requirements
