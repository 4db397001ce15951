import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from floorwalk.scheduling.models import Schedule, ScheduleStatus
from tests.scheduling.generation_setup import FORECAST_START, ready_site


def run(*args: str) -> str:
    out = StringIO()
    call_command("schedule", *args, stdout=out)
    return out.getvalue()


def test_the_command_generates_a_draft_and_prints_its_summary(floor):
    ready_site(floor)
    printed = json.loads(
        run(
            "generate",
            "--site",
            str(floor.north.pk),
            "--start",
            FORECAST_START.isoformat(),
            "--days",
            "7",
            "--time-limit",
            "5",
            "--as",
            "planner",
            "--json",
        )
    )
    schedule = Schedule.objects.get(pk=printed["schedule"])
    assert schedule.status == ScheduleStatus.DRAFT
    assert schedule.shifts.count() == printed["shifts"]
    assert printed["agents"] == 2


def test_the_command_publishes_when_asked(floor):
    ready_site(floor)
    text = run(
        "generate",
        "--site",
        str(floor.north.pk),
        "--start",
        FORECAST_START.isoformat(),
        "--time-limit",
        "5",
        "--publish",
    )
    schedule = Schedule.objects.get(site=floor.north)
    assert schedule.status == ScheduleStatus.PUBLISHED
    assert "Published as version 1." in text


def test_the_command_names_what_is_missing(floor):
    with pytest.raises(CommandError, match="make a forecast first"):
        run("generate", "--site", str(floor.north.pk), "--start", "2026-10-12", "--as", "planner")
    with pytest.raises(CommandError, match="--site: no site with id 999999"):
        run("generate", "--site", "999999", "--start", "2026-10-12")
    with pytest.raises(CommandError, match="--start: give a date"):
        run("generate", "--site", str(floor.north.pk), "--start", "soon")
    with pytest.raises(CommandError, match="agent may not draft"):
        run("generate", "--site", str(floor.north.pk), "--start", "2026-10-12", "--as", "agent")
