"""Writes of listening: surveys and their rounds, answers, suggestions, retention notes.

An anonymous answer writes a participation (who, which day) and a response (which team,
which day, the answers) that share nothing but the round: no audit entry, no log line and
no message names the person next to what they answered.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    can_answer_pulse,
    can_answer_suggestion,
    can_create_pulse,
    can_note_retention,
    can_suggest,
    pulse_teams_for,
)
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.development.models import EngagementScore
from floorwalk.experience.models.listening import (
    ENPS_RANGE,
    MIN_GROUP_FLOOR,
    SCALE_RANGE,
    NamedResponse,
    PulseAnswer,
    PulseParticipation,
    PulseQuestion,
    PulseResponse,
    PulseRound,
    PulseSurvey,
    QuestionKind,
    Recurrence,
    RetentionNote,
    RoundStatus,
    Suggestion,
    SuggestionStatus,
)
from floorwalk.org.models import Person, PersonStatus, Site, Team

ENPS_TEXT = "How likely would you be to recommend working here to a friend?"
SURVEY_ENGAGEMENT_SOURCE = "pulse_survey"
MAX_QUESTIONS = 20
MAX_CHOICES = 12


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    text: str
    choices: tuple[str, ...] = field(default_factory=tuple)


def next_opening(day: date, recurrence: str) -> date:
    """The day the round after one opening on `day` opens."""
    if recurrence == Recurrence.WEEKLY:
        return day + timedelta(days=7)
    if recurrence == Recurrence.FORTNIGHTLY:
        return day + timedelta(days=14)
    if recurrence == Recurrence.MONTHLY:
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    raise ValueError(f"an ad hoc survey has no next round ({recurrence})")


def _check_questions(questions: Sequence[QuestionSpec]) -> None:
    if not questions:
        raise ValidationError({"questions": _("Ask at least one question.")})
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(
            {"questions": _("Ask at most %(count)d questions.") % {"count": MAX_QUESTIONS}}
        )
    for number, question in enumerate(questions, start=1):
        if question.kind not in QuestionKind.values:
            raise ValidationError(
                {"questions": _("Question %(n)d: choose a listed kind.") % {"n": number}}
            )
        if not question.text.strip():
            raise ValidationError(
                {"questions": _("Question %(n)d: write the question.") % {"n": number}}
            )
        if question.kind == QuestionKind.CHOICE:
            choices = [choice.strip() for choice in question.choices if choice.strip()]
            if not 2 <= len(choices) <= MAX_CHOICES or len(set(choices)) != len(choices):
                raise ValidationError(
                    {
                        "questions": _("Question %(n)d: give from 2 to %(max)d different choices.")
                        % {"n": number, "max": MAX_CHOICES}
                    }
                )
    if sum(1 for question in questions if question.kind == QuestionKind.ENPS) > 1:
        raise ValidationError({"questions": _("Ask the eNPS question at most once.")})


def _people_asked(round_: PulseRound) -> int:
    return (
        Person.objects.filter(team__in=round_.survey.teams.all())
        .exclude(status=PersonStatus.LEFT)
        .count()
    )


def _open(round_: PulseRound) -> None:
    round_.status = RoundStatus.OPEN
    round_.invited = _people_asked(round_)
    round_.save(update_fields=["status", "invited", "updated_at"])


@transaction.atomic
def survey_create(
    *,
    actor: User,
    title: str,
    site: Site,
    teams: Sequence[Team],
    questions: Sequence[QuestionSpec],
    opens_on: date,
    today: date,
    anonymous: bool = True,
    min_group_size: int = 5,
    recurrence: str = Recurrence.NONE,
    open_days: int = 7,
) -> PulseSurvey:
    """A survey of the given teams with its first round; the round opens at once when its
    first day has come. Leaders survey their teams, managers their site's."""
    if not can_create_pulse(actor):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Give the survey a title.")})
    if not teams:
        raise ValidationError({"teams": _("Choose at least one team.")})
    allowed = set(pulse_teams_for(actor).values_list("pk", flat=True))
    if any(team.pk not in allowed for team in teams):
        raise ValidationError({"teams": _("You may survey only the teams you lead or manage.")})
    if any(team.site_id != site.pk for team in teams):
        raise ValidationError({"teams": _("Every team must be of the survey's site.")})
    if min_group_size < MIN_GROUP_FLOOR:
        raise ValidationError(
            {
                "min_group_size": _("The minimum group size is at least %(floor)d.")
                % {"floor": MIN_GROUP_FLOOR}
            }
        )
    if recurrence not in Recurrence.values:
        raise ValidationError({"recurrence": _("Choose one of the listed recurrences.")})
    if not 1 <= open_days <= 28:
        raise ValidationError({"open_days": _("A round stays open from 1 to 28 days.")})
    if opens_on < today:
        raise ValidationError({"opens_on": _("The first round cannot open in the past.")})
    _check_questions(questions)
    survey = PulseSurvey.objects.create(
        title=title.strip(),
        site=site,
        anonymous=anonymous,
        min_group_size=min_group_size,
        recurrence=recurrence,
        open_days=open_days,
        created_by=actor,
    )
    survey.teams.set(teams)
    PulseQuestion.objects.bulk_create(
        PulseQuestion(
            survey=survey,
            position=position,
            kind=question.kind,
            text=question.text.strip(),
            choices=[c.strip() for c in question.choices if c.strip()]
            if question.kind == QuestionKind.CHOICE
            else [],
        )
        for position, question in enumerate(questions, start=1)
    )
    first = PulseRound.objects.create(
        survey=survey,
        number=1,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=open_days - 1),
    )
    if opens_on <= today:
        _open(first)
    audit_record(
        actor=actor,
        instance=survey,
        action=AuditAction.CREATE,
        after=snapshot(survey, ("title", "site", "anonymous", "min_group_size", "recurrence")),
    )
    return survey


@dataclass(frozen=True)
class OpenDueResult:
    opened: int
    closed: int
    created: int


@transaction.atomic
def pulse_open_due(*, today: date) -> OpenDueResult:
    """Closes rounds past their last day, creates the next round of recurring surveys whose
    latest round has opened, opens every round whose first day has come. Running it again
    the same day changes nothing."""
    closed = PulseRound.objects.filter(status=RoundStatus.OPEN, closes_on__lt=today).update(
        status=RoundStatus.CLOSED
    )
    created = 0
    recurring = PulseSurvey.objects.exclude(recurrence=Recurrence.NONE).select_for_update()
    for survey in recurring:
        latest = survey.rounds.order_by("-number").first()
        while latest is not None and latest.opens_on <= today:
            opens_on = next_opening(latest.opens_on, survey.recurrence)
            latest, was_created = PulseRound.objects.get_or_create(
                survey=survey,
                number=latest.number + 1,
                defaults={
                    "opens_on": opens_on,
                    "closes_on": opens_on + timedelta(days=survey.open_days - 1),
                },
            )
            created += was_created
    # Rounds whose whole window passed while nobody ran this are closed without opening.
    closed += PulseRound.objects.filter(status=RoundStatus.SCHEDULED, closes_on__lt=today).update(
        status=RoundStatus.CLOSED
    )
    opened = 0
    due = PulseRound.objects.filter(status=RoundStatus.SCHEDULED, opens_on__lte=today)
    for round_ in due.select_related("survey").select_for_update(of=("self",)):
        _open(round_)
        opened += 1
    return OpenDueResult(opened=opened, closed=closed, created=created)


def _answer_values(
    questions: Sequence[PulseQuestion], answers: Mapping[int, object]
) -> list[PulseAnswer]:
    """The answers as rows, each checked against its question; every question is optional
    except the eNPS one, and a question left blank stores no row."""
    rows = []
    for question in questions:
        raw = answers.get(question.pk)
        key = f"q{question.pk}"
        if raw is None or raw == "":
            if question.kind == QuestionKind.ENPS:
                raise ValidationError({key: _("Choose a score from 0 to 10.")})
            continue
        if question.kind in (QuestionKind.ENPS, QuestionKind.SCALE):
            low, high = ENPS_RANGE if question.kind == QuestionKind.ENPS else SCALE_RANGE
            try:
                number = int(str(raw))
            except ValueError:
                number = -1
            if not low <= number <= high:
                raise ValidationError(
                    {key: _("Choose from %(low)d to %(high)d.") % {"low": low, "high": high}}
                )
            rows.append(PulseAnswer(question=question, number=number))
        elif question.kind == QuestionKind.CHOICE:
            if str(raw) not in question.choices:
                raise ValidationError({key: _("Choose one of the listed answers.")})
            rows.append(PulseAnswer(question=question, choice=str(raw)))
        else:
            text = str(raw).strip()
            if len(text) > 2000:
                raise ValidationError({key: _("Write at most 2,000 characters.")})
            if text:
                rows.append(PulseAnswer(question=question, text=text))
    return rows


def round_is_answerable(round_: PulseRound, today: date) -> bool:
    return round_.status == RoundStatus.OPEN and round_.opens_on <= today <= round_.closes_on


@transaction.atomic
def pulse_answer(
    *, actor: User, round_: PulseRound, answers: Mapping[int, object], today: date
) -> None:
    """Records the actor's answers to an open round, once. For an anonymous survey nothing
    returned, stored or logged connects the actor to the answers."""
    survey = round_.survey
    team_ids = list(survey.teams.values_list("pk", flat=True))
    if not can_answer_pulse(actor, team_ids):
        raise PermissionDenied
    if not round_is_answerable(round_, today):
        raise ValidationError(_("This survey is not open for answers."))
    person = actor.person
    if person is None or person.team_id is None:  # can_answer_pulse refused these already
        raise PermissionDenied
    rows = _answer_values(list(survey.questions.all()), answers)
    try:
        with transaction.atomic():
            PulseParticipation.objects.create(round=round_, person=person, answered_on=today)
    except IntegrityError:
        raise ValidationError(_("You have already answered this round.")) from None
    response = PulseResponse.objects.create(
        round=round_, team_id=person.team_id, submitted_on=today
    )
    for row in rows:
        row.response = response
    PulseAnswer.objects.bulk_create(rows)
    if survey.anonymous:
        return
    NamedResponse.objects.create(response=response, person=person)
    enps_answer = next((row for row in rows if row.question.kind == QuestionKind.ENPS), None)
    if enps_answer is not None and enps_answer.number is not None:
        # A named eNPS answer is an engagement check-in of its author (0–10 as 0–100).
        EngagementScore.objects.update_or_create(
            person=person,
            measured_on=today,
            source=SURVEY_ENGAGEMENT_SOURCE,
            defaults={"score": 10.0 * enps_answer.number},
        )


@transaction.atomic
def suggestion_create(*, actor: User, title: str, details: str = "", shared: bool) -> Suggestion:
    if not can_suggest(actor):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Give your suggestion a title.")})
    person = actor.person
    if person is None:
        raise PermissionDenied
    return Suggestion.objects.create(
        author=person,
        team_id=person.team_id,
        site_id=person.site_id,
        title=title.strip(),
        details=details.strip(),
        shared=shared,
    )


SUGGESTION_AUDIT_FIELDS = ("status", "answer", "answered_on")


@transaction.atomic
def suggestion_answer(
    *, actor: User, suggestion: Suggestion, status: str, answer: str, today: date
) -> Suggestion:
    """The leader or manager sets the status and answers; the author sees it as new."""
    if not can_answer_suggestion(actor, suggestion.team_id, suggestion.site_id):
        raise PermissionDenied
    if status not in SuggestionStatus.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")})
    if not answer.strip():
        raise ValidationError({"answer": _("Write an answer the author will read.")})
    before = snapshot(suggestion, SUGGESTION_AUDIT_FIELDS)
    suggestion.status = status
    suggestion.answer = answer.strip()
    suggestion.answered_by = actor
    suggestion.answered_on = today
    suggestion.answer_seen = False
    suggestion.save()
    audit_record(
        actor=actor,
        instance=suggestion,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(suggestion, SUGGESTION_AUDIT_FIELDS),
        person=suggestion.author,
    )
    return suggestion


def suggestion_mark_seen(*, actor: User, suggestion: Suggestion) -> None:
    """The author has read the answer."""
    if actor.person_id == suggestion.author_id and not suggestion.answer_seen:
        Suggestion.objects.filter(pk=suggestion.pk).update(answer_seen=True)
        suggestion.answer_seen = True


@transaction.atomic
def retention_note_record(
    *, actor: User, person: Person, noted_on: date, said: str, today: date
) -> RetentionNote:
    """The leader records that the agent said they may leave: what, and when."""
    if not can_note_retention(actor, person):
        raise PermissionDenied
    if noted_on > today:
        raise ValidationError({"noted_on": _("The date cannot be in the future.")})
    if not said.strip():
        raise ValidationError({"said": _("Write what the agent said.")})
    note = RetentionNote.objects.create(
        person=person, noted_on=noted_on, said=said.strip(), recorded_by=actor
    )
    audit_record(
        actor=actor,
        instance=note,
        action=AuditAction.CREATE,
        after=snapshot(note, ("noted_on", "said")),
        person=person,
    )
    return note
