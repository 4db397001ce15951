from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from floorwalk.audit.models import AuditEvent
from floorwalk.org.models import Queue
from floorwalk.scheduling.models import (
    Schedule,
    ScheduleChangeNotice,
    ScheduledShift,
    ScheduleVersion,
)
from floorwalk.scheduling.selectors import PublishedActivity, published_activities
from floorwalk.scheduling.services import (
    ActivitySpec,
    ShiftSpec,
    schedule_create_draft,
    schedule_draft_replace_shifts,
    schedule_publish,
    scheduled_shift_change,
    scheduled_shift_remove,
)
from tests.scheduling.conftest import (
    MONDAY,
    at,
    draft_with_shifts,
    published_schedule,
    shift_for,
)

TUESDAY = date(2026, 12, 8)


def test_planner_creates_a_draft(floor):
    schedule = schedule_create_draft(
        actor=floor.user("planner"), site=floor.north, start_date=MONDAY, days=28
    )

    assert (schedule.status, schedule.version, schedule.days) == ("draft", 0, 28)
    assert AuditEvent.objects.filter(object_type="scheduling.schedule").count() == 1


@pytest.mark.parametrize("username", ["leader", "agent", "qa"])
def test_only_schedulers_create_drafts(floor, username):
    with pytest.raises(PermissionDenied):
        schedule_create_draft(
            actor=floor.user(username), site=floor.north, start_date=MONDAY, days=7
        )

    assert not Schedule.objects.exists()


def test_a_draft_longer_than_eight_weeks_is_refused(floor):
    with pytest.raises(ValidationError) as error:
        schedule_create_draft(
            actor=floor.user("planner"), site=floor.north, start_date=MONDAY, days=57
        )

    assert error.value.message_dict == {"days": ["A schedule covers 1 to 56 days."]}


def test_replacing_shifts_stores_shifts_with_their_activities(floor):
    schedule = draft_with_shifts(floor)

    shifts = list(schedule.shifts.order_by("start", "person__display_name"))
    assert [(shift.person, shift.start) for shift in shifts] == [
        (floor.agent, at(MONDAY, 8)),
        (floor.other_agent, at(MONDAY, 10)),
        (floor.agent, at(TUESDAY, 8)),
    ]
    assert [item.kind for item in shifts[0].activities.order_by("start")] == [
        "work",
        "lunch",
        "work",
    ]


def test_bad_shifts_are_refused_row_by_row_and_the_draft_keeps_its_shifts(floor):
    schedule = draft_with_shifts(floor)
    outside = at(date(2026, 12, 14), 8)
    bad = [
        shift_for(floor.agent, MONDAY, 8, 16),
        shift_for(floor.agent, MONDAY, 12, 20),  # overlaps row 1
        ShiftSpec(floor.far_agent.pk, at(MONDAY, 8), at(MONDAY, 16)),  # another site
        ShiftSpec(floor.agent.pk, outside, outside.replace(hour=16)),  # after the period
        ShiftSpec(
            floor.other_agent.pk,
            at(MONDAY, 8),
            at(MONDAY, 16),
            activities=(ActivitySpec("nap", at(MONDAY, 7), at(MONDAY, 9)),),
        ),
    ]

    with pytest.raises(ValidationError) as error:
        schedule_draft_replace_shifts(actor=floor.user("planner"), schedule=schedule, shifts=bad)

    assert error.value.message_dict["shifts"] == [
        f"Shift 3: person {floor.far_agent.pk} is not a current member of North.",
        "Shift 4: starts outside the schedule's period.",
        "Shift 5, activity 1: unknown activity kind.",
        "Shift 5, activity 1: lies outside the shift.",
        "Shift 2 overlaps shift 1 of the same person.",
    ]
    assert schedule.shifts.count() == 3


def test_planner_publishes_version_one_with_a_snapshot(floor):
    schedule = draft_with_shifts(floor)

    version = schedule_publish(actor=floor.user("planner"), schedule=schedule)

    schedule.refresh_from_db()
    assert (schedule.status, schedule.version, version.number) == ("published", 1, 1)
    assert version.published_by == floor.user("planner")
    assert len(version.shifts) == 3
    first = version.shifts[0]
    assert (first["person"], first["start"], first["end"]) == (
        floor.agent.pk,
        "2026-12-07T07:00:00+00:00",
        "2026-12-07T15:00:00+00:00",
    )
    assert [item["kind"] for item in first["activities"]] == ["work", "lunch", "work"]
    assert set(version.diff) == {str(floor.agent.pk), str(floor.other_agent.pk)}
    assert mail.outbox == []  # the first publication is not a change


def test_the_leader_of_a_team_in_the_schedule_publishes_it(floor):
    schedule = draft_with_shifts(floor)

    schedule_publish(actor=floor.user("leader"), schedule=schedule)

    assert Schedule.objects.get().version == 1


def test_a_leader_whose_team_has_no_shifts_in_it_cannot_publish(floor):
    planner = floor.user("planner")
    schedule = schedule_create_draft(actor=planner, site=floor.north, start_date=MONDAY, days=7)
    schedule_draft_replace_shifts(
        actor=planner, schedule=schedule, shifts=[shift_for(floor.other_agent, MONDAY, 8, 16)]
    )

    with pytest.raises(PermissionDenied):
        schedule_publish(actor=floor.user("leader"), schedule=schedule)

    schedule.refresh_from_db()
    assert (schedule.status, ScheduleVersion.objects.count()) == ("draft", 0)


@pytest.mark.parametrize("username", ["agent", "mentor", "qa"])
def test_agents_and_qa_cannot_publish(floor, username):
    schedule = draft_with_shifts(floor)

    with pytest.raises(PermissionDenied):
        schedule_publish(actor=floor.user(username), schedule=schedule)

    assert not ScheduleVersion.objects.exists()


def test_an_empty_draft_and_a_published_schedule_are_not_published(floor):
    planner = floor.user("planner")
    empty = schedule_create_draft(actor=planner, site=floor.north, start_date=MONDAY, days=7)
    with pytest.raises(ValidationError):
        schedule_publish(actor=planner, schedule=empty)

    published = published_schedule(floor)
    with pytest.raises(ValidationError):
        schedule_publish(actor=planner, schedule=published)

    assert ScheduleVersion.objects.count() == 1


def test_a_second_schedule_overlapping_a_published_one_is_not_published(floor):
    published_schedule(floor)
    second = draft_with_shifts(floor, days=3)

    with pytest.raises(ValidationError) as error:
        schedule_publish(actor=floor.user("planner"), schedule=second)

    assert error.value.messages == [
        "The published schedule from 2026-12-07 already covers part of this period."
    ]
    second.refresh_from_db()
    assert second.status == "draft"


def test_a_published_schedule_cannot_have_its_shifts_replaced(floor):
    schedule = published_schedule(floor)

    with pytest.raises(ValidationError):
        schedule_draft_replace_shifts(actor=floor.user("planner"), schedule=schedule, shifts=[])

    assert schedule.shifts.count() == 3


def adas_monday(schedule):
    return schedule.shifts.get(person__user__username="agent", start=at(MONDAY, 8))


def test_a_change_after_publishing_makes_a_version_with_the_diff(
    floor, django_capture_on_commit_callbacks
):
    schedule = published_schedule(floor)
    shift = adas_monday(schedule)

    with django_capture_on_commit_callbacks(execute=True):
        scheduled_shift_change(
            actor=floor.user("planner"),
            shift=shift,
            start=at(MONDAY, 9),
            end=at(MONDAY, 17),
            queue_id=shift.queue_id,
            reason="Doctor's appointment",
        )

    version = ScheduleVersion.objects.get(number=2)
    assert version.reason == "Doctor's appointment"
    changes = version.diff[str(floor.agent.pk)]
    assert [item["start"] for item in changes["removed"]] == ["2026-12-07T07:00:00+00:00"]
    assert [item["start"] for item in changes["added"]] == ["2026-12-07T08:00:00+00:00"]
    # Moved as a whole: the activities moved along.
    assert [item["start"] for item in changes["added"][0]["activities"]] == [
        "2026-12-07T08:00:00+00:00",
        "2026-12-07T12:00:00+00:00",
        "2026-12-07T12:30:00+00:00",
    ]
    assert list(version.diff) == [str(floor.agent.pk)]
    schedule.refresh_from_db()
    assert schedule.version == 2


def test_the_affected_agent_is_emailed_after_commit_in_their_language(
    floor, django_capture_on_commit_callbacks
):
    schedule = published_schedule(floor)
    user = floor.user("agent")
    user.language = "pl"
    user.save()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        scheduled_shift_change(
            actor=floor.user("leader"),
            shift=adas_monday(schedule),
            start=at(MONDAY, 9),
            end=at(MONDAY, 17),
        )
        assert mail.outbox == []  # nothing before the commit

    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [floor.agent.email]
    assert message.extra_headers["Content-Language"] == "pl"
    # Polish (Django's own catalogue names the weekday), times at the site (Warsaw).
    assert "- Poniedziałek 07.12. 08:00–16:00\n" in message.body
    assert "- Poniedziałek 07.12. 09:00–17:00\n" in message.body
    assert ScheduleChangeNotice.objects.get().person == floor.agent


def test_a_change_to_a_draft_makes_no_version_and_tells_nobody(
    floor, django_capture_on_commit_callbacks
):
    schedule = draft_with_shifts(floor)

    with django_capture_on_commit_callbacks(execute=True):
        scheduled_shift_change(
            actor=floor.user("planner"),
            shift=adas_monday(schedule),
            start=at(MONDAY, 9),
            end=at(MONDAY, 17),
        )

    assert (ScheduleVersion.objects.count(), len(mail.outbox)) == (0, 0)


def test_a_change_that_no_longer_fits_its_activities_is_refused_and_nothing_changes(floor):
    schedule = published_schedule(floor)
    shift = adas_monday(schedule)

    with pytest.raises(ValidationError) as error:
        scheduled_shift_change(
            actor=floor.user("planner"), shift=shift, start=at(MONDAY, 8), end=at(MONDAY, 14)
        )

    assert error.value.message_dict["shift"] == ["Shift 1, activity 3: lies outside the shift."]
    shift.refresh_from_db()
    assert shift.end == at(MONDAY, 16)
    assert ScheduleVersion.objects.count() == 1
    assert not ScheduleChangeNotice.objects.exists()


def test_an_agent_cannot_change_their_own_shift(floor):
    schedule = published_schedule(floor)
    shift = adas_monday(schedule)

    with pytest.raises(PermissionDenied):
        scheduled_shift_change(
            actor=floor.user("agent"), shift=shift, start=at(MONDAY, 9), end=at(MONDAY, 17)
        )

    shift.refresh_from_db()
    assert shift.start == at(MONDAY, 8)
    assert ScheduleVersion.objects.count() == 1


def test_removing_a_published_shift_makes_a_version(floor, django_capture_on_commit_callbacks):
    schedule = published_schedule(floor)

    with django_capture_on_commit_callbacks(execute=True):
        scheduled_shift_remove(
            actor=floor.user("planner"), shift=adas_monday(schedule), reason="Sick"
        )

    version = ScheduleVersion.objects.get(number=2)
    assert len(version.shifts) == 2
    assert version.diff[str(floor.agent.pk)]["added"] == []
    assert len(mail.outbox) == 1
    assert not ScheduledShift.objects.filter(start=at(MONDAY, 8), person=floor.agent).exists()


def test_published_activities_come_from_the_latest_published_version(floor):
    schedule = published_schedule(floor)
    scheduled_shift_change(
        actor=floor.user("planner"),
        shift=adas_monday(schedule),
        start=at(MONDAY, 9),
        end=at(MONDAY, 17),
    )
    # A draft of the next week is not published: it never counts.
    planner = floor.user("planner")
    draft = schedule_create_draft(
        actor=planner, site=floor.north, start_date=date(2026, 12, 14), days=7
    )
    schedule_draft_replace_shifts(
        actor=planner, schedule=draft, shifts=[shift_for(floor.agent, date(2026, 12, 14), 8, 16)]
    )
    voice = Queue.objects.get(name="Billing voice").pk

    found = published_activities(
        people=[floor.agent, floor.far_agent],
        start=datetime(2026, 12, 7, tzinfo=UTC),
        end=datetime(2026, 12, 21, tzinfo=UTC),
    )

    assert found[floor.far_agent.pk] == []
    assert found[floor.agent.pk][:3] == [
        PublishedActivity(
            "work",
            datetime(2026, 12, 7, 8, tzinfo=UTC),
            datetime(2026, 12, 7, 12, tzinfo=UTC),
            voice,
        ),
        PublishedActivity(
            "lunch",
            datetime(2026, 12, 7, 12, tzinfo=UTC),
            datetime(2026, 12, 7, 12, 30, tzinfo=UTC),
            None,
        ),
        PublishedActivity(
            "work",
            datetime(2026, 12, 7, 12, 30, tzinfo=UTC),
            datetime(2026, 12, 7, 16, tzinfo=UTC),
            voice,
        ),
    ]
    assert len(found[floor.agent.pk]) == 6  # Monday's and Tuesday's three each, none of the draft


def test_published_activities_count_a_shift_without_activities_as_work(floor):
    planner = floor.user("planner")
    schedule = schedule_create_draft(actor=planner, site=floor.north, start_date=MONDAY, days=7)
    schedule_draft_replace_shifts(
        actor=planner,
        schedule=schedule,
        shifts=[ShiftSpec(floor.agent.pk, at(MONDAY, 8), at(MONDAY, 16))],
    )
    schedule_publish(actor=planner, schedule=schedule)

    found = published_activities(
        people=[floor.agent.pk],
        start=datetime(2026, 12, 7, 10, tzinfo=UTC),
        end=datetime(2026, 12, 7, 11, tzinfo=UTC),
    )

    assert found == {
        floor.agent.pk: [
            PublishedActivity(
                "work",
                datetime(2026, 12, 7, 7, tzinfo=UTC),
                datetime(2026, 12, 7, 15, tzinfo=UTC),
                None,
            )
        ]
    }
