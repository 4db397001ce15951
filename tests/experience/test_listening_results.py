"""Results of a round: response rate, eNPS, scale averages, choice counts and free text, with
the group minimum and secondary suppression the same on the page, the API and the CSV; trends
across rounds; the command that opens due rounds."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from floorwalk.experience.listening_selectors import round_results, survey_trend
from floorwalk.experience.listening_services import OpenDueResult, pulse_open_due
from floorwalk.experience.models.listening import PulseRound, RoundStatus
from tests.conftest import client_for
from tests.experience.listening_factories import a_survey, answer, delta_team, members


@pytest.fixture
def answered(floor):
    """Minimum 3. Alpha: 4 answers (Ada, Mira + 2 more), all 9s. Beta: 2 answers, 0s.
    Delta: 5 answers 10, 9, 8, 6, 0.

    Beta (2) is below 3; alone it could be worked out from the total, so Alpha (4, the
    smallest shown team) is hidden too: 2 + 4 = 6 ≥ 3. Delta and the total show."""
    delta = delta_team(floor)
    alpha_more = members(floor.alpha, 2, "alpha")
    beta_more = members(floor.beta, 1, "beta")
    delta_people = members(delta, 5, "delta")
    survey = a_survey(floor, [floor.alpha, floor.beta, delta])
    for user in [floor.user("agent"), floor.user("mentor"), *alpha_more]:
        answer(user, survey, 9, text="Alpha's secret wish", scale=4, choice="Early")
    for user in [floor.user("other_agent"), *beta_more]:
        answer(user, survey, 0, text="Beta's secret wish", scale=1, choice="Late")
    for user, score in zip(delta_people, [10, 9, 8, 6, 0], strict=True):
        answer(user, survey, score, text=f"Delta says {score}", scale=3, choice="Late")
    return survey


def test_the_manager_reads_every_team_with_the_minimum_and_secondary_suppression(floor, answered):
    results = round_results(answered.rounds.get(), floor.user("manager"))

    cells = {cell.label: cell for cell in results.teams}
    assert [(c.label, c.shown, c.secondary) for c in results.teams] == [
        ("Alpha", False, True),
        ("Beta", False, False),
        ("Delta", True, False),
    ]
    assert cells["Alpha"].enps is None
    assert cells["Alpha"].questions == []
    # Delta: promoters 10, 9; passive 8; detractors 6, 0 → 40 % − 40 % = 0
    delta = cells["Delta"]
    assert (delta.enps.promoters, delta.enps.passives, delta.enps.detractors) == (2, 1, 2)
    assert delta.enps.score == 0.0
    assert delta.distribution == [1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1]
    # Total of 11: promoters 4 + 2 = 6, detractors 2 + 2 = 4 → (6 − 4) / 11 = 18.18 %
    assert results.total.respondents == 11
    assert results.total.enps.score == pytest.approx(200 / 11)
    scale = next(q for q in results.total.questions if q.question.kind == "scale")
    # (4 × 4 + 2 × 1 + 5 × 3) / 11 = 33 / 11 = 3
    assert scale.average == 3.0
    choice = next(q for q in results.total.questions if q.question.kind == "choice")
    assert choice.counts == [("Early", 4), ("Late", 7)]
    # Asked: Alpha 4 (Ada, Mira, 2 more), Beta 2, Delta 5 = 11; all answered
    assert (results.invited, results.answered, results.response_rate) == (11, 11, 100.0)


def test_a_leader_sees_only_their_team_and_no_total(floor, answered):
    results = round_results(answered.rounds.get(), floor.user("leader"))

    assert [(c.label, c.shown) for c in results.teams] == [("Alpha", False)]
    assert results.total is None


def test_the_page_shows_fewer_than_n_and_never_a_hidden_groups_text(floor, answered):
    leader_page = client_for("leader").get(reverse("experience:pulse_survey", args=[answered.pk]))
    manager_page = client_for("manager").get(reverse("experience:pulse_survey", args=[answered.pk]))

    leader_body = leader_page.content.decode()
    assert leader_page.status_code == 200
    assert "hidden*" in leader_body
    assert "Alpha&#x27;s secret wish" not in leader_body
    assert "Delta says" not in leader_body
    manager_body = manager_page.content.decode()
    assert "Delta says 10" in manager_body
    assert "Response rate: 11 of 11 asked (100 %)." in manager_body


def test_the_api_applies_the_same_suppression(floor, answered):
    response = client_for("leader").get(reverse("api-pulse-survey-results", args=[answered.pk]))

    assert response.status_code == 200
    assert response.json()["teams"] == [
        {
            "group": "Alpha",
            "team": floor.alpha.pk,
            "shown": False,
            "respondents": "hidden",
            "secondary": True,
        }
    ]
    assert response.json()["total"] is None
    manager = client_for("manager").get(reverse("api-pulse-survey-results", args=[answered.pk]))
    delta = manager.json()["teams"][2]
    assert (delta["respondents"], delta["enps"]["score"]) == (5, 0.0)
    assert "Beta's secret wish" not in str(manager.json()["teams"])


def test_the_csv_applies_the_same_suppression(floor, answered):
    response = client_for("manager").get(
        reverse("experience:pulse_survey", args=[answered.pk]), {"format": "csv"}
    )

    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[1] == "1,2026-11-02,Alpha,hidden,,,"
    assert lines[2] == "1,2026-11-02,Beta,fewer than 3,,,"
    assert lines[3] == "1,2026-11-02,Delta,5,eNPS,eNPS,0.0"
    assert not any("secret wish" in line and ",Delta," in line for line in lines)
    assert not any(",Alpha," in line and "wish" in line for line in lines)


def test_a_small_survey_shows_neither_teams_nor_total(floor):
    survey = a_survey(floor, [floor.alpha], minimum=5)
    answer(floor.user("agent"), survey, 10, text="Only me")

    results = round_results(survey.rounds.get(), floor.user("manager"))
    body = client_for("manager").get(reverse("experience:pulse_survey", args=[survey.pk]))

    assert results.total.shown is False
    assert "Only me" not in body.content.decode()


def test_open_due_creates_and_opens_the_next_rounds_once(floor):
    survey = a_survey(
        floor, [floor.alpha], recurrence="monthly", today=date(2026, 1, 10), open_days=5
    )

    first = pulse_open_due(today=date(2026, 2, 10))
    again = pulse_open_due(today=date(2026, 2, 10))

    # Round 1 (10–14 Jan) closes; round 2 (10 Feb) is made and opens; round 3 (10 Mar) waits
    assert first == OpenDueResult(opened=1, closed=1, created=2)
    assert again == OpenDueResult(opened=0, closed=0, created=0)
    assert list(
        PulseRound.objects.filter(survey=survey).values_list(
            "number", "opens_on", "closes_on", "status"
        )
    ) == [
        (1, date(2026, 1, 10), date(2026, 1, 14), RoundStatus.CLOSED),
        (2, date(2026, 2, 10), date(2026, 2, 14), RoundStatus.OPEN),
        (3, date(2026, 3, 10), date(2026, 3, 14), RoundStatus.SCHEDULED),
    ]


def test_the_command_prints_what_it_did(floor, capsys):
    a_survey(floor, [floor.alpha], recurrence="weekly", today=date(2026, 1, 5))

    call_command("pulse", "open-due", "--on", "2026-01-12")

    assert capsys.readouterr().out.strip() == (
        "Pulse rounds on 2026-01-12: 1 opened, 1 closed, 2 next rounds created."
    )


def test_the_trend_shows_each_teams_enps_per_round_and_hides_small_cells(floor):
    delta = delta_team(floor)
    people = members(delta, 3, "delta")
    survey = a_survey(floor, [floor.alpha, delta], recurrence="weekly", today=date(2026, 1, 5))
    for user in people:
        answer(user, survey, 10, day=date(2026, 1, 5))
    answer(floor.user("agent"), survey, 10, day=date(2026, 1, 5))
    pulse_open_due(today=date(2026, 1, 12))
    for user, score in zip(people, [10, 0, 0], strict=True):
        answer(user, survey, score, day=date(2026, 1, 12), number=2)

    rounds, trend = survey_trend(survey, floor.user("manager"))

    # Round 1: Alpha has 1 answer (hidden), so Delta (3) is hidden too: 1 + 3 ≥ 3
    # Round 2: Delta alone, 1 promoter and 2 detractors of 3 → −33.3
    assert [r.number for r in rounds] == [1, 2]
    values = {row.team.name: [(c.score, c.shown) for c in row.values] for row in trend}
    assert values["Alpha"] == [(None, False), (None, False)]
    assert values["Delta"][0] == (None, False)
    assert values["Delta"][1][0] == pytest.approx(-100 / 3)


def test_a_survey_cannot_have_a_minimum_below_three(floor):
    response = client_for("manager").post(
        reverse("experience:pulse_new"),
        {
            "title": "Tiny groups",
            "site": floor.north.pk,
            "teams": [floor.alpha.pk],
            "anonymous": "on",
            "min_group_size": 2,
            "recurrence": "none",
            "opens_on": "2099-01-01",
            "open_days": 7,
            "include_enps": "on",
        },
    )

    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 3." in response.content.decode()
    assert not answered_surveys()


def answered_surveys():
    from floorwalk.experience.models.listening import PulseSurvey

    return list(PulseSurvey.objects.all())


def test_a_leader_creates_a_survey_of_their_team_only(floor):
    data = {
        "title": "Alpha check",
        "site": floor.north.pk,
        "anonymous": "on",
        "min_group_size": 5,
        "recurrence": "monthly",
        "opens_on": "2099-01-01",
        "open_days": 7,
        "include_enps": "on",
        "q1_kind": "choice",
        "q1_text": "Preferred break",
        "q1_choices": "Short\nLong",
    }
    client = client_for("leader")

    refused = client.post(reverse("experience:pulse_new"), {**data, "teams": [floor.beta.pk]})
    created = client.post(reverse("experience:pulse_new"), {**data, "teams": [floor.alpha.pk]})

    assert refused.status_code == 400
    assert created.status_code == 302
    survey = answered_surveys()[0]
    assert [(q.kind, q.choices) for q in survey.questions.all()] == [
        ("enps", []),
        ("choice", ["Short", "Long"]),
    ]
    assert list(survey.teams.all()) == [floor.alpha]
