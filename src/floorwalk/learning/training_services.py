"""Writes of the training catalogue: courses, sessions, enrolments and their completion (which
plans the reinforcement follow-ups), follow-up observations, booking a follow-up as a
coaching session, and the auto-assign rules. Each checks the policy itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    can_coach,
    can_enrol,
    can_manage_trainings,
    can_record_training_follow_up,
    training_sites_for,
)
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.coaching.models import CoachingSession, SessionKind
from floorwalk.coaching.services import session_record
from floorwalk.development.cadence_selectors import current_mentor_of
from floorwalk.development.models import Competency
from floorwalk.learning.models import (
    AssignedBy,
    AutoAssignRule,
    Course,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    ObservedLevel,
    TrainingSession,
)
from floorwalk.metrics.models import QaForm, QaItem, QaItemScore
from floorwalk.org.models import Person, PersonStatus, Site

ENROLMENT_AUDIT_FIELDS = ("course", "session", "status", "completed_on", "assigned_by", "rule")
FOLLOW_UP_AUDIT_FIELDS = ("done_on", "observations", "note", "coaching_session")
RULE_AUDIT_FIELDS = ("course", "qa_item_key", "consecutive_fails", "cooldown_days", "active")
# Places are taken by these statuses; cancelled and no-show free them for the waiting list.
TAKING_A_PLACE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


# ---- courses --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseValues:
    """A course as its editor describes it."""

    name: str
    delivery: str
    description: str = ""
    duration_hours: Decimal = Decimal(4)
    target_metric: str = ""
    target_competencies: Sequence[Competency] = ()
    qa_form: QaForm | None = None
    qa_item_keys: Sequence[str] = ()
    target_behaviours: Sequence[str] = ()
    reinforcement_offsets: Sequence[int] = field(default=(2, 7, 14, 28, 56))
    active: bool = True


def _check_item_keys(qa_form: QaForm | None, keys: Sequence[str]) -> None:
    if keys and qa_form is None:
        raise ValidationError({"qa_form": _("Choose the QA form whose items the course names.")})
    if qa_form is None:
        return
    known = set(QaItem.objects.filter(version__form=qa_form).values_list("key", flat=True))
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise ValidationError(
            {
                "qa_item_keys": _("%(keys)s: not an item of %(form)s (items: %(known)s).")
                % {
                    "keys": ", ".join(unknown),
                    "form": qa_form.name,
                    "known": ", ".join(sorted(known)),
                }
            }
        )


@transaction.atomic
def course_save(*, actor: User, values: CourseValues, course: Course | None = None) -> Course:
    """Creates a course, or changes `course`, after checking its QA items exist."""
    if not can_manage_trainings(actor):
        raise PermissionDenied
    _check_item_keys(values.qa_form, values.qa_item_keys)
    course = course or Course()
    course.name = values.name.strip()
    course.description = values.description.strip()
    course.delivery = values.delivery
    course.duration_hours = values.duration_hours
    course.target_metric = values.target_metric
    course.qa_form = values.qa_form
    course.qa_item_keys = list(values.qa_item_keys)
    course.target_behaviours = [text.strip() for text in values.target_behaviours if text.strip()]
    course.reinforcement_offsets = list(values.reinforcement_offsets)
    course.active = values.active
    course.full_clean(exclude=["target_competencies"])
    course.save()
    course.target_competencies.set(values.target_competencies)
    return course


# ---- sessions -------------------------------------------------------------------------------


@transaction.atomic
def training_session_create(
    *,
    actor: User,
    course: Course,
    starts_on: date,
    ends_on: date,
    trainer: Person,
    site: Site,
    capacity: int,
    location: str = "",
) -> TrainingSession:
    if not can_manage_trainings(actor) or not training_sites_for(actor).filter(pk=site.pk).exists():
        raise PermissionDenied
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
    if capacity < 1:
        raise ValidationError({"capacity": _("A session has at least one place.")})
    session = TrainingSession.objects.create(
        course=course,
        starts_on=starts_on,
        ends_on=ends_on,
        trainer=trainer,
        site=site,
        capacity=capacity,
        location=location.strip(),
    )
    return session


def places_taken(session: TrainingSession) -> int:
    return session.enrolments.filter(status__in=TAKING_A_PLACE).count()


# ---- enrolments -----------------------------------------------------------------------------


def _audit_enrolment(
    actor: User | None, enrolment: Enrolment, before: dict[str, Any] | None, reason: str = ""
) -> None:
    audit_record(
        actor=actor,
        instance=enrolment,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        before=before,
        after=snapshot(enrolment, ENROLMENT_AUDIT_FIELDS),
        person=enrolment.person,
        reason=reason,
    )


def _locked_session(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def _check_room(session: TrainingSession) -> None:
    if places_taken(session) >= session.capacity:
        raise ValidationError(
            {"session": _("The session is full (%(n)d places).") % {"n": session.capacity}}
        )


@transaction.atomic
def enrolment_create(
    *, actor: User, person: Person, course: Course, session: TrainingSession | None = None
) -> Enrolment:
    """Enrols the person in a session of the course, or on its waiting list without one. A
    waiting enrolment of the person is moved into the session rather than doubled."""
    if not can_enrol(actor, person):
        raise PermissionDenied
    if session is not None:
        if session.course_id != course.pk:
            raise ValidationError({"session": _("The session belongs to another course.")})
        session = _locked_session(session)
        if (
            Enrolment.objects.filter(session=session, person=person)
            .exclude(status=EnrolmentStatus.CANCELLED)
            .exists()
        ):
            raise ValidationError(
                {
                    "person": _("%(name)s is enrolled in this session already.")
                    % {"name": person.display_name}
                }
            )
        _check_room(session)
    waiting = (
        Enrolment.objects.select_for_update()
        .filter(course=course, person=person, session=None, status=EnrolmentStatus.ENROLLED)
        .first()
    )
    if waiting is not None:
        if session is None:
            raise ValidationError(
                {
                    "person": _("%(name)s is on the waiting list already.")
                    % {"name": person.display_name}
                }
            )
        before = snapshot(waiting, ENROLMENT_AUDIT_FIELDS)
        waiting.session = session
        waiting.save(update_fields=["session", "updated_at"])
        _audit_enrolment(actor, waiting, before)
        return waiting
    enrolment = Enrolment.objects.create(
        course=course, session=session, person=person, enrolled_by=actor
    )
    _audit_enrolment(actor, enrolment, None)
    return enrolment


def reinforcement_owner(person: Person) -> Person | None:
    """Who follows the trainee up on the job: their current mentor, else their team leader."""
    mentorship = current_mentor_of(person)
    if mentorship is not None:
        return mentorship.mentor
    return person.team.leader if person.team is not None else None


def _plan_follow_ups(enrolment: Enrolment) -> list[FollowUp]:
    owner = reinforcement_owner(enrolment.person)
    completed_on: date = enrolment.completed_on  # type: ignore[assignment]
    return FollowUp.objects.bulk_create(
        FollowUp(
            enrolment=enrolment,
            offset_days=offset,
            due_on=completed_on + timedelta(days=offset),
            owner=owner,
        )
        for offset in enrolment.course.reinforcement_offsets
    )


@transaction.atomic
def enrolment_set_status(
    *, actor: User, enrolment: Enrolment, status: str, completed_on: date | None = None
) -> Enrolment:
    """Marks attendance: completed (on a day, which plans the follow-ups), no-show or
    cancelled. A completed enrolment stays completed."""
    if not can_enrol(actor, enrolment.person):
        raise PermissionDenied
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("course", "person")
        .get(pk=enrolment.pk)
    )
    if status not in EnrolmentStatus.values or status == EnrolmentStatus.ENROLLED:
        raise ValidationError({"status": _("Choose completed, no-show or cancelled.")})
    if enrolment.status == EnrolmentStatus.COMPLETED:
        raise ValidationError({"status": _("The training is completed already.")})
    before = snapshot(enrolment, ENROLMENT_AUDIT_FIELDS)
    if status == EnrolmentStatus.COMPLETED:
        if completed_on is None:
            raise ValidationError({"completed_on": _("Give the day the training was completed.")})
        if completed_on > timezone.localdate():
            raise ValidationError({"completed_on": _("The date cannot be in the future.")})
        if enrolment.session is not None and completed_on < enrolment.session.starts_on:
            raise ValidationError(
                {"completed_on": _("The training cannot be completed before its first day.")}
            )
        enrolment.completed_on = completed_on
    elif status == EnrolmentStatus.NO_SHOW and enrolment.session is None:
        raise ValidationError({"status": _("A waiting enrolment has no session to miss.")})
    enrolment.status = status
    enrolment.save(update_fields=["status", "completed_on", "updated_at"])
    if status == EnrolmentStatus.COMPLETED:
        _plan_follow_ups(enrolment)
    _audit_enrolment(actor, enrolment, before)
    return enrolment


# ---- follow-ups -----------------------------------------------------------------------------


@transaction.atomic
def follow_up_record(
    *,
    actor: User,
    follow_up: FollowUp,
    done_on: date,
    observations: Mapping[str, str],
    note: str = "",
) -> FollowUp:
    """Records what was observed at a follow-up: a level for each target behaviour."""
    person = follow_up.enrolment.person
    if not can_record_training_follow_up(actor, person, follow_up.owner_id):
        raise PermissionDenied
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    if done_on < follow_up.enrolment.completed_on:  # type: ignore[operator]
        raise ValidationError({"done_on": _("A follow-up comes after the training was completed.")})
    behaviours = follow_up.enrolment.course.target_behaviours
    rows = []
    for index, behaviour in enumerate(behaviours):
        level = observations.get(behaviour, "")
        if level not in ObservedLevel.values:
            raise ValidationError(
                {
                    f"behaviour_{index}": _("Say how often you observed: %(behaviour)s")
                    % {"behaviour": behaviour}
                }
            )
        rows.append({"behaviour": behaviour, "level": level})
    before = snapshot(follow_up, FOLLOW_UP_AUDIT_FIELDS)
    follow_up.done_on = done_on
    follow_up.done_by = actor
    follow_up.observations = rows
    follow_up.note = note.strip()
    follow_up.save(update_fields=["done_on", "done_by", "observations", "note", "updated_at"])
    audit_record(
        actor=actor,
        instance=follow_up,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(follow_up, FOLLOW_UP_AUDIT_FIELDS),
        person=person,
    )
    return follow_up


def _coaching_texts(follow_up: FollowUp) -> tuple[str, str]:
    steady = [row["behaviour"] for row in follow_up.observations if row["level"] == "consistently"]
    growing = [row["behaviour"] for row in follow_up.observations if row["level"] != "consistently"]
    course = follow_up.enrolment.course.name
    keep = "; ".join(steady) or _("Keep practising what %(course)s taught.") % {"course": course}
    change = "; ".join(growing) or _(
        "Nothing to change: every behaviour of %(course)s is seen consistently."
    ) % {"course": course}
    return keep, change


@transaction.atomic
def follow_up_book_coaching(
    *, actor: User, follow_up: FollowUp, kind: str = SessionKind.SIDE_BY_SIDE
) -> CoachingSession:
    """Records the done follow-up as a coaching session on the course's target metric (or its
    first competency), with the observed behaviours to keep and to change, and links it."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    enrolment = follow_up.enrolment
    course = enrolment.course
    if not can_coach(actor, enrolment.person):
        raise PermissionDenied
    if follow_up.done_on is None:
        raise ValidationError({"done_on": _("Record the follow-up before booking it.")})
    if follow_up.coaching_session_id is not None:
        raise ValidationError({"coaching_session": _("The follow-up is booked already.")})
    competency = course.target_competencies.order_by("name").first()
    if not course.target_metric and competency is None:
        raise ValidationError(
            {"coaching_session": _("The course names no target metric or competency to focus on.")}
        )
    keep, change = _coaching_texts(follow_up)
    session = session_record(
        actor=actor,
        agent=enrolment.person,
        kind=kind,
        held_on=follow_up.done_on,
        keep_doing=keep,
        to_change=change,
        focus_metric=course.target_metric,
        focus_competency=None if course.target_metric else competency,
        observations=follow_up.note,
        agreed_behaviours="\n".join(course.target_behaviours),
    )
    before = snapshot(follow_up, FOLLOW_UP_AUDIT_FIELDS)
    follow_up.coaching_session = session
    follow_up.save(update_fields=["coaching_session", "updated_at"])
    audit_record(
        actor=actor,
        instance=follow_up,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(follow_up, FOLLOW_UP_AUDIT_FIELDS),
        person=enrolment.person,
    )
    return session


# ---- auto-assign rules ----------------------------------------------------------------------


@transaction.atomic
def rule_save(
    *,
    actor: User,
    course: Course,
    qa_item_key: str,
    consecutive_fails: int,
    cooldown_days: int,
    active: bool = True,
    rule: AutoAssignRule | None = None,
) -> AutoAssignRule:
    if not can_manage_trainings(actor):
        raise PermissionDenied
    if not QaItem.objects.filter(key=qa_item_key).exists():
        raise ValidationError({"qa_item_key": _("No QA form has an item with this key.")})
    if not 1 <= consecutive_fails <= 20:
        raise ValidationError({"consecutive_fails": _("From 1 to 20 consecutive fails.")})
    before = None if rule is None else snapshot(rule, RULE_AUDIT_FIELDS)
    rule = rule or AutoAssignRule()
    rule.course = course
    rule.qa_item_key = qa_item_key
    rule.consecutive_fails = consecutive_fails
    rule.cooldown_days = cooldown_days
    rule.active = active
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:
        raise ValidationError(
            {"qa_item_key": _("The course has a rule for this item already.")}
        ) from None
    audit_record(
        actor=actor,
        instance=rule,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        before=before,
        after=snapshot(rule, RULE_AUDIT_FIELDS),
    )
    return rule


def is_fail(answer: float | None) -> bool | None:
    """An item fails when answered below 1 (not fully met), as a critical item fails in the
    QA engine; N/A (None) is neither a pass nor a fail."""
    return None if answer is None else answer < 1


def _newest_answers(rule: AutoAssignRule, person_id: int, since: Any) -> list[QaItemScore]:
    """The person's newest standing answers to the rule's item, newest first, N/A left out,
    of interactions after `since` (the start of their last enrolment in the course)."""
    answers = QaItemScore.objects.filter(
        item__key=rule.qa_item_key,
        answer__isnull=False,
        evaluation__interaction__agent_id=person_id,
        evaluation__calibration_session__isnull=True,
    )
    if since is not None:
        answers = answers.filter(evaluation__evaluated_at__gt=since)
    return list(
        answers.select_related("evaluation__interaction").order_by(
            "-evaluation__interaction__started_at", "-evaluation_id"
        )[: rule.consecutive_fails]
    )


def _next_open_session(course: Course, site_id: int, today: date) -> TrainingSession | None:
    sessions = (
        TrainingSession.objects.select_for_update()
        .filter(course=course, site_id=site_id, starts_on__gt=today)
        .order_by("starts_on", "pk")
    )
    counts = dict(
        TrainingSession.objects.filter(course=course, site_id=site_id, starts_on__gt=today)
        .annotate(taken=Count("enrolments", filter=Q(enrolments__status__in=TAKING_A_PLACE)))
        .values_list("pk", "taken")
    )
    return next((s for s in sessions if counts.get(s.pk, 0) < s.capacity), None)


def _apply_rule(rule: AutoAssignRule, person: Person, today: date) -> Enrolment | None:
    # The newest enrolment in the course, cancelled ones included: the cool-down and the
    # fresh evidence both count from it.
    previous = (
        Enrolment.objects.filter(course=rule.course, person=person).order_by("-created_at").first()
    )
    if previous is not None:
        if previous.status == EnrolmentStatus.ENROLLED:
            return None  # enrolled or waiting already
        if timezone.localdate(previous.created_at) + timedelta(days=rule.cooldown_days) > today:
            return None  # within the cool-down
    answers = _newest_answers(rule, person.pk, previous.created_at if previous else None)
    if len(answers) < rule.consecutive_fails or not all(is_fail(a.answer) for a in answers):
        return None
    session = _next_open_session(rule.course, person.site_id, today)
    enrolment = Enrolment.objects.create(
        course=rule.course,
        session=session,
        person=person,
        assigned_by=AssignedBy.RULE,
        rule=rule,
        evidence=[
            {
                "evaluation": answer.evaluation_id,
                "day": answer.evaluation.interaction.local_date.isoformat(),
                "item": rule.qa_item_key,
                "answer": answer.answer,
            }
            for answer in reversed(answers)
        ],
    )
    _audit_enrolment(
        None,
        enrolment,
        None,
        reason=_("%(n)d consecutive fails of QA item %(key)s")
        % {"n": rule.consecutive_fails, "key": rule.qa_item_key},
    )
    return enrolment


@transaction.atomic
def rules_apply(*, today: date, person_ids: Iterable[int] | None = None) -> list[Enrolment]:
    """Runs every active rule for these people (every current person when None) and returns
    the enrolments made. Running it twice makes none the second time."""
    rules = list(
        AutoAssignRule.objects.filter(active=True, course__active=True).select_related("course")
    )
    if not rules:
        return []
    people = Person.objects.exclude(status=PersonStatus.LEFT)
    if person_ids is not None:
        people = people.filter(pk__in=list(person_ids))
    made = []
    for person in people.order_by("pk"):
        for rule in rules:
            enrolment = _apply_rule(rule, person, today)
            if enrolment is not None:
                made.append(enrolment)
    return made


def rules_after_evaluation(*, agent_id: int) -> list[Enrolment]:
    """Called once a QA evaluation of the agent is committed."""
    return rules_apply(today=timezone.localdate(), person_ids=[agent_id])
