"""Suggestions (the author, the team when shared, the leaders answer) and attrition-risk
signals (only for those who read the agent's HR notes, explained in words and numbers)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from floorwalk.development.models import EngagementScore
from floorwalk.experience.listening_selectors import attrition_for
from floorwalk.experience.listening_services import suggestion_answer, suggestion_create
from floorwalk.experience.models.listening import RetentionNote, Suggestion
from floorwalk.metrics.models.interactions import DailyAgentQueueStats
from floorwalk.org.models import Queue
from floorwalk.scheduling.models import Schedule, ScheduledShift
from tests.conftest import client_for

TODAY = date(2026, 11, 30)


def test_a_shared_suggestion_is_seen_by_the_team_and_an_unshared_one_only_by_its_author(floor):
    shared = suggestion_create(actor=floor.user("agent"), title="Quiet room", shared=True)
    private = suggestion_create(actor=floor.user("agent"), title="My own idea", shared=False)

    mentor_list = client_for("mentor").get(reverse("experience:suggestions")).content.decode()
    other_list = client_for("other_agent").get(reverse("experience:suggestions")).content.decode()
    leader_list = client_for("leader").get(reverse("experience:suggestions")).content.decode()

    assert "Quiet room" in mentor_list
    assert "My own idea" not in mentor_list
    assert "Quiet room" not in other_list
    assert "Quiet room" in leader_list
    assert "My own idea" in leader_list
    assert (shared.team, private.team, shared.site) == (floor.alpha, floor.alpha, floor.north)


def test_the_leader_answers_and_the_author_is_told_on_their_home_page(floor):
    suggestion = suggestion_create(actor=floor.user("agent"), title="Quiet room", shared=True)

    response = client_for("leader").post(
        reverse("experience:suggestion_answer", args=[suggestion.pk]),
        {"status": "planned", "answer": "We will set one up in January."},
    )
    home = client_for("agent").get(reverse("home")).content.decode()
    detail = client_for("agent").get(reverse("experience:suggestion", args=[suggestion.pk]))
    home_after = client_for("agent").get(reverse("home")).content.decode()

    suggestion.refresh_from_db()
    assert response.status_code == 302
    assert (suggestion.status, suggestion.answer) == ("planned", "We will set one up in January.")
    assert suggestion.answered_on == timezone.localdate()
    assert "Your suggestion “Quiet room” has an answer: Planned." in home
    assert "We will set one up in January." in detail.content.decode()
    assert "has an answer" not in home_after


def test_an_agent_cannot_answer_a_suggestion_and_nothing_changes(floor):
    suggestion = suggestion_create(actor=floor.user("agent"), title="Quiet room", shared=True)

    with pytest.raises(PermissionDenied):
        suggestion_answer(
            actor=floor.user("mentor"),
            suggestion=suggestion,
            status="done",
            answer="Done!",
            today=TODAY,
        )
    response = client_for("other_leader").post(
        reverse("experience:suggestion_answer", args=[suggestion.pk]),
        {"status": "done", "answer": "Done"},
    )

    assert response.status_code == 404
    assert Suggestion.objects.get().status == "new"
    assert Suggestion.objects.get().answer == ""


def test_a_suggestion_without_a_title_is_refused_with_the_reason(floor):
    response = client_for("agent").post(reverse("experience:suggestion_new"), {"title": " "})

    assert response.status_code == 400
    assert "Give your suggestion a title." in response.content.decode()
    assert Suggestion.objects.count() == 0


def test_the_api_lists_and_answers_suggestions(floor):
    created = client_for("agent").post(
        reverse("api-suggestions"), {"title": "Headsets", "shared": True}, format="json"
    )
    pk = created.json()["id"]

    answered = client_for("manager").post(
        reverse("api-suggestion-answer", args=[pk]),
        {"status": "done", "answer": "Ordered"},
    )

    assert created.status_code == 201
    assert answered.status_code == 200
    assert (answered.json()["status"], answered.json()["answer"]) == ("done", "Ordered")
    assert client_for("other_agent").get(reverse("api-suggestion", args=[pk])).status_code == 404


# ---- Attrition-risk signals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("leader", 200),
        ("manager", 200),
        ("admin", 200),
        ("agent", 404),
        ("mentor", 404),
        ("other_agent", 404),
        ("other_leader", 404),
        ("qa", 404),
        ("planner", 404),
    ],
)
def test_only_those_who_read_hr_notes_see_an_agents_signals(floor, role, status):
    RetentionNote.objects.create(
        person=floor.agent,
        noted_on=timezone.localdate(),
        said="Thinking of leaving for day shifts",
        recorded_by=floor.user("leader"),
    )

    page = client_for(role).get(reverse("experience:attrition_person", args=[floor.agent.pk]))
    api = client_for(role).get(reverse("api-person-attrition", args=[floor.agent.pk]))

    assert page.status_code == status
    assert api.status_code == status
    assert ("Thinking of leaving" in page.content.decode()) is (status == 200)


def test_a_mentor_cannot_record_a_retention_note_and_nothing_is_stored(floor):
    response = client_for("mentor").post(
        reverse("experience:attrition_person", args=[floor.agent.pk]),
        {"noted_on": "2026-11-01", "said": "Wants to leave"},
    )

    assert response.status_code == 404
    assert RetentionNote.objects.count() == 0


def test_the_leader_records_a_wish_to_leave_and_it_shows_as_a_signal(floor):
    today = timezone.localdate()
    client = client_for("leader")

    response = client.post(
        reverse("experience:attrition_person", args=[floor.agent.pk]),
        {"noted_on": today.isoformat(), "said": "Has an offer from a bank"},
    )
    team = client.get(reverse("experience:attrition_team", args=[floor.alpha.pk]))

    assert response.status_code == 302
    body = team.content.decode()
    assert "Ada Agent" in body
    assert f"On {today.isoformat()} said they may leave: “Has an offer from a bank”" in body
    assert "Mira Mentor" not in body  # no signal, not listed


def test_falling_named_engagement_is_a_signal_with_its_numbers(floor):
    # Given check-ins of 80, 60 and 40, thirty days apart: −20 points per 30 days,
    # −20 / (30 / 30.44) = −20.29 points a month
    EngagementScore.objects.bulk_create(
        EngagementScore(person=floor.agent, measured_on=TODAY - timedelta(days=days), score=score)
        for days, score in ((61, 80.0), (31, 60.0), (1, 40.0))
    )

    risk = attrition_for(floor.agent, TODAY)

    assert [signal.evidence for signal in risk.signals] == [
        "Engagement check-ins fall by 20.3 points a month over 3 check-ins in 90 days; "
        "the newest is 40/100."
    ]
    assert risk.level == "medium"


def test_rising_absence_on_scheduled_days_is_a_signal_with_its_numbers(floor):
    # Given shifts on 10 days of the last 4 weeks (3 with nothing recorded) and on 20 days of
    # the 8 weeks before (1 with nothing recorded): 30 % against 5 %
    queue = Queue.objects.create(name="Voice", channel="voice", site=floor.north)
    recent = [TODAY - timedelta(days=days) for days in range(1, 11)]
    earlier = [TODAY - timedelta(days=days) for days in range(30, 50)]
    worked = recent[3:] + earlier[1:]
    for start, days in ((TODAY - timedelta(days=84), 56), (TODAY - timedelta(days=28), 28)):
        schedule = Schedule.objects.create(
            site=floor.north, start_date=start, days=days, status="published", version=1
        )
        ScheduledShift.objects.bulk_create(
            ScheduledShift(
                schedule=schedule,
                person=floor.agent,
                start=datetime.combine(day, time(9), tzinfo=UTC),
                end=datetime.combine(day, time(17), tzinfo=UTC),
            )
            for day in recent + earlier
            if start <= day < start + timedelta(days=days)
        )
    DailyAgentQueueStats.objects.bulk_create(
        DailyAgentQueueStats(agent=floor.agent, date=day, queue=queue, channel="voice", contacts=5)
        for day in worked
    )

    risk = attrition_for(floor.agent, TODAY)

    assert [signal.evidence for signal in risk.signals] == [
        "Absent 3 of 10 scheduled days in the last 4 weeks (30 %), against 1 of 20 in the "
        "8 weeks before (5 %)."
    ]


def test_anonymous_answers_never_feed_the_signals(floor):
    from tests.experience.listening_factories import a_survey, answer

    survey = a_survey(floor, [floor.alpha], today=TODAY - timedelta(days=1))
    answer(floor.user("agent"), survey, 0, day=TODAY - timedelta(days=1))

    assert attrition_for(floor.agent, TODAY).signals == ()
    assert EngagementScore.objects.count() == 0


def test_a_metric_worse_after_a_stage_change_is_a_signal_with_its_numbers(floor):
    # Given a move from R1 to R2 on 1 October, and CSAT of 36 of 40 surveys satisfied in the
    # four weeks before (90 %) against 28 of 40 in the four weeks after (70 %): 22 % worse
    from floorwalk.development.models import StageAssignment

    changed_on = date(2026, 10, 1)
    for stage, day in (("R1", date(2026, 6, 1)), ("R2", changed_on)):
        StageAssignment.objects.create(
            person=floor.agent,
            stage=stage,
            set_by=floor.user("leader"),
            set_at=datetime.combine(day, time(10), tzinfo=UTC),
        )
    queue = Queue.objects.create(name="Voice", channel="voice", site=floor.north)
    DailyAgentQueueStats.objects.bulk_create(
        DailyAgentQueueStats(
            agent=floor.agent,
            date=day,
            queue=queue,
            channel="voice",
            csat_responses=40,
            csat_satisfied=satisfied,
        )
        for day, satisfied in ((date(2026, 9, 15), 36), (date(2026, 10, 15), 28))
    )

    risk = attrition_for(floor.agent, TODAY)

    assert [signal.evidence for signal in risk.signals] == [
        "Customer satisfaction (CSAT) 90.0 → 70.0 (22 % worse) in the 4 weeks after the move "
        "to R2 · growing, needs coaching on 2026-10-01, against the 4 weeks before."
    ]
    assert (risk.points, risk.level) == (1, "low")


def test_the_team_and_person_pages_load_the_signals_only_for_hr_note_readers(floor):
    team_url = reverse("experience:attrition_team", args=[floor.alpha.pk])
    person_url = reverse("experience:attrition_person", args=[floor.agent.pk])

    leader_team = client_for("leader").get(reverse("org:team", args=[floor.alpha.pk]))
    leader_person = client_for("leader").get(reverse("org:person", args=[floor.agent.pk]))
    mentor_person = client_for("mentor").get(reverse("org:person", args=[floor.agent.pk]))
    own_person = client_for("agent").get(reverse("org:person", args=[floor.agent.pk]))

    assert f'hx-get="{team_url}"' in leader_team.content.decode()
    assert f'hx-get="{person_url}"' in leader_person.content.decode()
    assert person_url not in mentor_person.content.decode()
    assert person_url not in own_person.content.decode()
