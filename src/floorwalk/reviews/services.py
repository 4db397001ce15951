"""Writes of reviews: start, score, feedback, calibrate, release, acknowledge. Every change
of a rating goes to the audit trail in the same transaction."""

from __future__ import annotations

import math
import statistics
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    can_calibrate_review,
    can_open_review_cycle,
    can_write_review,
    review_feedback_kind_for,
)
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.development.competency_selectors import competency_levels
from floorwalk.engine.reviews import Part, attainment_rating, overall_rating
from floorwalk.goals.selectors import mean_attainment
from floorwalk.org.models import Person
from floorwalk.reviews.models import (
    Review,
    ReviewCycle,
    ReviewFeedback,
    ReviewFeedbackKind,
    ReviewStatus,
    ReviewTemplate,
)

RATED_FIELDS = (
    "goal_attainment",
    "goals_score",
    "competencies_score",
    "leader_score",
    "overall",
    "calibrated_overall",
    "status",
)
FEEDBACK_PARTS = {
    ReviewFeedbackKind.SELF: Part.SELF,
    ReviewFeedbackKind.PEER: Part.PEER,
    ReviewFeedbackKind.UPWARD: Part.UPWARD,
}


CYCLE_FIELDS = ("name", "template", "period_start", "period_end")


@transaction.atomic
def review_cycle_open(
    *,
    actor: User,
    name: str,
    template: ReviewTemplate,
    period_start: date,
    period_end: date,
) -> ReviewCycle:
    """A new round of reviews of the period with the template; its reviews are then started
    by those who lead each person."""
    if not can_open_review_cycle(actor):
        raise PermissionDenied
    errors = {}
    if not name.strip():
        errors["name"] = _("Name the cycle, for example “Second half of 2026”.")
    if not template.is_active:
        errors["template"] = _("This template is no longer in use; choose another.")
    if period_end < period_start:
        errors["period_end"] = _("The period cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    cycle = ReviewCycle.objects.create(
        name=name.strip(),
        template=template,
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        instance=cycle,
        action=AuditAction.CREATE,
        after=snapshot(cycle, CYCLE_FIELDS),
    )
    return cycle


@transaction.atomic
def review_start(*, actor: User, cycle: ReviewCycle, person: Person) -> Review:
    """A draft review of `person` for the cycle, its goal part filled with the mean
    attainment of their individual goals in the period and its competency part with the mean
    of their current competency levels at the end of the period (the reviewer may change
    both)."""
    if not can_write_review(actor, person):
        raise PermissionDenied
    if Review.objects.filter(cycle=cycle, person=person).exists():
        raise ValidationError(
            {
                "person": _("%(name)s already has a review in this cycle.")
                % {"name": person.display_name}
            }
        )
    levels = competency_levels(person, cycle.period_end)
    attainment = mean_attainment(person, cycle.period_start, cycle.period_end)
    review = Review.objects.create(
        cycle=cycle,
        person=person,
        reviewer=actor,
        goal_attainment=attainment,
        goals_score=None if attainment is None else attainment_rating(attainment),
        competencies_score=statistics.fmean(levels.values()) if levels else None,
    )
    _recompute(review)
    audit_record(
        actor=actor,
        instance=review,
        action=AuditAction.CREATE,
        after=snapshot(review, RATED_FIELDS),
        person=person,
    )
    return review


@transaction.atomic
def review_score(
    *,
    actor: User,
    review: Review,
    goal_attainment: float | None,
    competencies_score: float | None,
    leader_score: float | None,
    narrative: str,
) -> Review:
    """The reviewer's parts of a draft: goal attainment (%, rated by the template's bands;
    below 0 when results moved away from the target),
    the competency and leader ratings (1–5), the narrative."""
    if not can_write_review(actor, review.person):
        raise PermissionDenied
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError(
            _("Only a draft review can be scored; this one is %(status)s.")
            % {"status": review.get_status_display()}
        )
    errors = {
        name: _("A rating is from 1 to 5.")
        for name, value in (
            ("competencies_score", competencies_score),
            ("leader_score", leader_score),
        )
        if value is not None and not 1.0 <= value <= 5.0
    }
    if goal_attainment is not None and not math.isfinite(goal_attainment):
        errors["goal_attainment"] = _("Goal attainment is a percentage.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(review, RATED_FIELDS)
    review.goal_attainment = goal_attainment
    review.goals_score = None if goal_attainment is None else attainment_rating(goal_attainment)
    review.competencies_score = competencies_score
    review.leader_score = leader_score
    review.narrative = narrative.strip()
    _recompute(review)
    _audit_change(actor, review, before)
    return review


@transaction.atomic
def review_feedback_give(
    *, actor: User, review: Review, rating: float, text: str
) -> ReviewFeedback:
    """The person's self-assessment, a teammate's peer feedback or a led agent's upward
    feedback, whichever the actor is to the reviewed person; once each."""
    kind = review_feedback_kind_for(actor, review.person)
    if kind is None:
        raise PermissionDenied
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError(_("Feedback is given while the review is a draft."))
    errors = {}
    if not 1.0 <= rating <= 5.0:
        errors["rating"] = _("A rating is from 1 to 5.")
    if not text.strip():
        errors["text"] = _("Say what the rating rests on.")
    if ReviewFeedback.objects.filter(review=review, kind=kind, author=actor).exists():
        errors["text"] = _("You have already given your feedback for this review.")
    if errors:
        raise ValidationError(errors)
    feedback = ReviewFeedback.objects.create(
        review=review, kind=kind, author=actor, rating=rating, text=text.strip()
    )
    before = snapshot(review, RATED_FIELDS)
    _recompute(review)
    _audit_change(
        actor, review, before, reason=_("%(kind)s given") % {"kind": feedback.get_kind_display()}
    )
    return feedback


@transaction.atomic
def review_calibrate(
    *, actor: User, review: Review, overall: float | None, reason: str = ""
) -> Review:
    """A manager's calibration: the overall rating confirmed (None) or adjusted, which needs
    a reason; the review is then calibrated."""
    if not can_calibrate_review(actor, review.person):
        raise PermissionDenied
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError(_("Only a draft review is calibrated."))
    reason = reason.strip()
    if overall is not None and not 1.0 <= overall <= 5.0:
        raise ValidationError({"overall": _("A rating is from 1 to 5.")})
    if overall is not None and overall != review.overall and not reason:
        raise ValidationError({"reason": _("Say why the overall rating changes.")})
    before = snapshot(review, RATED_FIELDS)
    review.calibrated_overall = overall if overall != review.overall else None
    review.calibration_reason = reason if review.calibrated_overall is not None else ""
    review.status = ReviewStatus.CALIBRATED
    review.save()
    _audit_change(actor, review, before, reason=reason)
    return review


@transaction.atomic
def review_release(*, actor: User, review: Review) -> Review:
    """Shows a calibrated review to the agent."""
    if not can_write_review(actor, review.person):
        raise PermissionDenied
    if review.status != ReviewStatus.CALIBRATED:
        raise ValidationError(_("A review is released once it is calibrated."))
    return _move(actor, review, ReviewStatus.RELEASED, released_at=timezone.now())


@transaction.atomic
def review_acknowledge(*, actor: User, review: Review) -> Review:
    """The agent confirms they have read their released review."""
    if actor.person_id != review.person_id:
        raise PermissionDenied
    if review.status != ReviewStatus.RELEASED:
        raise ValidationError(_("Only a released review can be acknowledged."))
    return _move(actor, review, ReviewStatus.ACKNOWLEDGED, acknowledged_at=timezone.now())


def review_overall(review: Review) -> float | None:
    """The weighted overall rating of the review's parts by its template's weights."""
    template = review.cycle.template
    feedback = list(review.feedback.all()) if review.pk else []
    scores: dict[Part, float | None] = {
        Part.GOALS: review.goals_score,
        Part.COMPETENCIES: review.competencies_score,
        Part.LEADER: review.leader_score,
    }
    for kind, part in FEEDBACK_PARTS.items():
        ratings = [item.rating for item in feedback if item.kind == kind]
        scores[part] = statistics.fmean(ratings) if ratings else None
    weights = {
        Part.GOALS: template.weight_goals,
        Part.COMPETENCIES: template.weight_competencies,
        Part.SELF: template.weight_self,
        Part.PEER: template.weight_peer,
        Part.UPWARD: template.weight_upward,
        Part.LEADER: template.weight_leader,
    }
    rating = overall_rating(scores, weights)
    return None if rating is None else rating.value


def _audit_change(actor: User, review: Review, before: dict[str, object], reason: str = "") -> None:
    """The review's rating and status fields, before and now, into the audit trail."""
    audit_record(
        actor=actor,
        instance=review,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(review, RATED_FIELDS),
        person=review.person,
        reason=reason,
    )


def _recompute(review: Review) -> None:
    review.overall = review_overall(review)
    review.save()


def _move(actor: User, review: Review, status: ReviewStatus, **stamps: object) -> Review:
    before = snapshot(review, RATED_FIELDS)
    review.status = status
    for name, value in stamps.items():
        setattr(review, name, value)
    review.save()
    _audit_change(actor, review, before)
    return review


@transaction.atomic
def reviews_clear() -> None:
    """Removes every review, cycle and template, for the demo's --replace only."""
    ReviewFeedback.objects.all().delete()
    Review.objects.all().delete()
    ReviewCycle.objects.all().delete()
    ReviewTemplate.objects.all().delete()
