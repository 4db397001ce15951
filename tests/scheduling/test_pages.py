import json
from datetime import time

import pytest
from django.core.exceptions import ValidationError

from floorwalk.scheduling.models import ScheduleChangeNotice
from floorwalk.scheduling.services import (
    PreferenceInput,
    UnmetSpec,
    agent_preference_create,
    schedule_report_store,
    scheduled_shift_change,
)
from tests.conftest import client_for
from tests.scheduling.conftest import MONDAY, at, draft_with_shifts, published_schedule

# Two 30-minute intervals on Monday morning, two queues each (the second queue's id is made
# up: the report is the generator's, read as it is stored).
REPORT = {
    "interval_minutes": 30,
    "coverage": [
        {
            "start": "2026-12-07T07:00:00+00:00",
            "queue": 1,
            "required": 2.5,
            "scheduled": 2,
            "service_level": 0.71,
        },
        {
            "start": "2026-12-07T07:00:00+00:00",
            "queue": 2,
            "required": 1.0,
            "scheduled": 1,
            "service_level": 0.9,
        },
        {
            "start": "2026-12-07T07:30:00+00:00",
            "queue": 1,
            "required": 2.0,
            "scheduled": 3,
            "service_level": 0.95,
        },
        {
            "start": "2026-12-07T07:30:00+00:00",
            "queue": 2,
            "required": 0.5,
            "scheduled": 1,
            "service_level": 0.99,
        },
    ],
    "satisfaction": [],
    "summary": {
        "under_coverage_minutes": 15,
        "mean_satisfaction": 0.8,
        "worst_satisfaction": 0.5,
        "gap": 0.0031,
    },
}


def with_report(floor, schedule):
    tuesday_off = agent_preference_create(
        actor=floor.user("leader"),
        person=floor.agent,
        data=PreferenceInput(kind="day_off_weekday", weight=40, weekday=1),
    )
    report = {
        **REPORT,
        "satisfaction": [
            {"person": floor.agent.pk, "score": 0.5, "points_granted": 20, "points_requested": 40},
            {
                "person": floor.other_agent.pk,
                "score": 1.0,
                "points_granted": 0,
                "points_requested": 0,
            },
        ],
    }
    schedule_report_store(
        actor=floor.user("planner"),
        schedule=schedule,
        report=report,
        unmet=[
            UnmetSpec(
                tuesday_off.pk,
                "coverage",
                {"day": "2026-12-08", "start": "09:00", "end": "12:00", "service_level": 0.71},
            )
        ],
    )


def test_the_agent_sees_their_week_in_the_site_time_with_activities(floor):
    published_schedule(floor)

    response = client_for("agent").get(f"/schedule/?week={MONDAY.isoformat()}")

    body = response.content.decode()
    assert "08:00–16:00" in body  # 07:00 UTC is 08:00 in Warsaw
    assert "12:00–12:30 Lunch" in body
    assert "10:00–18:00" not in body  # Oskar's shift is his
    assert "Paid hours this week: 15.0." in body  # two 8-hour shifts less two unpaid lunches


def test_the_agent_sees_each_unmet_preference_with_its_reason(floor):
    schedule = published_schedule(floor)
    with_report(floor, schedule)

    body = client_for("agent").get(f"/schedule/?week={MONDAY.isoformat()}").content.decode()

    assert (
        "<strong>Tuesday off</strong> not granted: Tuesday 09:00–12:00 would fall to 71 % "
        "service level" in body
    )


def test_the_changed_mark_shows_once_after_a_change(floor):
    schedule = published_schedule(floor)
    scheduled_shift_change(
        actor=floor.user("planner"),
        shift=schedule.shifts.get(person=floor.agent, start=at(MONDAY, 8)),
        start=at(MONDAY, 9),
        end=at(MONDAY, 17),
    )
    client = client_for("agent")

    first = client.get(f"/schedule/?week={MONDAY.isoformat()}").content.decode()
    second = client.get(f"/schedule/?week={MONDAY.isoformat()}").content.decode()

    assert "Changed since you last looked" in first
    assert "Changed since you last looked" not in second
    assert ScheduleChangeNotice.objects.get().seen_at is not None


def test_the_week_without_shifts_says_what_to_do(floor):
    body = client_for("agent").get("/schedule/?week=2026-12-07").content.decode()

    assert "No published shifts this week." in body


def test_the_planner_sees_coverage_against_requirement_from_the_stored_report(floor):
    schedule = draft_with_shifts(floor)
    with_report(floor, schedule)

    response = client_for("planner").get(f"/schedule/schedules/{schedule.pk}/")

    chart = response.context["report"].chart
    assert chart["labels"] == ["Mon 07 08:00", "Mon 07 08:30"]  # Warsaw time
    assert [dataset["data"] for dataset in chart["datasets"]] == [[3.5, 2.5], [3.0, 4.0]]
    intervals = response.context["report"].intervals
    assert [(row["gap"], row["service_level"]) for row in intervals] == [(-0.5, 71.0), (1.5, 95.0)]
    body = response.content.decode()
    assert 'id="coverage-chart-data"' in body
    assert json.loads(
        body.split('id="coverage-chart-data" type="application/json">')[1].split("</script>")[0]
    )["labels"] == ["Mon 07 08:00", "Mon 07 08:30"]
    assert "Optimality gap: 0.0031." in body
    satisfaction = [(row.person, row.score) for row in response.context["report"].satisfaction]
    assert satisfaction == [(floor.agent, 0.5), (floor.other_agent, 1.0)]  # worst first
    assert "Tuesday 09:00–12:00 would fall to 71 % service level" in body


def test_the_leader_sees_only_their_teams_satisfaction_and_rows(floor):
    schedule = draft_with_shifts(floor)
    with_report(floor, schedule)

    response = client_for("leader").get(f"/schedule/schedules/{schedule.pk}/")

    assert [row.person for row in response.context["report"].satisfaction] == [floor.agent]
    assert [row.person for row in response.context["rows"]] == [floor.agent, floor.mentor]
    assert "Oskar Otheragent" not in response.content.decode()


def test_a_schedule_without_report_says_so(floor):
    schedule = draft_with_shifts(floor)

    body = client_for("planner").get(f"/schedule/schedules/{schedule.pk}/").content.decode()

    assert "No generator report for this schedule yet" in body


def test_a_report_naming_an_unknown_preference_is_refused_whole(floor):
    schedule = draft_with_shifts(floor)

    with pytest.raises(ValidationError) as error:
        schedule_report_store(
            actor=floor.user("planner"),
            schedule=schedule,
            report=REPORT,
            unmet=[UnmetSpec(999999, "coverage", {})],
        )

    assert error.value.message_dict["unmet"] == [
        "Unmet preference 1: preference 999999 is not one of the site's agents'."
    ]
    schedule.refresh_from_db()
    assert schedule.report == {}


def test_publish_button_publishes_and_versions_page_shows_the_diff(floor):
    schedule = draft_with_shifts(floor)
    client = client_for("planner")

    client.post(f"/schedule/schedules/{schedule.pk}/publish/")
    client.post(
        f"/schedule/shifts/{schedule.shifts.get(person=floor.agent, start=at(MONDAY, 8)).pk}/edit/",
        {"start": "2026-12-07T09:00", "end": "2026-12-07T17:00", "reason": "Swap"},
    )

    schedule.refresh_from_db()
    assert schedule.version == 2
    body = client.get(f"/schedule/schedules/{schedule.pk}/versions/").content.decode()
    assert "<del>Mon 07.12 08:00–16:00</del>" in body
    assert "<ins>Mon 07.12 09:00–17:00</ins>" in body


def test_a_shift_edit_that_breaks_a_rule_keeps_the_form_and_changes_nothing(floor):
    schedule = published_schedule(floor)
    shift = schedule.shifts.get(person=floor.agent, start=at(MONDAY, 8))

    response = client_for("planner").post(
        f"/schedule/shifts/{shift.pk}/edit/",
        {"start": "2026-12-07T09:00", "end": "2026-12-07T08:00", "reason": "Oops"},
    )

    assert response.status_code == 400
    assert "Shift 1: ends before it starts." in response.content.decode()
    shift.refresh_from_db()
    assert shift.start == at(MONDAY, 8)


def test_the_schedules_list_exports_csv(floor):
    published_schedule(floor)

    response = client_for("planner").get("/schedule/schedules/?format=csv")

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "Site,First day,Days,Status,Version,Published at",
        lines[1],
    ]
    assert lines[1].startswith("North,2026-12-07,7,Published,1,")


def test_the_planner_creates_a_template_on_the_page(floor):
    response = client_for("planner").post(
        f"/schedule/sites/{floor.north.pk}/templates/new/",
        {
            "name": "Late",
            "earliest_start": "14:00",
            "latest_start": "15:00",
            "start_step_minutes": "30",
            "paid_minutes": "450",
            "is_active": "on",
            "breaks-TOTAL_FORMS": "2",
            "breaks-INITIAL_FORMS": "0",
            "breaks-0-kind": "lunch",
            "breaks-0-minutes": "30",
            "breaks-0-window_start": "180",
            "breaks-0-window_end": "300",
        },
    )

    assert response.status_code == 302
    page = client_for("leader").get(f"/schedule/sites/{floor.north.pk}/setup/").content.decode()
    assert "Late" in page
    assert "14:00–15:00" in page
    assert "Lunch 30 min unpaid (180–300)" in page
    assert time(14) == floor.north.shift_templates.get().earliest_start


def test_the_navigation_offers_each_role_its_scheduling_pages(floor):
    agent = client_for("agent").get("/schedule/?week=2026-12-07").content.decode()
    planner = client_for("planner").get("/schedule/?week=2026-12-07").content.decode()

    assert 'href="/schedule/"' in agent
    assert 'href="/schedule/schedules/"' not in agent
    assert 'href="/schedule/schedules/"' in planner
    assert 'href="/schedule/approvals/"' in planner
    assert f'href="/schedule/sites/{floor.north.pk}/setup/"' in planner


def test_the_shift_form_shows_the_shift_in_the_site_time_for_the_picker(floor):
    schedule = published_schedule(floor)
    shift = schedule.shifts.get(person=floor.agent, start=at(MONDAY, 8))

    body = client_for("planner").get(f"/schedule/shifts/{shift.pk}/edit/").content.decode()

    assert 'type="datetime-local" name="start" value="2026-12-07T08:00"' in body
    assert 'name="end" value="2026-12-07T16:00"' in body
