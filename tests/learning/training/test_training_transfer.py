"""Transfer of training from the database: interactions (through the daily rollups), QA item
answers and follow-up observations, checked against a hand computation."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from floorwalk.accounts.policy import training_people_for
from floorwalk.engine.transfer import TransferClass
from floorwalk.learning.models import Enrolment, FollowUp
from floorwalk.learning.training_selectors import course_transfer
from floorwalk.learning.training_services import enrolment_set_status, follow_up_record
from floorwalk.metrics.models import Interaction
from floorwalk.metrics.qa.selectors import form_version_current
from floorwalk.metrics.qa.services import qa_evaluation_record
from floorwalk.metrics.services import rollups_rebuild
from tests.learning.training.conftest import BEHAVIOURS, session_of
from tests.metrics.qa.conftest import answers, qa_form_of

pytestmark = pytest.mark.django_db

_serial = iter(range(1, 100_000))


def contacts(agent, day: date, *, resolved: int, total: int) -> list[Interaction]:
    """`total` handled contacts on `day`, the first `resolved` solved at first contact."""
    queue = agent.queues.first()
    made = []
    for index in range(total):
        made.append(
            Interaction.objects.create(
                source="platform",
                external_id=f"T{next(_serial):06d}",
                agent=agent,
                queue=queue,
                channel=queue.channel,
                started_at=datetime(day.year, day.month, day.day, 9, index % 60, tzinfo=UTC),
                local_date=day,
                talk_seconds=300,
                hold_seconds=0,
                acw_seconds=30,
                outcome="resolved",
                first_contact_resolution=index < resolved,
            )
        )
    return made


def evaluate(floor, interactions, upsell_answers):
    version = form_version_current(qa_form_of(floor))
    for interaction, value in zip(interactions, upsell_answers, strict=False):
        qa_evaluation_record(
            actor=floor.user("qa"),
            interaction=interaction,
            form_version=version,
            evaluator=floor.qa,
            answers=answers(upsell=value),
        )


def test_reverted_trainee_matches_the_hand_computation(floor, course):
    today = timezone.localdate()
    completed = today - timedelta(days=70)  # weeks 5–8 are over
    session = session_of(floor, course, days_from_today=-71)
    session.ends_on = completed
    session.save()
    enrolment = Enrolment.objects.create(course=course, session=session, person=floor.agent)
    enrolment_set_status(
        actor=floor.user("leader"), enrolment=enrolment, status="completed", completed_on=completed
    )
    # FCR: before 10 of 20 (50 %); weeks 1–4 16 of 20 (80 %, +60 %); weeks 5–8 10 of 20
    # (50 %, ±0): improved, then not.
    before = contacts(floor.agent, session.starts_on - timedelta(days=5), resolved=10, total=20)
    early = contacts(floor.agent, completed + timedelta(days=10), resolved=16, total=20)
    late = contacts(floor.agent, completed + timedelta(days=40), resolved=10, total=20)
    contacts(floor.agent, completed + timedelta(days=57), resolved=20, total=20)  # after: unused
    rollups_rebuild()
    # QA item "upsell": before 1 of 4 passed (25 %), weeks 1–4 4 of 4 (100 %, +75 points),
    # weeks 5–8 1 of 4 (25 %, ±0); one N/A before is not counted.
    evaluate(floor, before, [1.0, 0.0, 0.5, 0.0, None])
    evaluate(floor, early, [1.0, 1.0, 1.0, 1.0])
    evaluate(floor, late, [0.0, 1.0, 0.0, 0.5])
    # Follow-ups: +2, +7, +14, +28 in weeks 1–4 all "consistently" (level 1); +56 in weeks
    # 5–8 "sometimes" and "not yet" (level 0.25).
    for follow_up in FollowUp.objects.filter(enrolment=enrolment):
        level = "consistently" if follow_up.offset_days <= 28 else "not_yet"
        follow_up_record(
            actor=floor.user("mentor"),
            follow_up=follow_up,
            done_on=follow_up.due_on,
            observations={BEHAVIOURS[0]: level, BEHAVIOURS[1]: "sometimes"}
            if level == "not_yet"
            else dict.fromkeys(BEHAVIOURS, level),
        )

    result = course_transfer(course, training_people_for(floor.user("leader")), today)

    (row,) = result.rows
    assert row.transfer.transfer_class is TransferClass.REVERTED
    assert (row.transfer.early_changed, row.transfer.late_changed) == (True, False)
    assert row.transfer.evidence[1] == (
        "First-contact resolution: 50.00 before (n=20); 80.00 in weeks 1–4 (n=20), +60.0 %; "
        "50.00 in weeks 5–8 (n=20), +0.0 %. Improvement: higher by at least 5 % of the "
        "baseline, with at least 20 in the sample."
    )
    assert row.transfer.evidence[2] == (
        "QA items upsell passed: 25 % (1 of 4) before; 100 % (4 of 4) in weeks 1–4; "
        "25 % (1 of 4) in weeks 5–8. Improvement: at least +10 points, with at least 3 "
        "answers on each side."
    )
    assert row.transfer.evidence[3] == (
        "Follow-up observations: mean level 1.00 (8 of 8 consistently) in weeks 1–4; "
        "mean level 0.25 (0 of 2 consistently) in weeks 5–8. Change shown at a mean level of "
        "at least 0.75."
    )
    assert (row.follow_ups_done, row.follow_ups_missed) == (5, 0)
    assert result.split.counts[TransferClass.REVERTED] == 1
    assert result.split_on_time.total == 1
    assert result.split_missed.total == 0


def test_trainees_the_user_may_not_see_are_left_out(floor, course):
    today = timezone.localdate()
    session = session_of(floor, course, days_from_today=-10)
    for person in (floor.agent, floor.other_agent):
        Enrolment.objects.create(
            course=course,
            session=session,
            person=person,
            status="completed",
            completed_on=today - timedelta(days=9),
        )
    leader_view = course_transfer(course, training_people_for(floor.user("leader")), today)
    manager_view = course_transfer(course, training_people_for(floor.user("manager")), today)
    assert [row.person for row in leader_view.rows] == [floor.agent]
    assert [row.person.display_name for row in manager_view.rows] == [
        "Ada Agent",
        "Oskar Otheragent",
    ]
    assert manager_view.split.counts[TransferClass.TOO_EARLY] == 2
