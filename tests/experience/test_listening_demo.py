"""The demo's listening on the tiny generated floor: a monthly anonymous pulse with three
answered rounds (one suppressed cell), an open round the demo agent can answer, suggestions
with answers and one wish to leave that shows as a signal."""

from datetime import timedelta

from floorwalk.accounts.models import User
from floorwalk.experience.listening_demo import listening_demo_load
from floorwalk.experience.listening_selectors import (
    attrition_for,
    open_rounds_for,
    round_results,
    survey_trend,
)
from floorwalk.experience.models.listening import (
    NamedResponse,
    PulseRound,
    PulseSurvey,
    RetentionNote,
    RoundStatus,
    Suggestion,
)
from tests.conftest import TINY


def test_the_demo_loads_a_pulse_with_results_a_trend_and_an_open_round(loaded_tiny_floor):
    today = TINY.end + timedelta(days=1)

    result = listening_demo_load(today=today, seed=TINY.seed)

    survey = PulseSurvey.objects.get()
    manager = User.objects.get(username="manager")
    rounds = list(PulseRound.objects.filter(survey=survey).order_by("number"))
    assert survey.anonymous is True
    assert [q.kind for q in survey.questions.all()] == ["enps", "scale", "choice", "text"]
    assert [r.status for r in rounds[:4]] == [
        RoundStatus.CLOSED,
        RoundStatus.CLOSED,
        RoundStatus.CLOSED,
        RoundStatus.OPEN,
    ]
    assert (result.answered_rounds, result.open_rounds) == (3, 1)
    assert NamedResponse.objects.count() == 0
    # Rounds 1 and 3 show the team; round 2 (three answers of the one team) is suppressed
    shown = [round_results(r, manager).teams[0].shown for r in rounds[:3]]
    assert shown == [True, False, True]
    assert round_results(rounds[1], manager).teams[0].respondents == 3
    _rounds, trend = survey_trend(survey, manager)
    assert [cell.shown for cell in trend[0].values][:3] == [True, False, True]
    # The demo agent has an open round to answer
    agent = User.objects.get(username="agent").person
    assert [(row.round.number, row.answered) for row in open_rounds_for(agent, today)] == [
        (4, False)
    ]
    # Suggestions with statuses and answers, one wish to leave that shows as a signal
    assert 5 <= result.suggestions == Suggestion.objects.count() <= 8
    assert Suggestion.objects.exclude(answer="").count() == 5
    note = RetentionNote.objects.get()
    assert attrition_for(note.person, today).signals[0].kind == "wish_to_leave"
