"""Reads of the training catalogue: courses, sessions and enrolments, the follow-ups due, and
each trainee's transfer of training with the course's split."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from floorwalk.accounts.models import Role, User
from floorwalk.accounts.policy import Access, Aspect, people_for, roles_of
from floorwalk.engine.metrics import Direction, metric
from floorwalk.engine.periods import Period, PeriodKind
from floorwalk.engine.transfer import (
    CLASS_LABELS,
    MetricEvidence,
    MetricReading,
    ObservationEvidence,
    QaEvidence,
    QaReading,
    Split,
    Transfer,
    TransferClass,
    TransferInput,
    Windows,
    classify_transfer,
    transfer_split,
    transfer_windows,
)
from floorwalk.learning.models import (
    ON_TIME_TOLERANCE_DAYS,
    Course,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    TrainingSession,
)
from floorwalk.metrics.models import QaItemScore
from floorwalk.metrics.selectors import totals_by_agent_and_period
from floorwalk.org.models import Person

DUE_WITHIN_DAYS = 7
TAKING_A_PLACE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


def course_list(*, include_inactive: bool = True) -> QuerySet[Course]:
    courses = Course.objects.annotate(
        session_count=Count("sessions", distinct=True),
        completed_count=Count(
            "enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED), distinct=True
        ),
    ).order_by("name")
    return courses if include_inactive else courses.filter(active=True)


def course_sessions(course: Course) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(course=course)
        .select_related("trainer", "site")
        .annotate(taken=Count("enrolments", filter=Q(enrolments__status__in=TAKING_A_PLACE)))
        .order_by("-starts_on", "-pk")
    )


def places_taken(session: TrainingSession) -> int:
    return session.enrolments.filter(status__in=TAKING_A_PLACE).count()


def session_enrolments(session: TrainingSession, visible: QuerySet[Person]) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(session=session, person__in=visible)
        .select_related("person", "rule")
        .order_by("person__display_name")
    )


def waiting_enrolments(course: Course, visible: QuerySet[Person]) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(
            course=course, session=None, status=EnrolmentStatus.ENROLLED, person__in=visible
        )
        .select_related("person", "rule")
        .order_by("created_at")
    )


def person_enrolments(person: Person) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(person=person)
        .select_related("course", "session__site", "session__trainer", "rule")
        .prefetch_related("follow_ups")
        .order_by("-created_at")
    )


def follow_ups_due(
    *, owner: Person | None, people: QuerySet[Person], today: date
) -> list[FollowUp]:
    """Follow-ups not yet done, due within a week or overdue, that the user owns or that are
    of the people they lead: overdue first, then by due day and name."""
    condition = Q(enrolment__person__in=people)
    if owner is not None:
        condition |= Q(owner=owner)
    return list(
        FollowUp.objects.filter(
            condition, done_on=None, due_on__lte=today + timedelta(days=DUE_WITHIN_DAYS)
        )
        .select_related("enrolment__person", "enrolment__course", "owner")
        .order_by("due_on", "enrolment__person__display_name", "pk")
    )


def follow_up_missed(follow_up: FollowUp, today: date) -> bool:
    """Missed: done later than the tolerance after its due day, or not done by then."""
    deadline = follow_up.due_on + timedelta(days=ON_TIME_TOLERANCE_DAYS)
    if follow_up.done_on is None:
        return today > deadline
    return follow_up.done_on > deadline


# ---- transfer of training -------------------------------------------------------------------


@dataclass(frozen=True)
class TraineeTransfer:
    enrolment: Enrolment
    transfer: Transfer
    follow_ups_done: int
    follow_ups_missed: int

    @property
    def person(self) -> Person:
        return self.enrolment.person

    @property
    def follow_ups_on_time(self) -> bool:
        return self.follow_ups_missed == 0


@dataclass(frozen=True)
class CourseTransfer:
    rows: list[TraineeTransfer]
    split: Split
    split_on_time: Split
    split_missed: Split


def _windows(enrolment: Enrolment) -> Windows:
    start = enrolment.session.starts_on if enrolment.session else enrolment.completed_on
    return transfer_windows(start, enrolment.completed_on)  # type: ignore[arg-type]


def _periods(windows: Windows) -> list[Period]:
    """Contiguous periods for the rollup sums: baseline, the training, weeks 1–4, 5–8."""
    return [
        Period(PeriodKind.CUSTOM, windows.baseline_start, windows.baseline_end),
        Period(
            PeriodKind.CUSTOM,
            windows.baseline_end + timedelta(days=1),
            windows.early_start - timedelta(days=1),
        ),
        Period(PeriodKind.CUSTOM, windows.early_start, windows.early_end),
        Period(PeriodKind.CUSTOM, windows.late_start, windows.late_end),
    ]


def _metric_evidence(course: Course, enrolments: list[Enrolment]) -> dict[int, MetricEvidence]:
    """The target metric in the windows of each trainee, from the daily rollups: one sum per
    group of trainees sharing the same windows."""
    if not course.target_metric:
        return {}
    target = metric(course.target_metric)
    groups: dict[Windows, list[int]] = defaultdict(list)
    for enrolment in enrolments:
        groups[_windows(enrolment)].append(enrolment.pk)
    by_person = {enrolment.pk: enrolment.person_id for enrolment in enrolments}
    result = {}
    for windows, enrolment_ids in groups.items():
        totals = totals_by_agent_and_period(
            [by_person[pk] for pk in enrolment_ids], _periods(windows)
        )
        for pk in enrolment_ids:
            series = totals.get(by_person[pk])
            if series is None:
                readings = [MetricReading(None, 0)] * 4
            else:
                readings = [MetricReading(target.value(t), target.sample(t)) for t in series]
            result[pk] = MetricEvidence(
                name=target.name,
                higher_is_better=target.direction is Direction.HIGHER,
                min_sample=target.min_sample,
                baseline=readings[0],
                early=readings[2],
                late=readings[3],
            )
    return result


def _qa_evidence(course: Course, enrolments: list[Enrolment]) -> dict[int, QaEvidence]:
    """Pass rates of the course's QA items in each trainee's windows, by the local day of
    the evaluated interaction, from one query over every trainee."""
    keys = tuple(course.qa_item_keys)
    if not keys or not enrolments:
        return {}
    windows = {enrolment.pk: _windows(enrolment) for enrolment in enrolments}
    start = min(w.baseline_start for w in windows.values())
    end = max(w.late_end for w in windows.values())
    answers: dict[int, list[tuple[date, float]]] = defaultdict(list)
    rows = QaItemScore.objects.filter(
        item__key__in=keys,
        answer__isnull=False,
        evaluation__calibration_session__isnull=True,
        evaluation__score__isnull=False,
        evaluation__interaction__agent_id__in=[e.person_id for e in enrolments],
        evaluation__interaction__local_date__range=(start, end),
    ).values_list(
        "evaluation__interaction__agent_id", "evaluation__interaction__local_date", "answer"
    )
    for agent_id, day, answer in rows:
        if answer is not None:
            answers[agent_id].append((day, answer))

    def reading(agent_id: int, first: date, last: date) -> QaReading:
        inside = [answer for day, answer in answers[agent_id] if first <= day <= last]
        return QaReading(passed=sum(1 for answer in inside if answer >= 1), answered=len(inside))

    result = {}
    for enrolment in enrolments:
        w = windows[enrolment.pk]
        agent = enrolment.person_id
        result[enrolment.pk] = QaEvidence(
            items=keys,
            baseline=reading(agent, w.baseline_start, w.baseline_end),
            early=reading(agent, w.early_start, w.early_end),
            late=reading(agent, w.late_start, w.late_end),
        )
    return result


def _observation_evidence(enrolment: Enrolment, follow_ups: list[FollowUp]) -> ObservationEvidence:
    """Levels rated at the done follow-ups, by the window their due day falls in."""
    w = _windows(enrolment)
    early: list[str] = []
    late: list[str] = []
    for follow_up in follow_ups:
        if follow_up.done_on is None:
            continue
        levels = [row["level"] for row in follow_up.observations]
        if w.early_start <= follow_up.due_on <= w.early_end:
            early.extend(levels)
        elif w.late_start <= follow_up.due_on <= w.late_end:
            late.extend(levels)
    return ObservationEvidence(early=tuple(early), late=tuple(late))


def course_transfer(course: Course, visible: QuerySet[Person], today: date) -> CourseTransfer:
    """Each completed trainee the user may see, classified, with the course's split overall
    and for those whose follow-ups were all on time vs those with one missed."""
    enrolments = list(
        Enrolment.objects.filter(
            course=course, status=EnrolmentStatus.COMPLETED, person__in=visible
        )
        .select_related("person", "session")
        .prefetch_related("follow_ups")
        .order_by("person__display_name", "pk")
    )
    metrics = _metric_evidence(course, enrolments)
    qa = _qa_evidence(course, enrolments)
    rows = []
    for enrolment in enrolments:
        follow_ups = list(enrolment.follow_ups.all())
        transfer = classify_transfer(
            TransferInput(
                completed_on=enrolment.completed_on,  # type: ignore[arg-type]
                windows=_windows(enrolment),
                today=today,
                metric=metrics.get(enrolment.pk),
                qa=qa.get(enrolment.pk),
                observations=_observation_evidence(enrolment, follow_ups)
                if course.target_behaviours
                else None,
            )
        )
        rows.append(
            TraineeTransfer(
                enrolment=enrolment,
                transfer=transfer,
                follow_ups_done=sum(1 for f in follow_ups if f.done_on is not None),
                follow_ups_missed=sum(1 for f in follow_ups if follow_up_missed(f, today)),
            )
        )
    return CourseTransfer(
        rows=rows,
        split=transfer_split([row.transfer.transfer_class for row in rows]),
        split_on_time=transfer_split(
            [row.transfer.transfer_class for row in rows if row.follow_ups_on_time]
        ),
        split_missed=transfer_split(
            [row.transfer.transfer_class for row in rows if not row.follow_ups_on_time]
        ),
    )


def split_rows(split: Split) -> list[tuple[str, str, int, float | None]]:
    """(class, label, count, share) for each class, in the order of `TransferClass`."""
    return [
        (cls.value, CLASS_LABELS[cls], split.counts[cls], split.share(cls)) for cls in TransferClass
    ]


def home_follow_ups(user: User, today: date) -> list[FollowUp] | None:
    """The home page's reinforcement follow-ups: a team leader's (owned, or of their teams'
    trainees) and a mentor's own; None for users who own none by role."""
    roles = roles_of(user)
    if user.person_id is None or not roles & {Role.TEAM_LEADER, Role.MENTOR}:
        return None
    people = Person.objects.none()
    if Role.TEAM_LEADER in roles:
        people = people_for(user, Aspect.DEVELOPMENT, Access.CHANGE).filter(
            team__leader_id=user.person_id
        )
    return follow_ups_due(owner=user.person, people=people, today=today)
