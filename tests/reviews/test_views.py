"""Review pages: the agent sees their review only once released and never who gave
anonymous feedback; leaders score, managers calibrate with a reason."""

from django.urls import reverse

from floorwalk.reviews.models import Review, ReviewStatus
from floorwalk.reviews.services import (
    review_calibrate,
    review_feedback_give,
    review_release,
    review_start,
)
from tests.conftest import client_for
from tests.goals.conftest import add_week


def started(floor, cycle):
    return review_start(actor=floor.user("leader"), cycle=cycle, person=floor.agent)


def test_a_leader_starts_and_scores_a_review_on_the_pages(floor, cycle):
    leader = client_for(floor.user("leader"))

    response = leader.post(reverse("reviews:cycle", args=[cycle.pk]), {"person": floor.agent.pk})
    review = Review.objects.get(person=floor.agent)
    assert response.url == reverse("reviews:review", args=[review.pk])

    response = leader.post(
        reverse("reviews:review", args=[review.pk]),
        {"action": "score", "goal_attainment": "97", "leader_score": "4", "narrative": "Good"},
    )

    review.refresh_from_db()
    assert response.status_code == 302
    assert (review.goals_score, review.leader_score) == (4, 4.0)
    # Without competencies or peers: 0.4 and 0.2 scaled to one.
    assert abs(review.overall - (0.4 * 4 + 0.2 * 4) / 0.6) < 1e-9


def test_a_rating_off_the_scale_is_an_error_on_its_field(floor, cycle):
    review = started(floor, cycle)

    response = client_for(floor.user("leader")).post(
        reverse("reviews:review", args=[review.pk]), {"action": "score", "leader_score": "7"}
    )

    assert response.status_code == 400
    assert "leader_score" in response.context["score_form"].errors


def test_calibrating_a_change_without_a_reason_is_refused_on_the_page(floor, cycle):
    review = started(floor, cycle)

    response = client_for(floor.user("manager")).post(
        reverse("reviews:review", args=[review.pk]), {"action": "calibrate", "overall": "2"}
    )

    assert response.status_code == 400
    assert "reason" in response.context["calibrate_form"].errors
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT


def test_the_agent_sees_their_review_only_once_released_and_not_who_gave_peer_feedback(
    floor, cycle
):
    review = started(floor, cycle)
    review_feedback_give(actor=floor.user("mentor"), review=review, rating=5, text="Kind")
    agent = client_for(floor.user("agent"))
    url = reverse("reviews:review", args=[review.pk])

    assert agent.get(url).status_code == 404
    review_calibrate(actor=floor.user("manager"), review=review, overall=None)
    review_release(actor=floor.user("leader"), review=review)
    page = agent.get(url)

    assert page.status_code == 200
    [peer] = page.context["feedback"]
    assert (peer.rating, peer.author) == (5, "")  # the template makes peers anonymous
    leader_view = client_for(floor.user("leader")).get(url).context["feedback"]
    assert leader_view[0].author == "Mira Mentor"


def test_agents_never_see_others_reviews(floor, cycle):
    review = started(floor, cycle)
    review_calibrate(actor=floor.user("manager"), review=review, overall=None)
    review_release(actor=floor.user("leader"), review=review)

    for username in ("mentor", "other_agent", "qa", "planner"):
        client = client_for(floor.user(username))
        assert client.get(reverse("reviews:review", args=[review.pk])).status_code == 404
        assert review not in client.get(reverse("reviews:home")).context["reviews"]


def test_teammates_are_asked_for_feedback_and_give_it(floor, cycle):
    review = started(floor, cycle)
    mentor = client_for(floor.user("mentor"))

    assert mentor.get(reverse("reviews:home")).context["awaiting"] == [review]
    mentor.post(reverse("reviews:feedback", args=[review.pk]), {"rating": "4", "text": "Calm"})

    assert review.feedback.get().kind == "peer"
    assert mentor.get(reverse("reviews:home")).context["awaiting"] == []


def test_the_calibration_table_shows_each_reviewers_ratings(floor, cycle):
    # Ada's results in the period: 40 of 50 contacts resolved first time, 200 s talk each.
    add_week(floor.agent, cycle.period_start, handled=50, resolved=40)
    review = started(floor, cycle)
    client_for(floor.user("leader")).post(
        reverse("reviews:review", args=[review.pk]), {"action": "score", "leader_score": "4"}
    )

    rows = client_for(floor.user("manager")).get(reverse("reviews:cycle", args=[cycle.pk]))

    [row] = rows.context["calibration"]
    assert (row.reviewer, row.team, row.distribution.counts[4]) == (
        floor.leader.display_name,
        "Alpha",
        1,
    )
