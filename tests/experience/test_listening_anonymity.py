"""Anonymity, truly: nothing stored, audited or returned ties a person to an anonymous answer;
a named survey says so and keeps the person; each person answers a round once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from floorwalk.accounts.models import User
from floorwalk.audit.models import AuditEvent
from floorwalk.development.models import EngagementScore
from floorwalk.experience.models.listening import (
    NamedResponse,
    PulseAnswer,
    PulseParticipation,
    PulseResponse,
    PulseRound,
)
from floorwalk.org.models import Person
from tests.conftest import client_for
from tests.experience.listening_factories import DAY, a_survey, answer


def _fields(model):
    return [field for field in model._meta.get_fields() if field.concrete]


@pytest.mark.parametrize("model", [PulseResponse, PulseAnswer])
def test_no_field_of_responses_or_answers_refers_to_a_person_or_a_user(model):
    related = {
        field.name: field.related_model
        for field in model._meta.get_fields()
        if field.is_relation and field.related_model is not None
    }

    assert [name for name, target in related.items() if target in (Person, User)] == []


@pytest.mark.parametrize("model", [PulseResponse, PulseAnswer, PulseParticipation])
def test_no_time_finer_than_a_date_and_random_keys(model):
    assert [f.name for f in _fields(model) if isinstance(f, models.DateTimeField)] == []
    assert isinstance(model._meta.pk, models.UUIDField)
    assert model._meta.ordering == []


def test_responses_and_participations_share_nothing_but_the_round():
    response = {f.name for f in _fields(PulseResponse)}
    participation = {f.name for f in _fields(PulseParticipation)}

    assert response == {"id", "round", "team", "submitted_on"}
    assert participation == {"id", "round", "person", "answered_on"}
    assert response & participation == {"id", "round"}  # the ids are unrelated random UUIDs


def test_an_anonymous_answer_stores_no_link_and_no_audit_entry(floor):
    survey = a_survey(floor, [floor.alpha])
    audit_before = AuditEvent.objects.count()

    answer(floor.user("agent"), survey, 9, text="More coaching please")

    response = PulseResponse.objects.get()
    participation = PulseParticipation.objects.get()
    assert (response.team_id, response.submitted_on) == (floor.alpha.pk, DAY)
    assert (participation.person_id, participation.answered_on) == (floor.agent.pk, DAY)
    assert response.pk != participation.pk
    assert NamedResponse.objects.count() == 0
    assert EngagementScore.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before
    assert sorted(PulseAnswer.objects.values_list("number", flat=True), key=str) == [9, None]


def test_responses_cannot_be_ordered_against_participations(floor):
    # Given three people answering one after another the same day
    survey = a_survey(floor, [floor.alpha])
    for username, score in (("agent", 0), ("mentor", 5), ("leader", 10)):
        floor.leader.team = floor.alpha
        floor.leader.save()
        answer(User.objects.get(username=username), survey, score)

    # Then every row of both tables carries the same date and a random key, nothing else that
    # could order them: the ids sort independently of the order of answering
    assert set(PulseResponse.objects.values_list("submitted_on", flat=True)) == {DAY}
    assert set(PulseParticipation.objects.values_list("answered_on", flat=True)) == {DAY}
    assert all(len(str(pk)) == 36 for pk in PulseResponse.objects.values_list("pk", flat=True))


def test_a_second_answer_is_refused_and_changes_nothing(floor):
    survey = a_survey(floor, [floor.alpha])
    answer(floor.user("agent"), survey, 9)

    with pytest.raises(ValidationError, match="already answered"):
        answer(floor.user("agent"), survey, 2)

    assert PulseResponse.objects.count() == 1
    assert list(PulseAnswer.objects.exclude(number=None).values_list("number", flat=True)) == [9]


def test_the_answer_page_refuses_a_second_answer(floor):
    survey = a_survey(floor, [floor.alpha], today=timezone.localdate())
    round_ = PulseRound.objects.get(survey=survey)
    enps = survey.questions.get(kind="enps")
    client = client_for("agent")
    url = reverse("experience:pulse_answer", args=[round_.pk])

    first = client.post(url, {f"q{enps.pk}": "8"})
    second = client.post(url, {f"q{enps.pk}": "1"})

    assert first.status_code == 302
    assert second.status_code == 409
    assert "You have answered this round" in second.content.decode()
    assert PulseResponse.objects.count() == 1


def test_the_api_refuses_a_second_answer(floor):
    survey = a_survey(floor, [floor.alpha], today=timezone.localdate())
    round_ = PulseRound.objects.get(survey=survey)
    enps = survey.questions.get(kind="enps")
    client = client_for("agent")
    url = reverse("api-pulse-round-answer", args=[round_.pk])

    first = client.post(url, {"answers": {str(enps.pk): 8}}, content_type="application/json")
    second = client.post(url, {"answers": {str(enps.pk): 1}}, content_type="application/json")

    assert first.status_code == 201
    assert first.json() == {"answered": True}
    assert second.status_code == 400
    assert second.json() == {"answers": ["You have already answered this round."]}
    assert PulseResponse.objects.count() == 1


def test_the_answer_page_says_whether_the_survey_is_anonymous(floor):
    anonymous = a_survey(floor, [floor.alpha])
    named = a_survey(floor, [floor.alpha], anonymous=False, title="Named check-in")
    client = client_for("agent")

    anonymous_page = client.get(
        reverse("experience:pulse_answer", args=[anonymous.rounds.get().pk])
    ).content.decode()
    named_page = client.get(
        reverse("experience:pulse_answer", args=[named.rounds.get().pk])
    ).content.decode()

    assert "This survey is anonymous" in anonymous_page
    assert "NOT anonymous: your name is stored with your answers" in named_page


def test_a_named_answer_keeps_the_person_and_counts_as_an_engagement_check_in(floor):
    survey = a_survey(floor, [floor.alpha], anonymous=False)

    answer(floor.user("agent"), survey, 7)

    assert NamedResponse.objects.get().person == floor.agent
    score = EngagementScore.objects.get()
    assert (score.person, score.measured_on, score.score) == (floor.agent, DAY, 70.0)


def test_only_members_of_a_target_team_answer(floor):
    survey = a_survey(floor, [floor.alpha])

    with pytest.raises(PermissionDenied):
        answer(floor.user("other_agent"), survey, 9)

    assert PulseResponse.objects.count() == 0
