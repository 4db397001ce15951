from datetime import date

from django.core.management import call_command

from floorwalk.accounts.models import User
from floorwalk.scheduling.models import (
    AgentConstraint,
    AgentPreference,
    Contract,
    LabourRules,
    RequestStatus,
    ShiftTemplate,
)
from floorwalk.scheduling.selectors import pending_requests_for
from tests.conftest import client_for


def test_the_demo_sets_up_scheduling_with_wishes_approved_rejected_and_pending(db):
    options = {"agents": 8, "months": 1, "seed": 3, "verbosity": 0, "end": date(2026, 10, 31)}
    call_command("demo", **options)

    assert sorted(ShiftTemplate.objects.values_list("name", flat=True).distinct()) == [
        "Day",
        "Early",
        "Late",
    ]
    assert LabourRules.objects.count() == ShiftTemplate.objects.count() // 3
    assert Contract.objects.exists()
    statuses = set(AgentPreference.objects.values_list("status", flat=True)) | set(
        AgentConstraint.objects.values_list("status", flat=True)
    )
    assert statuses == {RequestStatus.APPROVED, RequestStatus.REJECTED, RequestStatus.PENDING}
    constraints, preferences = pending_requests_for(User.objects.get(username="leader"))
    assert len(constraints) + len(preferences) > 0
    assert client_for("leader").get("/schedule/approvals/").status_code == 200

    call_command("demo", replace=True, **options)
    assert sorted(ShiftTemplate.objects.values_list("name", flat=True).distinct()) == [
        "Day",
        "Early",
        "Late",
    ]


def test_the_demo_publishes_a_generated_week_with_refused_wishes_explained(db):
    from floorwalk.engine.schedule.check import check_schedule
    from floorwalk.scheduling.engine_input import build_input, current_shifts
    from floorwalk.scheduling.models import Schedule, ScheduleStatus, UnmetPreference
    from floorwalk.scheduling.selectors import unmet_reason_text

    options = {"agents": 8, "months": 1, "seed": 3, "verbosity": 0, "end": date(2026, 10, 31)}
    call_command("demo", **options)

    schedule = Schedule.objects.get(start_date=date(2026, 11, 2))  # the Monday after the data
    assert schedule.status == ScheduleStatus.PUBLISHED
    assert schedule.shifts.exists()
    assert check_schedule(build_input(schedule).problem, current_shifts(schedule)) == ()
    for item in UnmetPreference.objects.filter(schedule=schedule):
        assert unmet_reason_text(item.reason_kind, item.reason_data)


def test_the_demo_publishes_the_week_before_with_agent_states_for_adherence(db):
    from floorwalk.metrics.models import AgentStateEvent, DailyAgentAdherence
    from floorwalk.scheduling.models import Schedule, ScheduleStatus

    options = {"agents": 8, "months": 1, "seed": 3, "verbosity": 0, "end": date(2026, 10, 31)}
    call_command("demo", **options)

    # The data's last day is Saturday 31 October: the last full week starts Monday 19 October.
    past = Schedule.objects.get(start_date=date(2026, 10, 19))
    assert past.status == ScheduleStatus.PUBLISHED
    assert AgentStateEvent.objects.filter(source="demo").exists()
    days = set(DailyAgentAdherence.objects.values_list("date", flat=True))
    assert days <= {date(2026, 10, 19 + n) for n in range(7)}
    assert days
    for row in DailyAgentAdherence.objects.all():
        assert 0 < row.adherent_seconds <= row.scheduled_seconds


def test_the_demo_opens_bidding_on_the_week_after_next_with_the_agents_turn_started(db):
    from datetime import timedelta

    from django.utils import timezone

    from floorwalk.scheduling.models import BiddingStatus, BiddingWindow, BidPick

    today = timezone.localdate()
    options = {"agents": 8, "months": 1, "seed": 3, "verbosity": 0}
    call_command("demo", end=today - timedelta(days=1), **options)

    window = BiddingWindow.objects.select_related("schedule").get()
    next_monday = today + timedelta(days=(7 - today.weekday()) % 7)
    assert window.schedule.start_date == next_monday + timedelta(days=7)
    assert window.schedule.status == "draft"
    assert window.status == BiddingStatus.OPEN
    assert window.closes_at > timezone.now()
    assert BidPick.objects.filter(window=window).exists()
    agent = User.objects.get(username="agent")
    turn = window.turns.get(person=agent.person)
    assert turn.starts_at <= timezone.now()
    assert not BidPick.objects.filter(person=agent.person).exists()
    home = client_for("agent").get("/").content.decode()
    assert "Your turn to pick shifts" in home
    page = client_for("agent").get(f"/schedule/bidding/{window.pk}/").content.decode()
    assert "It is your turn" in page


def test_the_demo_week_is_staffed_close_to_its_requirement_with_believable_reasons(db):
    """The demo's generated week: the agents' hours on the queues come close to what the
    forecast requires (by channel), most intervals reach near their target, and the refused
    wishes quote service levels a planner would believe."""
    import statistics
    from datetime import timedelta

    from floorwalk.scheduling.models import Schedule, ScheduledActivity, UnmetPreference
    from floorwalk.wfm.selectors import interval_requirements

    call_command("demo", agents=60, months=2, seed=7, verbosity=0, end=date(2026, 10, 31))
    schedule = Schedule.objects.get(start_date=date(2026, 11, 2))

    requirements = interval_requirements(site=schedule.site, start=schedule.start_date, days=7)
    required_hours = sum(
        sum(item.required_with_shrinkage) * item.interval_minutes / 60 for item in requirements
    )
    work = ScheduledActivity.objects.filter(shift__schedule=schedule, kind="work")
    worked_hours = sum((a.end - a.start) / timedelta(hours=1) for a in work)
    assert 0.85 * required_hours <= worked_hours <= 1.05 * required_hours

    loaded = [row for row in schedule.report["coverage"] if row["required"] > 0]
    near = [row for row in loaded if row["service_level"] >= 0.7]
    assert len(near) >= 0.75 * len(loaded)

    quoted = [
        item.reason_data["service_level"]
        for item in UnmetPreference.objects.filter(schedule=schedule, reason_kind="coverage")
    ]
    assert quoted
    assert min(quoted) >= 0.25  # nobody is told a queue would fall to nothing
    assert 0.5 <= statistics.median(quoted) <= 0.9


def test_the_demo_has_an_approved_swap_a_pending_one_with_reasons_and_an_open_offer(db):
    from floorwalk.scheduling.models import Schedule, ShiftTrade, TradeKind, TradeStatus
    from floorwalk.scheduling.selectors import trade_views, trades_to_decide

    options = {"agents": 8, "months": 1, "seed": 3, "verbosity": 0, "end": date(2026, 10, 31)}
    call_command("demo", **options)

    schedule = Schedule.objects.get(start_date=date(2026, 11, 2))
    trades = ShiftTrade.objects.filter(schedule=schedule)
    approved = trades.get(status=TradeStatus.APPROVED, kind=TradeKind.SWAP)
    assert approved.version.number == schedule.version >= 2
    assert set(approved.version.diff) == {str(approved.person_id), str(approved.taker_id)}
    pending = trades.get(status=TradeStatus.PENDING, kind=TradeKind.SWAP)
    assert pending.reasons
    [waiting] = trades_to_decide(User.objects.get(username="leader"))
    assert waiting.trade == pending
    assert all(waiting.reasons)
    assert trades.filter(status=TradeStatus.OPEN, kind=TradeKind.OFFER, colleague=None).count() == 1
    assert trade_views(trades)
