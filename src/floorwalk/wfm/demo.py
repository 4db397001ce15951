"""The demo's workforce planning: interval history of every queue built from the demo
interactions, a few special days (a holiday in the history, a campaign and a holiday ahead),
a staffing target per queue (Erlang A where a patience estimate exists), a forecast of every
queue with its backtest, run by the demo planner, and one of the planner's adjustments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from floorwalk.accounts.models import User
from floorwalk.org.models import Channel, Queue
from floorwalk.wfm.models import SpecialDayKind
from floorwalk.wfm.selectors import latest_forecast
from floorwalk.wfm.services import (
    TargetInput,
    forecast_adjustment_create,
    forecast_run_create,
    interval_history_rebuild,
    special_day_set,
    staffing_target_set,
)

# Targets by channel: voice answered fast (callers hang up), chat within a minute with two
# chats per agent, messaging by ASA with three conversations each (the channel's defaults;
# chat and messaging customers also give up, more slowly than callers),
# email and back office as deferred work: 90 % answered within 24 h and 48 h (the channel's
# response targets). Shrinkage counts only what the schedule does not show (absence,
# training, meetings): the generated shifts place the breaks and lunches themselves.
SHRINKAGE = 0.12
TARGETS: dict[str, TargetInput] = {
    Channel.VOICE: TargetInput(0.8, 20, None, 0.85, SHRINKAGE, patience_seconds=120.0),
    Channel.CHAT: TargetInput(0.8, 60, None, 0.85, SHRINKAGE, patience_seconds=180.0),
    Channel.MESSAGING: TargetInput(None, 0, 120.0, 0.9, SHRINKAGE, patience_seconds=600.0),
}
DEFAULT_TARGET = TargetInput(0.9, 0, None, 0.9, SHRINKAGE)
HORIZON_DAYS = 28
# The campaign falls in the second week ahead: the first is the one the demo schedules, at
# its ordinary load.
CAMPAIGN_AFTER_DAYS = 17


@dataclass(frozen=True)
class WfmDemoResult:
    intervals: int
    forecasts: int
    adjustments: int


@transaction.atomic
def wfm_demo_load(*, history_start: date, history_end: date) -> WfmDemoResult:
    planner = User.objects.filter(username="planner", person__isnull=False).first()
    intervals = forecasts = adjustments = 0
    sites = set()
    for queue in Queue.objects.select_related("site").order_by("site__name", "name"):
        built = interval_history_rebuild(
            actor=None, queue=queue, start=history_start, end=history_end
        )
        intervals += built.created
        if queue.site_id not in sites:
            sites.add(queue.site_id)
            _special_days(queue, history_end)
        staffing_target_set(
            actor=None, queue=queue, data=TARGETS.get(queue.channel, DEFAULT_TARGET)
        )
    for queue in Queue.objects.select_related("site").order_by("site__name", "name"):
        try:
            forecast_run_create(actor=planner, queue=queue, horizon_days=HORIZON_DAYS)
        except ValidationError:  # a queue with too little history gets no forecast
            continue
        forecasts += 1
    voice = Queue.objects.filter(channel=Channel.VOICE).order_by("pk").first()
    run = latest_forecast(voice) if voice else None
    if voice is not None and run is not None and run.first_day:
        friday = run.first_day + timedelta(days=(4 - run.first_day.weekday()) % 7)
        forecast_adjustment_create(
            actor=planner,
            queue=voice,
            day=friday,
            percent=15,
            reason="Billing letters reach customers this day; last time calls rose about 15 %.",
        )
        adjustments += 1
    return WfmDemoResult(intervals, forecasts, adjustments)


def _special_days(queue: Queue, history_end: date) -> None:
    past_holiday = history_end - timedelta(days=40)
    special_day_set(
        actor=None,
        site=queue.site,
        day=past_holiday,
        name="Regional holiday",
        kind=SpecialDayKind.HOLIDAY,
        volume_factor=0.4,
    )
    special_day_set(
        actor=None,
        site=queue.site,
        day=history_end + timedelta(days=CAMPAIGN_AFTER_DAYS),
        name="Price change campaign",
        kind=SpecialDayKind.CAMPAIGN,
        volume_factor=1.3,
    )
    special_day_set(
        actor=None,
        site=queue.site,
        day=history_end + timedelta(days=20),
        name="Company day (closed)",
        kind=SpecialDayKind.CLOSURE,
        volume_factor=0.0,
    )
