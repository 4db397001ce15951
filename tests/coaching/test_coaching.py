"""Coaching through the pages: the effect read from the agent's interactions, the form's
errors, the agent's confirmation, the board and the summary; an agent sees only their own."""

import math
import statistics
from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest
from django.urls import reverse

from floorwalk.coaching.models import CoachingRequest, CoachingSession, TopicState
from floorwalk.coaching.selectors import effect_summary, session_effect
from floorwalk.engine.coaching import Verdict
from floorwalk.metrics.models.interactions import Interaction
from floorwalk.org.models import Queue
from tests.conftest import client_for

HELD_ON = date(2026, 3, 2)
AFTER_READY = date(2026, 4, 1)
_ids = count(1)


def _interactions(agent, day: date, talk_seconds: list[int], csat: list[int | None] | None = None):
    queue = Queue.objects.filter(site=agent.site).first() or Queue.objects.create(
        name="Voice", channel="voice", site=agent.site
    )
    csat = csat or [None] * len(talk_seconds)
    Interaction.objects.bulk_create(
        Interaction(
            source="platform",
            external_id=f"C{next(_ids):06d}",
            agent=agent,
            queue=queue,
            channel=queue.channel,
            started_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
            local_date=day,
            talk_seconds=talk,
            hold_seconds=0,
            acw_seconds=0,
            outcome="resolved",
            csat=rating,
        )
        for talk, rating in zip(talk_seconds, csat, strict=True)
    )


def _session(floor, focus_metric="aht", held_on=HELD_ON, **fields):
    return CoachingSession.objects.create(
        agent=floor.agent,
        coach=floor.user("leader"),
        kind="call_review",
        held_on=held_on,
        focus_metric=focus_metric,
        keep_doing="Warm greeting",
        to_change="Summarise before closing",
        **fields,
    )


BEFORE_TALK = [400 + 7 * (i % 9) for i in range(25)]
AFTER_TALK = [330 + 5 * (i % 11) for i in range(22)]


def test_the_effect_uses_the_four_weeks_on_each_side_only(floor):
    _interactions(floor.agent, HELD_ON - timedelta(days=3), BEFORE_TALK)
    _interactions(floor.agent, HELD_ON + timedelta(days=5), AFTER_TALK)
    _interactions(floor.agent, HELD_ON, [9999] * 5)  # the session day counts on neither side
    _interactions(floor.agent, HELD_ON - timedelta(weeks=4, days=1), [9999] * 5)  # too early
    _interactions(floor.agent, HELD_ON + timedelta(weeks=4, days=1), [9999] * 5)  # too late

    effect = session_effect(_session(floor), AFTER_READY)

    assert (effect.before.n, effect.after.n) == (len(BEFORE_TALK), len(AFTER_TALK))
    expected = statistics.mean(AFTER_TALK) - statistics.mean(BEFORE_TALK)
    assert effect.difference == pytest.approx(expected)
    standard_error = math.sqrt(
        statistics.variance(BEFORE_TALK) / len(BEFORE_TALK)
        + statistics.variance(AFTER_TALK) / len(AFTER_TALK)
    )
    # Welch's degrees of freedom are above 40 here, where t lies between 2.00 and 2.03.
    assert expected - 2.03 * standard_error < effect.low < expected - 2.0 * standard_error
    assert effect.verdict is Verdict.IMPROVED


def test_a_recent_session_is_not_measured_yet_and_says_when(floor, settings):
    _interactions(floor.agent, HELD_ON - timedelta(days=3), BEFORE_TALK)
    session = _session(floor, window_weeks=2)

    effect = session_effect(session, HELD_ON + timedelta(days=3))

    assert effect.verdict is Verdict.NOT_ENOUGH_DATA
    assert effect.ready_on == HELD_ON + timedelta(weeks=2, days=1)


def test_the_csat_share_effect_counts_surveys_only(floor):
    _interactions(
        floor.agent, HELD_ON - timedelta(days=1), [300] * 30, [5] * 10 + [2] * 10 + [None] * 10
    )
    _interactions(floor.agent, HELD_ON + timedelta(days=1), [300] * 20, [5] * 18 + [1] * 2)

    effect = session_effect(_session(floor, focus_metric="csat"), AFTER_READY)

    assert (effect.before.n, effect.after.n) == (20, 20)
    assert effect.difference == pytest.approx(100 * (18 / 20 - 10 / 20))
    assert effect.verdict is Verdict.IMPROVED


def test_a_competency_focus_has_no_measured_effect(floor):
    from floorwalk.development.models import Competency

    competency = Competency.objects.create(name="Empathy", definition="Feels with the caller")
    session = _session(floor, focus_metric="", focus_competency=competency)
    assert session_effect(session, AFTER_READY) is None


def test_the_summary_shares_improved_among_measured_sessions(floor):
    _interactions(floor.agent, HELD_ON - timedelta(days=3), BEFORE_TALK)
    _interactions(floor.agent, HELD_ON + timedelta(days=5), AFTER_TALK)
    measured = _session(floor)
    unmeasured = _session(floor, held_on=AFTER_READY - timedelta(days=2))

    by_coach, by_focus = effect_summary([measured, unmeasured], AFTER_READY)

    assert [(row.sessions, row.measured, row.share_improved) for row in by_coach] == [(2, 1, 100.0)]
    (aht,) = by_focus
    assert aht.mean_difference == pytest.approx(
        statistics.mean(AFTER_TALK) - statistics.mean(BEFORE_TALK)
    )


def test_a_leader_logs_a_session_and_ada_confirms_it(floor):
    response = client_for("leader").post(
        reverse("coaching:session_new", args=[floor.agent.pk]),
        {
            "kind": "side_by_side",
            "held_on": "2026-03-02",
            "focus_metric": "avg_hold",
            "keep_doing": "Explains why the hold is needed",
            "to_change": "Check back every 30 seconds",
            "topic_state": "initial_feedback",
            "window_weeks": 3,
        },
    )
    session = CoachingSession.objects.get()
    assert response.status_code == 302
    assert (session.coach.username, session.focus_metric, session.window_weeks) == (
        "leader",
        "avg_hold",
        3,
    )

    ada = client_for("agent")
    ada.post(reverse("coaching:confirm", args=[session.pk]), {"usefulness": 5})
    session.refresh_from_db()
    assert session.usefulness == 5
    assert session.confirmed_at is not None
    page = ada.get(reverse("coaching:person", args=[floor.agent.pk])).content.decode()
    assert "Check back every 30 seconds" not in page  # detail only on the session page
    assert "rated 5/5" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"focus_metric": ""}, "focus_metric", "Choose one focus"),
        ({"focus_competency": "COMPETENCY"}, "focus_metric", "Choose one focus"),
        ({"follow_up_on": "2026-02-01"}, "follow_up_on", "cannot be before the session"),
        ({"keep_doing": ""}, "keep_doing", "keep doing"),
        ({"held_on": "2999-01-01"}, "held_on", "future"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(floor, data, field, message):
    from floorwalk.development.models import Competency

    competency = Competency.objects.create(name="Empathy", definition="Feels with the caller")
    post = {
        "kind": "role_play",
        "held_on": "2026-03-02",
        "focus_metric": "aht",
        "keep_doing": "Warm greeting",
        "to_change": "Summarise",
        "topic_state": "initial_feedback",
        "window_weeks": 4,
    }
    post.update(
        {key: competency.pk if value == "COMPETENCY" else value for key, value in data.items()}
    )

    response = client_for("leader").post(
        reverse("coaching:session_new", args=[floor.agent.pk]), post
    )

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not CoachingSession.objects.exists()


def test_usefulness_outside_one_to_five_is_refused(floor):
    session = _session(floor)
    client_for("agent").post(reverse("coaching:confirm", args=[session.pk]), {"usefulness": 9})
    session.refresh_from_db()
    assert session.confirmed_at is None


def test_another_agent_never_sees_adas_sessions(floor):
    session = _session(floor)
    from floorwalk.accounts.models import Role
    from tests.factories import make_person

    make_person("peer", Role.AGENT, site=floor.north, team=floor.alpha, display_name="Pat Peer")
    peer = client_for("peer")
    assert peer.get(reverse("coaching:session", args=[session.pk])).status_code == 404
    assert peer.get(reverse("coaching:person", args=[floor.agent.pk])).status_code == 404


def test_the_board_shows_each_topics_newest_state(floor):
    _session(floor, held_on=date(2026, 2, 1), topic_state=TopicState.NEEDS_ATTENTION)
    _session(floor, held_on=date(2026, 3, 1), topic_state=TopicState.MAKING_PROGRESS)
    _session(floor, focus_metric="fcr", held_on=date(2026, 3, 1), topic_state=TopicState.FOLLOW_UP)

    response = client_for("leader").get(reverse("coaching:team_board", args=[floor.alpha.pk]))

    (ada_row,) = [row for row in response.context["rows"] if row.agent == floor.agent]
    labels = {
        state: [s.focus_label for s in sessions] for state, sessions in ada_row.topics.items()
    }
    assert labels["making_progress"] == ["Average handle time"]
    assert labels["follow_up"] == ["First-contact resolution"]
    assert labels["needs_attention"] == []


def test_ada_requests_coaching_and_her_leader_schedules_it(floor):
    client_for("agent").post(
        reverse("coaching:request_new", args=[floor.agent.pk]), {"topic": "Calming angry callers"}
    )
    coaching_request = CoachingRequest.objects.get()
    assert (coaching_request.agent, coaching_request.status) == (floor.agent, "open")

    client_for("leader").post(
        reverse("coaching:request_status", args=[coaching_request.pk]), {"status": "scheduled"}
    )
    coaching_request.refresh_from_db()
    assert coaching_request.status == "scheduled"
