"""Reviews over the API: an agent reads only their own review and only once released, never
who gave anonymous feedback; managers calibrate with a reason; refused writes change nothing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from floorwalk.accounts.models import User
from floorwalk.audit.models import AuditEvent
from floorwalk.reviews.models import Review, ReviewStatus
from floorwalk.reviews.services import (
    review_calibrate,
    review_feedback_give,
    review_release,
    review_score,
    review_start,
)
from tests.conftest import client_for


def api_for(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def review_url(review, action: str = "") -> str:
    name = f"api-review-{action}" if action else "api-review"
    return reverse(name, args=[review.pk])


def scored(floor, cycle, person=None) -> Review:
    """A draft review scored 4 by the leader, with Ada's self-assessment (3) and her
    teammate Mira's anonymous peer feedback (3)."""
    review = review_start(actor=floor.user("leader"), cycle=cycle, person=person or floor.agent)
    review_score(
        actor=floor.user("leader"),
        review=review,
        goal_attainment=None,
        competencies_score=None,
        leader_score=4.0,
        narrative="Steady quarter",
    )
    if person is None:
        review_feedback_give(actor=floor.user("agent"), review=review, rating=3, text="I grew")
        review_feedback_give(actor=floor.user("mentor"), review=review, rating=3, text="Helpful")
    review.refresh_from_db()
    return review


def released(floor, cycle, person=None) -> Review:
    review = scored(floor, cycle, person)
    review_calibrate(actor=floor.user("manager"), review=review, overall=None)
    return review_release(actor=floor.user("leader"), review=review)


# ---- Reading -------------------------------------------------------------------------------


def test_everyone_lists_the_cycles(floor, cycle):
    body = api_for("agent").get(reverse("api-review-cycles")).json()

    assert body["count"] == 1
    assert body["results"][0] == {
        "id": cycle.pk,
        "name": "H2",
        "template": "Half-year",
        "period_start": cycle.period_start.isoformat(),
        "period_end": cycle.period_end.isoformat(),
    }


def test_the_leader_reads_the_draft_with_every_part_and_giver(floor, cycle):
    review = scored(floor, cycle)

    body = api_for("leader").get(review_url(review)).json()

    # Leader 4.0 (weight 0.2) and peer 3.0 (weight 0.1); the self-assessment weighs 0, and
    # goals and competencies have no data, so they drop out.
    assert body["overall"] == pytest.approx((0.2 * 4 + 0.1 * 3) / 0.3)
    assert (body["status"], body["leader_score"], body["narrative"]) == (
        "draft",
        4.0,
        "Steady quarter",
    )
    assert sorted((item["kind"], item["given_by"]) for item in body["feedback"]) == [
        ("peer", "Mira Mentor"),
        ("self", "Ada Agent"),
    ]


@pytest.mark.parametrize("stage", ["draft", "calibrated"])
def test_the_agent_never_reads_her_review_before_it_is_released(floor, cycle, stage):
    review = scored(floor, cycle)
    if stage == "calibrated":
        review_calibrate(actor=floor.user("manager"), review=review, overall=None)

    response = api_for("agent").get(review_url(review))
    listed = api_for("agent").get(reverse("api-review-cycle", args=[cycle.pk])).json()

    assert response.status_code == 404
    assert "Steady quarter" not in response.content.decode()
    assert listed["reviews"] == []


def test_once_released_the_agent_reads_it_without_the_anonymous_giver(floor, cycle):
    review = released(floor, cycle)

    body = api_for("agent").get(review_url(review)).json()

    assert body["status"] == "released"
    assert body["narrative"] == "Steady quarter"
    assert body["final_overall"] == pytest.approx((0.2 * 4 + 0.1 * 3) / 0.3)
    feedback = {item["kind"]: item for item in body["feedback"]}
    assert feedback["peer"]["given_by"] is None
    assert feedback["peer"]["text"] == "Helpful"
    assert feedback["self"]["given_by"] == "Ada Agent"
    assert "Mira" not in api_for("agent").get(review_url(review)).content.decode()


def test_a_template_without_anonymity_names_the_peer_to_the_agent(floor, cycle):
    cycle.template.peer_anonymous = False
    cycle.template.save()
    review = released(floor, cycle)

    body = api_for("agent").get(review_url(review)).json()

    assert {item["kind"]: item["given_by"] for item in body["feedback"]}["peer"] == "Mira Mentor"


def test_an_agent_never_reads_another_agents_review_even_released(floor, cycle):
    adas = released(floor, cycle)

    for username in ("mentor", "other_agent", "qa", "planner", "other_leader"):
        response = api_for(username).get(review_url(adas))
        listed = api_for(username).get(reverse("api-review-cycle", args=[cycle.pk])).json()
        assert response.status_code == 404, username
        assert "Steady quarter" not in response.content.decode()
        assert listed["reviews"] == [], username


def test_the_cycle_lists_only_the_reviews_the_reader_may_read(floor, cycle):
    adas = released(floor, cycle)
    miras = released(floor, cycle, person=floor.mentor)

    def listed(username):
        body = api_for(username).get(reverse("api-review-cycle", args=[cycle.pk])).json()
        return [review["id"] for review in body["reviews"]]

    assert listed("agent") == [adas.pk]
    assert listed("mentor") == [miras.pk]
    assert sorted(listed("leader")) == sorted([adas.pk, miras.pk])
    assert sorted(listed("manager")) == sorted([adas.pk, miras.pk])


def test_a_manager_never_reads_her_own_draft_review(floor, cycle):
    review = review_start(actor=floor.user("admin"), cycle=cycle, person=floor.manager)

    response = api_for("manager").get(review_url(review))
    listed = api_for("manager").get(reverse("api-review-cycle", args=[cycle.pk])).json()

    assert response.status_code == 404
    assert listed["reviews"] == []
    assert client_for("manager").get(reverse("reviews:review", args=[review.pk])).status_code == 404
    assert api_for("admin").get(review_url(review)).status_code == 200


def test_an_unknown_review_or_cycle_is_a_404(floor, cycle):
    assert api_for("admin").get(reverse("api-review", args=[999999])).status_code == 404
    assert api_for("admin").get(reverse("api-review-cycle", args=[999999])).status_code == 404


# ---- Calibrating ---------------------------------------------------------------------------


def test_a_manager_adjusts_the_overall_rating_with_a_reason_and_it_is_audited(floor, cycle):
    review = scored(floor, cycle)

    response = api_for("manager").post(
        review_url(review, "calibrate"),
        {"overall": 3.0, "reason": "Stricter than the site's other leaders"},
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["calibrated_overall"], body["final_overall"]) == (
        "calibrated",
        3.0,
        3.0,
    )
    assert body["calibration_reason"] == "Stricter than the site's other leaders"
    event = AuditEvent.objects.filter(object_id=str(review.pk), action="update").latest("pk")
    assert event.changes["calibrated_overall"] == [None, 3.0]
    assert event.reason == "Stricter than the site's other leaders"


def test_a_null_overall_confirms_the_computed_rating(floor, cycle):
    review = scored(floor, cycle)

    body = (
        api_for("manager")
        .post(review_url(review, "calibrate"), {"overall": None}, format="json")
        .json()
    )

    assert (body["status"], body["calibrated_overall"]) == ("calibrated", None)
    assert body["final_overall"] == pytest.approx((0.2 * 4 + 0.1 * 3) / 0.3)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"overall": 3.0}, "reason"),
        ({"overall": 3.0, "reason": "   "}, "reason"),
        ({"overall": 7, "reason": "Outstanding"}, "overall"),
        ({"overall": "high", "reason": "Outstanding"}, "overall"),
        ({"reason": "Forgot the rating"}, "overall"),
    ],
)
def test_a_bad_calibration_is_a_400_naming_the_field_and_changes_nothing(floor, cycle, body, field):
    review = scored(floor, cycle)

    response = api_for("manager").post(review_url(review, "calibrate"), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    review.refresh_from_db()
    assert (review.status, review.calibrated_overall) == (ReviewStatus.DRAFT, None)


@pytest.mark.parametrize(("username", "status"), [("leader", 403), ("agent", 404), ("qa", 404)])
def test_only_managers_calibrate_and_a_refusal_changes_nothing(floor, cycle, username, status):
    review = scored(floor, cycle)
    events = AuditEvent.objects.count()

    response = api_for(username).post(
        review_url(review, "calibrate"), {"overall": 5.0, "reason": "Great"}, format="json"
    )

    assert response.status_code == status
    review.refresh_from_db()
    assert (review.status, review.calibrated_overall) == (ReviewStatus.DRAFT, None)
    assert AuditEvent.objects.count() == events


def test_a_calibrated_review_is_not_calibrated_again(floor, cycle):
    review = scored(floor, cycle)
    review_calibrate(actor=floor.user("manager"), review=review, overall=None)

    response = api_for("manager").post(
        review_url(review, "calibrate"), {"overall": 2.0, "reason": "Second thoughts"}
    )

    assert response.status_code == 400
    assert "status" in response.json()
    review.refresh_from_db()
    assert review.calibrated_overall is None


# ---- Releasing and acknowledging -----------------------------------------------------------


def test_the_leader_releases_a_calibrated_review_and_the_agent_acknowledges_it(floor, cycle):
    review = scored(floor, cycle)
    review_calibrate(actor=floor.user("manager"), review=review, overall=None)

    release = api_for("leader").post(review_url(review, "release"))
    acknowledge = api_for("agent").post(review_url(review, "acknowledge"))

    assert release.status_code == 200
    assert release.json()["released_at"] is not None
    assert acknowledge.status_code == 200
    assert acknowledge.json()["status"] == "acknowledged"
    assert acknowledge.json()["acknowledged_at"] is not None
    review.refresh_from_db()
    assert review.status == ReviewStatus.ACKNOWLEDGED


def test_a_draft_is_not_released(floor, cycle):
    review = scored(floor, cycle)

    response = api_for("leader").post(review_url(review, "release"))

    assert response.status_code == 400
    assert "status" in response.json()
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT


@pytest.mark.parametrize(("username", "status"), [("leader", 403), ("manager", 403)])
def test_only_the_agent_acknowledges_her_review(floor, cycle, username, status):
    review = released(floor, cycle)

    response = api_for(username).post(review_url(review, "acknowledge"))

    assert response.status_code == status
    review.refresh_from_db()
    assert (review.status, review.acknowledged_at) == (ReviewStatus.RELEASED, None)


def test_an_agent_cannot_acknowledge_another_agents_review(floor, cycle):
    adas = released(floor, cycle)

    response = api_for("mentor").post(review_url(adas, "acknowledge"))

    assert response.status_code == 404
    adas.refresh_from_db()
    assert adas.status == ReviewStatus.RELEASED


def test_acknowledging_twice_is_a_400_on_status(floor, cycle):
    review = released(floor, cycle)
    agent = api_for("agent")
    agent.post(review_url(review, "acknowledge"))
    first = Review.objects.get(pk=review.pk).acknowledged_at

    response = agent.post(review_url(review, "acknowledge"))

    assert response.status_code == 400
    assert "status" in response.json()
    assert Review.objects.get(pk=review.pk).acknowledged_at == first


# ---- Starting, scoring, feedback -----------------------------------------------------------


def test_the_leader_starts_a_review_and_a_second_one_is_refused_on_person(floor, cycle):
    url = reverse("api-review-cycle-reviews", args=[cycle.pk])
    leader = api_for("leader")

    first = leader.post(url, {"person": floor.agent.pk}, format="json")
    again = leader.post(url, {"person": floor.agent.pk}, format="json")

    assert first.status_code == 201, first.content
    assert (first.json()["person"], first.json()["status"]) == (floor.agent.pk, "draft")
    assert again.status_code == 400
    assert "person" in again.json()
    assert Review.objects.filter(person=floor.agent).count() == 1


@pytest.mark.parametrize("person", ["other_agent", "far_agent", "leader"])
def test_a_leader_starts_no_review_of_someone_she_does_not_lead(floor, cycle, person):
    response = api_for("leader").post(
        reverse("api-review-cycle-reviews", args=[cycle.pk]),
        {"person": getattr(floor, person).pk},
        format="json",
    )

    assert response.status_code == 400
    assert "person" in response.json()
    assert not Review.objects.exists()


@pytest.mark.parametrize("username", ["agent", "mentor", "qa", "planner"])
def test_those_who_write_no_reviews_are_refused_starting_one(floor, cycle, username):
    response = api_for(username).post(
        reverse("api-review-cycle-reviews", args=[cycle.pk]),
        {"person": floor.agent.pk},
        format="json",
    )

    assert response.status_code == 403
    assert not Review.objects.exists()


def test_the_leader_scores_a_draft_and_fields_left_out_stay(floor, cycle):
    review = scored(floor, cycle)

    response = api_for("leader").patch(review_url(review), {"leader_score": 2.0}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["leader_score"], body["narrative"]) == (2.0, "Steady quarter")
    assert body["overall"] == pytest.approx((0.2 * 2 + 0.1 * 3) / 0.3)
    event = AuditEvent.objects.filter(object_id=str(review.pk), action="update").latest("pk")
    assert event.changes["leader_score"] == [4.0, 2.0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"leader_score": 6}, "leader_score"),
        ({"competencies_score": 0.5}, "competencies_score"),
        ({"goal_attainment": "lots"}, "goal_attainment"),
    ],
)
def test_a_bad_score_is_a_400_naming_the_field_and_changes_nothing(floor, cycle, body, field):
    review = scored(floor, cycle)

    response = api_for("leader").patch(review_url(review), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    review.refresh_from_db()
    assert (review.leader_score, review.competencies_score) == (4.0, None)


@pytest.mark.parametrize(("username", "status"), [("agent", 404), ("mentor", 404), ("qa", 404)])
def test_a_refused_score_changes_nothing(floor, cycle, username, status):
    review = scored(floor, cycle)

    response = api_for(username).patch(review_url(review), {"leader_score": 1}, format="json")

    assert response.status_code == status
    review.refresh_from_db()
    assert review.leader_score == 4.0


def test_a_released_review_is_not_scored_again(floor, cycle):
    review = released(floor, cycle)

    response = api_for("leader").patch(review_url(review), {"leader_score": 1}, format="json")

    assert response.status_code == 400
    assert "status" in response.json()


def test_a_teammate_gives_peer_feedback_once(floor, cycle):
    review = review_start(actor=floor.user("leader"), cycle=cycle, person=floor.agent)
    url = review_url(review, "feedback")
    mira = api_for("mentor")

    given = mira.post(url, {"rating": 4, "text": "Always helps"}, format="json")
    again = mira.post(url, {"rating": 5, "text": "Even more"}, format="json")

    assert given.status_code == 201, given.content
    assert given.json() == {
        "review": review.pk,
        "kind": "peer",
        "rating": 4.0,
        "text": "Always helps",
    }
    assert again.status_code == 400
    assert "text" in again.json()
    assert review.feedback.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [({"rating": 0, "text": "x"}, "rating"), ({"rating": 3, "text": "  "}, "text"), ({}, "rating")],
)
def test_bad_feedback_is_a_400_naming_the_field(floor, cycle, body, field):
    review = review_start(actor=floor.user("leader"), cycle=cycle, person=floor.agent)

    response = api_for("agent").post(review_url(review, "feedback"), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not review.feedback.exists()


@pytest.mark.parametrize(("username", "status"), [("leader", 403), ("other_agent", 404)])
def test_those_with_no_feedback_to_give_are_refused(floor, cycle, username, status):
    review = review_start(actor=floor.user("leader"), cycle=cycle, person=floor.agent)

    response = api_for(username).post(
        review_url(review, "feedback"), {"rating": 3, "text": "Hm"}, format="json"
    )

    assert response.status_code == status
    assert not review.feedback.exists()
