from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from floorwalk.metrics.models import QaCalibrationSession, QaEvaluation
from floorwalk.metrics.qa.selectors import (
    calibration_results,
    calibrations_visible_to,
    form_version_current,
    leniency_by_month,
    qa_totals_by_agent_day,
)
from floorwalk.metrics.qa.services import (
    qa_calibration_close,
    qa_calibration_create,
    qa_calibration_score,
)
from tests.conftest import client_for
from tests.metrics.qa.conftest import answers, calibration_of, make_interaction, qa_form_of


def _score(floor, session, username, person, **values):
    return qa_calibration_score(
        actor=floor.user(username), session=session, evaluator=person, answers=answers(**values)
    )


def _close(floor, session, **values):
    return qa_calibration_close(
        actor=floor.user("admin"),
        session=session,
        facilitator=floor.admin,
        answers=answers(**values),
    )


def test_results_show_spread_alignment_and_deviation(floor):
    session = calibration_of(floor)
    _score(floor, session, "leader", floor.leader, greeting=0.5, upsell=None)  # 100·5.5/6
    _score(floor, session, "qa", floor.qa, solution=0.0)  # 100·4/7
    _close(floor, session, solution=0.5)  # 100·5.5/7

    results = calibration_results(session)

    by_name = {row.evaluation.evaluator.display_name: row for row in results.rows}
    # Of the items both she and the calibration answered, Lena matches verification and delight
    # (greeting 0.5 ≠ 1, solution 1 ≠ 0.5); Quinn all but solution (0 ≠ 0.5).
    assert by_name["Lena Leader"].alignment == pytest.approx(100 * 2 / 4)
    assert by_name["Quinn Quality"].alignment == pytest.approx(100 * 4 / 5)
    assert by_name["Lena Leader"].deviation == pytest.approx(100 * 5.5 / 6 - 100 * 5.5 / 7)
    assert by_name["Quinn Quality"].deviation == pytest.approx(100 * 4 / 7 - 100 * 5.5 / 7)
    greeting = next(line for line in results.items if line.item.key == "greeting")
    assert (greeting.spread.minimum, greeting.spread.maximum) == (0.5, 1.0)
    assert greeting.spread.mean == pytest.approx(0.75)
    upsell = next(line for line in results.items if line.item.key == "upsell")
    assert upsell.answers == [None, 1.0]
    assert upsell.spread.count == 1
    session.refresh_from_db()
    assert session.closed_at is not None


def test_calibration_scores_never_count_in_scorecards(floor):
    session = calibration_of(floor)
    _score(floor, session, "leader", floor.leader)
    _close(floor, session)

    totals = qa_totals_by_agent_day(
        agent_ids=[floor.agent.pk],
        start=session.interaction.local_date,
        end=session.interaction.local_date,
    )

    assert totals == {}


def test_leniency_is_the_mean_deviation_per_evaluator_and_month(floor):
    scores = []
    for closed_on, leader_solution in (
        (datetime(2026, 9, 10, tzinfo=UTC), 1.0),
        (datetime(2026, 10, 10, tzinfo=UTC), 0.0),
    ):
        session = calibration_of(floor)
        _score(floor, session, "leader", floor.leader, solution=leader_solution)
        _score(floor, session, "qa", floor.qa, solution=0.5)
        _close(floor, session, solution=0.5)
        QaCalibrationSession.objects.filter(pk=session.pk).update(closed_at=closed_on)
        scores.append(session)

    points = leniency_by_month(QaCalibrationSession.objects.all())

    calibrated = 100 * 5.5 / 7
    assert [
        (p.evaluator.display_name, p.month.isoformat(), round(p.leniency, 6)) for p in points
    ] == [
        ("Lena Leader", "2026-09-01", round(100 - calibrated, 6)),
        ("Quinn Quality", "2026-09-01", 0.0),
        ("Lena Leader", "2026-10-01", round(100 * 4 / 7 - calibrated, 6)),
        ("Quinn Quality", "2026-10-01", 0.0),
    ]


def test_only_invited_evaluators_score_and_only_once(floor):
    session = calibration_of(floor)
    _score(floor, session, "leader", floor.leader)

    with pytest.raises(ValidationError, match="already"):
        _score(floor, session, "leader", floor.leader)
    with pytest.raises(ValidationError, match="Only the invited evaluators"):
        _score(floor, session, "other_leader", floor.other_leader)


def test_a_closed_calibration_takes_no_more_scores(floor):
    session = calibration_of(floor)
    _score(floor, session, "leader", floor.leader)
    _close(floor, session)

    with pytest.raises(ValidationError, match="closed"):
        _score(floor, session, "qa", floor.qa)


def test_a_calibration_needs_two_evaluators_and_not_the_agent(floor):
    common = {
        "actor": floor.user("qa"),
        "title": "x",
        "interaction": make_interaction(floor.agent),
        "form_version": form_version_current(qa_form_of(floor)),
    }
    with pytest.raises(ValidationError, match="at least two"):
        qa_calibration_create(**common, participants=[floor.qa])
    with pytest.raises(ValidationError, match="agent cannot take part"):
        qa_calibration_create(**common, participants=[floor.qa, floor.agent])


def test_scoring_is_blind_until_submitted(floor):
    session = calibration_of(floor)
    _score(floor, session, "qa", floor.qa, greeting=0.0)  # 100·6/7 = 85.7
    client = client_for("leader")
    url = reverse("qa:calibration", args=[session.pk])

    before = client.get(url)
    data = {f"answer_{key}": "1" for key in ("greeting", "verification", "solution", "upsell")}
    submitted = client.post(url, {**data, "answer_delight": "0"}, follow=True)

    assert before.context["results"] is None
    assert "85.7" not in before.content.decode()
    assert "Submit my scores" in before.content.decode()
    assert "85.7" in submitted.content.decode()
    assert "100.0" in submitted.content.decode()
    assert QaEvaluation.objects.filter(calibration_session=session).count() == 2


def test_facilitator_sets_the_calibrated_answers_on_the_page(floor):
    session = calibration_of(floor, floor.leader, floor.other_leader)
    _score(floor, session, "leader", floor.leader)
    data = {
        f"calibrated-answer_{key}": "1"
        for key in ("greeting", "verification", "solution", "upsell")
    }

    response = client_for("qa").post(
        reverse("qa:calibration_close", args=[session.pk]),
        {**data, "calibrated-answer_delight": "0"},
    )

    session.refresh_from_db()
    assert response.status_code == 302
    assert session.closed_at is not None
    assert calibration_results(session).rows[0].alignment == 100.0


def test_sessions_are_visible_to_participants_and_the_site_qa(floor):
    session = calibration_of(floor, floor.leader, floor.admin)

    assert list(calibrations_visible_to(floor.user("leader"))) == [session]
    assert list(calibrations_visible_to(floor.user("qa"))) == [session]
    assert list(calibrations_visible_to(floor.user("other_leader"))) == []


def test_new_calibration_page_shows_errors_inline(floor):
    qa_form_of(floor)
    response = client_for("qa").post(
        reverse("qa:calibration_create"),
        {
            "title": "Oct",
            "interaction_id": "NOPE",
            "form": qa_form_of(floor).pk,
            "participants": [floor.leader.pk],
        },
    )

    body = response.content.decode()
    assert "No interaction with this id among the agents you oversee." in body
    assert 'value="Oct"' in body
    assert QaCalibrationSession.objects.count() == 0
