"""The competency framework: what an agent needs to be good at, how to see it and grow it."""

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
