"""Coaching over the API: a session with its effect, the field named on bad input, the
agent's confirmation."""

import pytest
from django.urls import reverse

from floorwalk.coaching.models import CoachingSession
from tests.conftest import client_for

SESSION = {
    "kind": "call_review",
    "held_on": "2026-03-02",
    "focus_metric": "fcr",
    "keep_doing": "Checks the caller's need",
    "to_change": "Confirm the fix before closing",
}


def test_a_logged_session_comes_back_with_an_effect_not_ready_yet(floor):
    client = client_for("leader")
    created = client.post(
        reverse("api-person-coaching-sessions", args=[floor.agent.pk]),
        SESSION,
        content_type="application/json",
    )
    assert created.status_code == 201, created.content

    detail = client.get(reverse("api-coaching-session", args=[created.json()["id"]])).json()

    assert detail["focus_metric"] == "fcr"
    assert detail["effect"]["verdict"] in {"not_enough_data"}
    assert (detail["effect"]["before"]["n"], detail["effect"]["after"]["n"]) == (0, 0)
    assert detail["effect"]["interval_95"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"focus_metric": "no_such_metric"}, "focus_metric"),
        ({"focus_metric": ""}, "focus_metric"),
        ({"kind": "shouting"}, "kind"),
        ({"held_on": "2026-13-01"}, "held_on"),
        ({"follow_up_on": "2026-01-01"}, "follow_up_on"),
        ({"window_weeks": 0}, "window_weeks"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(floor, change, field):
    response = client_for("leader").post(
        reverse("api-person-coaching-sessions", args=[floor.agent.pk]),
        {**SESSION, **change},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not CoachingSession.objects.exists()


def test_only_ada_confirms_and_rates_within_one_to_five(floor):
    session_id = (
        client_for("leader")
        .post(
            reverse("api-person-coaching-sessions", args=[floor.agent.pk]),
            SESSION,
            content_type="application/json",
        )
        .json()["id"]
    )
    url = reverse("api-coaching-session-confirm", args=[session_id])

    assert client_for("leader").post(url, {"usefulness": 4}).status_code == 403
    refused = client_for("agent").post(url, {"usefulness": 6})
    assert refused.status_code == 400
    assert "usefulness" in refused.json()
    confirmed = client_for("agent").post(url, {"usefulness": 4}).json()
    assert confirmed["usefulness"] == 4
    assert confirmed["confirmed_at"] is not None
