"""Reads of QA: totals for scorecards, forms with their content, evaluations a user may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from floorwalk.accounts.models import Role, User
from floorwalk.accounts.policy import (
    Aspect,
    Feature,
    has_feature,
    people_for,
    qa_dispute_resolvable_people,
    sites_for,
)
from floorwalk.engine.calibration import ItemSpread, evaluator_alignment, item_spread, leniency
from floorwalk.engine.metrics import Totals
from floorwalk.engine.qa import QaItem as EngineItem
from floorwalk.metrics.models import (
    Interaction,
    QaAssignment,
    QaCalibrationSession,
    QaDispute,
    QaDisputeStatus,
    QaEvaluation,
    QaForm,
    QaFormVersion,
    QaItem,
    QaItemScore,
    QaSection,
)
from floorwalk.org.models import Person, PersonStatus, Site


def standing_evaluations() -> QuerySet[QaEvaluation]:
    """Evaluations that count: not calibration copies, and with a score (not all N/A).

    The stored score is already the one after any accepted dispute.
    """
    return QaEvaluation.objects.filter(calibration_session__isnull=True, score__isnull=False)


def qa_totals_by_agent_day(
    *,
    agent_ids: Iterable[int] | QuerySet,
    start: date,
    end: date,
    queue_id: int | None = None,
    channel: str | None = None,
) -> dict[tuple[int, date], Totals]:
    """Per (agent, local day of the evaluated interaction): how many evaluations stand and the
    sum of their scores, in one grouped query. Days without evaluations are left out."""
    if not isinstance(agent_ids, QuerySet):
        agent_ids = list(agent_ids)
    evaluations = standing_evaluations().filter(
        interaction__agent_id__in=agent_ids,
        interaction__local_date__gte=start,
        interaction__local_date__lte=end,
    )
    if queue_id is not None:
        evaluations = evaluations.filter(interaction__queue_id=queue_id)
    if channel is not None:
        evaluations = evaluations.filter(interaction__channel=channel)
    rows = (
        evaluations.order_by()
        .values_list("interaction__agent_id", "interaction__local_date")
        .annotate(count=Count("id"), score_sum=Sum("score"))
    )
    return {
        (agent_id, day): Totals(qa_evaluations=count, qa_score_sum=float(score_sum))
        for agent_id, day, count, score_sum in rows
    }


# ---- forms ----------------------------------------------------------------------------------


def form_version_current(form: QaForm) -> QaFormVersion:
    """The newest version: the one new evaluations are scored on."""
    return form.versions.order_by("-number").first()  # type: ignore[return-value]


def forms_with_current_version() -> list[tuple[QaForm, QaFormVersion, int]]:
    """Every form, its newest version and how many evaluations were scored on any version."""
    forms = QaForm.objects.annotate(evaluations=Count("versions__evaluations")).prefetch_related(
        Prefetch("versions", queryset=QaFormVersion.objects.order_by("-number"))
    )
    return [(form, form.versions.all()[0], form.evaluations) for form in forms]


@dataclass(frozen=True)
class SectionContent:
    section: QaSection
    items: list[QaItem]


def version_content(version: QaFormVersion) -> list[SectionContent]:
    sections = version.sections.prefetch_related(
        Prefetch("items", queryset=QaItem.objects.order_by("position"))
    ).order_by("position")
    return [SectionContent(section, list(section.items.all())) for section in sections]


def engine_items(version: QaFormVersion) -> list[EngineItem]:
    return [
        EngineItem(
            key=item.key,
            weight=item.weight,
            critical=item.critical,
            bonus=item.bonus,
            allows_na=item.allows_na,
        )
        for item in version.items.order_by("position")
    ]


# ---- evaluations ----------------------------------------------------------------------------


def evaluations_visible_to(user: User) -> QuerySet[QaEvaluation]:
    """Standing evaluations of the agents whose QA data this user may read."""
    return (
        QaEvaluation.objects.filter(
            calibration_session__isnull=True,
            interaction__agent__in=people_for(user, Aspect.QA),
        )
        .select_related(
            "interaction__agent",
            "interaction__queue",
            "evaluator",
            "form_version__form",
            "dispute",
        )
        .order_by("-evaluated_at", "-pk")
    )


def evaluations_filtered(
    evaluations: QuerySet[QaEvaluation],
    *,
    search: str = "",
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[QaEvaluation]:
    """Narrowed to an agent's name or employee number or an interaction id, and to the
    interactions' days."""
    if search:
        evaluations = evaluations.filter(
            Q(interaction__agent__display_name__icontains=search)
            | Q(interaction__agent__employee_number=search)
            | Q(interaction__external_id=search)
        )
    if start:
        evaluations = evaluations.filter(interaction__local_date__gte=start)
    if end:
        evaluations = evaluations.filter(interaction__local_date__lte=end)
    return evaluations


def evaluations_of_agent(agent_id: int) -> QuerySet[QaEvaluation]:
    return (
        QaEvaluation.objects.filter(
            calibration_session__isnull=True, interaction__agent_id=agent_id
        )
        .select_related("interaction__queue", "evaluator", "form_version__form", "dispute")
        .order_by("-evaluated_at", "-pk")
    )


@dataclass(frozen=True)
class AnsweredSection:
    section: QaSection
    answers: list[tuple[QaItem, QaItemScore | None]]


def evaluation_answers(evaluation: QaEvaluation) -> list[AnsweredSection]:
    """The evaluation's form, section by section, each item with its answer and comment."""
    scores = {score.item_id: score for score in evaluation.answers.all()}
    return [
        AnsweredSection(content.section, [(item, scores.get(item.pk)) for item in content.items])
        for content in version_content(evaluation.form_version)
    ]


def open_disputes_for(user: User) -> QuerySet[QaDispute]:
    """Open disputes of the agents whose disputes this user may resolve, oldest first."""
    return (
        QaDispute.objects.filter(
            status=QaDisputeStatus.OPEN,
            evaluation__interaction__agent__in=qa_dispute_resolvable_people(user),
        )
        .select_related(
            "evaluation__interaction__agent",
            "evaluation__evaluator",
            "evaluation__form_version__form",
        )
        .order_by("created_at", "pk")
    )


def standing_evaluation_of(interaction: Interaction) -> QaEvaluation | None:
    return QaEvaluation.objects.filter(
        interaction=interaction, calibration_session__isnull=True
    ).first()


# ---- the evaluator's queue ------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    assignment: QaAssignment
    evaluation_id: int | None


def assignments_for(evaluator_id: int | None) -> list[QueueRow]:
    """The evaluator's sampled interactions, those still to evaluate first, then by time."""
    if evaluator_id is None:
        return []
    done = QaEvaluation.objects.filter(
        interaction=OuterRef("interaction"), calibration_session__isnull=True
    ).values("pk")[:1]
    assignments = (
        QaAssignment.objects.filter(evaluator_id=evaluator_id)
        .select_related("agent", "interaction__queue")
        .annotate(evaluation_id=Subquery(done))
        .order_by(F("evaluation_id").asc(nulls_first=True), "interaction__started_at", "pk")
    )
    return [QueueRow(assignment, assignment.evaluation_id) for assignment in assignments]


# ---- sampling -------------------------------------------------------------------------------


def sample_agents(user: User, site: Site) -> QuerySet[Person]:
    """The site's agents (not leavers) whose QA this user may plan."""
    return (
        qa_dispute_resolvable_people(user)
        .filter(site=site, role_assignments__role=Role.AGENT)
        .exclude(status=PersonStatus.LEFT)
        .distinct()
    )


def site_qa_specialists(
    site_ids: Iterable[int], roles: Iterable[Role] = (Role.QA_SPECIALIST,)
) -> QuerySet[Person]:
    """People of these sites with one of these roles (QA specialists unless told), by name."""
    return (
        Person.objects.filter(site_id__in=site_ids, role_assignments__role__in=list(roles))
        .exclude(status=PersonStatus.LEFT)
        .distinct()
        .order_by("display_name")
    )


@dataclass(frozen=True)
class SampleProgress:
    agent: Person
    planned: int
    evaluated: int


def sample_progress(agents: QuerySet[Person], month: date) -> list[SampleProgress]:
    """Per agent: interactions planned for the month and how many of them are evaluated."""
    done = QaEvaluation.objects.filter(
        interaction=OuterRef("interaction"), calibration_session__isnull=True
    )
    rows = (
        QaAssignment.objects.filter(agent__in=agents, month=month)
        .annotate(done=Exists(done))
        .values("agent_id")
        .annotate(planned=Count("pk"), evaluated=Count("pk", filter=Q(done=True)))
        .order_by()
    )
    counts = {row["agent_id"]: (row["planned"], row["evaluated"]) for row in rows}
    return [
        SampleProgress(agent, *counts.get(agent.pk, (0, 0)))
        for agent in agents.order_by("display_name")
    ]


# ---- calibration ----------------------------------------------------------------------------


def calibrations_visible_to(user: User) -> QuerySet[QaCalibrationSession]:
    """Sessions the user takes part in, and every session of the sites they run QA for."""
    condition = Q(pk__in=[])
    if user.person_id is not None:
        condition |= Q(participants=user.person_id)
    if has_feature(user, Feature.QA_DISPUTES):
        condition |= Q(site__in=sites_for(user))
    return (
        QaCalibrationSession.objects.filter(condition)
        .distinct()
        .select_related("interaction__agent", "form_version__form")
        .order_by("-created_at", "-pk")
    )


AnswerMap = dict[str, float | None]


def _answers_by_evaluation(evaluations: Iterable[QaEvaluation]) -> dict[int, AnswerMap]:
    scores = QaItemScore.objects.filter(evaluation__in=[e.pk for e in evaluations]).values_list(
        "evaluation_id", "item__key", "answer"
    )
    result: dict[int, AnswerMap] = defaultdict(dict)
    for evaluation_id, key, answer in scores:
        result[evaluation_id][key] = answer
    return result


@dataclass(frozen=True)
class CalibrationRow:
    evaluation: QaEvaluation
    answers: dict[str, float | None]
    alignment: float | None  # % of items answered as calibrated; None before calibration
    deviation: float | None  # score − calibrated score, in points


MISSING = "missing"  # an answer not given (as opposed to None, N/A)


@dataclass(frozen=True)
class CalibrationItem:
    item: QaItem
    answers: list[float | str | None]  # per evaluator, in the order of the rows; MISSING
    calibrated: float | str | None
    spread: ItemSpread | None


@dataclass(frozen=True)
class CalibrationResults:
    rows: list[CalibrationRow]
    reference: CalibrationRow | None
    items: list[CalibrationItem]


def calibration_results(session: QaCalibrationSession) -> CalibrationResults:
    """Each evaluator's answers, the spread per item, and, once calibrated, each evaluator's
    alignment with the calibrated answers and how far their score ran above or below it."""
    evaluations = list(session.evaluations.select_related("evaluator").order_by("evaluated_at"))
    answers = _answers_by_evaluation(evaluations)
    reference = next((e for e in evaluations if e.is_calibration_reference), None)
    reference_answers = answers.get(reference.pk, {}) if reference else {}

    def row(evaluation: QaEvaluation) -> CalibrationRow:
        own = answers.get(evaluation.pk, {})
        if reference is None or evaluation.is_calibration_reference:
            return CalibrationRow(evaluation, own, None, None)
        deviation = (
            None
            if evaluation.score is None or reference.score is None
            else evaluation.score - reference.score
        )
        return CalibrationRow(
            evaluation, own, evaluator_alignment(own, reference_answers), deviation
        )

    rows = [row(e) for e in evaluations if not e.is_calibration_reference]
    spread = item_spread({str(r.evaluation.pk): r.answers for r in rows})
    items = [
        CalibrationItem(
            item=item,
            answers=[r.answers.get(item.key, MISSING) for r in rows],
            calibrated=reference_answers.get(item.key, MISSING),
            spread=spread.get(item.key),
        )
        for item in session.form_version.items.order_by("position")
    ]
    return CalibrationResults(
        rows=rows, reference=row(reference) if reference else None, items=items
    )


@dataclass(frozen=True)
class LeniencyPoint:
    evaluator: Person
    month: date
    leniency: float
    sessions: int


def leniency_by_month(sessions: QuerySet[QaCalibrationSession]) -> list[LeniencyPoint]:
    """Per evaluator and month of calibration: the mean of (their score − the calibrated
    score) over the calibrated sessions; positive means more generous than the calibration."""
    closed = sessions.filter(closed_at__isnull=False)
    evaluations = QaEvaluation.objects.filter(
        calibration_session__in=closed.values("pk"), score__isnull=False
    ).select_related("evaluator", "calibration_session")
    reference_score: dict[int | None, float | None] = {
        evaluation.calibration_session_id: evaluation.score
        for evaluation in evaluations
        if evaluation.is_calibration_reference
    }
    pairs: dict[tuple[int, date], list[tuple[float, float]]] = defaultdict(list)
    people: dict[int, Person] = {}
    for evaluation in evaluations:
        session = evaluation.calibration_session
        calibrated = reference_score.get(evaluation.calibration_session_id)
        if (
            evaluation.is_calibration_reference
            or session is None
            or session.closed_at is None
            or calibrated is None
            or evaluation.score is None
        ):
            continue
        month = session.closed_at.date().replace(day=1)
        people[evaluation.evaluator_id] = evaluation.evaluator
        pairs[(evaluation.evaluator_id, month)].append((evaluation.score, calibrated))
    points = []
    by_month_then_name = sorted(
        pairs.items(), key=lambda entry: (entry[0][1], people[entry[0][0]].display_name)
    )
    for (evaluator_id, month), score_pairs in by_month_then_name:
        value = leniency(score_pairs)
        if value is not None:
            points.append(LeniencyPoint(people[evaluator_id], month, value, len(score_pairs)))
    return points
