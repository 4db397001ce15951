"""Writes for workforce planning: interval history from interactions, special days, forecast
runs with their backtest, planners' adjustments and staffing targets.

Each writer checks the policy (`actor=None` is the system: the demo, a scheduled job), runs in
one transaction, and records in the audit trail what planners decide (adjustments, targets,
special days, forecast runs).
"""

from __future__ import annotations

import time as clock
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, Count, F, Func, Q, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import can_plan_workforce
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.metrics.models import Interaction, Outcome
from floorwalk.org.models import Channel, Queue, Site
from floorwalk.wfm.forecasting import ForecastComputation, compute_forecast
from floorwalk.wfm.models import (
    CONCURRENT_CHANNELS,
    MAX_CONCURRENCY,
    MAX_RESPONSE_HOURS,
    RESPONSE_HOURS_CHANNELS,
    ForecastAdjustment,
    ForecastInterval,
    ForecastModel,
    ForecastRun,
    IntervalVolume,
    PlanningSettings,
    SpecialDay,
    SpecialDayKind,
    StaffingTarget,
    VolumeSource,
    work_model_for,
)
from floorwalk.wfm.selectors import (
    interval_minutes_for,
    latest_forecast,
    site_zone,
)

MAX_ADJUSTMENT_PERCENT = 1000.0
TARGET_FIELDS = (
    "service_level",
    "answer_within_seconds",
    "asa_seconds",
    "max_occupancy",
    "shrinkage",
    "patience_seconds",
    "concurrency",
    "response_hours",
)
ADJUSTMENT_FIELDS = ("queue", "day", "interval_start", "percent", "reason", "removed_at")
SPECIAL_DAY_FIELDS = ("site", "date", "name", "kind", "volume_factor")


def _check_planner(actor: User | None, site: Site) -> None:
    if actor is not None and not can_plan_workforce(actor, site):
        raise PermissionDenied


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone)


# ---- planning settings ------------------------------------------------------------------------


@transaction.atomic
def planning_settings_set(*, actor: User | None, site: Site, interval_minutes: int) -> None:
    """Sets the site's interval length; refused once the site has interval history, which
    would no longer fit the grid."""
    _check_planner(actor, site)
    if interval_minutes not in (15, 30):
        raise ValidationError({"interval_minutes": _("Choose 15 or 30 minutes.")})
    if interval_minutes == interval_minutes_for(site):
        return
    if IntervalVolume.objects.filter(queue__site=site).exists():
        raise ValidationError(
            {
                "interval_minutes": _(
                    "The site already has interval history at %(minutes)d minutes; the "
                    "interval length can only change before any history is built or imported."
                )
                % {"minutes": interval_minutes_for(site)}
            }
        )
    PlanningSettings.objects.update_or_create(
        site=site, defaults={"interval_minutes": interval_minutes}
    )


# ---- interval history from interactions -----------------------------------------------------


@dataclass(frozen=True)
class HistoryRebuild:
    intervals: int  # intervals with contacts in the range
    created: int
    updated: int
    unchanged: int
    deleted: int


class EpochSeconds(Func):
    """Whole seconds since 1970-01-01 UTC of a datetime column, in the database's own SQL."""

    output_field = BigIntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)"
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(FLOOR(EXTRACT(EPOCH FROM %(expressions)s)) AS BIGINT)",
        )


def grid_shift_seconds(zone: ZoneInfo, minutes: int) -> int:
    """How far the site's interval grid sits from a grid counted in UTC: its UTC offset modulo
    the interval (0 for whole-hour offsets; 15 minutes for Nepal's +05:45 on a 30-minute grid).
    Daylight-saving changes move clocks by whole hours (30 minutes at most), so the shift is
    the same all year."""
    offset = datetime(2026, 1, 1, tzinfo=zone).utcoffset() or timedelta(0)
    return int(offset.total_seconds()) % (minutes * 60)


def interval_aggregates(
    queue: Queue, start: date, end: date
) -> dict[datetime, tuple[int, int, float]]:
    """{interval start (aware, UTC): (offered, handled, AHT of the handled)} for the queue's
    interactions on the site's days `start`–`end`, bucketed and summed by the database: one
    pass over the rows, no per-row Python."""
    zone = site_zone(queue.site)
    length = interval_minutes_for(queue.site) * 60
    shift = grid_shift_seconds(zone, length // 60)
    handled = ~Q(outcome=Outcome.ABANDONED)
    rows = (
        Interaction.objects.filter(
            queue=queue,
            started_at__gte=_local_midnight(start, zone),
            started_at__lt=_local_midnight(end + timedelta(days=1), zone),
        )
        .annotate(
            bucket=(EpochSeconds("started_at") + Value(shift, output_field=BigIntegerField()))
            / Value(length, output_field=BigIntegerField())
        )
        .values("bucket")
        .annotate(
            offered=Count("id"),
            handled=Count("id", filter=handled),
            busy_seconds=Sum(
                F("talk_seconds") + F("hold_seconds") + F("acw_seconds"), filter=handled
            ),
        )
        .order_by()
    )
    result: dict[datetime, tuple[int, int, float]] = {}
    for row in rows:
        start_at = datetime.fromtimestamp(int(row["bucket"]) * length - shift, tz=UTC)
        count = row["handled"]
        aht = float(row["busy_seconds"] or 0) / count if count else 0.0
        result[start_at] = (row["offered"], count, aht)
    return result


@transaction.atomic
def interval_history_rebuild(
    *, actor: User | None, queue: Queue, start: date, end: date
) -> HistoryRebuild:
    """Rebuilds the queue's interval history for the site's days `start`–`end` from its
    interactions: intervals with contacts are written (over imported figures, since the
    interactions are the record), rows built earlier whose contacts are gone are deleted, and
    imported intervals without interactions stay. Running it twice changes nothing."""
    _check_planner(actor, queue.site)
    if end < start:
        raise ValidationError({"end": _("The end is before the start.")})
    zone = site_zone(queue.site)
    aggregates = interval_aggregates(queue, start, end)
    existing = {
        row.interval_start: row
        for row in IntervalVolume.objects.filter(
            queue=queue,
            interval_start__gte=_local_midnight(start, zone),
            interval_start__lt=_local_midnight(end + timedelta(days=1), zone),
        )
    }
    created: list[IntervalVolume] = []
    changed: list[IntervalVolume] = []
    unchanged = 0
    for start_at, (offered, handled, aht) in aggregates.items():
        aht = round(aht, 3)
        row = existing.pop(start_at, None)
        if row is None:
            created.append(
                IntervalVolume(
                    queue=queue,
                    interval_start=start_at,
                    offered=offered,
                    handled=handled,
                    aht_seconds=aht,
                    source=VolumeSource.INTERACTIONS,
                )
            )
        elif (row.offered, row.handled, row.aht_seconds, row.source) != (
            offered,
            handled,
            aht,
            VolumeSource.INTERACTIONS,
        ):
            row.offered, row.handled, row.aht_seconds = offered, handled, aht
            row.source = VolumeSource.INTERACTIONS
            changed.append(row)
        else:
            unchanged += 1
    stale = [row.pk for row in existing.values() if row.source == VolumeSource.INTERACTIONS]
    IntervalVolume.objects.bulk_create(created, batch_size=2000)
    IntervalVolume.objects.bulk_update(
        changed, ["offered", "handled", "aht_seconds", "source", "updated_at"], batch_size=2000
    )
    IntervalVolume.objects.filter(pk__in=stale).delete()
    return HistoryRebuild(len(aggregates), len(created), len(changed), unchanged, len(stale))


# ---- special days -----------------------------------------------------------------------------


@transaction.atomic
def special_day_set(
    *,
    actor: User | None,
    site: Site,
    day: date,
    name: str,
    kind: str,
    volume_factor: float,
) -> SpecialDay:
    """Marks a day of the site as special (or changes the mark already there)."""
    _check_planner(actor, site)
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the day a name, e.g. “New Year's Day”.")
    if kind not in SpecialDayKind.values:
        errors["kind"] = _("Choose holiday, campaign, closed or other.")
    if not 0 <= volume_factor <= 10:
        errors["volume_factor"] = _("Give a share between 0 (closed) and 10.")
    if errors:
        raise ValidationError(errors)
    current = SpecialDay.objects.select_for_update().filter(site=site, date=day).first()
    before = snapshot(current, SPECIAL_DAY_FIELDS) if current else None
    special, created = SpecialDay.objects.update_or_create(
        site=site,
        date=day,
        defaults={"name": name.strip(), "kind": kind, "volume_factor": volume_factor},
    )
    audit_record(
        actor=actor,
        instance=special,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        before=before,
        after=snapshot(special, SPECIAL_DAY_FIELDS),
    )
    return special


@transaction.atomic
def special_day_delete(*, actor: User | None, special_day: SpecialDay) -> None:
    _check_planner(actor, special_day.site)
    before = snapshot(special_day, SPECIAL_DAY_FIELDS)
    audit_record(actor=actor, instance=special_day, action=AuditAction.DELETE, before=before)
    special_day.delete()


# ---- forecast runs ----------------------------------------------------------------------------


@transaction.atomic
def forecast_run_create(
    *,
    actor: User | None,
    queue: Queue,
    horizon_days: int = 56,
    model: str = ForecastModel.BEST,
) -> ForecastRun:
    """Forecasts the queue's next `horizon_days` (at most 56) from its interval history,
    backtests the candidate models over held-out weeks, and stores the chosen model's
    intervals with its backtest. Takes well under a second for a half-year of history, so it
    runs in the request (see docs/forecasting.md)."""
    _check_planner(actor, queue.site)
    if not 1 <= horizon_days <= 56:
        raise ValidationError({"horizon_days": _("Choose a horizon of 1 to 56 days.")})
    if model not in ForecastModel.values:
        raise ValidationError({"model": _("Choose a model.")})
    started = clock.perf_counter()
    try:
        result: ForecastComputation = compute_forecast(
            queue=queue, horizon_days=horizon_days, requested=model
        )
    except ValueError as error:
        raise ValidationError({"horizon_days": str(error)}) from None
    run = ForecastRun.objects.create(
        queue=queue,
        requested_model=model,
        model=result.model,
        interval_minutes=result.interval_minutes,
        horizon_days=horizon_days,
        history_start=result.history_start,
        history_end=result.history_end,
        first_day=result.first_day,
        last_day=result.last_day,
        backtest_wape=result.backtest_wape,
        backtest_mase=result.backtest_mase,
        backtest_weeks=result.backtest_weeks,
        backtest_days=result.backtest_days,
        candidates=result.candidates,
        created_by=actor if actor is not None and actor.pk else None,
    )
    ForecastInterval.objects.bulk_create(
        (
            ForecastInterval(run=run, start=start, volume=volume, aht_seconds=aht)
            for start, volume, aht in zip(
                result.starts, result.volumes, result.aht_seconds, strict=True
            )
        ),
        batch_size=2000,
    )
    run.seconds = round(clock.perf_counter() - started, 3)
    run.save(update_fields=["seconds"])
    audit_record(
        actor=actor,
        instance=run,
        action=AuditAction.CREATE,
        after=snapshot(
            run,
            (
                "queue",
                "model",
                "horizon_days",
                "first_day",
                "last_day",
                "backtest_wape",
                "backtest_mase",
            ),
        ),
    )
    return run


# ---- adjustments ------------------------------------------------------------------------------


def _adjustment_start(queue: Queue, day: date, at: time | None) -> datetime | None:
    if at is None:
        return None
    minutes = interval_minutes_for(queue.site)
    if at.minute % minutes or at.second or at.microsecond:
        raise ValidationError(
            {
                "time": _("%(time)s is not the start of a %(minutes)d-minute interval.")
                % {"time": at.strftime("%H:%M"), "minutes": minutes}
            }
        )
    return datetime.combine(day, at, tzinfo=site_zone(queue.site))


@transaction.atomic
def forecast_adjustment_create(
    *,
    actor: User | None,
    queue: Queue,
    day: date,
    percent: float,
    reason: str,
    at: time | None = None,
) -> ForecastAdjustment:
    """Changes the forecast volume of a day (or of the interval starting at `at` that day, site
    time) by `percent` (−100 to +1000). Adjustments of the same day or interval multiply."""
    _check_planner(actor, queue.site)
    errors: dict[str, str] = {}
    if not -100 <= percent <= MAX_ADJUSTMENT_PERCENT or percent == 0:
        errors["percent"] = _("Give a change between −100 % and +1000 %, not 0.")
    if not reason.strip():
        errors["reason"] = _("Say why (a campaign, a mailing, an outage…): it is kept.")
    if errors:
        raise ValidationError(errors)
    start = _adjustment_start(queue, day, at)
    run = latest_forecast(queue)
    if run is None or run.first_day is None or run.last_day is None:
        raise ValidationError({"day": _("No forecast of this queue covers that day; run one.")})
    if not run.first_day <= day <= run.last_day:
        raise ValidationError({"day": _("No forecast of this queue covers that day; run one.")})
    if start is not None and not run.intervals.filter(start=start).exists():
        raise ValidationError(
            {"time": _("The forecast has no interval starting then (outside opening hours).")}
        )
    adjustment = ForecastAdjustment.objects.create(
        queue=queue,
        day=day,
        interval_start=start,
        percent=percent,
        reason=reason.strip(),
        created_by=actor if actor is not None and actor.pk else None,
    )
    audit_record(
        actor=actor,
        instance=adjustment,
        action=AuditAction.CREATE,
        after=snapshot(adjustment, ADJUSTMENT_FIELDS),
        reason=adjustment.reason,
    )
    return adjustment


@transaction.atomic
def forecast_adjustment_remove(
    *, actor: User | None, adjustment: ForecastAdjustment, reason: str = ""
) -> ForecastAdjustment:
    """Takes an adjustment back; the row stays, with who removed it, when and why."""
    _check_planner(actor, adjustment.queue.site)
    adjustment = ForecastAdjustment.objects.select_for_update().get(pk=adjustment.pk)
    if adjustment.removed_at is not None:
        raise ValidationError({"adjustment": _("This adjustment was already removed.")})
    before = snapshot(adjustment, ADJUSTMENT_FIELDS)
    adjustment.removed_at = timezone.now()
    adjustment.removed_by = actor if actor is not None and actor.pk else None
    adjustment.removal_reason = reason.strip()
    adjustment.save(update_fields=["removed_at", "removed_by", "removal_reason", "updated_at"])
    audit_record(
        actor=actor,
        instance=adjustment,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(adjustment, ADJUSTMENT_FIELDS),
        reason=reason.strip() or _("Adjustment removed"),
    )
    return adjustment


# ---- staffing targets -------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetInput:
    service_level: float | None
    answer_within_seconds: int
    asa_seconds: float | None
    max_occupancy: float
    shrinkage: float
    patience_seconds: float | None = None
    concurrency: int | None = None  # None: the channel's default
    response_hours: float | None = None  # None: the channel's default


def _target_errors(data: TargetInput, channel: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    errors.update(_work_model_errors(data, channel))
    if (data.service_level is None) == (data.asa_seconds is None):
        errors["service_level"] = _(
            "Give either a service level (X % within T seconds) or an ASA target, not both."
        )
    if data.service_level is not None and not 0 < data.service_level < 1:
        errors["service_level"] = _("A service level is a share above 0 and below 1 (0.8).")
    if data.asa_seconds is not None and data.asa_seconds <= 0:
        errors["asa_seconds"] = _("An ASA target is a number of seconds above 0.")
    if data.answer_within_seconds < 0:
        errors["answer_within_seconds"] = _("Seconds cannot be negative.")
    if not 0 < data.max_occupancy <= 1:
        errors["max_occupancy"] = _("Maximum occupancy is a share above 0, at most 1 (0.85).")
    if not 0 <= data.shrinkage < 1:
        errors["shrinkage"] = _("Shrinkage is a share from 0 to below 1 (0.3).")
    if data.patience_seconds is not None and data.patience_seconds <= 0:
        errors["patience_seconds"] = _("Patience is a number of seconds above 0, or empty.")
    return errors


def _work_model_errors(data: TargetInput, channel: str) -> dict[str, str]:
    """What the queue's channel allows: concurrency for chat and messaging, response hours for
    deferred work (email, back office, messaging), and a share-within-hours target for it."""
    errors: dict[str, str] = {}
    label = Channel(channel).label if channel in Channel.values else channel
    if data.concurrency is not None:
        if not 1 <= data.concurrency <= MAX_CONCURRENCY:
            errors["concurrency"] = _(
                "Concurrency is the number of contacts an agent handles at once: 1 to %(most)d."
            ) % {"most": MAX_CONCURRENCY}
        elif data.concurrency > 1 and channel not in CONCURRENT_CHANNELS:
            errors["concurrency"] = _(
                "Agents of a %(channel)s queue handle one contact at a time; only chat and "
                "messaging queues take a concurrency above 1."
            ) % {"channel": label}
    if data.response_hours is not None:
        if not 0 < data.response_hours <= MAX_RESPONSE_HOURS:
            errors["response_hours"] = _(
                "The response target is a number of hours above 0, at most %(most)d."
            ) % {"most": MAX_RESPONSE_HOURS}
        elif channel not in RESPONSE_HOURS_CHANNELS:
            errors["response_hours"] = _(
                "A %(channel)s queue is answered live; only email, back-office and messaging "
                "queues are answered within hours."
            ) % {"channel": label}
    deferred = work_model_for(channel, None, data.response_hours).deferred
    if deferred and data.response_hours is not None and data.concurrency not in (None, 1):
        errors["concurrency"] = _(
            "Work answered within hours is handled one item at a time: leave concurrency empty."
        )
    if deferred and data.asa_seconds is not None:
        errors["asa_seconds"] = _(
            "Work answered within hours has a target of a share answered in time, not an "
            "average speed of answer."
        )
    if deferred and data.patience_seconds is not None:
        errors["patience_seconds"] = _(
            "Work answered within hours does not abandon: leave the patience empty."
        )
    return errors


@transaction.atomic
def staffing_target_set(*, actor: User | None, queue: Queue, data: TargetInput) -> StaffingTarget:
    """Sets the queue's staffing target (creating it the first time)."""
    _check_planner(actor, queue.site)
    errors = _target_errors(data, queue.channel)
    if errors:
        raise ValidationError(errors)
    current = StaffingTarget.objects.select_for_update().filter(queue=queue).first()
    before = snapshot(current, TARGET_FIELDS) if current else None
    target, created = StaffingTarget.objects.update_or_create(
        queue=queue,
        defaults={
            "service_level": data.service_level,
            "answer_within_seconds": data.answer_within_seconds,
            "asa_seconds": data.asa_seconds,
            "max_occupancy": data.max_occupancy,
            "shrinkage": data.shrinkage,
            "patience_seconds": data.patience_seconds,
            "concurrency": data.concurrency,
            "response_hours": data.response_hours,
            "updated_by": actor if actor is not None and actor.pk else None,
        },
    )
    audit_record(
        actor=actor,
        instance=target,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        before=before,
        after=snapshot(target, TARGET_FIELDS),
    )
    return target


def wfm_clear() -> None:
    """Deletes all planning data, for the demo's --replace only."""
    ForecastAdjustment.objects.all().delete()
    ForecastRun.objects.all().delete()
    StaffingTarget.objects.all().delete()
    SpecialDay.objects.all().delete()
    IntervalVolume.objects.all().delete()
    PlanningSettings.objects.all().delete()
