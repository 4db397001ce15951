"""QA for the demo floor: a form, three and a half months of sampled evaluations, an open
dispute by the demo agent and a calibrated session, written through the same services as the
pages. Agents who resolve more of their contacts score better, as on a real floor."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Avg, Case, Max, When
from django.utils import timezone

from floorwalk.accounts.models import User
from floorwalk.metrics.models import (
    Interaction,
    Outcome,
    QaAssignment,
    QaCalibrationSession,
    QaDispute,
    QaEvaluation,
    QaFormVersion,
)
from floorwalk.metrics.qa.selectors import (
    form_version_current,
    sample_agents,
    site_qa_specialists,
)
from floorwalk.metrics.qa.services import (
    Answer,
    ItemSpec,
    month_start,
    qa_calibration_close,
    qa_calibration_create,
    qa_calibration_score,
    qa_dispute_raise,
    qa_evaluation_record,
    qa_form_create,
    qa_sample_plan,
)

DEMO_FORM = "Customer conversation"
DEMO_ITEMS = (
    ItemSpec("Opening", "greeting", "Greets the customer and introduces themself", 1.0),
    ItemSpec("Opening", "verification", "Verifies the customer's identity", 2.0, critical=True),
    ItemSpec("Understanding", "needs", "Finds out what the customer needs", 3.0, allows_na=False),
    ItemSpec("Understanding", "empathy", "Acknowledges the customer's feelings", 2.0),
    ItemSpec("Resolution", "solution", "Solves the problem or says what happens next", 3.0),
    ItemSpec("Resolution", "offer", "Offers a product that fits", 1.0),
    ItemSpec("Closing", "summary", "Summarises and checks nothing is left", 1.0),
    ItemSpec("Closing", "extra_mile", "Goes the extra mile", 5.0, bonus=True),
)
PER_AGENT = 3
EVALUATED_MONTHS = 4  # three whole months and the current one, so QA has a trend
CALIBRATION_MONTHS = 3
# Answers are met, partly met or not met; N/A now and then where the item allows it.
ANSWER_VALUES = (1.0, 0.5, 0.0)
NOT_APPLICABLE_SHARE = 0.05


@dataclass(frozen=True)
class QaDemoResult:
    evaluations: int
    pending: int
    disputes: int


def _answers(rng: random.Random, skill: float) -> dict[str, Answer]:
    """One evaluation's answers for an agent of `skill` (0–1): the more skilled, the more
    items met and the rarer a critical miss."""
    met = 0.6 + 0.38 * skill
    weights = (met, (1 - met) * 0.6, (1 - met) * 0.4)
    result = {}
    for item in DEMO_ITEMS:
        if item.bonus:
            value: float | None = 1.0 if rng.random() < skill / 4 else 0.0
        elif item.critical:
            value = 0.0 if rng.random() < 0.04 * (1 - skill) else 1.0
        elif item.allows_na and rng.random() < NOT_APPLICABLE_SHARE:
            value = None
        else:
            value = rng.choices(ANSWER_VALUES, weights)[0]
        result[item.key] = Answer(value)
    return result


@transaction.atomic
def qa_demo_load(*, seed: int) -> QaDemoResult:
    """Loads the demo's QA on top of its people and interactions; nothing without them."""
    actor = User.objects.filter(username="qa", person__isnull=False).first()
    last_day = Interaction.objects.aggregate(last=Max("local_date"))["last"]
    if actor is None or last_day is None:
        return QaDemoResult(0, 0, 0)
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    site = actor.person.site  # type: ignore[union-attr]
    form = qa_form_create(
        actor=actor,
        name=DEMO_FORM,
        description="Voice and chat conversations, scored item by item.",
        items=DEMO_ITEMS,
    )
    version = form_version_current(form)
    evaluators = list(site_qa_specialists([site.pk]))
    this_month = month_start(last_day)
    months = [this_month]
    while len(months) < EVALUATED_MONTHS:
        months.insert(0, month_start(months[0] - timedelta(days=1)))
    for month in months:
        qa_sample_plan(
            actor=actor,
            agents=sample_agents(actor, site),
            evaluators=evaluators,
            month=month,
            per_agent=PER_AGENT,
        )
    skill = _resolution_rank(sample_agents(actor, site), since=months[0])
    assignments = QaAssignment.objects.select_related("interaction", "evaluator").order_by(
        "interaction__started_at", "pk"
    )
    evaluated = pending = 0
    now = timezone.now()
    for assignment in assignments:
        # Past months are done; this month about half, so the queues show work to do.
        if assignment.month == this_month and rng.random() < 0.5:
            pending += 1
            continue
        interaction = assignment.interaction
        qa_evaluation_record(
            actor=actor,
            interaction=interaction,
            form_version=version,
            evaluator=assignment.evaluator,
            answers=_answers(rng, skill.get(interaction.agent_id, 0.5)),
            evaluated_at=min(interaction.started_at + timedelta(days=1), now),
        )
        evaluated += 1
    disputes = _demo_dispute()
    _demo_calibration(actor, version, rng)
    return QaDemoResult(evaluations=evaluated, pending=pending, disputes=disputes)


def _resolution_rank(agents, *, since) -> dict[int, float]:
    """Each agent's rank among the sampled agents by their share of contacts resolved since
    `since`, from 0 (fewest) to 1 (most): the demo's QA follows how well agents really work."""
    shares = dict(
        Interaction.objects.filter(agent__in=agents, local_date__gte=since)
        .values("agent_id")
        .annotate(
            share=Avg(Case(When(outcome=Outcome.RESOLVED, then=1.0), default=0.0)),
        )
        .values_list("agent_id", "share")
    )
    ranked = sorted(shares, key=shares.__getitem__)
    return {agent_id: index / max(len(ranked) - 1, 1) for index, agent_id in enumerate(ranked)}


def _demo_dispute() -> int:
    """The demo agent disputes their latest evaluation, so QA's dispute queue has one."""
    agent_user = User.objects.filter(username="agent", person__isnull=False).first()
    if agent_user is None:
        return 0
    latest = (
        QaEvaluation.objects.filter(
            interaction__agent_id=agent_user.person_id, calibration_session__isnull=True
        )
        .order_by("-evaluated_at")
        .first()
    )
    if latest is None:
        return 0
    qa_dispute_raise(
        actor=agent_user,
        evaluation=latest,
        reason="I did offer the follow-up call; the customer asked me to send it by email.",
    )
    return QaDispute.objects.count()


def _demo_calibration(actor: User, version: QaFormVersion, rng: random.Random) -> None:
    """A calibrated session in each of the last three months of data, so the calibration page
    and its leniency chart have a history."""
    leader = User.objects.filter(username="leader", person__isnull=False).first()
    qa_person, leader_person = actor.person, leader.person if leader else None
    if leader is None or qa_person is None or leader_person is None:
        return
    candidates = (
        Interaction.objects.filter(agent__site=qa_person.site)
        .exclude(agent_id__in=[qa_person.pk, leader_person.pk])
        .exclude(qa_evaluations__isnull=False)
    )
    last_day = candidates.aggregate(last=Max("local_date"))["last"]
    if last_day is None:
        return
    month = month_start(last_day)
    for _ in range(CALIBRATION_MONTHS):
        interaction = candidates.filter(local_date__gte=month).order_by("started_at").first()
        month = month_start(month - timedelta(days=1))
        if interaction is None:
            continue
        session = qa_calibration_create(
            actor=actor,
            title=f"Calibration {interaction.local_date:%B %Y}",
            interaction=interaction,
            form_version=version,
            participants=[qa_person, leader_person],
        )
        # The leader runs more generous than QA, so the leniency chart has a story to tell.
        for user, person, skill in ((leader, leader_person, 0.9), (actor, qa_person, 0.4)):
            qa_calibration_score(
                actor=user, session=session, evaluator=person, answers=_answers(rng, skill)
            )
        qa_calibration_close(
            actor=actor, session=session, facilitator=qa_person, answers=_answers(rng, 0.4)
        )
        # Demo history: the session closed a couple of days after the call, not today.
        QaCalibrationSession.objects.filter(pk=session.pk).update(
            created_at=interaction.started_at, closed_at=interaction.started_at + timedelta(days=2)
        )
