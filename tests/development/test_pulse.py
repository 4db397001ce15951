"""Agents tell how engaged they feel; the stage engine and their leader read it."""

from django.contrib.messages import get_messages
from django.urls import reverse

from floorwalk.accounts.models import User
from floorwalk.development.evidence import engagement_signal
from floorwalk.development.models import EngagementScore
from tests.conftest import client_for, site_today


def answer(client, value):
    return client.post(reverse("development:pulse"), {"answer": value})


def test_an_agent_answers_and_the_engine_reads_it(floor):
    client = client_for(floor.user("agent"))

    response = answer(client, "4")

    assert response.status_code == 302
    [score] = EngagementScore.objects.filter(person=floor.agent)
    today = site_today(floor.north)
    assert (score.score, score.source, score.measured_on) == (75.0, "pulse", today)
    assert engagement_signal(floor.agent, today=today).score == 75.0


def test_answering_again_the_same_day_replaces_the_answer(floor):
    client = client_for(floor.user("agent"))

    answer(client, "4")
    answer(client, "1")

    assert list(EngagementScore.objects.values_list("score", flat=True)) == [0.0]


def test_an_answer_out_of_the_five_is_refused_with_a_message(floor):
    response = answer(client_for(floor.user("agent")), "9")

    assert response.status_code == 302
    assert not EngagementScore.objects.exists()
    [message] = get_messages(response.wsgi_request)
    assert "Select a valid choice" in str(message)


def test_someone_without_a_person_record_cannot_answer(floor):
    user = User.objects.create_user("service", password="x")

    assert answer(client_for(user), "3").status_code == 403


def test_the_card_is_on_agents_home_pages_only(floor):
    agent_home = client_for(floor.user("agent")).get(reverse("home")).content.decode()
    leader_home = client_for(floor.user("leader")).get(reverse("home")).content.decode()

    assert "Pulse check" in agent_home
    assert reverse("development:pulse") in agent_home
    assert "Pulse check" not in leader_home
