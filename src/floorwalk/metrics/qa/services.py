"""Writes of QA: forms and their versions, evaluations, disputes. Each runs in a transaction,
takes the acting user and leaves an audit entry (`QaEvent`).

An evaluation's score is also a rating of an agent: recording one on the web and every later
change of it go to the audit trail too, where managers read all changes of ratings together.

Errors a person can fix are `ValidationError`s keyed by what to fix: a form field name, or
`item:<key>` for the answer to one item, so pages show them next to the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.engine.qa import QaAnswerError, QaResult, qa_score
from floorwalk.engine.sampling import spread_evenly
from floorwalk.metrics.models import (
    Interaction,
    Outcome,
    QaAssignment,
    QaCalibrationSession,
    QaDispute,
    QaDisputeStatus,
    QaEvaluation,
    QaEvaluationSource,
    QaEvent,
    QaEventAction,
    QaForm,
    QaFormVersion,
    QaItem,
    QaItemScore,
    QaSection,
)
from floorwalk.metrics.qa.selectors import engine_items, form_version_current
from floorwalk.org.models import Person

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class ItemSpec:
    """One item of a form as an editor or a test describes it; `section` is its title."""

    section: str
    key: str
    text: str
    weight: float
    critical: bool = False
    bonus: bool = False
    allows_na: bool = True


@dataclass(frozen=True)
class Answer:
    """How far an item was met (0–1), or None for N/A, with the evaluator's comment."""

    value: float | None
    comment: str = ""


SCORE_AUDIT_FIELDS = ("score", "critical_failed")


def audit_score(
    *,
    actor: User | None,
    evaluation: QaEvaluation,
    before: dict[str, object] | None,
    reason: str = "",
) -> None:
    """The evaluation's score in the audit trail: a new one (no `before`) or a change."""
    audit_record(
        actor=actor,
        instance=evaluation,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        before=before,
        after=snapshot(evaluation, SCORE_AUDIT_FIELDS),
        person=evaluation.interaction.agent,
        reason=reason,
    )


def item_error_key(key: str) -> str:
    return f"item:{key}"


def _audit(
    *,
    actor: User | None,
    action: QaEventAction,
    form: QaForm | None = None,
    evaluation: QaEvaluation | None = None,
    **detail: Any,
) -> None:
    QaEvent.objects.create(
        actor=actor, action=action, form=form, evaluation=evaluation, detail=detail
    )


# ---- forms ----------------------------------------------------------------------------------


def _check_items(items: Sequence[ItemSpec]) -> None:
    if not items:
        raise ValidationError({"items": _("A form needs at least one item.")})
    keys = [item.key for item in items]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValidationError(
            {
                "items": _("Item keys must differ; repeated: %(keys)s.")
                % {"keys": ", ".join(repeated)}
            }
        )
    for item in items:
        if not item.weight > 0:
            raise ValidationError(
                {"items": _("Item %(key)s: the weight must be more than 0.") % {"key": item.key}}
            )
        if item.critical and item.bonus:
            raise ValidationError(
                {
                    "items": _("Item %(key)s cannot be both critical and a bonus.")
                    % {"key": item.key}
                }
            )
    if all(item.bonus for item in items):
        raise ValidationError({"items": _("A form needs at least one item that is not a bonus.")})


def _write_content(version: QaFormVersion, items: Sequence[ItemSpec]) -> None:
    sections: dict[str, QaSection] = {}
    for position, spec in enumerate(items, start=1):
        if spec.section not in sections:
            sections[spec.section] = QaSection.objects.create(
                version=version, title=spec.section, position=len(sections) + 1
            )
        QaItem.objects.create(
            version=version,
            section=sections[spec.section],
            key=spec.key,
            text=spec.text,
            weight=spec.weight,
            critical=spec.critical,
            bonus=spec.bonus,
            allows_na=spec.allows_na,
            position=position,
        )


@transaction.atomic
def qa_form_create(
    *, actor: User, name: str, description: str, items: Sequence[ItemSpec]
) -> QaForm:
    _check_items(items)
    if QaForm.objects.filter(name=name).exists():
        raise ValidationError({"name": _("A form with this name exists already.")})
    form = QaForm.objects.create(name=name, description=description)
    version = QaFormVersion.objects.create(form=form, number=1, created_by=actor)
    _write_content(version, items)
    _audit(actor=actor, action=QaEventAction.FORM_CREATED, form=form, version=1)
    return form


@transaction.atomic
def qa_form_update(
    *, actor: User, form: QaForm, name: str, description: str, items: Sequence[ItemSpec]
) -> QaFormVersion:
    """Changes the form. Its newest version is edited in place while nothing was scored on
    it; once something was, the change becomes a new version and old evaluations keep theirs."""
    _check_items(items)
    form = QaForm.objects.select_for_update().get(pk=form.pk)
    if QaForm.objects.filter(name=name).exclude(pk=form.pk).exists():
        raise ValidationError({"name": _("A form with this name exists already.")})
    form.name, form.description = name, description
    form.save(update_fields=["name", "description", "updated_at"])
    current = form_version_current(form)
    if QaEvaluation.objects.filter(form_version=current).exists() or _used_by_calibration(current):
        number = (form.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = QaFormVersion.objects.create(form=form, number=number, created_by=actor)
        _write_content(version, items)
        _audit(actor=actor, action=QaEventAction.FORM_VERSIONED, form=form, version=number)
        return version
    current.items.all().delete()
    current.sections.all().delete()
    _write_content(current, items)
    _audit(actor=actor, action=QaEventAction.FORM_CHANGED, form=form, version=current.number)
    return current


def _used_by_calibration(version: QaFormVersion) -> bool:
    return QaCalibrationSession.objects.filter(form_version=version).exists()


# ---- evaluations ----------------------------------------------------------------------------


def score_answers(version: QaFormVersion, answers: Mapping[str, Answer]) -> QaResult:
    """The engine's score of these answers on this version; a ValidationError names the item."""
    items = engine_items(version)
    missing = [item.key for item in items if item.key not in answers]
    if missing:
        raise ValidationError(
            {item_error_key(key): _("Answer this item (or mark it N/A).") for key in missing}
        )
    try:
        return qa_score(items, {key: answer.value for key, answer in answers.items()})
    except QaAnswerError as error:
        raise ValidationError(
            _("The answers do not fit the form: %(why)s") % {"why": error}
        ) from None


def _check_answers_allowed(version: QaFormVersion, answers: Mapping[str, Answer]) -> None:
    errors = {}
    for item in version.items.all():
        answer = answers.get(item.key)
        if answer is not None and answer.value is None and not item.allows_na:
            errors[item_error_key(item.key)] = _("This item cannot be marked N/A.")
        elif answer is not None and answer.value is not None and not 0 <= answer.value <= 1:
            errors[item_error_key(item.key)] = _("The answer must be from 0 to 1.")
    if errors:
        raise ValidationError(errors)


def _write_answers(evaluation: QaEvaluation, answers: Mapping[str, Answer]) -> None:
    items = {item.key: item for item in evaluation.form_version.items.all()}
    QaItemScore.objects.filter(evaluation=evaluation).delete()
    QaItemScore.objects.bulk_create(
        QaItemScore(
            evaluation=evaluation, item=items[key], answer=answer.value, comment=answer.comment
        )
        for key, answer in answers.items()
    )


@transaction.atomic
def qa_evaluation_record(
    *,
    actor: User,
    interaction: Interaction,
    form_version: QaFormVersion,
    evaluator: Person,
    answers: Mapping[str, Answer],
    comment: str = "",
    evaluated_at: datetime | None = None,
    calibration_session: QaCalibrationSession | None = None,
    is_reference: bool = False,
) -> QaEvaluation:
    """Records a submitted evaluation scored with the engine."""
    if evaluator.pk == interaction.agent_id:
        raise ValidationError(_("Nobody evaluates their own interactions."))
    _check_answers_allowed(form_version, answers)
    result = score_answers(form_version, answers)
    try:
        with transaction.atomic():
            evaluation = QaEvaluation.objects.create(
                interaction=interaction,
                form_version=form_version,
                evaluator=evaluator,
                evaluated_at=evaluated_at or timezone.now(),
                score=result.score,
                critical_failed=bool(result.critical_failed),
                comment=comment,
                source=QaEvaluationSource.WEB,
                calibration_session=calibration_session,
                is_calibration_reference=is_reference,
            )
    except IntegrityError:
        if calibration_session is None:
            raise ValidationError(_("This interaction has been evaluated already.")) from None
        raise ValidationError(_("You have scored this calibration already.")) from None
    _write_answers(evaluation, answers)
    action = (
        QaEventAction.EVALUATION_RECORDED
        if calibration_session is None
        else QaEventAction.CALIBRATION_SCORED
    )
    _audit(actor=actor, action=action, evaluation=evaluation, score=result.score)
    if calibration_session is None:
        audit_score(actor=actor, evaluation=evaluation, before=None)
        _after_evaluation_commit(interaction.agent_id)
    return evaluation


def _after_evaluation_commit(agent_id: int) -> None:
    """Training rules react to the agent's new evaluation once it is committed; a failure
    there is logged and never undoes or fails the evaluation."""
    from floorwalk.learning.training_services import rules_after_evaluation

    transaction.on_commit(lambda: rules_after_evaluation(agent_id=agent_id), robust=True)


# ---- disputes -------------------------------------------------------------------------------


@transaction.atomic
def qa_dispute_raise(*, actor: User, evaluation: QaEvaluation, reason: str) -> QaDispute:
    """The evaluated agent objects to an evaluation; once per evaluation."""
    if actor.person_id is None or actor.person_id != evaluation.interaction.agent_id:
        raise ValidationError(_("Only the evaluated agent can dispute an evaluation."))
    if evaluation.calibration_session_id is not None:
        raise ValidationError(_("Calibration scores cannot be disputed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what you disagree with and why.")})
    try:
        with transaction.atomic():
            dispute = QaDispute.objects.create(
                evaluation=evaluation, raised_by_id=actor.person_id, reason=reason.strip()
            )
    except IntegrityError:
        raise ValidationError(_("This evaluation has been disputed already.")) from None
    _audit(actor=actor, action=QaEventAction.DISPUTE_RAISED, evaluation=evaluation)
    return dispute


def _open_dispute_for_update(dispute: QaDispute) -> QaDispute:
    locked = QaDispute.objects.select_for_update().get(pk=dispute.pk)
    if locked.status != QaDisputeStatus.OPEN:
        raise ValidationError(_("This dispute has been resolved already."))
    return locked


def _check_resolution(actor: User, resolution: str) -> str:
    if actor.person_id is None:
        raise ValidationError(_("Only a person with a QA role can resolve disputes."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Give the agent the reason for your decision.")})
    return resolution.strip()


@transaction.atomic
def qa_dispute_accept(
    *,
    actor: User,
    dispute: QaDispute,
    resolution: str,
    answers: Mapping[str, Answer],
    comment: str | None = None,
) -> QaDispute:
    """Accepts the dispute: the evaluation is re-scored with these answers (and, if given, a
    new overall comment), and that score stands from now on; the dispute keeps the score
    before."""
    resolution = _check_resolution(actor, resolution)
    dispute = _open_dispute_for_update(dispute)
    evaluation = QaEvaluation.objects.select_for_update().get(pk=dispute.evaluation_id)
    _check_answers_allowed(evaluation.form_version, answers)
    result = score_answers(evaluation.form_version, answers)
    score_before = evaluation.score
    before = snapshot(evaluation, SCORE_AUDIT_FIELDS)
    evaluation.score = result.score
    evaluation.critical_failed = bool(result.critical_failed)
    if comment is not None:
        evaluation.comment = comment
    evaluation.save(update_fields=["score", "critical_failed", "comment", "updated_at"])
    _write_answers(evaluation, answers)
    dispute.status = QaDisputeStatus.ACCEPTED
    dispute.resolved_by_id = actor.person_id
    dispute.resolved_at = timezone.now()
    dispute.resolution = resolution
    dispute.score_before = score_before
    dispute.score_after = result.score
    dispute.save()
    audit_score(actor=actor, evaluation=evaluation, before=before, reason=resolution)
    _audit(
        actor=actor,
        action=QaEventAction.DISPUTE_ACCEPTED,
        evaluation=evaluation,
        score_before=score_before,
        score_after=result.score,
    )
    return dispute


@transaction.atomic
def qa_dispute_reject(*, actor: User, dispute: QaDispute, resolution: str) -> QaDispute:
    """Rejects the dispute with a reason; the score stays as it was."""
    resolution = _check_resolution(actor, resolution)
    dispute = _open_dispute_for_update(dispute)
    dispute.status = QaDisputeStatus.REJECTED
    dispute.resolved_by_id = actor.person_id
    dispute.resolved_at = timezone.now()
    dispute.resolution = resolution
    dispute.save()
    _audit(actor=actor, action=QaEventAction.DISPUTE_REJECTED, evaluation=dispute.evaluation)
    return dispute


# ---- sampling -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleReport:
    agents: int  # agents of the site considered
    planned: int  # interactions put in queues by this run
    complete: int  # agents whose month already had its sample
    short: int  # agents with fewer eligible interactions than the sample asks


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return date(day.year, 12, 31) if day.month == 12 else date(day.year, day.month + 1, 1) - ONE_DAY


@transaction.atomic
def qa_sample_plan(
    *,
    actor: User,
    agents: QuerySet[Person],
    evaluators: Sequence[Person],
    month: date,
    per_agent: int | Callable[[Person], int],
) -> SampleReport:
    """Tops each agent's sample for the month up to `per_agent` interactions, picked spread
    evenly over the month, and puts them in the evaluators' queues (the least loaded first).

    `per_agent` is one size for everyone, or a function giving each agent's (so that a
    development stage can set it). Running it again changes nothing; raising the size adds
    only the difference. Evaluated
    interactions count towards the sample; abandoned ones are never picked.
    """
    size_for = per_agent if callable(per_agent) else (lambda _agent: per_agent)
    if isinstance(per_agent, int) and per_agent < 0:
        raise ValidationError({"per_agent": _("The sample size cannot be negative.")})
    if not evaluators:
        raise ValidationError({"evaluators": _("Choose at least one evaluator.")})
    first, last = month_start(month), month_end(month)
    load = _evaluator_load(evaluators, first)
    report = {"agents": 0, "planned": 0, "complete": 0, "short": 0}
    new: list[QaAssignment] = []
    for agent in agents.order_by("pk"):
        report["agents"] += 1
        in_month = Interaction.objects.filter(
            agent=agent, local_date__gte=first, local_date__lte=last
        )
        sampled = in_month.filter(
            Q(qa_assignment__isnull=False)
            | Q(qa_evaluations__calibration_session__isnull=True, qa_evaluations__isnull=False)
        ).distinct()
        missing = size_for(agent) - sampled.count()
        if missing <= 0:
            report["complete"] += 1
            continue
        candidates = list(
            in_month.exclude(outcome=Outcome.ABANDONED)
            .exclude(pk__in=sampled.values("pk"))
            .order_by("started_at", "pk")
            .values_list("pk", "started_at")
        )
        picks = spread_evenly([started for _pk, started in candidates], missing)
        if len(picks) < missing:
            report["short"] += 1
        for index in picks:
            evaluator = _least_loaded(load, exclude=agent.pk)
            if evaluator is None:
                break
            new.append(
                QaAssignment(
                    interaction_id=candidates[index][0],
                    agent=agent,
                    evaluator=evaluator,
                    month=first,
                )
            )
            load[evaluator] += 1
    QaAssignment.objects.bulk_create(new)
    report["planned"] = len(new)
    result = SampleReport(**report)
    _audit(
        actor=actor,
        action=QaEventAction.SAMPLE_PLANNED,
        month=first.isoformat(),
        per_agent=per_agent if isinstance(per_agent, int) else "per agent",
        agents=result.agents,
        planned=result.planned,
        complete=result.complete,
        short=result.short,
    )
    return result


def _evaluator_load(evaluators: Sequence[Person], month: date) -> dict[Person, int]:
    counts = dict(
        QaAssignment.objects.filter(evaluator__in=evaluators, month=month)
        .values_list("evaluator_id")
        .annotate(count=Count("pk"))
        .values_list("evaluator_id", "count")
    )
    return {evaluator: counts.get(evaluator.pk, 0) for evaluator in evaluators}


def _least_loaded(load: dict[Person, int], *, exclude: int) -> Person | None:
    """The evaluator with the fewest assignments this month (the first listed on a tie)."""
    eligible = [
        (count, person.pk, person) for person, count in load.items() if person.pk != exclude
    ]
    if not eligible:
        return None
    return min(eligible, key=lambda entry: (entry[0], entry[1]))[2]


# ---- calibration ----------------------------------------------------------------------------

MIN_CALIBRATION_EVALUATORS = 2


@transaction.atomic
def qa_calibration_create(
    *,
    actor: User,
    title: str,
    interaction: Interaction,
    form_version: QaFormVersion,
    participants: Sequence[Person],
) -> QaCalibrationSession:
    """Invites evaluators to score one interaction blind."""
    if len(set(participants)) < MIN_CALIBRATION_EVALUATORS:
        raise ValidationError({"participants": _("A calibration needs at least two evaluators.")})
    if any(person.pk == interaction.agent_id for person in participants):
        raise ValidationError(
            {"participants": _("The evaluated agent cannot take part in the calibration.")}
        )
    session = QaCalibrationSession.objects.create(
        title=title,
        site_id=interaction.agent.site_id,
        interaction=interaction,
        form_version=form_version,
        created_by=actor,
    )
    session.participants.set(participants)
    _audit(actor=actor, action=QaEventAction.CALIBRATION_CREATED, session=session.pk)
    return session


def _open_session_for_update(session: QaCalibrationSession) -> QaCalibrationSession:
    locked = QaCalibrationSession.objects.select_for_update().get(pk=session.pk)
    if locked.closed_at is not None:
        raise ValidationError(_("This calibration is closed; its answers are final."))
    return locked


@transaction.atomic
def qa_calibration_score(
    *,
    actor: User,
    session: QaCalibrationSession,
    evaluator: Person,
    answers: Mapping[str, Answer],
    comment: str = "",
) -> QaEvaluation:
    """One participant's blind scores; they never count in scorecards."""
    session = _open_session_for_update(session)
    if not session.participants.filter(pk=evaluator.pk).exists():
        raise ValidationError(_("Only the invited evaluators score this calibration."))
    return qa_evaluation_record(
        actor=actor,
        interaction=session.interaction,
        form_version=session.form_version,
        evaluator=evaluator,
        answers=answers,
        comment=comment,
        calibration_session=session,
    )


@transaction.atomic
def qa_calibration_close(
    *,
    actor: User,
    session: QaCalibrationSession,
    facilitator: Person,
    answers: Mapping[str, Answer],
    comment: str = "",
) -> QaEvaluation:
    """Records the calibrated (agreed) answers and closes the session."""
    session = _open_session_for_update(session)
    if not session.evaluations.filter(is_calibration_reference=False).exists():
        raise ValidationError(_("Wait until at least one evaluator has scored."))
    reference = qa_evaluation_record(
        actor=actor,
        interaction=session.interaction,
        form_version=session.form_version,
        evaluator=facilitator,
        answers=answers,
        comment=comment,
        calibration_session=session,
        is_reference=True,
    )
    session.closed_at = timezone.now()
    session.save(update_fields=["closed_at", "updated_at"])
    _audit(
        actor=actor,
        action=QaEventAction.CALIBRATION_CLOSED,
        evaluation=reference,
        session=session.pk,
    )
    return reference


# ---- demo -----------------------------------------------------------------------------------


@transaction.atomic
def qa_clear() -> None:
    """Removes every QA form, evaluation, dispute, sample and calibration (before the demo is
    loaded anew); interactions can only go once nothing evaluates them."""
    for model in (
        QaEvent,
        QaDispute,
        QaItemScore,
        QaEvaluation,
        QaAssignment,
        QaCalibrationSession,
        QaItem,
        QaSection,
        QaFormVersion,
        QaForm,
    ):
        model.objects.all().delete()
