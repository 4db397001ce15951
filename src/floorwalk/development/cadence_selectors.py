"""Reads of an agent's follow-up: observations, one-to-ones, mentorships and the cadence that
says when the next of each is due."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Max, Prefetch, QuerySet
from django.utils import timezone

from floorwalk.development.models import (
    Assessment,
    Observation,
    OneToOne,
    Playbook,
    Stage,
    StageAssignment,
)
from floorwalk.development.selectors import current_stages
from floorwalk.engine.cadence import (
    STATUS_ORDER,
    ActivityKind,
    NextDue,
    most_urgent_first,
    next_due,
)
from floorwalk.metrics.models import QaEvaluation
from floorwalk.org.models import Mentorship, Person, PersonStatus

# The playbook's count a month of each activity.
PLAYBOOK_COUNTS = {
    ActivityKind.QA_EVALUATION: "qa_evaluations_per_month",
    ActivityKind.OBSERVATION: "observations_per_month",
    ActivityKind.ONE_TO_ONE: "one_to_ones_per_month",
}

# Stages from which an agent may mentor newcomers (D5).
MENTOR_STAGES = frozenset({Stage.R2, Stage.R3, Stage.R4})


@dataclass(frozen=True)
class PersonCadence:
    """An agent's next activities under their current stage, most urgent first; none when
    no stage (or no playbook for it) is set yet."""

    person: Person
    stage: StageAssignment | None
    items: list[NextDue]

    @property
    def needing_attention(self) -> list[NextDue]:
        return [item for item in self.items if item.needs_attention]

    def item(self, kind: ActivityKind) -> NextDue | None:
        return next((item for item in self.items if item.kind is kind), None)


def last_done_dates(person_ids: list[int]) -> dict[ActivityKind, dict[int, date]]:
    """The newest day each activity was done for each of these people: one aggregate query
    per kind. Calibration copies of a QA evaluation do not count: they evaluate the
    evaluators, not the agent."""
    observations = (
        Observation.objects.filter(person_id__in=person_ids)
        .values("person_id")
        .annotate(last=Max("observed_on"))
    )
    one_to_ones = (
        OneToOne.objects.filter(person_id__in=person_ids)
        .values("person_id")
        .annotate(last=Max("held_on"))
    )
    evaluations = (
        QaEvaluation.objects.filter(
            interaction__agent_id__in=person_ids, calibration_session__isnull=True
        )
        .values("interaction__agent_id")
        .annotate(last=Max("evaluated_at"))
    )
    return {
        ActivityKind.OBSERVATION: {row["person_id"]: row["last"] for row in observations},
        ActivityKind.ONE_TO_ONE: {row["person_id"]: row["last"] for row in one_to_ones},
        ActivityKind.QA_EVALUATION: {
            row["interaction__agent_id"]: timezone.localdate(row["last"]) for row in evaluations
        },
    }


def cadence_for(people: Iterable[Person], today: date) -> dict[int, PersonCadence]:
    """Each person's cadence, by person id, in five queries whatever the number of people."""
    people = list(people)
    ids = [person.pk for person in people]
    stages = current_stages(ids)
    playbooks = {playbook.stage: playbook for playbook in Playbook.objects.all()}
    last_done = last_done_dates(ids)
    result = {}
    for person in people:
        stage = stages.get(person.pk)
        playbook = playbooks.get(stage.stage) if stage else None
        items = []
        if stage is not None and playbook is not None:
            stage_set_on = timezone.localdate(stage.set_at)
            items = most_urgent_first(
                [
                    next_due(
                        kind,
                        per_month=getattr(playbook, field),
                        stage_set_on=stage_set_on,
                        last_done=last_done[kind].get(person.pk),
                        today=today,
                    )
                    for kind, field in PLAYBOOK_COUNTS.items()
                ]
            )
        result[person.pk] = PersonCadence(person, stage, items)
    return result


def due_and_overdue(people: Iterable[Person], today: date) -> list[tuple[Person, NextDue]]:
    """Every activity due within a week or overdue for these people: overdue first, then by
    due date and name."""
    rows = [
        (cadence.person, item)
        for cadence in cadence_for(people, today).values()
        for item in cadence.needing_attention
    ]
    return sorted(
        rows,
        key=lambda row: (
            STATUS_ORDER[row[1].status] if row[1].status else len(STATUS_ORDER),
            row[1].due_on or date.max,
            row[0].display_name,
        ),
    )


def person_observations(person: Person) -> QuerySet[Observation]:
    """The agent's observations, newest first, with their ratings and observers."""
    return (
        Observation.objects.filter(person=person)
        .select_related("observer", "observer__person")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("competency").order_by(
                    "competency__name"
                ),
            )
        )
        .order_by("-observed_on", "-pk")
    )


def person_one_to_ones(person: Person) -> QuerySet[OneToOne]:
    return (
        OneToOne.objects.filter(person=person)
        .select_related("held_by", "held_by__person")
        .order_by("-held_on", "-pk")
    )


# ---- Mentoring -----------------------------------------------------------------------------


def current_mentorships() -> QuerySet[Mentorship]:
    """Mentorships not ended: the ones the assignment rules count (one mentor per mentee,
    at most the organisation's number of mentees per mentor). An ended mentorship still
    lets the mentor read until the end of its last day."""
    return Mentorship.objects.filter(ended_on__isnull=True)


def current_mentor_of(mentee: Person) -> Mentorship | None:
    return current_mentorships().filter(mentee=mentee).select_related("mentor").first()


def mentorship_history(mentee: Person) -> list[Mentorship]:
    return list(
        Mentorship.objects.filter(mentee=mentee)
        .select_related("mentor")
        .order_by("-started_on", "-pk")
    )


def current_mentee_counts(mentor_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        current_mentorships()
        .filter(mentor_id__in=list(mentor_ids))
        .values("mentor_id")
        .annotate(count=Count("pk"))
    )
    return {row["mentor_id"]: row["count"] for row in rows}


@dataclass(frozen=True)
class MentorCandidate:
    person: Person
    stage: str | None
    mentees: int

    @property
    def stage_allows(self) -> bool:
        return self.stage in MENTOR_STAGES


def mentor_candidates(pool: QuerySet[Person], mentee: Person) -> list[MentorCandidate]:
    """Active people of `pool` other than the mentee, with their stage and how many mentees
    they guide now (three queries)."""
    people = list(
        pool.filter(status=PersonStatus.ACTIVE).exclude(pk=mentee.pk).order_by("display_name")
    )
    ids = [person.pk for person in people]
    stages = current_stages(ids)
    counts = current_mentee_counts(ids)
    return [
        MentorCandidate(
            person,
            stages[person.pk].stage if person.pk in stages else None,
            counts.get(person.pk, 0),
        )
        for person in people
    ]


def mentorships_listed(
    mentorships: QuerySet[Mentorship], *, current_only: bool
) -> QuerySet[Mentorship]:
    """Mentorships with both people loaded, current ones first."""
    if current_only:
        mentorships = mentorships.filter(ended_on__isnull=True)
    return mentorships.select_related("mentor", "mentee").order_by(
        F("ended_on").desc(nulls_first=True), "-started_on", "-pk"
    )
