"""A small site ready to generate: North's "Billing voice" with a forecast of the fortnight
from Monday 12 October 2026 (Europe/Warsaw leaves summer time on Sunday 25 October), Early
and Late templates, and contracts for Ada and Mira (the two agents with the queue)."""

from datetime import date, time

from floorwalk.org.models import Queue
from floorwalk.scheduling.services import (
    BreakSpec,
    ContractInput,
    ShiftTemplateInput,
    contract_set,
    shift_template_create,
)
from floorwalk.wfm.services import forecast_run_create
from tests.wfm.conftest import make_history

FORECAST_START = date(2026, 10, 12)  # a Monday, the day after the history
DST_WEEK = date(2026, 10, 19)  # its Sunday 25 October has 25 hours at the site


def ready_site(
    floor,
    *,
    contracts: bool = True,
    templates: bool = True,
    forecast: bool = True,
    min_minutes: int = 1350,
):
    planner = floor.user("planner")
    voice = Queue.objects.get(name="Billing voice", site=floor.north)
    if forecast:
        make_history(voice)
        forecast_run_create(actor=planner, queue=voice, horizon_days=14)
    made = []
    if templates:
        made.append(
            shift_template_create(
                actor=planner,
                site=floor.north,
                data=ShiftTemplateInput(
                    name="Early",
                    earliest_start=time(7),
                    latest_start=time(9),
                    start_step_minutes=60,
                    paid_minutes=450,
                    breaks=(BreakSpec("lunch", 30, False, 180, 300),),
                ),
            )
        )
        made.append(
            shift_template_create(
                actor=planner,
                site=floor.north,
                data=ShiftTemplateInput(
                    name="Late",
                    earliest_start=time(10),
                    latest_start=time(11),
                    start_step_minutes=60,
                    paid_minutes=450,
                    breaks=(BreakSpec("break", 15, True, 120, 240),),
                ),
            )
        )
    if contracts:
        for person in (floor.agent, floor.mentor):
            contract_set(
                actor=planner,
                person=person,
                data=ContractInput(min_minutes_per_week=min_minutes, max_minutes_per_week=2400),
            )
    return voice, made
