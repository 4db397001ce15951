"""Shift swaps and offers: consent, the engine's checks (approved at once, or to a leader
with the reasons in words), staleness, a single winner, and the new version both agents see."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from floorwalk.audit.models import AuditEvent
from floorwalk.org.models import Queue
from floorwalk.scheduling.models import (
    ScheduleChangeNotice,
    ShiftTrade,
    TradeReason,
    TradeStatus,
    UnmetReason,
)
from floorwalk.scheduling.selectors import trade_views
from floorwalk.scheduling.services import (
    ConstraintInput,
    agent_constraint_create,
    labour_rules_set,
    scheduled_shift_change,
    shift_offer,
    shift_swap_propose,
    shift_trade_accept,
    shift_trade_decide,
    shift_trade_decline,
    shift_trade_withdraw,
)
from tests.scheduling.generation_setup import FORECAST_START
from tests.scheduling.swaps_setup import checked_week, future_week, shift_of, starts

MON, TUE, WED, THU, FRI = (FORECAST_START + timedelta(days=n) for n in range(5))


def _swap(floor, schedule, mine_day, theirs_day, colleague=None):
    colleague = colleague or floor.mentor
    return shift_swap_propose(
        actor=floor.user("agent"),
        shift=shift_of(schedule, floor.agent, mine_day),
        other_shift=shift_of(schedule, colleague, theirs_day),
    )


def test_a_swap_the_checks_allow_is_approved_at_once_with_a_new_version_and_both_told(
    floor, monkeypatch, django_capture_on_commit_callbacks
):
    schedule = checked_week(floor, monkeypatch)
    ada_before, mira_before = starts(schedule, floor.agent), starts(schedule, floor.mentor)
    trade = _swap(floor, schedule, WED, THU)
    # Nothing moves before the colleague consents.
    assert starts(schedule, floor.agent) == ada_before
    assert trade.status == TradeStatus.OPEN

    with django_capture_on_commit_callbacks(execute=True):
        done = shift_trade_accept(actor=floor.user("mentor"), trade=trade)

    assert done.status == TradeStatus.APPROVED
    assert done.reasons == []
    # Ada now works Mira's Thursday instead of her Wednesday, and Mira the reverse.
    expected_ada = sorted([s for s in ada_before if s.date() != WED] + [mira_before[0]])
    assert starts(schedule, floor.agent) == expected_ada
    assert sorted(starts(schedule, floor.mentor)) == sorted([ada_before[2], mira_before[1]])
    schedule.refresh_from_db()
    assert schedule.version == 2
    assert done.version.number == 2
    assert set(done.version.diff) == {str(floor.agent.pk), str(floor.mentor.pk)}
    told = set(
        ScheduleChangeNotice.objects.filter(version=done.version).values_list("person", flat=True)
    )
    assert told == {floor.agent.pk, floor.mentor.pk}
    assert len(mail.outbox) == 2
    # The lunch moved with the shift.
    moved = schedule.shifts.get(person=floor.agent, start__date=THU)
    assert [a.kind for a in moved.activities.order_by("start")] == ["work", "lunch", "work"]
    trade_events = AuditEvent.objects.filter(
        object_type="scheduling.shifttrade", object_id=str(trade.pk)
    )
    assert [event.action for event in trade_events.order_by("at", "pk")] == ["create", "update"]
    assert (
        AuditEvent.objects.filter(object_type="scheduling.scheduledshift", action="update").count()
        == 2
    )


def test_a_labour_rule_sends_the_swap_to_the_leader_with_the_rule_in_words(floor, monkeypatch):
    schedule = checked_week(floor, monkeypatch)
    labour_rules_set(
        actor=floor.user("planner"),
        site=floor.north,
        values={
            "max_minutes_per_day": 600,
            "max_minutes_per_week": 2880,
            "min_rest_minutes": 660,
            "max_consecutive_days": 3,
            "min_days_off_per_week": 2,
            "max_weekends_per_4_weeks": 2,
        },
    )
    # Ada works Monday to Wednesday; taking Mira's Thursday makes four days in a row.
    offer = shift_offer(actor=floor.user("mentor"), shift=shift_of(schedule, floor.mentor, THU))
    pending = shift_trade_accept(actor=floor.user("agent"), trade=offer)

    assert pending.status == TradeStatus.PENDING
    assert {row["kind"] for row in pending.reasons} == {UnmetReason.LABOUR_RULE}
    assert {row["person"] for row in pending.reasons} == {floor.agent.pk}
    words = trade_views([pending])[0].reasons
    assert "Ada Agent: it would break the labour rule: most consecutive working days" in words
    # Nothing moved yet.
    assert shift_of(schedule, floor.mentor, THU)


def test_a_hard_constraint_goes_to_the_leader_who_rejects_with_a_reason(
    floor, monkeypatch, django_capture_on_commit_callbacks
):
    schedule = checked_week(floor, monkeypatch)
    agent_constraint_create(
        actor=floor.user("leader"),
        person=floor.mentor,
        data=ConstraintInput(kind="leave", start_date=WED, end_date=WED),
    )
    trade = _swap(floor, schedule, WED, THU)
    pending = shift_trade_accept(actor=floor.user("mentor"), trade=trade)
    assert pending.status == TradeStatus.PENDING
    assert [row["kind"] for row in pending.reasons] == [UnmetReason.CONSTRAINT]
    assert (
        "Mira Mentor: it conflicts with a constraint: Leave" in trade_views([pending])[0].reasons[0]
    )

    with pytest.raises(ValidationError):
        shift_trade_decide(actor=floor.user("leader"), trade=pending, approve=False)
    with django_capture_on_commit_callbacks(execute=True):
        rejected = shift_trade_decide(
            actor=floor.user("leader"), trade=pending, approve=False, reason="Mira is on leave."
        )
    assert rejected.status == TradeStatus.REJECTED
    assert rejected.decision_reason == "Mira is on leave."
    # Both agents are told why.
    assert len(mail.outbox) == 2
    assert all("Mira is on leave." in message.body for message in mail.outbox)
    assert all(message.subject == "Your shift swap was not approved" for message in mail.outbox)
    assert shift_of(schedule, floor.agent, WED)


def test_already_working_goes_to_the_leader_and_an_overlap_is_never_approved(floor, monkeypatch):
    schedule = checked_week(floor, monkeypatch)
    offer = shift_offer(actor=floor.user("agent"), shift=shift_of(schedule, floor.agent, MON))
    # Mira gets a Monday shift of her own first, so taking Ada's is a second one that day.
    planner = floor.user("planner")
    thursday = shift_of(schedule, floor.mentor, THU)
    scheduled_shift_change(
        actor=planner,
        shift=thursday,
        start=thursday.start - timedelta(days=3),
        end=thursday.end - timedelta(days=3),
        queue_id=thursday.queue_id,
    )
    pending = shift_trade_accept(actor=floor.user("mentor"), trade=offer)
    assert pending.status == TradeStatus.PENDING
    assert [row["kind"] for row in pending.reasons] == [TradeReason.ALREADY_WORKING]
    assert trade_views([pending])[0].reasons == ["Mira Mentor: already works on Monday"]
    with pytest.raises(ValidationError, match="already works at that time"):
        shift_trade_decide(actor=floor.user("leader"), trade=pending, approve=True)


def _chat_site(floor, monkeypatch):
    """Oskar serves only Billing chat (forecast too); Ada's Wednesday splits voice and chat."""
    from floorwalk.scheduling.services import ContractInput, contract_set
    from floorwalk.wfm.services import forecast_run_create
    from tests.wfm.conftest import make_history

    schedule = checked_week(floor, monkeypatch)
    chat = Queue.objects.create(name="Billing chat", channel="chat", site=floor.north)
    make_history(chat, aht=4.0)  # a light queue: one agent covers it
    forecast_run_create(actor=floor.user("planner"), queue=chat, horizon_days=14)
    floor.other_agent.queues.add(chat)
    floor.agent.queues.add(chat)
    contract_set(
        actor=floor.user("planner"),
        person=floor.other_agent,
        data=ContractInput(min_minutes_per_week=0, max_minutes_per_week=2400),
    )
    return schedule, chat


def test_a_taker_without_the_shifts_queue_goes_to_the_leader_for_skills(floor, monkeypatch):
    schedule, _chat = _chat_site(floor, monkeypatch)
    offer = shift_offer(actor=floor.user("agent"), shift=shift_of(schedule, floor.agent, MON))
    pending = shift_trade_accept(actor=floor.user("other_agent"), trade=offer)
    assert pending.status == TradeStatus.PENDING
    assert [row["kind"] for row in pending.reasons] == [TradeReason.SKILL]
    assert trade_views([pending])[0].reasons == [
        "Oskar Otheragent: does not serve Billing voice, which the shift on Monday serves"
    ]


def test_coverage_a_change_would_uncover_goes_to_the_leader(floor, monkeypatch):
    schedule, chat = _chat_site(floor, monkeypatch)
    # Ada's Monday works chat in the afternoon: the only chat cover that day.
    monday = shift_of(schedule, floor.agent, MON)
    monday.activities.filter(kind="work", start__gte=monday.start + timedelta(hours=4)).update(
        queue=chat
    )
    # Mira serves voice only: taking it would leave the chat afternoon uncovered.
    offer = shift_offer(actor=floor.user("agent"), shift=monday)
    pending = shift_trade_accept(actor=floor.user("mentor"), trade=offer)
    assert pending.status == TradeStatus.PENDING
    kinds = {row["kind"] for row in pending.reasons}
    assert UnmetReason.COVERAGE in kinds
    coverage = [r for r in pending.reasons if r["kind"] == UnmetReason.COVERAGE]
    assert {r["data"]["queue"] for r in coverage} == {"Billing chat"}
    assert all(r["data"]["day"] == MON.isoformat() for r in coverage)
    assert any(
        "service level" in text or "under-staffed" in text
        for text in trade_views([pending])[0].reasons
    )


def test_a_leader_approval_applies_like_an_automatic_one(floor, monkeypatch):
    schedule = future_week(floor)  # no forecast: nothing can be checked, so a human decides
    monday = schedule.start_date
    offer = shift_offer(actor=floor.user("agent"), shift=shift_of(schedule, floor.agent, monday))
    pending = shift_trade_accept(actor=floor.user("other_agent"), trade=offer)
    assert pending.status == TradeStatus.PENDING
    assert [row["kind"] for row in pending.reasons] == [TradeReason.UNCHECKED]
    # Ada's own leader does not lead Oskar: only someone deciding for both may decide.
    with pytest.raises(PermissionDenied):
        shift_trade_decide(actor=floor.user("leader"), trade=pending, approve=True)
    approved = shift_trade_decide(actor=floor.user("planner"), trade=pending, approve=True)
    assert approved.status == TradeStatus.APPROVED
    assert shift_of(schedule, floor.other_agent, monday)
    schedule.refresh_from_db()
    assert schedule.version == 2


def test_only_the_colleague_consents_and_a_decline_changes_nothing(floor):
    schedule = future_week(floor)
    monday, wednesday = schedule.start_date, schedule.start_date + timedelta(days=2)
    trade = _swap(floor, schedule, monday, wednesday, colleague=floor.other_agent)
    for role in ("mentor", "leader", "planner", "agent"):
        with pytest.raises(PermissionDenied):
            shift_trade_accept(actor=floor.user(role), trade=trade)
    with pytest.raises(PermissionDenied):
        shift_trade_decline(actor=floor.user("mentor"), trade=trade)
    declined = shift_trade_decline(actor=floor.user("other_agent"), trade=trade, reason="Busy")
    assert declined.status == TradeStatus.DECLINED
    assert shift_of(schedule, floor.agent, monday)
    schedule.refresh_from_db()
    assert schedule.version == 1
    with pytest.raises(ValidationError, match="no longer open"):
        shift_trade_accept(actor=floor.user("other_agent"), trade=trade)


def test_only_the_owner_offers_and_only_future_shifts_of_published_schedules(floor, monkeypatch):
    schedule = future_week(floor)
    shift = shift_of(schedule, floor.agent, schedule.start_date)
    with pytest.raises(PermissionDenied):
        shift_offer(actor=floor.user("mentor"), shift=shift)
    with pytest.raises(PermissionDenied):
        shift_offer(actor=floor.user("leader"), shift=shift)
    from floorwalk.scheduling import selectors

    monkeypatch.setattr(selectors, "now", lambda: shift.start + timedelta(minutes=1))
    with pytest.raises(ValidationError, match="already started"):
        shift_offer(actor=floor.user("agent"), shift=shift)


def test_one_request_per_shift_and_withdraw_while_undecided(floor):
    schedule = future_week(floor)
    shift = shift_of(schedule, floor.agent, schedule.start_date)
    offer = shift_offer(actor=floor.user("agent"), shift=shift)
    with pytest.raises(ValidationError, match="already in a swap or offer"):
        shift_offer(actor=floor.user("agent"), shift=shift)
    with pytest.raises(PermissionDenied):
        shift_trade_withdraw(actor=floor.user("mentor"), trade=offer)
    withdrawn = shift_trade_withdraw(actor=floor.user("agent"), trade=offer)
    assert withdrawn.status == TradeStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="already decided"):
        shift_trade_withdraw(actor=floor.user("agent"), trade=offer)
    with pytest.raises(ValidationError, match="no longer open"):
        shift_trade_accept(actor=floor.user("mentor"), trade=offer)
    # Withdrawn: the shift may be offered again.
    assert shift_offer(actor=floor.user("agent"), shift=shift).status == TradeStatus.OPEN


def test_a_shift_changed_since_makes_the_request_stale(floor):
    schedule = future_week(floor)
    shift = shift_of(schedule, floor.agent, schedule.start_date)
    offer = shift_offer(actor=floor.user("agent"), shift=shift)
    scheduled_shift_change(
        actor=floor.user("planner"),
        shift=shift,
        start=shift.start + timedelta(hours=1),
        end=shift.end + timedelta(hours=1),
        queue_id=shift.queue_id,
    )
    assert trade_views([offer])[0].stale
    with pytest.raises(ValidationError, match="has changed since"):
        shift_trade_accept(actor=floor.user("mentor"), trade=offer)
    offer.refresh_from_db()
    assert offer.status == TradeStatus.OPEN
    assert shift_of(schedule, floor.agent, schedule.start_date)


def test_of_two_colleagues_taking_one_offer_exactly_one_wins(floor):
    schedule = future_week(floor)
    shift = shift_of(schedule, floor.agent, schedule.start_date)
    offer = shift_offer(actor=floor.user("agent"), shift=shift)
    first = shift_trade_accept(actor=floor.user("mentor"), trade=offer)
    with pytest.raises(ValidationError, match="no longer open"):
        shift_trade_accept(actor=floor.user("other_agent"), trade=offer)
    assert ShiftTrade.objects.get(pk=offer.pk).taker_id == first.taker_id == floor.mentor.pk


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_taking_one_offer_at_the_same_moment_leave_one_winner(floor):
    """Both take at once from their own connections; the request's row lock (or, on SQLite,
    the database's single writer) lets one through and the other finds it taken."""
    import threading

    from django.db import OperationalError, connections

    schedule = future_week(floor)
    offer = shift_offer(
        actor=floor.user("agent"), shift=shift_of(schedule, floor.agent, schedule.start_date)
    )
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def take(role: str) -> None:
        try:
            barrier.wait()
            shift_trade_accept(actor=floor.user(role), trade=offer)
            outcomes[role] = "won"
        except (ValidationError, OperationalError) as error:
            outcomes[role] = f"refused: {error}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(role,)) for role in ("mentor", "other_agent")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcome == "won" for outcome in outcomes.values()) == [False, True], outcomes
    winner = next(role for role, outcome in outcomes.items() if outcome == "won")
    offer.refresh_from_db()
    assert offer.taker_id == getattr(floor, winner).pk
    # No forecast to check against: the winner's take waits for a leader, once.
    assert offer.status == TradeStatus.PENDING
    assert (
        AuditEvent.objects.filter(object_type="scheduling.shifttrade", action="update").count() == 1
    )


def test_a_draft_shift_and_a_swap_for_the_same_times_are_refused(floor):
    from floorwalk.org.models import Queue
    from tests.scheduling.conftest import shift_for
    from tests.scheduling.swaps_setup import future_monday, publish

    voice = Queue.objects.get(name="Billing voice", site=floor.north)
    monday = future_monday() + timedelta(days=7)
    schedule = publish(
        floor,
        monday,
        [
            shift_for(floor.agent, monday, 8, 16, queue=voice),
            shift_for(floor.mentor, monday, 8, 16, queue=voice),
        ],
    )
    with pytest.raises(ValidationError, match="same times"):
        _swap(floor, schedule, monday, monday)

    from floorwalk.scheduling.services import schedule_create_draft, schedule_draft_replace_shifts

    draft = schedule_create_draft(
        actor=floor.user("planner"),
        site=floor.north,
        start_date=monday + timedelta(days=7),
        days=7,
    )
    schedule_draft_replace_shifts(
        actor=floor.user("planner"),
        schedule=draft,
        shifts=[shift_for(floor.agent, monday + timedelta(days=7), 8, 16, queue=voice)],
    )
    with pytest.raises(ValidationError, match="published schedule"):
        shift_offer(actor=floor.user("agent"), shift=draft.shifts.get())
