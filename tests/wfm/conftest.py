"""Interval history, forecasts and targets on the small floor of tests/conftest.py: North's
"Billing voice" queue (Europe/Warsaw) with five weeks of generated 30-minute history."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from floorwalk.org.models import Queue
from floorwalk.wfm.models import IntervalVolume, VolumeSource

HISTORY_START = date(2026, 9, 7)  # a Monday
HISTORY_DAYS = 35
OPEN_HOURS = (8, 18)


def offered_at(day: date, minute_of_day: int) -> int:
    """A deterministic weekly and intraday pattern: busier Mondays, a late-morning peak."""
    weekday_level = (30, 26, 24, 24, 22, 10, 6)[day.weekday()]
    hour = minute_of_day / 60
    shape = 1.0 + 0.8 * max(0.0, 1 - abs(hour - 11) / 4)
    return round(weekday_level * shape) + (day.toordinal() % 3)


def make_history(
    queue: Queue, *, start: date = HISTORY_START, days: int = HISTORY_DAYS, aht: float = 240.0
) -> int:
    zone = ZoneInfo(queue.site.time_zone)
    rows = []
    for n in range(days):
        day = start + timedelta(days=n)
        for minute in range(OPEN_HOURS[0] * 60, OPEN_HOURS[1] * 60, 30):
            offered = offered_at(day, minute)
            rows.append(
                IntervalVolume(
                    queue=queue,
                    interval_start=datetime.combine(day, time(), tzinfo=zone)
                    + timedelta(minutes=minute),
                    offered=offered,
                    handled=offered - 1,
                    aht_seconds=aht + (minute % 120) / 4,
                    source=VolumeSource.IMPORT,
                )
            )
    IntervalVolume.objects.bulk_create(rows)
    return len(rows)


@pytest.fixture
def voice(floor) -> Queue:
    return Queue.objects.get(name="Billing voice", site=floor.north)


@pytest.fixture
def voice_history(voice) -> Queue:
    make_history(voice)
    return voice


@pytest.fixture
def voice_forecast(floor, voice_history):
    from floorwalk.wfm.services import forecast_run_create

    return forecast_run_create(actor=floor.user("planner"), queue=voice_history, horizon_days=14)
