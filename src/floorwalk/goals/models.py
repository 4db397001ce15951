"""Goals and their cascade: organisation objectives → team goals → individual goals."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel
from floorwalk.engine.metrics import METRICS
from floorwalk.org.models import Person, Queue, Team

METRIC_CHOICES = [(metric.code, metric.name) for metric in METRICS]


class GoalLevel(models.TextChoices):
    OBJECTIVE = "objective", _("Organisation objective")
    TEAM = "team", _("Team goal")
    INDIVIDUAL = "individual", _("Individual goal")


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Recurrence(models.TextChoices):
    NONE = "", _("Does not recur")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class Goal(TimeStampedModel):
    """One goal on one catalog metric for one scope (an agent, a team or a queue; objectives
    may cover the whole organisation) over one period. The baseline is computed from the data
    when the goal is created and kept with the window it came from, so it never drifts."""

    level = models.CharField(_("level"), max_length=12, choices=GoalLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent goal"),
    )
    title = models.CharField(_("title"), max_length=200)
    metric = models.CharField(_("metric"), max_length=30, choices=METRIC_CHOICES)
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("agent"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("team"),
    )
    queue = models.ForeignKey(
        Queue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("queue"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    target = models.FloatField(_("target"))
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_start = models.DateField(_("baseline from"), null=True, blank=True)
    baseline_end = models.DateField(_("baseline to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    recurrence = models.CharField(
        _("recurs"), max_length=10, choices=Recurrence.choices, blank=True, default=""
    )
    rolled_over_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rolled_over_to",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["level", "period_start", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="goal_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self) -> Person | Team | Queue | None:
        """Whom or what the goal is about; None for an organisation-wide objective."""
        return self.person or self.team or self.queue


class BonusUnit(models.TextChoices):
    AMOUNT = "amount", _("Amount")
    PERCENT = "percent", _("% of base pay")


class BonusRule(TimeStampedModel):
    """What goal attainment is worth: a ladder of tiers, for the individual goals of one
    metric (or of every metric when none is named)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    metric = models.CharField(
        _("metric"),
        max_length=30,
        choices=METRIC_CHOICES,
        blank=True,
        help_text=_("Leave empty for goals of every metric."),
    )
    unit = models.CharField(
        _("paid as"), max_length=10, choices=BonusUnit.choices, default=BonusUnit.AMOUNT
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bonus rule")
        verbose_name_plural = _("bonus rules")

    def __str__(self) -> str:
        return self.name


class BonusTier(models.Model):
    """From `min_attainment` % attainment, the bonus is `value` (in the rule's unit)."""

    rule = models.ForeignKey(BonusRule, on_delete=models.CASCADE, related_name="tiers")
    min_attainment = models.FloatField(_("from attainment (%)"))
    value = models.FloatField(_("bonus"), validators=[MinValueValidator(0.0)])

    class Meta:
        ordering = ["rule", "min_attainment"]
        verbose_name = _("bonus tier")
        verbose_name_plural = _("bonus tiers")
        constraints = [
            models.UniqueConstraint(fields=["rule", "min_attainment"], name="bonus_tier_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="bonus_tier_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"≥ {self.min_attainment:g} % → {self.value:g}"
