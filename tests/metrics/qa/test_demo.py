from datetime import date

from floorwalk.metrics.models import (
    QaAssignment,
    QaCalibrationSession,
    QaDispute,
    QaEvaluation,
    QaForm,
)
from floorwalk.metrics.qa.demo import qa_demo_load
from floorwalk.metrics.qa.selectors import qa_totals_by_agent_day, standing_evaluations
from floorwalk.metrics.services import metrics_clear
from floorwalk.org.models import Person


def test_demo_has_a_form_evaluations_a_queue_a_dispute_and_a_calibration(loaded_tiny_floor):
    result = qa_demo_load(seed=3)

    standing = standing_evaluations()
    totals = qa_totals_by_agent_day(
        agent_ids=Person.objects.values("pk"), start=date(2000, 1, 1), end=date(2100, 1, 1)
    )
    assert QaForm.objects.get().name == "Customer conversation"
    assert result.evaluations == standing.count() > 0
    assert result.pending == QaAssignment.objects.count() - result.evaluations > 0
    assert sum(t.qa_evaluations for t in totals.values()) == standing.count()
    dispute = QaDispute.objects.get()
    assert (dispute.raised_by.user.username, dispute.status) == ("agent", "open")
    sessions = list(QaCalibrationSession.objects.order_by("closed_at"))
    assert len(sessions) >= 1
    assert all(session.closed_at is not None for session in sessions)
    assert [
        QaEvaluation.objects.filter(calibration_session=session).count() for session in sessions
    ] == [3] * len(sessions)


def test_demo_qa_is_cleared_with_the_metrics(loaded_tiny_floor):
    qa_demo_load(seed=3)

    metrics_clear()

    assert QaForm.objects.count() == QaEvaluation.objects.count() == QaDispute.objects.count() == 0
