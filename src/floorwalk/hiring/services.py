"""Writes of the hiring app. Each takes the acting user, asks the access policy, checks the
input completely before writing, and runs in one transaction: nothing is half applied."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import can_manage_candidate, hiring_sites_for
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.development.competency_services import AUDITED_FIELDS as ASSESSMENT_FIELDS
from floorwalk.development.models import LEVELS, Assessment, AssessmentSource, Competency
from floorwalk.hiring.models import (
    Candidate,
    CandidateStatus,
    Interview,
    InterviewRating,
    Recommendation,
)
from floorwalk.hiring.selectors import SCREEN_USES
from floorwalk.org.models import Person, Site, Team


def _refuse_future(value: date, field: str, message: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: message})


def _check_team_of_site(team: Team | None, site: Site, field: str = "team") -> None:
    if team is not None and team.site_id != site.pk:
        raise ValidationError({field: _("The team belongs to another site.")})


@transaction.atomic
def candidate_create(
    *,
    actor: User,
    site: Site,
    name: str,
    applied_on: date,
    email: str = "",
    phone: str = "",
    team: Team | None = None,
) -> Candidate:
    """Records a new applicant at a site the actor hires for."""
    if not hiring_sites_for(actor).filter(pk=site.pk).exists():
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the candidate's name.")})
    _refuse_future(applied_on, "applied_on", _("The application date cannot be in the future."))
    _check_team_of_site(team, site)
    return Candidate.objects.create(
        name=name,
        email=email.strip(),
        phone=phone.strip(),
        site=site,
        team=team,
        applied_on=applied_on,
        created_by=actor,
    )


@dataclass(frozen=True)
class RatingInput:
    competency: Competency
    level: int
    evidence: str = ""


def _check_ratings(ratings: Sequence[RatingInput]) -> None:
    seen: set[int] = set()
    for rating in ratings:
        competency = rating.competency
        if not competency.is_active or competency.use not in SCREEN_USES:
            raise ValidationError(
                {
                    "ratings": _("%(name)s is not a competency screened at hiring.")
                    % {"name": competency.name}
                }
            )
        if competency.pk in seen:
            raise ValidationError(
                {"ratings": _("%(name)s is rated twice.") % {"name": competency.name}}
            )
        seen.add(competency.pk)
        if not LEVELS[0] <= rating.level <= LEVELS[1]:
            raise ValidationError(
                {
                    "ratings": _("The level of %(name)s must be from %(low)s to %(high)s.")
                    % {"name": competency.name, "low": LEVELS[0], "high": LEVELS[1]}
                }
            )


@transaction.atomic
def interview_record(
    *,
    actor: User,
    candidate: Candidate,
    held_on: date,
    recommendation: Recommendation,
    notes: str = "",
    ratings: Sequence[RatingInput] = (),
) -> Interview:
    """Records an interview the actor held, rated on screening competencies. It needs at least
    one rating or some notes; a hired or rejected candidate is not interviewed any more."""
    if not can_manage_candidate(actor, candidate):
        raise PermissionDenied
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.is_decided:
        raise ValidationError(
            {
                "candidate": _("%(name)s is already %(status)s; no more interviews are recorded.")
                % {"name": candidate.name, "status": candidate.get_status_display().lower()}
            }
        )
    _refuse_future(held_on, "held_on", _("The interview date cannot be in the future."))
    if held_on < candidate.applied_on:
        raise ValidationError(
            {"held_on": _("The interview cannot be before the application date.")}
        )
    if recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": _("Choose hire, reject or hold.")})
    notes = notes.strip()
    if not ratings and not notes:
        raise ValidationError(
            {"ratings": _("Rate at least one competency or write notes on the interview.")}
        )
    _check_ratings(ratings)
    interview = Interview.objects.create(
        candidate=candidate,
        interviewer=actor,
        held_on=held_on,
        notes=notes,
        recommendation=recommendation,
    )
    InterviewRating.objects.bulk_create(
        InterviewRating(
            interview=interview,
            competency=rating.competency,
            level=rating.level,
            evidence=rating.evidence.strip(),
        )
        for rating in ratings
    )
    return interview


@dataclass(frozen=True)
class HireDetails:
    """What a hire needs beyond the candidate: the person's employee record."""

    employee_number: str
    hire_date: date
    team: Team | None = None
    email: str = ""


class CandidateAlreadyDecidedError(ValidationError):
    """The candidate was hired or rejected before; that decision stands."""


@transaction.atomic
def candidate_decide(
    *,
    actor: User,
    candidate: Candidate,
    decision: Recommendation,
    note: str = "",
    hire: HireDetails | None = None,
) -> Candidate:
    """Hires, rejects or holds the candidate, keeping who decided and when. A hire creates
    the Person, and every interview rating becomes an assessment of that person, so their
    competency history starts at the hiring interviews."""
    if not can_manage_candidate(actor, candidate):
        raise PermissionDenied
    candidate = Candidate.objects.select_for_update().select_related("site").get(pk=candidate.pk)
    if candidate.is_decided:
        raise CandidateAlreadyDecidedError(
            {
                "decision": _("%(name)s was already %(status)s; that decision stands.")
                % {"name": candidate.name, "status": candidate.get_status_display().lower()}
            }
        )
    note = note.strip()
    if decision in (Recommendation.REJECT, Recommendation.HOLD) and not note:
        raise ValidationError({"note": _("Say why, for the record.")})
    if decision == Recommendation.HIRE:
        if hire is None:
            raise ValidationError({"employee_number": _("A hire needs the employee details.")})
        candidate.person = _person_create_from(candidate, hire)
        _assessments_from_interviews(actor, candidate)
        candidate.status = CandidateStatus.HIRED
    elif decision == Recommendation.REJECT:
        candidate.status = CandidateStatus.REJECTED
    elif decision == Recommendation.HOLD:
        candidate.status = CandidateStatus.ON_HOLD
    else:
        raise ValidationError({"decision": _("Choose hire, reject or hold.")})
    candidate.decision_note = note
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save()
    return candidate


def _person_create_from(candidate: Candidate, hire: HireDetails) -> Person:
    employee_number = hire.employee_number.strip()
    if not employee_number:
        raise ValidationError({"employee_number": _("Give the new employee's number.")})
    _check_team_of_site(hire.team, candidate.site)
    duplicate = ValidationError(
        {
            "employee_number": _("Employee number %(number)s belongs to someone else already.")
            % {"number": employee_number}
        }
    )
    if Person.objects.filter(employee_number=employee_number).exists():
        raise duplicate
    try:
        # A savepoint, so that a number taken meanwhile leaves the decision unapplied.
        with transaction.atomic():
            return Person.objects.create(
                display_name=candidate.name,
                employee_number=employee_number,
                email=(hire.email or candidate.email).strip(),
                hire_date=hire.hire_date,
                site=candidate.site,
                team=hire.team,
            )
    except IntegrityError:
        raise duplicate from None


def _assessment_evidence(rating: InterviewRating, interview: Interview) -> str:
    reference = _("Hiring interview of %(date)s (candidate #%(candidate)s).") % {
        "date": interview.held_on.isoformat(),
        "candidate": interview.candidate_id,
    }
    return f"{rating.evidence}\n\n{reference}" if rating.evidence else reference


def _assessments_from_interviews(actor: User, candidate: Candidate) -> list[Assessment]:
    """The interview ratings as assessments of the new hire, each in the audit trail under
    the one who decided the hire."""
    ratings = InterviewRating.objects.filter(interview__candidate=candidate).select_related(
        "interview"
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            person=candidate.person,
            competency_id=rating.competency_id,
            level=rating.level,
            source=AssessmentSource.HIRING,
            evidence=_assessment_evidence(rating, rating.interview),
            details={
                "candidate": candidate.pk,
                "interview": rating.interview_id,
                "recommendation": rating.interview.recommendation,
                "interview_notes": rating.interview.notes,
            },
            assessed_by_id=rating.interview.interviewer_id,
            assessed_on=rating.interview.held_on,
        )
        for rating in ratings.order_by("interview__held_on", "interview_id", "competency_id")
    )
    for assessment in assessments:
        audit_record(
            actor=actor,
            instance=assessment,
            action=AuditAction.CREATE,
            after=snapshot(assessment, ASSESSMENT_FIELDS),
            person=candidate.person,
        )
    return assessments


@transaction.atomic
def hiring_clear() -> None:
    """Removes every candidate and the assessments their hires brought (before the demo is
    loaded anew: candidates and interviews keep people and logins from being deleted)."""
    Assessment.objects.filter(source=AssessmentSource.HIRING).delete()
    Candidate.objects.all().delete()
