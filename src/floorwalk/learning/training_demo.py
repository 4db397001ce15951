"""The demo's training: "Empathy and ownership", aimed at first-contact resolution and the QA
form's empathy and summary items, with two past sessions (10 and 6 weeks ago) and an upcoming
one; the trainees' follow-ups, some done on time and some late; QA evaluations of their
contacts after the training, so the transfer split tells the floor's usual story (most go back
to old habits after four weeks); and an auto-assign rule on the empathy item."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef

from floorwalk.accounts.models import Role, User
from floorwalk.engine.transfer import TransferClass
from floorwalk.learning.models import (
    AutoAssignRule,
    Course,
    Enrolment,
    FollowUp,
    TrainingSession,
)
from floorwalk.learning.training_selectors import course_transfer, follow_up_missed
from floorwalk.learning.training_services import (
    CourseValues,
    course_save,
    enrolment_create,
    enrolment_set_status,
    follow_up_record,
    rule_save,
    rules_apply,
    training_session_create,
)
from floorwalk.metrics.models import Interaction, QaEvaluation, QaForm
from floorwalk.metrics.qa.demo import DEMO_FORM, DEMO_ITEMS
from floorwalk.metrics.qa.selectors import form_version_current
from floorwalk.metrics.qa.services import Answer, qa_evaluation_record
from floorwalk.org.models import Person, PersonStatus

COURSE = "Empathy and ownership"
BEHAVIOURS = [
    "Names the customer's feeling before solving",
    "Says what they will do and by when",
    "Checks the customer agrees with the next step",
    "Follows up without being asked",
]
ITEMS = ["empathy", "summary"]
# The first session's 14 trainees, by plan: who adopts, never adopts, reverts.
PLAN = ["adopted"] * 3 + ["never"] * 2 + ["reverted"] * 9
EARLIER_DAYS, LATER_DAYS = 70, 42  # the two past sessions, days before today
EVALUATIONS_PER_WINDOW = 5
# Trainees (by position) whose follow-ups from two weeks on were done late: one who never
# adopted and six of those who reverted.
LATE_FOLLOW_UPS = frozenset({3, 5, 6, 7, 8, 9, 10})
LATE_FROM_DAY = 14
# The later session's trainees' four-week follow-up is left overdue.
OVERDUE_OFFSET = 28


@dataclass(frozen=True)
class TrainingDemoResult:
    courses: int
    trainees: int
    split: dict[TransferClass, int]
    follow_ups_done: int
    follow_ups_missed: int
    assigned_by_rule: int

    @property
    def message(self) -> str:
        split = self.split
        return (
            f"Training: {self.courses} course, {self.trainees} trainees: "
            f"{split[TransferClass.ADOPTED]} adopted, {split[TransferClass.NEVER_ADOPTED]} never "
            f"adopted, {split[TransferClass.REVERTED]} reverted, "
            f"{split[TransferClass.TOO_EARLY]} too early, {split[TransferClass.NO_DATA]} without "
            f"data; {self.follow_ups_done} follow-ups done, {self.follow_ups_missed} missed; "
            f"{self.assigned_by_rule} enrolled by the empathy rule."
        )


def training_clear() -> None:
    """Deletes every training record (the demo's --replace, before people go)."""
    FollowUp.objects.all().delete()
    Enrolment.objects.all().delete()
    AutoAssignRule.objects.all().delete()
    TrainingSession.objects.all().delete()
    Course.objects.all().delete()


def _answers(level: str, rng: random.Random) -> dict[str, Answer]:
    """Every item met, the course's items as the plan says: "pass" met, "fail" mostly not."""
    result = {}
    for item in DEMO_ITEMS:
        value = 0.0 if item.bonus else 1.0
        if item.key in ITEMS:
            if level == "pass":
                value = 1.0 if rng.random() < 0.9 else 0.5
            else:
                value = 0.0 if rng.random() < 0.5 else 0.5
        result[item.key] = Answer(value)
    return result


def _evaluate(
    agent: Person, first: date, last: date, level: str, qa_user: User, rng: random.Random
) -> None:
    version = form_version_current(QaForm.objects.get(name=DEMO_FORM))
    evaluated = QaEvaluation.objects.filter(interaction=OuterRef("pk"))
    interactions = (
        Interaction.objects.filter(agent=agent, local_date__range=(first, last))
        .exclude(Exists(evaluated))
        .order_by("started_at", "pk")
    )
    count = interactions.count()
    if not count:
        return
    step = max(count // EVALUATIONS_PER_WINDOW, 1)
    for interaction in list(interactions[::step])[:EVALUATIONS_PER_WINDOW]:
        qa_evaluation_record(
            actor=qa_user,
            interaction=interaction,
            form_version=version,
            evaluator=qa_user.person,  # type: ignore[arg-type]
            answers=_answers(level, rng),
        )


def _observe(follow_up: FollowUp, plan: str, late: bool, actor: User, today: date) -> bool:
    """Records the follow-up as the plan says; False when it is not due yet, or when it is
    the four-week follow-up of someone trained six weeks ago, left overdue."""
    if follow_up.due_on > today - timedelta(days=1):
        return False
    if plan == "too_early" and follow_up.offset_days == OVERDUE_OFFSET:
        return False
    early = follow_up.offset_days <= 28
    if plan == "adopted" or (plan == "reverted" and early):
        levels = ["consistently", "consistently", "consistently", "sometimes"]
    elif plan == "never":
        levels = ["not_yet", "sometimes", "not_yet", "not_yet"]
    else:
        levels = ["sometimes", "not_yet", "sometimes", "not_yet"]
    done_on = min(follow_up.due_on + timedelta(days=6 if late else 1), today)
    follow_up_record(
        actor=actor,
        follow_up=follow_up,
        done_on=done_on,
        observations=dict(zip(BEHAVIOURS, levels, strict=True)),
        note="Listened to three calls side by side.",
    )
    return True


def _site_agents(site, hired_before: date) -> list[Person]:
    return list(
        Person.objects.filter(
            site=site,
            status=PersonStatus.ACTIVE,
            team__isnull=False,
            hire_date__lt=hired_before,
            role_assignments__role=Role.AGENT,
        )
        .exclude(role_assignments__role=Role.TEAM_LEADER)
        .distinct()
        .order_by("pk")
    )


def training_demo_load(*, today: date, seed: int) -> TrainingDemoResult:
    """Loads the course, its trainees and their evidence in one transaction, then the rule in
    another: the trainees' evaluations are committed before any rule exists, so the rule's
    check after each evaluation has nothing to do for them."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    manager = User.objects.filter(username="manager", person__isnull=False).first()
    leader = User.objects.filter(username="leader", person__isnull=False).first()
    qa_user = User.objects.filter(username="qa", person__isnull=False).first()
    if manager is None or leader is None or qa_user is None:
        return TrainingDemoResult(0, 0, dict.fromkeys(TransferClass, 0), 0, 0, 0)
    site = manager.person.site  # type: ignore[union-attr]
    form = QaForm.objects.filter(name=DEMO_FORM).first()
    with transaction.atomic():
        course = course_save(
            actor=manager,
            values=CourseValues(
                name=COURSE,
                delivery="classroom",
                description=(
                    "Acknowledge the customer's feelings, own the next step, close the loop."
                ),
                duration_hours=Decimal(6),
                target_metric="fcr",
                qa_form=form,
                qa_item_keys=ITEMS if form else [],
                target_behaviours=BEHAVIOURS,
            ),
        )
        baseline_start = today - timedelta(days=EARLIER_DAYS + 1 + 28)
        # The later session's two trainees are of the demo leader's team, so their overdue
        # follow-up shows on the leader's home page.
        candidates = _site_agents(site, baseline_start)
        led = [a for a in candidates if a.team.leader_id == leader.person_id][:2]  # type: ignore[union-attr]
        agents = [a for a in candidates if a not in led][: len(PLAN)] + led
        agents = agents if len(agents) == len(PLAN) + 2 else candidates[: len(PLAN) + 2]
        sessions = []
        for days_ago, size in ((EARLIER_DAYS, len(PLAN)), (LATER_DAYS, 2)):
            first = today - timedelta(days=days_ago + 1)
            sessions.append(
                (
                    training_session_create(
                        actor=manager,
                        course=course,
                        starts_on=first,
                        ends_on=first + timedelta(days=1),
                        trainer=leader.person,  # type: ignore[arg-type]
                        site=site,
                        capacity=max(size, 12),
                        location="Training room 1",
                    ),
                    size,
                )
            )
        # The upcoming session, where the rule's enrolments go.
        training_session_create(
            actor=manager,
            course=course,
            starts_on=today + timedelta(days=14),
            ends_on=today + timedelta(days=15),
            trainer=leader.person,  # type: ignore[arg-type]
            site=site,
            capacity=12,
            location="Training room 1",
        )
        plans = [*PLAN, "too_early", "too_early"]
        position = 0
        for session, size in sessions:
            for agent in agents[position : position + size]:
                plan = plans[position]
                enrolment = enrolment_create(
                    actor=manager, person=agent, course=course, session=session
                )
                enrolment = enrolment_set_status(
                    actor=manager,
                    enrolment=enrolment,
                    status="completed",
                    completed_on=session.ends_on,
                )
                completed = session.ends_on
                if form is not None:
                    baseline = (
                        session.starts_on - timedelta(days=28),
                        session.starts_on - timedelta(days=1),
                    )
                    early = (completed + timedelta(days=1), completed + timedelta(days=28))
                    late = (
                        completed + timedelta(days=29),
                        min(completed + timedelta(days=56), today - timedelta(days=1)),
                    )
                    _evaluate(agent, *baseline, "fail", qa_user, rng)
                    _evaluate(agent, *early, "fail" if plan == "never" else "pass", qa_user, rng)
                    if late[0] <= late[1]:
                        _evaluate(
                            agent, *late, "pass" if plan == "adopted" else "fail", qa_user, rng
                        )
                for follow_up in enrolment.follow_ups.select_related("owner__user"):
                    owner_user = getattr(follow_up.owner, "user", None) if follow_up.owner else None
                    _observe(
                        follow_up,
                        plan,
                        position in LATE_FOLLOW_UPS and follow_up.offset_days >= LATE_FROM_DAY,
                        owner_user or manager,
                        today,
                    )
                position += 1
    assigned = 0
    if form is not None:
        with transaction.atomic():
            rule_save(
                actor=manager,
                course=course,
                qa_item_key="empathy",
                consecutive_fails=3,
                cooldown_days=60,
            )
            # Three agents who were not trained fail empathy on their latest contacts: the rule
            # enrols them in the upcoming session, with those evaluations as evidence.
            trained = {agent.pk for agent in agents}
            for agent in [a for a in _site_agents(site, today) if a.pk not in trained][:3]:
                _evaluate(
                    agent,
                    today - timedelta(days=3),
                    today - timedelta(days=1),
                    "fail",
                    qa_user,
                    rng,
                )
            assigned = len(rules_apply(today=today))
    transfer = course_transfer(course, Person.objects.all(), today)
    follow_ups = list(FollowUp.objects.filter(enrolment__course=course))
    return TrainingDemoResult(
        courses=1,
        trainees=len(transfer.rows),
        split=transfer.split.counts,
        follow_ups_done=sum(1 for f in follow_ups if f.done_on is not None),
        follow_ups_missed=sum(1 for f in follow_ups if follow_up_missed(f, today)),
        assigned_by_rule=assigned,
    )
