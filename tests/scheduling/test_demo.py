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
