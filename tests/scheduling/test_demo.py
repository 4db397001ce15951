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
