"""Reviews: parts weighed by the template, feedback from the right people, calibration with
a reason, release and acknowledgement; every rating change in the audit trail."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from floorwalk.audit.models import AuditEvent
from floorwalk.development.competency_services import assessment_record
from floorwalk.development.models import Competency
from floorwalk.goals.services import create_goal
from floorwalk.reviews.models import ReviewCycle, ReviewStatus, ReviewTemplate
from floorwalk.reviews.services import (
    review_acknowledge,
    review_calibrate,
    review_feedback_give,
    review_release,
    review_score,
    review_start,
)
from tests.goals.conftest import PERIOD_END, PERIOD_START, add_week, weeks_before
from tests.goals.test_goals import ADA_WEEKS, fcr_goal


def scored(floor, cycle, **parts):
    review = review_start(actor=floor.user("leader"), cycle=cycle, person=floor.agent)
    values = {"goal_attainment": 97.0, "competencies_score": 3.0, "leader_score": 4.0}
    return review_score(
        actor=floor.user("leader"), review=review, narrative="Steady half", **(values | parts)
    )


def test_a_review_starts_from_the_agents_current_competency_levels(floor, cycle):
    leader = floor.user("leader")
    for name, level in (("Calm", 2), ("Focus", 5)):
        competency = Competency.objects.create(name=name, definition=name)
        assessment_record(
            actor=leader, person=floor.agent, competency=competency, level=level, evidence="Seen"
        )

    review = review_start(actor=leader, cycle=cycle, person=floor.agent)

    assert review.competencies_score == 3.5
    assert review.overall == pytest.approx(3.5)  # the only part with a score so far
    assert review.status == ReviewStatus.DRAFT


def test_the_overall_rating_weighs_the_parts_and_leaves_out_missing_ones(floor, cycle):
    review = scored(floor, cycle)

    # 97 % attainment is a 4; no peer feedback yet, so 0.4 + 0.3 + 0.2 are scaled to one.
    assert review.goals_score == 4
    assert review.overall == pytest.approx((0.4 * 4 + 0.3 * 3 + 0.2 * 4) / 0.9)

    review_feedback_give(actor=floor.user("mentor"), review=review, rating=5, text="Helps all")
    review.refresh_from_db()

    assert review.overall == pytest.approx(0.4 * 4 + 0.3 * 3 + 0.1 * 5 + 0.2 * 4)


def test_every_rating_change_is_in_the_audit_trail(floor, cycle):
    review = scored(floor, cycle)
    review_score(
        actor=floor.user("leader"),
        review=review,
        goal_attainment=97.0,
        competencies_score=3.0,
        leader_score=5.0,
        narrative="Better than I wrote",
    )

    last = AuditEvent.objects.filter(object_type="reviews.review").order_by("pk").last()
    assert last.changes["leader_score"] == [4.0, 5.0]
    assert last.person == floor.agent
    assert set(last.changes) == {"leader_score", "overall"}


def test_who_gives_which_feedback(floor, cycle):
    review = scored(floor, cycle)

    own = review_feedback_give(actor=floor.user("agent"), review=review, rating=4, text="Grew")
    peer = review_feedback_give(actor=floor.user("mentor"), review=review, rating=5, text="Kind")

    assert (own.kind, peer.kind) == ("self", "peer")
    with pytest.raises(PermissionDenied):  # not a teammate, not led by Ada
        review_feedback_give(actor=floor.user("planner"), review=review, rating=3, text="?")
    with pytest.raises(ValidationError) as twice:
        review_feedback_give(actor=floor.user("mentor"), review=review, rating=4, text="Again")
    assert "already given" in str(twice.value)


def test_agents_give_upward_feedback_to_their_leader(floor, cycle):
    review = review_start(actor=floor.user("manager"), cycle=cycle, person=floor.leader)

    upward = review_feedback_give(
        actor=floor.user("agent"), review=review, rating=4, text="Clear goals"
    )

    assert upward.kind == "upward"


def test_calibration_is_a_managers_and_a_change_needs_a_reason(floor, cycle):
    review = scored(floor, cycle)

    with pytest.raises(PermissionDenied):
        review_calibrate(actor=floor.user("leader"), review=review, overall=3.0, reason="x")
    with pytest.raises(ValidationError) as no_reason:
        review_calibrate(actor=floor.user("manager"), review=review, overall=3.0)
    assert "reason" in no_reason.value.message_dict

    review_calibrate(
        actor=floor.user("manager"), review=review, overall=3.0, reason="Team average is lower"
    )

    review.refresh_from_db()
    assert (review.status, review.final_overall) == (ReviewStatus.CALIBRATED, 3.0)
    event = AuditEvent.objects.filter(object_type="reviews.review").order_by("pk").last()
    assert event.changes["calibrated_overall"] == [None, 3.0]
    assert event.reason == "Team average is lower"


def test_released_after_calibration_and_acknowledged_by_the_agent_only(floor, cycle):
    review = scored(floor, cycle)
    with pytest.raises(ValidationError):
        review_release(actor=floor.user("leader"), review=review)
    review_calibrate(actor=floor.user("manager"), review=review, overall=None)

    review_release(actor=floor.user("leader"), review=review)
    with pytest.raises(PermissionDenied):
        review_acknowledge(actor=floor.user("leader"), review=review)
    review_acknowledge(actor=floor.user("agent"), review=review)

    review.refresh_from_db()
    assert review.status == ReviewStatus.ACKNOWLEDGED
    assert review.final_overall == review.overall  # confirmed as it was
    assert review.released_at <= review.acknowledged_at


@pytest.mark.parametrize("username", ["agent", "mentor", "qa", "planner", "other_leader"])
def test_only_those_who_lead_the_agent_write_their_review(floor, cycle, username):
    with pytest.raises(PermissionDenied):
        review_start(actor=floor.user(username), cycle=cycle, person=floor.agent)


def test_one_review_a_cycle_and_ratings_on_the_scale(floor, cycle):
    review = scored(floor, cycle)

    with pytest.raises(ValidationError):
        review_start(actor=floor.user("leader"), cycle=cycle, person=floor.agent)
    with pytest.raises(ValidationError) as bad:
        review_score(
            actor=floor.user("leader"),
            review=review,
            goal_attainment=float("inf"),
            competencies_score=6,
            leader_score=4,
            narrative="",
        )
    assert set(bad.value.message_dict) == {"goal_attainment", "competencies_score"}


def test_the_goal_part_starts_from_the_attainment_of_the_agents_goals(floor):
    for monday, resolved in zip(weeks_before(PERIOD_START, 12), ADA_WEEKS, strict=True):
        add_week(floor.agent, monday, handled=50, resolved=resolved)
    create_goal(floor.user("leader"), fcr_goal(floor))
    add_week(floor.agent, date(2026, 11, 2), handled=50, resolved=42)
    november = ReviewCycle.objects.create(
        name="November",
        template=ReviewTemplate.objects.create(name="Monthly"),
        period_start=PERIOD_START,
        period_end=PERIOD_END,
        created_by=floor.user("manager"),
    )

    review = review_start(actor=floor.user("leader"), cycle=november, person=floor.agent)

    # Baseline 82.5 %, target 85 %, 84 % so far: (84 − 82.5) ÷ (85 − 82.5) = 60 % → rating 2.
    assert review.goal_attainment == pytest.approx(60.0)
    assert review.goals_score == 2
