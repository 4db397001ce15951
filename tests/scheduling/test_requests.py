from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from floorwalk.audit.models import AuditEvent
from floorwalk.scheduling.models import AgentConstraint, AgentPreference, RequestStatus
from floorwalk.scheduling.selectors import (
    approved_requests,
    constraint_text,
    pending_requests_for,
    preference_text,
)
from floorwalk.scheduling.services import (
    ConstraintInput,
    PreferenceInput,
    agent_constraint_create,
    agent_preference_create,
    schedule_request_decide,
    schedule_request_withdraw,
)
from tests.conftest import client_for
from tests.scheduling.conftest import early_template

LEAVE_BY = ConstraintInput(kind="leave_by", weekdays=(0, 1, 2, 3, 4), end_time=time(15, 50))
TUESDAY_OFF = PreferenceInput(kind="day_off_weekday", weight=40, weekday=1)


def test_agent_enters_a_constraint_that_waits_for_approval_and_is_audited(floor):
    item = agent_constraint_create(actor=floor.user("agent"), person=floor.agent, data=LEAVE_BY)

    assert item.status == RequestStatus.PENDING
    assert item.decided_by is None
    assert constraint_text(item) == (
        "Must leave by 15:50 on Monday, Tuesday, Wednesday, Thursday, Friday"
    )
    event = AuditEvent.objects.get(object_type="scheduling.agentconstraint")
    assert (event.action, event.person, event.changes["status"]) == (
        "create",
        floor.agent,
        [None, "pending"],
    )


@pytest.mark.parametrize("username", ["leader", "planner", "manager", "admin"])
def test_those_who_lead_the_agent_set_a_constraint_approved_at_once(floor, username):
    item = agent_constraint_create(actor=floor.user(username), person=floor.agent, data=LEAVE_BY)

    assert item.status == RequestStatus.APPROVED
    assert item.decided_by == floor.user(username)


@pytest.mark.parametrize("username", ["other_agent", "mentor", "qa", "other_leader"])
def test_others_cannot_enter_constraints_for_the_agent(floor, username):
    with pytest.raises(PermissionDenied):
        agent_constraint_create(actor=floor.user(username), person=floor.agent, data=LEAVE_BY)

    assert not AgentConstraint.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (ConstraintInput(kind="unavailable_weekly", start_time=time(9)), {"weekdays", "end_time"}),
        (ConstraintInput(kind="leave", start_date=date(2026, 12, 9)), {"end_date"}),
        (
            ConstraintInput(
                kind="unavailable_dates", start_date=date(2026, 12, 9), end_date=date(2026, 12, 8)
            ),
            {"end_date"},
        ),
        (ConstraintInput(kind="leave_by", weekdays=(4,)), {"end_time"}),
        (ConstraintInput(kind="holiday"), {"kind"}),
    ],
)
def test_incomplete_constraints_are_refused_by_field(floor, data, errors):
    with pytest.raises(ValidationError) as error:
        agent_constraint_create(actor=floor.user("agent"), person=floor.agent, data=data)

    assert set(error.value.message_dict) == errors
    assert not AgentConstraint.objects.exists()


def test_leave_keeps_only_its_dates(floor):
    item = agent_constraint_create(
        actor=floor.user("agent"),
        person=floor.agent,
        data=ConstraintInput(
            kind="leave",
            weekdays=(1,),
            start_date=date(2026, 12, 21),
            end_date=date(2026, 12, 24),
            start_time=time(9),
        ),
    )

    assert (item.weekdays, item.start_time) == ([], None)
    assert constraint_text(item) == "Leave 2026-12-21–2026-12-24"


def test_preferences_share_one_hundred_points(floor):
    agent = floor.user("agent")
    agent_preference_create(actor=agent, person=floor.agent, data=TUESDAY_OFF)
    agent_preference_create(
        actor=agent,
        person=floor.agent,
        data=PreferenceInput(kind="start_between", weight=50, start_time=time(8), end_time=time(9)),
    )

    with pytest.raises(ValidationError) as error:
        agent_preference_create(
            actor=agent,
            person=floor.agent,
            data=PreferenceInput(kind="weekend_pattern", weight=11, weekend_pattern="alternate"),
        )

    assert error.value.message_dict["weight"] == [
        "Only 10 of your 100 points are left; give this preference fewer points or withdraw "
        "another."
    ]
    assert AgentPreference.objects.count() == 2


def test_a_rejected_preference_gives_its_points_back(floor):
    first = agent_preference_create(
        actor=floor.user("agent"),
        person=floor.agent,
        data=PreferenceInput(kind="day_off_weekday", weight=100, weekday=1),
    )
    schedule_request_decide(actor=floor.user("leader"), item=first, approve=False, reason="No")

    second = agent_preference_create(
        actor=floor.user("agent"), person=floor.agent, data=TUESDAY_OFF
    )

    assert second.weight == 40


def test_a_preferred_template_must_be_of_the_agents_site(floor):
    template = early_template(floor)
    template.site = floor.south
    template.save()

    with pytest.raises(ValidationError) as error:
        agent_preference_create(
            actor=floor.user("agent"),
            person=floor.agent,
            data=PreferenceInput(kind="shift_template", weight=10, template_id=template.pk),
        )

    assert error.value.message_dict == {"template": ["Choose one of your site's shift templates."]}


def test_preference_texts(floor):
    template = early_template(floor)
    agent = floor.user("agent")
    texts = [
        preference_text(agent_preference_create(actor=agent, person=floor.agent, data=data))
        for data in [
            PreferenceInput(kind="shift_template", weight=10, template_id=template.pk),
            PreferenceInput(kind="start_between", weight=10, start_time=time(8), end_time=time(9)),
            PreferenceInput(kind="day_off_weekday", weight=10, weekday=1),
            PreferenceInput(kind="day_off_date", weight=10, on_date=date(2026, 12, 24)),
            PreferenceInput(kind="weekend_pattern", weight=10, weekend_pattern="alternate"),
        ]
    ]

    assert texts == [
        "Early shifts",
        "Start between 08:00 and 09:00",
        "Tuesday off",
        "Day off on 2026-12-24",
        "Every other weekend off",
    ]


def test_leader_approves_a_pending_preference_and_the_trail_records_it(floor):
    item = agent_preference_create(actor=floor.user("agent"), person=floor.agent, data=TUESDAY_OFF)

    decided = schedule_request_decide(actor=floor.user("leader"), item=item, approve=True)

    assert decided.status == RequestStatus.APPROVED
    assert decided.decided_by == floor.user("leader")
    update = AuditEvent.objects.get(action="update")
    assert update.changes == {"status": ["pending", "approved"]}


def test_a_rejection_needs_a_reason_and_changes_nothing_without_one(floor):
    item = agent_preference_create(actor=floor.user("agent"), person=floor.agent, data=TUESDAY_OFF)

    with pytest.raises(ValidationError) as error:
        schedule_request_decide(actor=floor.user("leader"), item=item, approve=False, reason=" ")

    assert error.value.message_dict == {
        "reason": ["Say why it is rejected; the agent will read it."]
    }
    item.refresh_from_db()
    assert item.status == RequestStatus.PENDING


def test_a_rejection_keeps_its_reason_for_the_agent(floor):
    item = agent_preference_create(actor=floor.user("agent"), person=floor.agent, data=TUESDAY_OFF)

    schedule_request_decide(
        actor=floor.user("planner"), item=item, approve=False, reason="Tuesdays are our peak"
    )

    item.refresh_from_db()
    assert (item.status, item.decision_reason) == ("rejected", "Tuesdays are our peak")


def test_a_decided_request_cannot_be_decided_again(floor):
    item = agent_constraint_create(actor=floor.user("leader"), person=floor.agent, data=LEAVE_BY)

    with pytest.raises(ValidationError):
        schedule_request_decide(actor=floor.user("manager"), item=item, approve=False, reason="x")

    item.refresh_from_db()
    assert item.status == RequestStatus.APPROVED


@pytest.mark.parametrize("username", ["agent", "mentor", "other_leader", "qa"])
def test_the_agent_and_outsiders_cannot_approve(floor, username):
    item = agent_constraint_create(actor=floor.user("agent"), person=floor.agent, data=LEAVE_BY)

    with pytest.raises(PermissionDenied):
        schedule_request_decide(actor=floor.user(username), item=item, approve=True)

    item.refresh_from_db()
    assert item.status == RequestStatus.PENDING


def test_agent_withdraws_a_preference_and_the_trail_keeps_it(floor):
    item = agent_preference_create(actor=floor.user("agent"), person=floor.agent, data=TUESDAY_OFF)

    schedule_request_withdraw(actor=floor.user("agent"), item=item)

    assert not AgentPreference.objects.exists()
    assert AuditEvent.objects.filter(action="delete", person=floor.agent).count() == 1


def test_another_agent_cannot_withdraw_it(floor):
    item = agent_preference_create(actor=floor.user("agent"), person=floor.agent, data=TUESDAY_OFF)

    with pytest.raises(PermissionDenied):
        schedule_request_withdraw(actor=floor.user("other_agent"), item=item)

    assert AgentPreference.objects.count() == 1


def test_the_approval_queue_holds_only_the_leaders_people(floor):
    mine = agent_constraint_create(actor=floor.user("agent"), person=floor.agent, data=LEAVE_BY)
    agent_constraint_create(
        actor=floor.user("other_agent"), person=floor.other_agent, data=LEAVE_BY
    )

    constraints, preferences = pending_requests_for(floor.user("leader"))

    assert list(constraints) == [mine]
    assert list(preferences) == []
    assert len(pending_requests_for(floor.user("planner"))[0]) == 2


def test_only_approved_requests_go_to_the_solver(floor):
    agent = floor.user("agent")
    pending = agent_preference_create(actor=agent, person=floor.agent, data=TUESDAY_OFF)
    approved = agent_preference_create(
        actor=floor.user("leader"),
        person=floor.agent,
        data=PreferenceInput(kind="day_off_weekday", weight=20, weekday=4),
    )
    rejected = agent_constraint_create(actor=agent, person=floor.agent, data=LEAVE_BY)
    schedule_request_decide(actor=floor.user("leader"), item=rejected, approve=False, reason="x")
    kept = agent_constraint_create(actor=floor.user("leader"), person=floor.agent, data=LEAVE_BY)

    constraints, preferences = approved_requests(site=floor.north)

    assert list(constraints) == [kept]
    assert list(preferences) == [approved]
    assert pending not in preferences


def test_approval_page_approves_and_rejects(floor):
    client = client_for("leader")
    item = agent_preference_create(actor=floor.user("agent"), person=floor.agent, data=TUESDAY_OFF)
    page = client.get("/schedule/approvals/")
    assert "Tuesday off" in page.content.decode()

    response = client.post(
        f"/schedule/requests/preference/{item.pk}/decide/",
        {"decision": "reject", "reason": "Peak day"},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.decision_reason) == ("rejected", "Peak day")


def test_agent_enters_a_preference_on_the_page_and_a_bad_one_keeps_what_was_typed(floor):
    client = client_for("agent")
    url = f"/schedule/people/{floor.agent.pk}/preferences/"

    bad = client.post(f"{url}new/", {"kind": "day_off_weekday", "weight": "30", "note": "Kids"})
    good = client.post(f"{url}new/", {"kind": "day_off_weekday", "weight": "30", "weekday": "2"})

    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Choose the weekday." in body
    assert 'value="Kids"' in body
    assert good.status_code == 302
    assert AgentPreference.objects.get().status == RequestStatus.PENDING
