"""A published week for swaps and offers at North.

`future_week`: the week after next (always ahead of the real clock), no forecast: Ada works
Monday and Tuesday, Oskar Wednesday, Mira Thursday, each 08:00–16:00 on Billing voice.

`checked_week`: the forecast fortnight of `generation_setup` (12 October 2026) with the clock
set to the Friday before, so the engine judges each change: Ada works Monday to Wednesday,
Mira Thursday and Friday, Early shifts 08:00–16:00 with a lunch.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

from floorwalk.org.models import Queue
from floorwalk.scheduling import selectors
from floorwalk.scheduling.models import Schedule
from floorwalk.scheduling.services import (
    schedule_create_draft,
    schedule_draft_replace_shifts,
    schedule_publish,
)
from tests.scheduling.conftest import at, shift_for
from tests.scheduling.generation_setup import FORECAST_START, ready_site


def future_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=14 - today.weekday())


def publish(floor, monday: date, shifts) -> Schedule:
    planner = floor.user("planner")
    schedule = schedule_create_draft(actor=planner, site=floor.north, start_date=monday, days=7)
    schedule_draft_replace_shifts(actor=planner, schedule=schedule, shifts=shifts)
    schedule_publish(actor=planner, schedule=schedule)
    schedule.refresh_from_db()
    return schedule


def future_week(floor) -> Schedule:
    monday = future_monday()
    voice = Queue.objects.get(name="Billing voice", site=floor.north)
    day = lambda n: monday + timedelta(days=n)  # noqa: E731
    return publish(
        floor,
        monday,
        [
            shift_for(floor.agent, day(0), 8, 16, queue=voice),
            shift_for(floor.agent, day(1), 8, 16, queue=voice),
            shift_for(floor.other_agent, day(2), 8, 16, queue=voice),
            shift_for(floor.mentor, day(3), 8, 16, queue=voice),
        ],
    )


def shift_of(schedule: Schedule, person, day: date):
    return schedule.shifts.get(person=person, start__date=day)


CHECKED_NOW = datetime.combine(FORECAST_START - timedelta(days=3), datetime.min.time()).replace(
    tzinfo=timezone.get_current_timezone()
)


def checked_week(floor, monkeypatch, **site_options) -> Schedule:
    monkeypatch.setattr(selectors, "now", lambda: CHECKED_NOW)
    voice, templates = ready_site(floor, **site_options)
    early = templates[0]
    day = lambda n: FORECAST_START + timedelta(days=n)  # noqa: E731
    shifts = [shift_for(floor.agent, day(n), 8, 16, template=early, queue=voice) for n in (0, 1, 2)]
    shifts += [shift_for(floor.mentor, day(n), 8, 16, template=early, queue=voice) for n in (3, 4)]
    return publish(floor, FORECAST_START, shifts)


def starts(schedule: Schedule, person) -> list[datetime]:
    return list(
        schedule.shifts.filter(person=person).order_by("start").values_list("start", flat=True)
    )


__all__ = ["at", "checked_week", "future_week", "shift_of", "starts"]
