import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from floorwalk.engine.schedule.check import check_schedule
from floorwalk.scheduling.engine_input import build_input, current_shifts
from floorwalk.scheduling.models import (
    GenerationRun,
    GenerationStatus,
    Schedule,
    ScheduledShift,
    UnmetPreference,
)
from floorwalk.scheduling.selectors import unmet_reason_text
from floorwalk.scheduling.services import (
    PreferenceInput,
    agent_preference_create,
    generation_run_execute,
    schedule_create_draft,
    schedule_generate,
    schedule_generate_start,
    schedule_publish,
)
from tests.conftest import client_for
from tests.scheduling.generation_setup import FORECAST_START, ready_site


def _draft(floor, start=FORECAST_START, days=7):
    return schedule_create_draft(
        actor=floor.user("planner"), site=floor.north, start_date=start, days=days
    )


def _wishes(floor):
    """Ada wants Monday to Thursday off (20 points each) but works five days a week (see
    `ready_site(min_minutes=2250)`), so at least two of those four days are refused; Mira
    wants Tuesday off (30 points)."""
    wishes = [(floor.agent, 20, weekday) for weekday in (0, 1, 2, 3)] + [(floor.mentor, 30, 1)]
    return [
        agent_preference_create(
            actor=floor.user("planner"),
            person=person,
            data=PreferenceInput(kind="day_off_weekday", weight=weight, weekday=weekday),
        )
        for person, weight, weekday in wishes
    ]


def test_generation_stores_shifts_that_keep_every_rule_and_explains_unmet_wishes(floor):
    ready_site(floor, min_minutes=2250)
    _wishes(floor)
    schedule = _draft(floor)
    run = schedule_generate(actor=floor.user("planner"), schedule=schedule, time_limit=5)
    assert run.status == GenerationStatus.DONE, run.message
    schedule.refresh_from_db()
    problem = build_input(schedule).problem
    shifts = current_shifts(schedule)
    assert shifts
    assert check_schedule(problem, shifts) == ()
    assert run.summary["rule_violations"] == 0
    # Each agent works exactly 5 shifts of 450 paid minutes (2250 min, at most 5 days).
    for person in (floor.agent, floor.mentor):
        count = ScheduledShift.objects.filter(schedule=schedule, person=person).count()
        assert count == 5
    report = schedule.report
    assert {row["person"] for row in report["satisfaction"]} == {floor.agent.pk, floor.mentor.pk}
    assert report["summary"]["status"] in ("optimal", "feasible")
    assert report["coverage"][0]["queue"] == ScheduledShift.objects.first().queue_id
    unmet = list(UnmetPreference.objects.filter(schedule=schedule))
    granted = {row["person"]: row["points_granted"] for row in report["satisfaction"]}
    refused = {item.preference.person_id for item in unmet}
    for row in report["satisfaction"]:
        assert (row["points_granted"] < row["points_requested"]) == (row["person"] in refused)
    assert floor.agent.pk in refused, granted
    assert granted[floor.agent.pk] <= 40
    for item in unmet:
        assert item.reason_kind in ("coverage", "labour_rule", "contract", "other")
        assert item.reason_data["days"]
        text = unmet_reason_text(item.reason_kind, item.reason_data)
        assert text


def test_the_agent_reads_why_a_wish_was_not_granted_on_their_week(floor):
    ready_site(floor, min_minutes=2250)
    _wishes(floor)
    schedule = _draft(floor)
    schedule_generate(actor=floor.user("planner"), schedule=schedule, time_limit=5)
    schedule_publish(actor=floor.user("planner"), schedule=schedule)
    item = UnmetPreference.objects.filter(schedule=schedule).select_related("preference").first()
    assert item is not None
    person = item.preference.person
    username = "agent" if person == floor.agent else "mentor"
    page = client_for(username).get(f"/schedule/?week={FORECAST_START.isoformat()}")
    text = unmet_reason_text(item.reason_kind, item.reason_data)
    assert text in page.content.decode()


def test_a_coverage_reason_reads_as_a_sentence_with_the_service_level():
    data = {"day": "2026-12-08", "start": "09:00", "end": "12:00", "service_level": 0.71}
    assert unmet_reason_text("coverage", data) == (
        "Tuesday 09:00–12:00 would fall to 71 % service level"
    )


def test_generation_without_a_forecast_fails_with_a_message_and_keeps_the_draft(floor):
    schedule = _draft(floor)
    run = schedule_generate(actor=floor.user("planner"), schedule=schedule, time_limit=5)
    assert run.status == GenerationStatus.FAILED
    assert "has a forecast" in run.message
    assert not ScheduledShift.objects.filter(schedule=schedule).exists()


def test_a_published_schedule_is_never_generated(floor):
    ready_site(floor)
    schedule = _draft(floor)
    schedule_generate(actor=floor.user("planner"), schedule=schedule, time_limit=5)
    schedule_publish(actor=floor.user("planner"), schedule=schedule)
    before = list(ScheduledShift.objects.filter(schedule=schedule).values_list("pk", "start"))
    with pytest.raises(ValidationError, match="Only a draft"):
        schedule_generate(actor=floor.user("planner"), schedule=schedule, time_limit=5)
    assert (
        list(ScheduledShift.objects.filter(schedule=schedule).values_list("pk", "start")) == before
    )
    assert Schedule.objects.get(pk=schedule.pk).versions.count() == 1


def test_a_queued_run_is_executed_by_the_task_and_runs_once(floor):
    ready_site(floor)
    schedule = _draft(floor)
    run = schedule_generate_start(actor=floor.user("planner"), schedule=schedule, time_limit=5)
    assert run.status == GenerationStatus.QUEUED
    done = generation_run_execute(run_id=run.pk)
    assert done.status == GenerationStatus.DONE
    count = ScheduledShift.objects.filter(schedule=schedule).count()
    assert generation_run_execute(run_id=run.pk).status == GenerationStatus.DONE
    assert ScheduledShift.objects.filter(schedule=schedule).count() == count


@pytest.mark.parametrize("username", ["agent", "leader", "qa", "mentor"])
def test_only_schedulers_start_a_generation(floor, username):
    ready_site(floor)
    schedule = _draft(floor)
    with pytest.raises(PermissionDenied):
        schedule_generate_start(actor=floor.user(username), schedule=schedule, time_limit=5)
    assert not GenerationRun.objects.exists()


def test_a_bad_time_limit_is_refused_by_field(floor):
    schedule = _draft(floor)
    with pytest.raises(ValidationError) as error:
        schedule_generate_start(actor=floor.user("planner"), schedule=schedule, time_limit=0)
    assert "time_limit" in error.value.message_dict
    assert not GenerationRun.objects.exists()


def test_the_generate_button_queues_a_run_and_its_page_shows_the_result(floor):
    ready_site(floor)
    schedule = _draft(floor)
    client = client_for("planner")
    page = client.get(f"/schedule/schedules/{schedule.pk}/")
    assert 'name="time_limit"' in page.content.decode()
    response = client.post(f"/schedule/schedules/{schedule.pk}/generate/", {"time_limit": 10})
    run = GenerationRun.objects.get(schedule=schedule)
    assert response["Location"] == f"/schedule/generations/{run.pk}/"
    assert run.time_limit_seconds == 10
    assert "Waiting for a worker" in client.get(response["Location"]).content.decode()
    generation_run_execute(run_id=run.pk)
    run.refresh_from_db()
    body = client.get(f"/schedule/generations/{run.pk}/").content.decode()
    assert f"Done: {run.summary['shifts']} shifts for 2 agents" in body


def test_a_failed_run_page_says_what_to_fix(floor):
    schedule = _draft(floor)
    run = schedule_generate(actor=floor.user("planner"), schedule=schedule, time_limit=5)
    body = client_for("planner").get(f"/schedule/generations/{run.pk}/").content.decode()
    assert "The generation failed; the draft is unchanged." in body
    assert "make a forecast first" in body


def test_a_bad_time_limit_from_the_button_is_a_message_not_an_error(floor):
    schedule = _draft(floor)
    response = client_for("planner").post(
        f"/schedule/schedules/{schedule.pk}/generate/", {"time_limit": "soon"}, follow=True
    )
    assert response.status_code == 200
    assert "Choose a time limit of 1 to 3600 seconds." in response.content.decode()
    assert not GenerationRun.objects.exists()


def test_a_coverage_reason_of_deferred_work_reads_as_the_share_answered_in_time():
    data = {
        "day": "2026-12-08",
        "start": "09:00",
        "end": "12:00",
        "service_level": 0.62,
        "queue": "Email",
        "within_hours": 24.0,
    }
    assert unmet_reason_text("coverage", data) == (
        "Tuesday 09:00–12:00: Email would answer 62 % within 24 h"
    )
