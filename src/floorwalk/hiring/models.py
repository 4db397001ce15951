"""Hiring: candidates of a site, their screening interviews rated on the competencies the
framework marks for screening, and the recorded decision (a hire becomes a Person)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel
from floorwalk.development.models import LEVELS, Competency


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ON_HOLD = "on_hold", _("On hold")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Rejected")


# A hired or rejected candidate is decided for good; one on hold may still be decided.
FINAL_STATUSES = frozenset({CandidateStatus.HIRED, CandidateStatus.REJECTED})


class Recommendation(models.TextChoices):
    """What an interviewer recommends, and what a decision decides."""

    HIRE = "hire", _("Hire")
    REJECT = "reject", _("Reject")
    HOLD = "hold", _("Hold")


class Candidate(TimeStampedModel):
    """Someone applying to work at a site. Candidate data is private (HR notes): only the
    site's leaders and manager, and administrators, see it."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    site = models.ForeignKey(
        "org.Site", on_delete=models.PROTECT, related_name="candidates", verbose_name=_("site")
    )
    team = models.ForeignKey(
        "org.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("team"),
    )
    applied_on = models.DateField(_("applied on"))
    status = models.CharField(
        _("status"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.OPEN
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    person = models.OneToOneField(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacy",
        verbose_name=_("person"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        indexes = [models.Index(fields=["site", "status"], name="candidate_site_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CandidateStatus.values), name="candidate_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=CandidateStatus.HIRED) | Q(person__isnull=False),
                name="candidate_hired_has_person",
            ),
            models.CheckConstraint(
                condition=Q(status=CandidateStatus.OPEN)
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="candidate_decision_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_decided(self) -> bool:
        return self.status in FINAL_STATUSES


class Interview(TimeStampedModel):
    """One screening interview: who held it, when, what they noted and recommend. Never
    edited by anyone but its interviewer (the pages and API do not edit it at all)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="interviews")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("interviewer"),
    )
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )

    class Meta:
        ordering = ["candidate", "held_on", "pk"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__in=Recommendation.values),
                name="interview_recommendation_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.held_on}"


class InterviewRating(models.Model):
    """The level (1–5) an interviewer saw on one screening competency, with the evidence."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("competency")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(LEVELS[0]), MaxValueValidator(LEVELS[1])]
    )
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        ordering = ["interview", "competency__name"]
        verbose_name = _("interview rating")
        verbose_name_plural = _("interview ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "competency"], name="interview_rating_one_per_competency"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=LEVELS[0], level__lte=LEVELS[1]),
                name="interview_rating_level_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interview_id} {self.competency_id} {self.level}"
