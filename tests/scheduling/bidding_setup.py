"""A bidding window on North's draft of the week from Monday 12 October 2026 (see
`generation_setup`), opened on 1 October with three agents: Ada, Mira and Oskar."""

from datetime import date, datetime, time, timedelta

from floorwalk.org.models import Queue
from floorwalk.scheduling.models import BiddingWindow, BidSlot
from floorwalk.scheduling.services import (
    ContractInput,
    WindowInput,
    bidding_window_open,
    contract_set,
    schedule_create_draft,
)
from tests.scheduling.conftest import WARSAW
from tests.scheduling.generation_setup import FORECAST_START, ready_site

OPENS = datetime(2026, 10, 1, 9, 0, tzinfo=WARSAW)
CLOSES = datetime(2026, 10, 8, 17, 0, tzinfo=WARSAW)
DURING = datetime(2026, 10, 3, 12, 0, tzinfo=WARSAW)  # every turn has started


def bidding_site(floor, *, min_minutes: int = 0, max_minutes: int = 2400) -> Queue:
    voice, _templates = ready_site(floor, min_minutes=min_minutes)
    floor.other_agent.queues.add(voice)
    for person in (floor.agent, floor.mentor, floor.other_agent):
        contract_set(
            actor=floor.user("planner"),
            person=person,
            data=ContractInput(min_minutes_per_week=min_minutes, max_minutes_per_week=max_minutes),
        )
    return voice


def open_window(
    floor, *, policy: str = "rotation", turn_minutes: int = 60, start: date = FORECAST_START
) -> BiddingWindow:
    schedule = schedule_create_draft(
        actor=floor.user("planner"), site=floor.north, start_date=start, days=7
    )
    return bidding_window_open(
        actor=floor.user("planner"),
        schedule=schedule,
        data=WindowInput(
            opens_at=OPENS, closes_at=CLOSES, policy=policy, turn_minutes=turn_minutes
        ),
        now=OPENS - timedelta(hours=1),
    )


def slot_at(window: BiddingWindow, day: date, hour: int, minute: int = 0) -> BidSlot:
    """The window's pool shift starting at that wall-clock time (the first by template)."""
    start = datetime.combine(day, time(hour, minute), tzinfo=WARSAW)
    found = window.slots.filter(start=start).order_by("template__name").first()
    assert found is not None, [s.start.astimezone(WARSAW) for s in window.slots.all()]
    return found
