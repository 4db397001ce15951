"""Bidding windows: the pool covers the requirement, the pick order follows its policy, picks
are refused with their reason, the last place goes to exactly one agent, and closing keeps
every pick in the generated draft."""

import threading
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from floorwalk.audit.models import AuditEvent
from floorwalk.engine.schedule.check import check_schedule
from floorwalk.org.models import Queue
from floorwalk.scheduling.engine_input import build_input, current_shifts
from floorwalk.scheduling.models import (
    RULE_FIELDS,
    BiddingStatus,
    BidPick,
    BidPoints,
    BidSlot,
    GenerationStatus,
    ScheduledShift,
)
from floorwalk.scheduling.services import (
    ConstraintInput,
    WindowInput,
    agent_constraint_create,
    bidding_pick,
    bidding_pick_drop,
    bidding_window_close,
    bidding_window_open,
    labour_rules_set,
    schedule_create_draft,
)
from floorwalk.wfm.selectors import interval_requirements
from tests.scheduling.bidding_setup import (
    CLOSES,
    DURING,
    OPENS,
    bidding_site,
    open_window,
    slot_at,
)
from tests.scheduling.conftest import WARSAW
from tests.scheduling.generation_setup import FORECAST_START

MONDAY = FORECAST_START
TUESDAY, WEDNESDAY, SATURDAY = (MONDAY + timedelta(days=n) for n in (1, 2, 5))


def worked_minutes(slot: BidSlot, start: datetime, end: datetime) -> float:
    """Minutes the pool shift works in [start, end): its span less its breaks, each at the
    middle of the quarter-hour starts its window allows."""
    spans = []
    for rule in slot.template.breaks.all():
        offsets = list(range(rule.window_start, rule.window_end - rule.minutes + 1, 15))
        begin = slot.start + timedelta(minutes=offsets[len(offsets) // 2])
        spans.append((begin, begin + timedelta(minutes=rule.minutes)))

    def overlap(a: datetime, b: datetime) -> float:
        return max(0.0, (min(b, end) - max(a, start)).total_seconds() / 60)

    return overlap(slot.start, slot.end) - sum(overlap(a, b) for a, b in spans)


# ---- the pool ---------------------------------------------------------------------------------


def test_the_pool_covers_the_requirement_of_every_interval(floor):
    bidding_site(floor)
    window = open_window(floor)
    slots = list(window.slots.select_related("template").prefetch_related("template__breaks"))
    assert slots
    (requirement,) = interval_requirements(site=floor.north, start=MONDAY, days=7)
    width = timedelta(minutes=requirement.interval_minutes)
    for start, required in zip(
        requirement.starts, requirement.required_with_shrinkage, strict=True
    ):
        supplied = sum(
            s.capacity * worked_minutes(s, start, start + width)
            for s in slots
            if s.queue_id == requirement.queue_id
        )
        assert supplied >= required * requirement.interval_minutes, start
    assert window.pool_report["uncovered_minutes"] == {str(requirement.queue_id): 0}
    assert window.pool_report["shifts"] == sum(s.capacity for s in slots)


# ---- the order --------------------------------------------------------------------------------


def names(window) -> list[str]:
    return [turn.person.display_name for turn in window.turns.select_related("person")]


def test_seniority_puts_the_earliest_hire_first_and_turns_are_staggered(floor):
    bidding_site(floor)
    hires = {floor.agent: date(2020, 5, 1), floor.mentor: date(2012, 1, 9)}
    hires[floor.other_agent] = date(2016, 3, 3)
    for person, hired in hires.items():
        person.hire_date = hired
        person.save(update_fields=["hire_date"])
    window = open_window(floor, policy="seniority", turn_minutes=90)
    expected = [p.display_name for p in sorted(hires, key=lambda p: hires[p])]
    assert names(window) == expected
    starts = [turn.starts_at for turn in window.turns.all()]
    assert starts == [OPENS + timedelta(minutes=90 * n) for n in range(3)]


def test_rotation_lets_who_picked_last_pick_first_next_time(floor):
    bidding_site(floor)
    first = open_window(floor, policy="rotation")
    by_number = sorted(
        (floor.agent, floor.mentor, floor.other_agent), key=lambda p: p.employee_number
    )
    assert names(first) == [p.display_name for p in by_number]
    second = open_window(floor, policy="rotation", start=MONDAY + timedelta(days=7))
    assert names(second) == [names(first)[-1], *names(first)[:-1]]


def test_points_put_the_largest_balance_first_and_closing_awards_points(floor):
    bidding_site(floor)
    first = open_window(floor, policy="seniority", turn_minutes=0)
    # Oskar takes the Saturday early shift (a weekend: 1 point) and Monday's late one (ends
    # 18:30, not after 20:00: no point); Ada a Monday early shift (none).
    bidding_pick(actor=floor.user("other_agent"), slot=slot_at(first, SATURDAY, 8), now=DURING)
    bidding_pick(actor=floor.user("other_agent"), slot=slot_at(first, MONDAY, 11), now=DURING)
    bidding_pick(actor=floor.user("agent"), slot=slot_at(first, MONDAY, 8), now=DURING)
    bidding_window_close(actor=floor.user("planner"), window=first, time_limit=5, run_now=True)
    ledger = {row.person_id: row for row in BidPoints.objects.all()}
    assert set(ledger) == {floor.other_agent.pk}
    assert ledger[floor.other_agent.pk].points == 1
    assert ledger[floor.other_agent.pk].detail == {"weekend": 1, "early_late": 0, "picks": 2}
    BidPoints.objects.create(person=floor.mentor, window=first, points=3, detail={})
    second = open_window(floor, policy="points", start=MONDAY + timedelta(days=7))
    assert names(second)[:2] == ["Mira Mentor", "Oskar Otheragent"]
    assert [t.points for t in second.turns.all()] == [3, 1, 0]


# ---- picks ------------------------------------------------------------------------------------


def refusal(floor, username, slot, now=DURING) -> str:
    with pytest.raises(ValidationError) as error:
        bidding_pick(actor=floor.user(username), slot=slot, now=now)
    return " ".join(error.value.messages)


def test_a_pick_is_taken_audited_and_can_be_dropped(floor):
    bidding_site(floor)
    window = open_window(floor)
    slot = slot_at(window, MONDAY, 8)
    pick = bidding_pick(actor=floor.user("agent"), slot=slot, now=DURING)
    pk = str(pick.pk)
    assert pick.person == floor.agent
    assert AuditEvent.objects.filter(object_id=pk, action="create").exists()
    bidding_pick_drop(actor=floor.user("agent"), pick=pick, now=DURING)
    assert not BidPick.objects.exists()
    assert AuditEvent.objects.filter(object_id=pk, action="delete").exists()


def test_a_pick_before_your_turn_says_when_it_starts(floor):
    bidding_site(floor)
    window = open_window(floor, turn_minutes=24 * 60)
    last = window.turns.order_by("-position").first()
    username = {floor.agent.pk: "agent", floor.mentor.pk: "mentor"}.get(
        last.person_id, "other_agent"
    )
    text = refusal(floor, username, slot_at(window, MONDAY, 8), now=OPENS + timedelta(hours=1))
    assert text.startswith("Your turn starts")
    assert not BidPick.objects.exists()


def test_a_full_shift_a_second_shift_a_day_and_a_queue_not_served_are_refused(floor):
    bidding_site(floor)
    window = open_window(floor)
    slot = slot_at(window, MONDAY, 8)
    slot.capacity = 1
    slot.save()
    bidding_pick(actor=floor.user("mentor"), slot=slot, now=DURING)
    assert "no place is left" in refusal(floor, "agent", slot)
    bidding_pick(actor=floor.user("agent"), slot=slot_at(window, MONDAY, 11), now=DURING)
    assert refusal(floor, "agent", slot_at(window, MONDAY, 11)) == (
        "You already picked this shift."
    )
    other = slot_at(window, TUESDAY, 8)
    chat = Queue.objects.create(site=floor.north, name="Sales chat", channel="chat")
    foreign = BidSlot.objects.create(
        window=window,
        template=other.template,
        queue=chat,
        start=other.start,
        end=other.end,
        capacity=1,
    )
    assert refusal(floor, "agent", foreign) == (
        "Tuesday 08:00 Early shift: it is for Sales chat, which you do not serve"
    )
    bidding_pick(actor=floor.user("mentor"), slot=slot_at(window, TUESDAY, 8), now=DURING)
    assert refusal(floor, "mentor", slot_at(window, TUESDAY, 11)) == (
        "Tuesday 11:00 Late shift: you already have a shift that day"
    )


def rules(**changes: int) -> dict[str, int]:
    values = dict(zip(RULE_FIELDS, (600, 2880, 660, 6, 1, 4), strict=True))
    return {**values, **changes}


def test_a_pick_breaking_a_labour_rule_says_which_in_plain_words(floor):
    bidding_site(floor)
    labour_rules_set(
        actor=floor.user("planner"),
        site=floor.north,
        values=rules(max_consecutive_days=2, min_rest_minutes=15 * 60),
    )
    window = open_window(floor)
    for day in (MONDAY, TUESDAY):
        bidding_pick(actor=floor.user("agent"), slot=slot_at(window, day, 8), now=DURING)
    assert refusal(floor, "agent", slot_at(window, WEDNESDAY, 8)) == (
        "Wednesday 08:00 Early shift: you would work 3 days in a row (most 2)"
    )
    # Mira: Monday's late shift ends 18:30; Tuesday 08:00 leaves 13:30 hours of rest.
    bidding_pick(actor=floor.user("mentor"), slot=slot_at(window, MONDAY, 11), now=DURING)
    assert refusal(floor, "mentor", slot_at(window, TUESDAY, 8)) == (
        "Tuesday 08:00 Early shift: you would have only 13:30 hours of rest between shifts "
        "(least 15:00)"
    )


def test_a_pick_beyond_the_contract_hours_or_on_leave_is_refused(floor):
    bidding_site(floor, max_minutes=900)
    agent_constraint_create(
        actor=floor.user("planner"),
        person=floor.mentor,
        data=ConstraintInput(kind="leave", start_date=WEDNESDAY, end_date=WEDNESDAY),
    )
    window = open_window(floor)
    for day in (MONDAY, TUESDAY):
        bidding_pick(actor=floor.user("agent"), slot=slot_at(window, day, 8), now=DURING)
    assert refusal(floor, "agent", slot_at(window, SATURDAY, 8)) == (
        "Saturday 08:00 Early shift: you would work 22:30 paid hours that week, more than "
        "your contract's 15:00"
    )
    assert refusal(floor, "mentor", slot_at(window, WEDNESDAY, 8)) == (
        "Wednesday 08:00 Early shift: you are on leave that day"
    )
    assert BidPick.objects.count() == 2


def test_nobody_picks_after_the_close_or_without_a_turn(floor):
    bidding_site(floor)
    window = open_window(floor)
    assert refusal(floor, "agent", slot_at(window, MONDAY, 8), now=CLOSES) == (
        "The bidding window is closed."
    )
    with pytest.raises(PermissionDenied):
        bidding_pick(actor=floor.user("leader"), slot=slot_at(window, MONDAY, 8), now=DURING)
    with pytest.raises(PermissionDenied):
        bidding_pick(actor=floor.user("far_agent"), slot=slot_at(window, MONDAY, 8), now=DURING)


def test_only_schedulers_open_a_window_and_bad_input_is_refused_by_field(floor):
    bidding_site(floor)
    schedule = schedule_create_draft(
        actor=floor.user("planner"), site=floor.north, start_date=MONDAY, days=7
    )
    good = WindowInput(opens_at=OPENS, closes_at=CLOSES, policy="points", turn_minutes=60)
    with pytest.raises(PermissionDenied):
        bidding_window_open(actor=floor.user("agent"), schedule=schedule, data=good, now=OPENS)
    cases = {
        "closes_at": WindowInput(OPENS, OPENS, "rotation", 60),
        "policy": WindowInput(OPENS, CLOSES, "lottery", 60),
        "turn_minutes": WindowInput(OPENS, OPENS + timedelta(hours=1), "rotation", 60),
    }
    for field, data in cases.items():
        with pytest.raises(ValidationError) as error:
            bidding_window_open(
                actor=floor.user("planner"), schedule=schedule, data=data, now=OPENS
            )
        assert field in error.value.message_dict, (field, error.value.message_dict)
    late = datetime(2026, 10, 12, 9, tzinfo=WARSAW)
    with pytest.raises(ValidationError) as error:
        bidding_window_open(actor=floor.user("planner"), schedule=schedule, data=good, now=late)
    assert "future period" in str(error.value)
    assert not schedule.__class__.objects.filter(bidding_window__isnull=False).exists()


# ---- concurrency ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_agents_taking_the_last_place_one_wins(floor):
    bidding_site(floor)
    window = open_window(floor)
    slot = slot_at(window, MONDAY, 8)
    slot.capacity = 1
    slot.save()
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def take(username: str) -> None:
        try:
            if connection.vendor == "postgresql":
                barrier.wait(timeout=10)
            bidding_pick(actor=floor.user(username), slot=slot, now=DURING)
            outcomes.append("won")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        # Both threads judge their pick at once; the slot's lock lets one through.
        threads = [threading.Thread(target=take, args=(name,)) for name in ("agent", "mentor")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    else:
        # SQLite writes one transaction at a time: the second comes after the first.
        for name in ("agent", "mentor"):
            take(name)
    assert sorted(outcomes)[-1] == "won"
    assert outcomes.count("won") == 1
    assert any("no place is left" in item for item in outcomes)
    assert BidPick.objects.filter(slot=slot).count() == 1


# ---- closing ----------------------------------------------------------------------------------


def test_closing_generates_a_draft_that_keeps_every_pick(floor):
    bidding_site(floor, min_minutes=1350)
    window = open_window(floor)
    picks = [
        ("agent", MONDAY, 8),
        ("agent", WEDNESDAY, 11),
        ("agent", SATURDAY, 8),
        ("mentor", TUESDAY, 11),
        ("other_agent", MONDAY, 11),
    ]
    for username, day, hour in picks:
        bidding_pick(actor=floor.user(username), slot=slot_at(window, day, hour), now=DURING)
    run = bidding_window_close(
        actor=floor.user("planner"), window=window, time_limit=5, run_now=True
    )
    assert run.status == GenerationStatus.DONE, run.message
    window.refresh_from_db()
    assert window.status == BiddingStatus.CLOSED
    assert window.generation == run
    shifts = {
        (s.person_id, s.start, s.template_id)
        for s in ScheduledShift.objects.filter(schedule=window.schedule)
    }
    for pick in BidPick.objects.select_related("slot"):
        assert (pick.person_id, pick.slot.start, pick.slot.template_id) in shifts
    # The optimiser filled the rest: everyone reaches their contract's weekly minimum.
    for person in (floor.agent, floor.mentor, floor.other_agent):
        assert ScheduledShift.objects.filter(schedule=window.schedule, person=person).count() >= 3
    problem = build_input(window.schedule).problem
    assert len(problem.fixed) == len(picks)
    assert check_schedule(problem, current_shifts(window.schedule)) == ()
    with pytest.raises(ValidationError, match="already closed"):
        bidding_window_close(actor=floor.user("planner"), window=window, time_limit=5)
    with pytest.raises(PermissionDenied):
        bidding_pick(actor=floor.user("agent"), slot=slot_at(window, TUESDAY, 8), now=DURING)
