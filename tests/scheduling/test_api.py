"""The scheduling API: same policy and services as the pages; 400 names the field."""

from django.urls import reverse

from floorwalk.scheduling.models import AgentConstraint, AgentPreference, ScheduleVersion
from floorwalk.scheduling.services import PreferenceInput, agent_preference_create
from tests.conftest import client_for
from tests.scheduling.conftest import MONDAY, draft_with_shifts, published_schedule


def test_my_week_over_the_api(floor):
    published_schedule(floor)

    response = client_for("agent").get(reverse("api-schedule-week"), {"week": "2026-12-09"})

    assert response.status_code == 200
    body = response.json()
    assert (body["week_start"], body["time_zone"]) == ("2026-12-07", "Europe/Warsaw")
    monday = body["days"][0]["shifts"][0]
    assert (monday["start"], monday["end"]) == (
        "2026-12-07T08:00:00+01:00",
        "2026-12-07T16:00:00+01:00",
    )
    assert [item["kind"] for item in monday["activities"]] == ["work", "lunch", "work"]
    assert [len(day["shifts"]) for day in body["days"]] == [1, 1, 0, 0, 0, 0, 0]


def test_a_bad_week_is_a_400_naming_it(floor):
    response = client_for("agent").get(reverse("api-schedule-week"), {"week": "next"})

    assert response.status_code == 400
    assert "week" in response.json()


def test_the_agent_enters_a_constraint_pending_approval(floor):
    response = client_for("agent").post(
        reverse("api-schedule-constraints"),
        {"kind": "leave_by", "weekdays": [0, 1, 2, 3, 4], "end_time": "15:50"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert response.json()["text"].startswith("Must leave by 15:50")


def test_a_leader_sets_a_preference_for_their_agent_approved(floor):
    response = client_for("leader").post(
        reverse("api-schedule-preferences"),
        {"person": floor.agent.pk, "kind": "day_off_weekday", "weight": 30, "weekday": 4},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert (response.json()["status"], response.json()["text"]) == ("approved", "Friday off")


def test_a_preference_missing_its_field_is_a_400_and_nothing_is_stored(floor):
    response = client_for("agent").post(
        reverse("api-schedule-preferences"),
        {"kind": "day_off_date", "weight": 30},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"on_date": ["Give the date."]}
    assert not AgentPreference.objects.exists()


def test_an_agent_cannot_enter_for_someone_else(floor):
    response = client_for("agent").post(
        reverse("api-schedule-constraints"),
        {"person": floor.other_agent.pk, "kind": "leave_by", "weekdays": [0], "end_time": "15:00"},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert not AgentConstraint.objects.exists()


def test_the_leader_lists_and_rejects_a_preference_with_a_reason(floor):
    item = agent_preference_create(
        actor=floor.user("agent"),
        person=floor.agent,
        data=PreferenceInput(kind="day_off_weekday", weight=40, weekday=1),
    )
    leader = client_for("leader")
    listed = leader.get(reverse("api-schedule-preferences"), {"person": floor.agent.pk}).json()
    assert [row["id"] for row in listed["results"]] == [item.pk]

    without = leader.post(
        reverse("api-schedule-request-decision", args=["preference", item.pk]),
        {"approve": False},
        content_type="application/json",
    )
    decided = leader.post(
        reverse("api-schedule-request-decision", args=["preference", item.pk]),
        {"approve": False, "reason": "Tuesday is the peak"},
        content_type="application/json",
    )

    assert without.status_code == 400
    assert "reason" in without.json()
    assert decided.status_code == 200
    assert (decided.json()["status"], decided.json()["decision_reason"]) == (
        "rejected",
        "Tuesday is the peak",
    )


def test_the_agent_cannot_approve_their_own(floor):
    item = agent_preference_create(
        actor=floor.user("agent"),
        person=floor.agent,
        data=PreferenceInput(kind="day_off_weekday", weight=40, weekday=1),
    )

    response = client_for("agent").post(
        reverse("api-schedule-request-decision", args=["preference", item.pk]),
        {"approve": True},
        content_type="application/json",
    )

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "pending"


def test_schedules_list_detail_and_publish(floor):
    schedule = draft_with_shifts(floor)
    planner = client_for("planner")

    listed = planner.get(reverse("api-schedules")).json()
    detail = planner.get(reverse("api-schedule", args=[schedule.pk])).json()
    published = planner.post(reverse("api-schedule-publish", args=[schedule.pk]))
    again = planner.post(reverse("api-schedule-publish", args=[schedule.pk]))

    assert [row["id"] for row in listed["results"]] == [schedule.pk]
    assert (detail["status"], len(detail["shifts"])) == ("draft", 3)
    assert published.status_code == 200
    assert (published.json()["status"], published.json()["version"]) == ("published", 1)
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["This schedule is already published."]}
    assert ScheduleVersion.objects.count() == 1


def test_the_leader_reads_only_their_teams_shifts_in_a_schedule(floor):
    schedule = draft_with_shifts(floor)

    detail = client_for("leader").get(reverse("api-schedule", args=[schedule.pk])).json()

    assert {shift["person"] for shift in detail["shifts"]} == {floor.agent.pk}
    assert detail["start_date"] == MONDAY.isoformat()


def test_an_agent_cannot_publish(floor):
    schedule = draft_with_shifts(floor)

    response = client_for("agent").post(reverse("api-schedule-publish", args=[schedule.pk]))

    assert response.status_code == 404
    assert not ScheduleVersion.objects.exists()
