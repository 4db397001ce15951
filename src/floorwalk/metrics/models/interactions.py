"""Interactions from the contact-center platform, their daily rollups, imports and standards."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel
from floorwalk.engine.metrics import METRICS
from floorwalk.org.models import Channel, Person, Queue, Site, Team

METRIC_CHOICES = [(metric.code, _(metric.name)) for metric in METRICS]


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    TRANSFERRED = "transferred", _("Transferred")
    ESCALATED = "escalated", _("Escalated")
    ABANDONED = "abandoned", _("Abandoned")
    OTHER = "other", _("Other")


class Interaction(models.Model):
    """One contact handled by an agent, as the platform recorded it.

    `source` and `external_id` identify the row in the platform's export, so importing the
    same file again updates instead of duplicating. `local_date` is the calendar day of
    `started_at` in the agent's site time zone; rollups and scorecards count by it.
    """

    id = models.BigAutoField(primary_key=True)
    source = models.CharField(_("source"), max_length=100)
    external_id = models.CharField(_("interaction id"), max_length=100)
    agent = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="interactions", db_index=False
    )
    queue = models.ForeignKey(
        Queue, on_delete=models.PROTECT, related_name="interactions", db_index=False
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    started_at = models.DateTimeField(_("started at"))
    local_date = models.DateField(_("date"))
    talk_seconds = models.PositiveIntegerField(_("talk seconds"))
    hold_seconds = models.PositiveIntegerField(_("hold seconds"))
    acw_seconds = models.PositiveIntegerField(_("after-contact work seconds"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    first_contact_resolution = models.BooleanField(
        _("first-contact resolution"), null=True, blank=True
    )
    csat = models.PositiveSmallIntegerField(_("CSAT"), null=True, blank=True)
    nps = models.PositiveSmallIntegerField(_("NPS"), null=True, blank=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="interaction_unique_per_source"
            ),
            models.CheckConstraint(
                condition=Q(csat__isnull=True) | Q(csat__gte=1, csat__lte=5),
                name="interaction_csat_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(nps__isnull=True) | Q(nps__lte=10), name="interaction_nps_0_to_10"
            ),
        ]
        indexes = [models.Index(fields=["agent", "local_date"], name="interaction_agent_day")]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"

    @property
    def handle_seconds(self) -> int:
        return self.talk_seconds + self.hold_seconds + self.acw_seconds


class DailyAgentQueueStats(models.Model):
    """Additive sums of one agent's interactions in one queue on one local day.

    Kept up to date by the interaction import and rebuilt from `Interaction` on demand;
    the field names match `floorwalk.engine.metrics.Totals`.
    """

    id = models.BigAutoField(primary_key=True)
    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    date = models.DateField(_("date"))
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="+", db_index=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    contacts = models.PositiveIntegerField(default=0)
    handled = models.PositiveIntegerField(default=0)
    talk_seconds = models.PositiveBigIntegerField(default=0)
    hold_seconds = models.PositiveBigIntegerField(default=0)
    acw_seconds = models.PositiveBigIntegerField(default=0)
    fcr_known = models.PositiveIntegerField(default=0)
    fcr_resolved = models.PositiveIntegerField(default=0)
    csat_responses = models.PositiveIntegerField(default=0)
    csat_satisfied = models.PositiveIntegerField(default=0)
    csat_sum = models.PositiveIntegerField(default=0)
    nps_responses = models.PositiveIntegerField(default=0)
    nps_promoters = models.PositiveIntegerField(default=0)
    nps_detractors = models.PositiveIntegerField(default=0)
    transferred = models.PositiveIntegerField(default=0)
    escalated = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily agent statistics")
        verbose_name_plural = _("daily agent statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "date", "queue", "channel"],
                name="daily_stats_one_row_per_agent_day_queue",
            )
        ]
        indexes = [models.Index(fields=["date"], name="daily_stats_day")]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.date} {self.queue_id}"


class Standard(TimeStampedModel):
    """A performance standard: the target for one metric and the band that counts as amber.

    With no site, team or queue it applies to the whole organisation; the most specific
    standard valid on a day wins (queue, then team, then site, then organisation).
    """

    metric = models.CharField(_("metric"), max_length=40, choices=METRIC_CHOICES)
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, null=True, blank=True, related_name="standards"
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="standards"
    )
    queue = models.ForeignKey(
        Queue, on_delete=models.CASCADE, null=True, blank=True, related_name="standards"
    )
    target = models.FloatField(_("target"))
    amber_band = models.FloatField(
        _("amber band"),
        default=0,
        help_text=_("How far past the target still counts as amber rather than red."),
    )
    valid_from = models.DateField(_("valid from"))

    class Meta:
        ordering = ["metric", "-valid_from"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        constraints = [
            models.CheckConstraint(
                condition=Q(amber_band__gte=0), name="standard_amber_band_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(metric__in=[code for code, _name in METRIC_CHOICES]),
                name="standard_metric_known",
            ),
            models.CheckConstraint(
                condition=(
                    Q(site__isnull=True, team__isnull=True)
                    | Q(site__isnull=True, queue__isnull=True)
                    | Q(team__isnull=True, queue__isnull=True)
                ),
                name="standard_one_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.target}"
