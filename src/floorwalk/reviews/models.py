"""Periodic reviews (P7): a template weighs the parts, a cycle reviews a period, each review
goes draft → calibrated → released to the agent → acknowledged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RATING = [MinValueValidator(1.0), MaxValueValidator(5.0)]


def weight_field(label: StrOrPromise, default: float) -> models.FloatField:
    return models.FloatField(label, default=default, validators=[MinValueValidator(0.0)])


def rating_field(label: StrOrPromise) -> models.FloatField:
    return models.FloatField(label, null=True, blank=True, validators=RATING)


class ReviewTemplate(TimeStampedModel):
    """What a review is made of and how much each part weighs; a weight of 0 leaves a part
    out. Peer and upward feedback can be anonymous to the reviewed person."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    weight_goals = weight_field(_("weight of goal attainment"), 0.4)
    weight_competencies = weight_field(_("weight of competencies"), 0.3)
    weight_self = weight_field(_("weight of the self-assessment"), 0.0)
    weight_peer = weight_field(_("weight of peer feedback"), 0.1)
    weight_upward = weight_field(_("weight of upward feedback"), 0.0)
    weight_leader = weight_field(_("weight of the leader's rating"), 0.2)
    peer_anonymous = models.BooleanField(_("peer feedback is anonymous"), default=True)
    upward_anonymous = models.BooleanField(_("upward feedback is anonymous"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("review template")
        verbose_name_plural = _("review templates")

    def __str__(self) -> str:
        return self.name


class ReviewCycle(TimeStampedModel):
    """A round of reviews of one period with one template."""

    name = models.CharField(_("name"), max_length=200)
    template = models.ForeignKey(ReviewTemplate, on_delete=models.PROTECT, related_name="cycles")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "name"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="review_cycle_period"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CALIBRATED = "calibrated", _("Calibrated")
    RELEASED = "released", _("Released to the agent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the agent")


class Review(TimeStampedModel):
    """One person's review in a cycle. `overall` is computed from the parts; a calibration
    may set `calibrated_overall` with a reason."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="reviews")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    goals_score = rating_field(_("goal attainment rating"))
    goal_attainment = models.FloatField(_("goal attainment (%)"), null=True, blank=True)
    competencies_score = rating_field(_("competencies rating"))
    leader_score = rating_field(_("leader's rating"))
    narrative = models.TextField(_("narrative"), blank=True)
    overall = rating_field(_("overall rating"))
    calibrated_overall = rating_field(_("calibrated overall rating"))
    calibration_reason = models.TextField(_("why the calibration changed it"), blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        ordering = ["cycle", "person"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person"], name="review_once_a_cycle"),
            models.CheckConstraint(
                condition=Q(calibrated_overall__isnull=True) | ~Q(calibration_reason=""),
                name="review_calibration_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.person}"

    @property
    def final_overall(self) -> float | None:
        return self.calibrated_overall if self.calibrated_overall is not None else self.overall


class ReviewFeedbackKind(models.TextChoices):
    SELF = "self", _("Self-assessment")
    PEER = "peer", _("Peer feedback")
    UPWARD = "upward", _("Upward feedback")


class ReviewFeedback(TimeStampedModel):
    """A self-assessment, or a colleague's or a led agent's feedback for a review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(_("kind"), max_length=10, choices=ReviewFeedbackKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rating = models.FloatField(_("rating"), validators=RATING)
    text = models.TextField(_("feedback"))

    class Meta:
        ordering = ["review", "kind", "pk"]
        verbose_name = _("review feedback")
        verbose_name_plural = _("review feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "kind", "author"], name="review_feedback_once_each"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1.0, rating__lte=5.0), name="review_feedback_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_id} {self.kind}"
