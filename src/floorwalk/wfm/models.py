"""Workforce planning data: interval history, special days, stored forecasts with their
backtest, planners' adjustments, and each queue's staffing target.

Interval starts are stored as aware datetimes in UTC; they align to the site's interval length
in the site's time zone (see docs/forecasting.md). Days (special days, adjustments) are the
site's local calendar days.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel
from floorwalk.engine.workload import WorkModel
from floorwalk.org.models import Channel, Queue, Site

DEFAULT_INTERVAL_MINUTES = 30


class IntervalLength(models.IntegerChoices):
    QUARTER_HOUR = 15, _("15 minutes")
    HALF_HOUR = 30, _("30 minutes")


class PlanningSettings(TimeStampedModel):
    """A site's planning grid: the length of its intervals (30 minutes unless set)."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="planning")
    interval_minutes = models.PositiveSmallIntegerField(
        _("interval length"), choices=IntervalLength.choices, default=DEFAULT_INTERVAL_MINUTES
    )

    class Meta:
        verbose_name = _("planning settings")
        verbose_name_plural = _("planning settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_minutes__in=IntervalLength.values),
                name="planning_interval_15_or_30",
            )
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.interval_minutes} min"


class VolumeSource(models.TextChoices):
    INTERACTIONS = "interactions", _("Built from interactions")
    IMPORT = "import", _("Imported")


class IntervalVolume(models.Model):
    """Contacts offered to and handled by one queue in one interval, with their average
    handle time (over the handled contacts)."""

    id = models.BigAutoField(primary_key=True)
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="interval_volumes")
    interval_start = models.DateTimeField(_("interval start"))
    offered = models.PositiveIntegerField(_("offered"))
    handled = models.PositiveIntegerField(_("handled"))
    aht_seconds = models.FloatField(_("average handle time (s)"))
    source = models.CharField(_("source"), max_length=20, choices=VolumeSource.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["queue", "interval_start"]
        verbose_name = _("interval volume")
        verbose_name_plural = _("interval volumes")
        constraints = [
            models.UniqueConstraint(
                fields=["queue", "interval_start"], name="interval_volume_unique"
            ),
            models.CheckConstraint(
                condition=Q(handled__lte=models.F("offered")),
                name="interval_volume_handled_le_offered",
            ),
            models.CheckConstraint(
                condition=Q(aht_seconds__gte=0), name="interval_volume_aht_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(source__in=VolumeSource.values), name="interval_volume_source_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.queue} {self.interval_start:%Y-%m-%d %H:%M}"


class SpecialDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday")
    CAMPAIGN = "campaign", _("Campaign")
    CLOSURE = "closure", _("Closed")
    OTHER = "other", _("Other")


class SpecialDay(TimeStampedModel):
    """A day the forecast treats apart: left out of the history it learns from, and scaled
    by `volume_factor` (1.0 a normal day's volume, 0 closed, 1.3 a campaign's peak) when it
    falls in the forecast."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="special_days")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SpecialDayKind.choices)
    volume_factor = models.FloatField(
        _("expected volume (share of a normal day)"),
        default=1.0,
        help_text=_("1.0 for a normal day's volume, 0 when closed, 1.3 for 30 % more."),
    )

    class Meta:
        ordering = ["site", "date"]
        verbose_name = _("special day")
        verbose_name_plural = _("special days")
        constraints = [
            models.UniqueConstraint(fields=["site", "date"], name="special_day_unique_per_site"),
            models.CheckConstraint(
                condition=Q(volume_factor__gte=0, volume_factor__lte=10),
                name="special_day_factor_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SpecialDayKind.values), name="special_day_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class ForecastModel(models.TextChoices):
    BEST = "best", _("Best on the backtest")
    SEASONAL_NAIVE = "seasonal_naive", _("Seasonal naive (same weekday last week)")
    DAILY_PROFILE = "daily_profile", _("Daily volume × intraday profile, tuned")


class ForecastRun(models.Model):
    """One forecast of a queue: its model, horizon, stored intervals and backtest."""

    id = models.BigAutoField(primary_key=True)
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="forecast_runs")
    requested_model = models.CharField(
        _("model asked for"), max_length=20, choices=ForecastModel.choices
    )
    model = models.CharField(_("model"), max_length=20, choices=ForecastModel.choices)
    interval_minutes = models.PositiveSmallIntegerField(_("interval length"))
    horizon_days = models.PositiveSmallIntegerField(_("horizon (days)"))
    history_start = models.DateField(_("history from"), null=True, blank=True)
    history_end = models.DateField(_("history to"), null=True, blank=True)
    first_day = models.DateField(_("first forecast day"), null=True, blank=True)
    last_day = models.DateField(_("last forecast day"), null=True, blank=True)
    # The chosen model's rolling-origin backtest over the held-out weeks, and every
    # candidate's (model -> {"wape", "mase"}), so the choice can be seen.
    backtest_wape = models.FloatField(_("backtest WAPE"), null=True, blank=True)
    backtest_mase = models.FloatField(_("backtest MASE"), null=True, blank=True)
    backtest_weeks = models.PositiveSmallIntegerField(_("held-out weeks"), default=0)
    backtest_days = models.PositiveSmallIntegerField(_("held-out days scored"), default=0)
    candidates = models.JSONField(_("candidate backtests"), default=dict, blank=True)
    seconds = models.FloatField(_("run time (s)"), default=0.0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon_days__gte=1, horizon_days__lte=56),
                name="forecast_horizon_1_to_56",
            ),
        ]
        indexes = [models.Index(fields=["queue", "-created_at"], name="forecast_latest")]

    def __str__(self) -> str:
        return f"{self.queue} {self.first_day}–{self.last_day}"


class ForecastInterval(models.Model):
    """One interval of a stored forecast, as the model gave it (adjustments apply on read)."""

    id = models.BigAutoField(primary_key=True)
    run = models.ForeignKey(ForecastRun, on_delete=models.CASCADE, related_name="intervals")
    start = models.DateTimeField(_("interval start"))
    volume = models.FloatField(_("volume"))
    aht_seconds = models.FloatField(_("average handle time (s)"))

    class Meta:
        ordering = ["run", "start"]
        verbose_name = _("forecast interval")
        verbose_name_plural = _("forecast intervals")
        constraints = [
            models.UniqueConstraint(fields=["run", "start"], name="forecast_interval_unique")
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.start:%Y-%m-%d %H:%M}"


class ForecastAdjustment(TimeStampedModel):
    """A planner's change of a queue's forecast volume on one day, or one interval of it, by
    ± percent. It applies to every forecast of the queue that covers it until removed;
    removing keeps the row (who, when, why) for the record."""

    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="forecast_adjustments")
    day = models.DateField(_("day"))
    interval_start = models.DateTimeField(_("interval start"), null=True, blank=True)
    percent = models.FloatField(_("change (%)"))
    reason = models.CharField(_("reason"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    removal_reason = models.CharField(_("reason for removing"), max_length=500, blank=True)

    class Meta:
        ordering = ["day", "interval_start", "created_at"]
        verbose_name = _("forecast adjustment")
        verbose_name_plural = _("forecast adjustments")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=-100, percent__lte=1000),
                name="adjustment_percent_range",
            )
        ]

    def __str__(self) -> str:
        where = f"{self.interval_start:%H:%M}" if self.interval_start else ""
        return f"{self.queue} {self.day} {where} {self.percent:+g} %".replace("  ", " ")

    @property
    def factor(self) -> float:
        return 1.0 + self.percent / 100.0


# How each channel is handled unless its target says otherwise: live contacts several at a
# time (chat, messaging), and deferred work answered within hours (email, back office).
CHANNEL_CONCURRENCY: dict[str, int] = {Channel.CHAT: 2, Channel.MESSAGING: 3}
CHANNEL_RESPONSE_HOURS: dict[str, float] = {Channel.EMAIL: 24.0, Channel.BACK_OFFICE: 48.0}
DEFERRED_CHANNELS: frozenset[str] = frozenset(CHANNEL_RESPONSE_HOURS)
# Messaging may be either: live by default, deferred when its target gives response hours.
RESPONSE_HOURS_CHANNELS = DEFERRED_CHANNELS | {Channel.MESSAGING}
CONCURRENT_CHANNELS: frozenset[str] = frozenset({Channel.CHAT, Channel.MESSAGING})
MAX_CONCURRENCY = 10
MAX_RESPONSE_HOURS = 720


class StaffingTarget(TimeStampedModel):
    """What a queue's staffing must reach. Live queues (voice, chat, live messaging): a service
    level (X % answered within T seconds) or an average speed of answer, with Erlang A when
    there is a patience estimate, else Erlang C, and agents holding `concurrency` contacts at
    once. Deferred queues (email, back office, messaging with response hours): the share of
    items answered within `response_hours`. Maximum occupancy and shrinkage always apply."""

    queue = models.OneToOneField(Queue, on_delete=models.CASCADE, related_name="staffing_target")
    service_level = models.FloatField(
        _("service level (share)"), null=True, blank=True, help_text=_("e.g. 0.8 for 80 %")
    )
    answer_within_seconds = models.PositiveIntegerField(_("answered within (s)"), default=20)
    asa_seconds = models.FloatField(_("ASA target (s)"), null=True, blank=True)
    max_occupancy = models.FloatField(_("maximum occupancy (share)"), default=0.85)
    shrinkage = models.FloatField(_("shrinkage (share)"), default=0.3)
    patience_seconds = models.FloatField(_("mean caller patience (s)"), null=True, blank=True)
    # Empty: the queue's channel decides (see CHANNEL_CONCURRENCY and CHANNEL_RESPONSE_HOURS).
    concurrency = models.PositiveSmallIntegerField(
        _("contacts an agent handles at once"), null=True, blank=True
    )
    response_hours = models.FloatField(_("answered within (hours)"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )

    class Meta:
        verbose_name = _("staffing target")
        verbose_name_plural = _("staffing targets")
        constraints = [
            models.CheckConstraint(
                condition=(Q(service_level__isnull=False) & Q(asa_seconds__isnull=True))
                | (Q(service_level__isnull=True) & Q(asa_seconds__isnull=False)),
                name="staffing_target_sl_xor_asa",
            ),
            models.CheckConstraint(
                condition=Q(service_level__isnull=True)
                | Q(service_level__gt=0, service_level__lt=1),
                name="staffing_target_sl_range",
            ),
            models.CheckConstraint(
                condition=Q(asa_seconds__isnull=True) | Q(asa_seconds__gt=0),
                name="staffing_target_asa_positive",
            ),
            models.CheckConstraint(
                condition=Q(max_occupancy__gt=0, max_occupancy__lte=1),
                name="staffing_target_occupancy_range",
            ),
            models.CheckConstraint(
                condition=Q(shrinkage__gte=0, shrinkage__lt=1),
                name="staffing_target_shrinkage_range",
            ),
            models.CheckConstraint(
                condition=Q(patience_seconds__isnull=True) | Q(patience_seconds__gt=0),
                name="staffing_target_patience_positive",
            ),
            models.CheckConstraint(
                condition=Q(concurrency__isnull=True)
                | Q(concurrency__gte=1, concurrency__lte=MAX_CONCURRENCY),
                name="staffing_target_concurrency_range",
            ),
            models.CheckConstraint(
                condition=Q(response_hours__isnull=True)
                | Q(response_hours__gt=0, response_hours__lte=MAX_RESPONSE_HOURS),
                name="staffing_target_response_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.queue}: {self.summary}"

    def work_model(self, channel: str) -> WorkModel:
        """How the queue is staffed: its own settings, else its channel's defaults."""
        return work_model_for(channel, self.concurrency, self.response_hours)

    @property
    def summary(self) -> str:
        channel = self.queue.channel if self.queue_id else ""
        if channel and self.service_level is not None and self.work_model(channel).deferred:
            return _("%(level)s %% answered within %(hours)s h") % {
                "level": f"{self.service_level * 100:g}",
                "hours": f"{self.work_model(channel).response_hours:g}",
            }
        if self.service_level is not None:
            return _("%(level)s %% answered within %(seconds)d s") % {
                "level": f"{self.service_level * 100:g}",
                "seconds": self.answer_within_seconds,
            }
        return _("average speed of answer %(seconds)s s") % {"seconds": f"{self.asa_seconds:g}"}


def work_model_for(
    channel: str, concurrency: int | None = None, response_hours: float | None = None
) -> WorkModel:
    """A queue's work model from its channel and its target's own settings (None: the
    channel's default)."""
    if channel in DEFERRED_CHANNELS or (channel == Channel.MESSAGING and response_hours):
        return WorkModel(
            concurrency=1,
            response_hours=response_hours or CHANNEL_RESPONSE_HOURS.get(channel, 24.0),
        )
    if channel in CONCURRENT_CHANNELS:
        return WorkModel(concurrency=concurrency or CHANNEL_CONCURRENCY[channel])
    return WorkModel(concurrency=1)
