"""Interval history built from interactions, checked against a count made apart."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from floorwalk.metrics.models import Interaction
from floorwalk.wfm.models import IntervalVolume, VolumeSource
from floorwalk.wfm.services import grid_shift_seconds, interval_history_rebuild

WARSAW = ZoneInfo("Europe/Warsaw")
# Moments in UTC: 24-26 October 2026 span the end of summer time in Warsaw (25 October 03:00).
MOMENTS = [
    (datetime(2026, 10, 24, 6, 59, 59, tzinfo=UTC), "resolved", 300),
    (datetime(2026, 10, 24, 7, 0, tzinfo=UTC), "resolved", 200),
    (datetime(2026, 10, 24, 7, 29, 30, tzinfo=UTC), "abandoned", 0),
    (datetime(2026, 10, 24, 7, 30, tzinfo=UTC), "transferred", 400),
    (datetime(2026, 10, 25, 0, 15, tzinfo=UTC), "resolved", 120),  # 02:15 summer time
    (datetime(2026, 10, 25, 1, 15, tzinfo=UTC), "resolved", 180),  # 02:15 winter time
    (datetime(2026, 10, 25, 1, 45, tzinfo=UTC), "abandoned", 0),
    (datetime(2026, 10, 26, 22, 50, tzinfo=UTC), "resolved", 90),  # 23:50 local on the 26th
    (datetime(2026, 10, 26, 23, 5, tzinfo=UTC), "resolved", 60),  # 00:05 on the 27th: outside
]


def make_calls(floor, queue):
    for number, (moment, outcome, seconds) in enumerate(MOMENTS):
        Interaction.objects.create(
            source="test",
            external_id=f"H{number}",
            agent=floor.agent,
            queue=queue,
            channel=queue.channel,
            started_at=moment,
            local_date=moment.astimezone(WARSAW).date(),
            talk_seconds=seconds,
            hold_seconds=10 if seconds else 0,
            acw_seconds=5 if seconds else 0,
            outcome=outcome,
        )


def independent_count(queue, start: date, end: date) -> dict:
    """Each call's interval found by walking the site's clock, in Python, one by one."""
    groups = defaultdict(lambda: [0, 0, 0])
    for call in Interaction.objects.filter(queue=queue):
        local = call.started_at.astimezone(WARSAW)
        if not start <= local.date() <= end:
            continue
        utc_start = call.started_at - timedelta(
            minutes=local.minute % 30, seconds=local.second, microseconds=local.microsecond
        )
        group = groups[utc_start]
        group[0] += 1
        if call.outcome != "abandoned":
            group[1] += 1
            group[2] += call.handle_seconds
    return {key: (o, h, s / h if h else 0.0) for key, (o, h, s) in groups.items()}


def stored(queue) -> dict:
    return {
        row.interval_start: (row.offered, row.handled, row.aht_seconds)
        for row in IntervalVolume.objects.filter(queue=queue)
    }


def test_rebuilt_history_matches_a_count_made_apart(floor, voice):
    make_calls(floor, voice)

    result = interval_history_rebuild(
        actor=floor.user("planner"), queue=voice, start=date(2026, 10, 24), end=date(2026, 10, 26)
    )

    expected = independent_count(voice, date(2026, 10, 24), date(2026, 10, 26))
    assert stored(voice) == expected
    assert (result.intervals, result.created) == (7, 7)
    # 06:59:59 and 07:00 UTC fall into 08:30 and 09:00 local; the two 02:15s stay apart.
    assert expected[datetime(2026, 10, 24, 7, 0, tzinfo=UTC)] == (2, 1, 200 + 10 + 5)
    assert expected[datetime(2026, 10, 25, 0, 0, tzinfo=UTC)][0] == 1
    assert expected[datetime(2026, 10, 25, 1, 0, tzinfo=UTC)][0] == 1
    assert set(IntervalVolume.objects.values_list("source", flat=True)) == {
        VolumeSource.INTERACTIONS
    }


def test_rebuilding_twice_changes_nothing(floor, voice):
    make_calls(floor, voice)
    interval_history_rebuild(
        actor=None, queue=voice, start=date(2026, 10, 24), end=date(2026, 10, 26)
    )
    before = stored(voice)

    again = interval_history_rebuild(
        actor=None, queue=voice, start=date(2026, 10, 24), end=date(2026, 10, 26)
    )

    assert (again.created, again.updated, again.unchanged, again.deleted) == (0, 0, 7, 0)
    assert stored(voice) == before


def test_a_rebuild_removes_intervals_whose_calls_are_gone_and_keeps_imported_ones(floor, voice):
    make_calls(floor, voice)
    interval_history_rebuild(
        actor=None, queue=voice, start=date(2026, 10, 24), end=date(2026, 10, 26)
    )
    imported = IntervalVolume.objects.create(
        queue=voice,
        interval_start=datetime(2026, 10, 24, 12, 0, tzinfo=UTC),
        offered=5,
        handled=5,
        aht_seconds=100,
        source=VolumeSource.IMPORT,
    )
    Interaction.objects.filter(external_id="H7").delete()  # the 23:50 call on the 26th

    result = interval_history_rebuild(
        actor=None, queue=voice, start=date(2026, 10, 24), end=date(2026, 10, 26)
    )

    assert result.deleted == 1
    assert datetime(2026, 10, 26, 22, 30, tzinfo=UTC) not in stored(voice)
    assert IntervalVolume.objects.filter(pk=imported.pk).exists()


def test_an_agent_cannot_rebuild_history(floor, voice):
    make_calls(floor, voice)

    with pytest.raises(PermissionDenied):
        interval_history_rebuild(
            actor=floor.user("agent"), queue=voice, start=date(2026, 10, 24), end=date(2026, 10, 26)
        )

    assert IntervalVolume.objects.count() == 0


def test_the_grid_shift_is_the_utc_offset_modulo_the_interval():
    assert grid_shift_seconds(WARSAW, 30) == 0
    assert grid_shift_seconds(ZoneInfo("Asia/Kolkata"), 30) == 0  # +05:30
    assert grid_shift_seconds(ZoneInfo("Asia/Kathmandu"), 30) == 45 * 60 % 1800  # +05:45
    assert grid_shift_seconds(ZoneInfo("Asia/Kathmandu"), 15) == 0
