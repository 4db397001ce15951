"""Shared scheduling data on the named floor (site North, Europe/Warsaw, UTC+1 in December).

The schedule used throughout covers the week of Monday 7 December 2026.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from floorwalk.org.models import Queue
from floorwalk.scheduling.models import ShiftTemplate
from floorwalk.scheduling.services import (
    ActivitySpec,
    BreakSpec,
    ShiftSpec,
    ShiftTemplateInput,
    schedule_create_draft,
    schedule_draft_replace_shifts,
    schedule_publish,
    shift_template_create,
)

MONDAY = date(2026, 12, 7)
WARSAW = ZoneInfo("Europe/Warsaw")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time at North (Warsaw)."""
    return datetime.combine(day, time(hour, minute), tzinfo=WARSAW)


def early_template(floor) -> ShiftTemplate:
    return shift_template_create(
        actor=floor.user("planner"),
        site=floor.north,
        data=ShiftTemplateInput(
            name="Early",
            earliest_start=time(7),
            latest_start=time(9),
            start_step_minutes=30,
            paid_minutes=450,
            breaks=(BreakSpec("lunch", 30, False, 180, 300), BreakSpec("break", 15, True, 60, 150)),
        ),
    )


def shift_for(person, day: date, start_hour: int, end_hour: int, *, template=None, queue=None):
    """A shift with work, a lunch in the middle hour, and work again."""
    start, end = at(day, start_hour), at(day, end_hour)
    middle = at(day, (start_hour + end_hour) // 2)
    lunch_end = at(day, (start_hour + end_hour) // 2, 30)
    queue_id = queue.pk if queue else None
    return ShiftSpec(
        person_id=person.pk,
        start=start,
        end=end,
        template_id=template.pk if template else None,
        queue_id=queue_id,
        activities=(
            ActivitySpec("work", start, middle, queue_id),
            ActivitySpec("lunch", middle, lunch_end),
            ActivitySpec("work", lunch_end, end, queue_id),
        ),
    )


def draft_with_shifts(floor, *, days: int = 7):
    """A draft for the week: Ada 08–16 Monday and Tuesday, Oskar 10–18 Monday."""
    planner = floor.user("planner")
    schedule = schedule_create_draft(actor=planner, site=floor.north, start_date=MONDAY, days=days)
    voice = Queue.objects.get(name="Billing voice")
    schedule_draft_replace_shifts(
        actor=planner,
        schedule=schedule,
        shifts=[
            shift_for(floor.agent, MONDAY, 8, 16, queue=voice),
            shift_for(floor.agent, date(2026, 12, 8), 8, 16, queue=voice),
            shift_for(floor.other_agent, MONDAY, 10, 18, queue=voice),
        ],
    )
    return schedule


def published_schedule(floor):
    schedule = draft_with_shifts(floor)
    schedule_publish(actor=floor.user("planner"), schedule=schedule)
    schedule.refresh_from_db()
    return schedule
