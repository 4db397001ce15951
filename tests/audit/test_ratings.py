"""Every change of a rating is in the audit trail: coaching sessions and their usefulness,
QA scores and their re-scoring, hiring ratings that become assessments, and levels derived
again from the results."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from floorwalk.audit.models import AuditAction, AuditEvent
from floorwalk.coaching.services import session_confirm, session_record, session_set_state
from floorwalk.development.competency_services import assessments_derive
from floorwalk.development.models import Assessment, AssessmentSource
from floorwalk.hiring.models import Recommendation
from floorwalk.hiring.services import HireDetails, candidate_decide
from floorwalk.metrics.models import Standard
from floorwalk.metrics.qa.selectors import form_version_current
from floorwalk.metrics.qa.services import qa_dispute_accept, qa_evaluation_record
from tests.conftest import client_for
from tests.development.test_assessments import ON, import_adas_contacts, make_competency
from tests.hiring.conftest import make_competency as make_screening_competency
from tests.hiring.conftest import make_interview, north_candidate
from tests.metrics.qa.conftest import answers, calibration_of, open_dispute, qa_form_of


def events_of(object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=object_type).order_by("pk"))


def test_a_coaching_session_its_board_state_and_its_usefulness_rating_are_in_the_trail(floor):
    leader = floor.user("leader")
    session = session_record(
        actor=leader,
        agent=floor.agent,
        kind="call_review",
        held_on=date(2025, 6, 2),
        focus_metric="aht",
        keep_doing="Warm greeting",
        to_change="Summarise before closing",
    )
    session_set_state(actor=leader, session=session, state="follow_up")
    session_confirm(actor=floor.user("agent"), session=session, usefulness=4)
    session_confirm(actor=floor.user("agent"), session=session, usefulness=2)

    created, moved, rated, rerated = events_of("coaching.coachingsession")
    assert (created.action, created.actor, created.person) == (
        AuditAction.CREATE,
        leader,
        floor.agent,
    )
    assert created.changes["focus_metric"] == [None, "aht"]
    assert moved.changes == {"topic_state": ["initial_feedback", "follow_up"]}
    assert (rated.actor, rated.changes) == (floor.user("agent"), {"usefulness": [None, 4]})
    assert rerated.changes == {"usefulness": [4, 2]}


def test_a_qa_score_and_its_re_scoring_after_a_dispute_are_in_the_trail(floor):
    dispute = open_dispute(floor)  # verification failed: a critical item, the score is 0
    qa_dispute_accept(
        actor=floor.user("qa"),
        dispute=dispute,
        resolution="The caller was verified at 00:41.",
        answers=answers(),
    )

    recorded, rescored = events_of("metrics.qaevaluation")
    assert (recorded.action, recorded.person, recorded.changes) == (
        AuditAction.CREATE,
        floor.agent,
        {"critical_failed": [None, True], "score": [None, 0.0]},
    )
    # All five items met, the bonus item at 0: the full 100 %.
    assert rescored.changes == {"critical_failed": [True, False], "score": [0.0, 100.0]}
    assert (rescored.actor, rescored.reason) == (
        floor.user("qa"),
        "The caller was verified at 00:41.",
    )


def test_calibration_scores_are_practice_and_stay_out_of_the_trail(floor):
    calibration = calibration_of(floor)
    qa_evaluation_record(
        actor=floor.user("qa"),
        interaction=calibration.interaction,
        form_version=form_version_current(qa_form_of(floor)),
        evaluator=floor.qa,
        answers=answers(),
        calibration_session=calibration,
    )

    assert events_of("metrics.qaevaluation") == []


def test_hiring_ratings_become_assessments_in_the_trail_under_who_decided(floor):
    listening = make_screening_competency("Active listening")
    candidate = north_candidate(floor)
    make_interview(candidate, floor.user("leader"), {listening: 4})

    candidate_decide(
        actor=floor.user("manager"),
        candidate=candidate,
        decision=Recommendation.HIRE,
        hire=HireDetails(employee_number="N-0042", hire_date=date(2025, 4, 1)),
    )

    (event,) = events_of("development.assessment")
    assessment = Assessment.objects.get(source=AssessmentSource.HIRING)
    assert (event.actor, event.person.employee_number, event.object_id) == (
        floor.user("manager"),
        "N-0042",
        str(assessment.pk),
    )
    assert event.changes["level"] == [None, 4]
    assert event.changes["source"] == [None, "hiring"]


def test_a_level_derived_again_differently_or_withdrawn_is_in_the_trail(floor, tmp_path):
    competency = make_competency(metrics=("aht",))
    import_adas_contacts(floor, tmp_path)  # AHT 360 s
    standard = Standard.objects.create(
        metric="aht", target=330, amber_band=30, valid_from="2020-01-01"
    )
    assessments_derive(on=ON, people=[floor.agent])  # one band short: 3
    assert events_of("development.assessment") == []  # a first derivation explains itself

    Standard.objects.filter(pk=standard.pk).update(target=360)
    assessments_derive(on=ON, people=[floor.agent])  # exactly on target: 4
    Standard.objects.filter(pk=standard.pk).delete()
    assessments_derive(on=ON, people=[floor.agent])  # no standard: no level

    changed, withdrawn = events_of("development.assessment")
    assert (changed.action, changed.actor, changed.person) == (
        AuditAction.UPDATE,
        None,
        floor.agent,
    )
    assert changed.changes == {"level": [3, 4]}
    assert (withdrawn.action, withdrawn.changes["level"]) == (AuditAction.DELETE, [4, None])
    assert not Assessment.objects.filter(competency=competency).exists()


@pytest.mark.parametrize("usefulness", [0, 6])
def test_a_refused_rating_leaves_no_trail(floor, usefulness):
    session = session_record(
        actor=floor.user("leader"),
        agent=floor.agent,
        kind="side_by_side",
        held_on=date(2025, 6, 2),
        focus_metric="aht",
        keep_doing="Warm greeting",
        to_change="Summarise before closing",
    )
    with pytest.raises(ValidationError):
        session_confirm(actor=floor.user("agent"), session=session, usefulness=usefulness)

    assert len(events_of("coaching.coachingsession")) == 1


def test_the_trail_names_record_types_as_people_do_and_the_system_as_its_author(floor, tmp_path):
    make_competency(metrics=("aht",))
    import_adas_contacts(floor, tmp_path)
    standard = Standard.objects.create(
        metric="aht", target=330, amber_band=30, valid_from="2020-01-01"
    )
    assessments_derive(on=ON, people=[floor.agent])
    Standard.objects.filter(pk=standard.pk).update(target=360)
    assessments_derive(on=ON, people=[floor.agent])
    open_dispute(floor)

    page = client_for(floor.user("manager")).get(reverse("audit:list"))

    assert [label for label, _value in page.context["types"]] == ["Assessment", "QA evaluation"]
    text = page.content.decode()
    assert "Floorwalk, from the data" in text  # the derived level's author
    assert "Derived again from the results." in text
