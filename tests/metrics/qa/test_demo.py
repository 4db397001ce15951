import statistics
from datetime import date, timedelta

from floorwalk.metrics.models import (
    Interaction,
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


def test_demo_qa_spans_months_and_follows_how_well_agents_resolve(loaded_tiny_floor):
    qa_demo_load(seed=3)

    evaluations = standing_evaluations().filter(calibration_session__isnull=True)
    months = {e.interaction.local_date.replace(day=1) for e in evaluations}
    # Every month of the last four that has contacts gets evaluations: QA has a trend.
    last = Interaction.objects.latest("local_date").local_date
    four_months_back = (last.replace(day=1) - timedelta(days=95)).replace(day=1)
    assert months == {
        day.replace(day=1)
        for day in Interaction.objects.filter(local_date__gte=four_months_back)
        .values_list("local_date", flat=True)
        .distinct()
    }
    scores: dict[int, list[float]] = {}
    for evaluation in evaluations.select_related("interaction"):
        scores.setdefault(evaluation.interaction.agent_id, []).append(float(evaluation.score))
    resolved = {
        agent_id: Interaction.objects.filter(
            agent_id=agent_id, local_date__gte=min(months), outcome="resolved"
        ).count()
        / Interaction.objects.filter(agent_id=agent_id, local_date__gte=min(months)).count()
        for agent_id in scores
    }
    agents = sorted(scores)
    mean_scores = [statistics.fmean(scores[agent]) for agent in agents]
    spearman = statistics.correlation(
        ranks([resolved[agent] for agent in agents]), ranks(mean_scores)
    )
    assert spearman > 0.7  # random QA skill gives about 0.3 on this floor


def ranks(values: list[float]) -> list[int]:
    order = sorted(range(len(values)), key=values.__getitem__)
    return [order.index(position) for position in range(len(values))]
