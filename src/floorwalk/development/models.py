"""The competency framework: what an agent needs to be good at, how to see it and grow it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel
from floorwalk.metrics.models import METRIC_CHOICES

LEVELS = (1, 5)  # assessments and targets are on a 1–5 scale


class CompetencyUse(models.TextChoices):
    DEVELOP = "develop", _("Develop")
    SCREEN = "screen", _("Screen at hiring")
    BOTH = "both", _("Screen at hiring and develop")


class Competency(TimeStampedModel):
    """A competency of the framework. Retired ones stay for the assessments that name them."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    definition = models.TextField(_("definition"))
    benefit = models.TextField(_("benefit"), blank=True)
    assessment_methods = models.TextField(_("how to assess it"), blank=True)
    development_tools = models.TextField(_("how mentors and leaders develop it"), blank=True)
    use = models.CharField(
        _("use"), max_length=10, choices=CompetencyUse.choices, default=CompetencyUse.BOTH
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"),
        default=4,
        validators=[MinValueValidator(LEVELS[0]), MaxValueValidator(LEVELS[1])],
        help_text=_("The level (1–5) a self-reliant agent is expected to reach."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_level__gte=LEVELS[0], target_level__lte=LEVELS[1]),
                name="competency_target_level_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CompetencyIndicator(models.Model):
    """How a competency shows: a catalog metric (its direction says which way is better) or
    an observable behaviour, never both."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="indicators")
    metric = models.CharField(_("metric"), max_length=40, choices=METRIC_CHOICES, blank=True)
    behaviour = models.TextField(_("observable behaviour"), blank=True)

    class Meta:
        ordering = ["competency", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=(Q(metric="") & ~Q(behaviour="")) | (~Q(metric="") & Q(behaviour="")),
                name="indicator_metric_or_behaviour",
            ),
            models.CheckConstraint(
                condition=Q(metric="") | Q(metric__in=[code for code, _name in METRIC_CHOICES]),
                name="indicator_metric_known",
            ),
        ]

    def __str__(self) -> str:
        return self.metric or self.behaviour[:60]


class Stage(models.TextChoices):
    """Development stages of the situational-leadership model."""

    R1 = "R1", _("R1 · new, needs direction")
    R2 = "R2", _("R2 · growing, needs coaching")
    R3 = "R3", _("R3 · capable, needs support")
    R4 = "R4", _("R4 · self-reliant, can be delegated to")


class LeadershipStyle(models.TextChoices):
    DIRECTING = "directing", _("Directing")
    COACHING = "coaching", _("Coaching")
    SUPPORTING = "supporting", _("Supporting")
    DELEGATING = "delegating", _("Delegating")


class Playbook(TimeStampedModel):
    """How to lead an agent at one stage: style, how often to look, how to give feedback,
    how much they decide alone, and what keeps them motivated. One per stage, editable."""

    stage = models.CharField(_("stage"), max_length=2, choices=Stage.choices, unique=True)
    leadership_style = models.CharField(
        _("leadership style"), max_length=12, choices=LeadershipStyle.choices
    )
    qa_evaluations_per_month = models.PositiveSmallIntegerField(_("QA evaluations a month"))
    observations_per_month = models.PositiveSmallIntegerField(_("observations a month"))
    one_to_ones_per_month = models.PositiveSmallIntegerField(_("one-to-ones a month"))
    feedback_form = models.TextField(_("how to give feedback"))
    latitude = models.TextField(_("what the agent decides alone"))
    motivation_needs = models.TextField(_("what keeps the agent motivated"))

    class Meta:
        ordering = ["stage"]
        verbose_name = _("stage playbook")
        verbose_name_plural = _("stage playbooks")

    def __str__(self) -> str:
        return self.get_stage_display()


class StageAssignment(models.Model):
    """One confirmed stage of an agent: who set it, when, why, on what evidence. The newest
    is the agent's current stage; the older ones are its history. Never edited."""

    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="stage_assignments"
    )
    stage = models.CharField(_("stage"), max_length=2, choices=Stage.choices)
    proposed_stage = models.CharField(
        _("proposed stage"), max_length=2, choices=Stage.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        ordering = ["person", "-set_at", "-pk"]
        verbose_name = _("stage assignment")
        verbose_name_plural = _("stage assignments")
        indexes = [models.Index(fields=["person", "-set_at"], name="stage_person_newest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposed_stage="")
                | Q(proposed_stage=models.F("stage"))
                | ~Q(reason=""),
                name="stage_override_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.stage} {self.set_at:%Y-%m-%d}"
