"""Scheduling: what a site's shifts may look like (templates, labour rules, contracts), what
each agent cannot do or would like (constraints and preferences, approved by their leader),
and the schedules built from them, with their published versions.

Times of day (template windows, constraint hours) are wall-clock times at the site; shift and
activity instants are aware datetimes stored in UTC.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel
from floorwalk.org.models import Person, Queue, Site


class ShiftTemplate(TimeStampedModel):
    """A kind of shift a site works: when it may start (between the earliest and the latest
    start, on a step), how many minutes are paid, and its breaks. It serves the queues named,
    or every queue of the site when none are."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="shift_templates")
    name = models.CharField(_("name"), max_length=100)
    earliest_start = models.TimeField(_("earliest start"))
    latest_start = models.TimeField(_("latest start"))
    start_step_minutes = models.PositiveSmallIntegerField(
        _("start step (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    paid_minutes = models.PositiveSmallIntegerField(
        _("paid minutes"), validators=[MinValueValidator(30), MaxValueValidator(16 * 60)]
    )
    queues = models.ManyToManyField(
        Queue,
        blank=True,
        related_name="shift_templates",
        verbose_name=_("queues served"),
        help_text=_("Leave empty for every queue of the site."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["site", "earliest_start", "name"]
        verbose_name = _("shift template")
        verbose_name_plural = _("shift templates")
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="shift_template_name_per_site"),
            models.CheckConstraint(
                condition=Q(latest_start__gte=F("earliest_start")),
                name="shift_template_start_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(start_step_minutes__gte=5), name="shift_template_step_positive"
            ),
            models.CheckConstraint(
                condition=Q(paid_minutes__gte=30), name="shift_template_paid_minutes_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unpaid_break_minutes(self) -> int:
        return sum(item.minutes for item in self.breaks.all() if not item.paid)

    @property
    def length_minutes(self) -> int:
        """From start to end: the paid minutes plus the unpaid breaks."""
        return self.paid_minutes + self.unpaid_break_minutes


class BreakKind(models.TextChoices):
    BREAK = "break", _("Break")
    LUNCH = "lunch", _("Lunch")


class ShiftBreak(models.Model):
    """A break of a shift template, placed between `window_start` and `window_end` minutes
    after the shift starts (the whole break fits in the window)."""

    template = models.ForeignKey(ShiftTemplate, on_delete=models.CASCADE, related_name="breaks")
    kind = models.CharField(_("kind"), max_length=10, choices=BreakKind.choices)
    minutes = models.PositiveSmallIntegerField(_("minutes"), validators=[MinValueValidator(5)])
    paid = models.BooleanField(_("paid"), default=False)
    window_start = models.PositiveSmallIntegerField(_("from minute"))
    window_end = models.PositiveSmallIntegerField(_("to minute"))

    class Meta:
        ordering = ["template", "window_start", "pk"]
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gte=F("window_start") + F("minutes")),
                name="shift_break_fits_its_window",
            ),
            models.CheckConstraint(condition=Q(minutes__gte=5), name="shift_break_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.minutes} min"


class LabourRules(TimeStampedModel):
    """The site's working-time rules; a contract may override any of them for one agent."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="labour_rules")
    max_minutes_per_day = models.PositiveSmallIntegerField(
        _("most minutes a day"), default=600, validators=[MaxValueValidator(24 * 60)]
    )
    max_minutes_per_week = models.PositiveSmallIntegerField(
        _("most minutes a week"), default=2880, validators=[MaxValueValidator(7 * 24 * 60)]
    )
    min_rest_minutes = models.PositiveSmallIntegerField(
        _("least rest between shifts (minutes)"), default=660
    )
    max_consecutive_days = models.PositiveSmallIntegerField(
        _("most consecutive working days"), default=6, validators=[MinValueValidator(1)]
    )
    min_days_off_per_week = models.PositiveSmallIntegerField(
        _("least days off a week"), default=2, validators=[MaxValueValidator(7)]
    )
    max_weekends_per_4_weeks = models.PositiveSmallIntegerField(
        _("most weekends worked in 4 weeks"), default=2, validators=[MaxValueValidator(4)]
    )

    class Meta:
        verbose_name = _("labour rules")
        verbose_name_plural = _("labour rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_consecutive_days__gte=1), name="labour_rules_consecutive_days"
            ),
            models.CheckConstraint(
                condition=Q(min_days_off_per_week__lte=7), name="labour_rules_days_off_in_week"
            ),
            models.CheckConstraint(
                condition=Q(max_weekends_per_4_weeks__lte=4), name="labour_rules_weekends"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Labour rules of %(site)s") % {"site": self.site})


RULE_FIELDS = (
    "max_minutes_per_day",
    "max_minutes_per_week",
    "min_rest_minutes",
    "max_consecutive_days",
    "min_days_off_per_week",
    "max_weekends_per_4_weeks",
)


class Contract(TimeStampedModel):
    """One agent's working terms: contract minutes a week, the templates they may work (all
    the site's when none are named) and any labour rule that differs for them (empty: the
    site's; the week's most minutes are the contract's maximum)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="contract")
    min_minutes_per_week = models.PositiveSmallIntegerField(_("least minutes a week"))
    max_minutes_per_week = models.PositiveSmallIntegerField(_("most minutes a week"))
    allowed_templates = models.ManyToManyField(
        ShiftTemplate,
        blank=True,
        related_name="contracts",
        verbose_name=_("allowed shift templates"),
        help_text=_("Leave empty for every template of the site."),
    )
    max_minutes_per_day = models.PositiveSmallIntegerField(
        _("most minutes a day"), null=True, blank=True
    )
    min_rest_minutes = models.PositiveSmallIntegerField(
        _("least rest between shifts (minutes)"), null=True, blank=True
    )
    max_consecutive_days = models.PositiveSmallIntegerField(
        _("most consecutive working days"), null=True, blank=True
    )
    min_days_off_per_week = models.PositiveSmallIntegerField(
        _("least days off a week"), null=True, blank=True
    )
    max_weekends_per_4_weeks = models.PositiveSmallIntegerField(
        _("most weekends worked in 4 weeks"), null=True, blank=True
    )

    class Meta:
        ordering = ["person__display_name"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_minutes_per_week__gte=F("min_minutes_per_week")),
                name="contract_minutes_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Contract of %(person)s") % {"person": self.person})


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ScheduleRequest(TimeStampedModel):
    """What constraints and preferences share: the agent enters them, the leader decides."""

    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        abstract = True


class ConstraintKind(models.TextChoices):
    UNAVAILABLE_WEEKLY = "unavailable_weekly", _("Unavailable every week")
    UNAVAILABLE_DATES = "unavailable_dates", _("Unavailable on dates")
    LEAVE_BY = "leave_by", _("Must leave by")
    LEAVE = "leave", _("Approved leave")


class AgentConstraint(ScheduleRequest):
    """A hard limit on when the agent can work. Which fields matter depends on the kind:
    weekly unavailability (weekdays, from–to), unavailability on dates (first–last date,
    optionally from–to each day), must leave by (weekdays, `end_time`), leave (first–last
    date)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="schedule_constraints"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConstraintKind.choices)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    start_date = models.DateField(_("first date"), null=True, blank=True)
    end_date = models.DateField(_("last date"), null=True, blank=True)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["person", "-created_at", "-pk"]
        verbose_name = _("constraint")
        verbose_name_plural = _("constraints")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="agent_constraint_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ConstraintKind.values), name="agent_constraint_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"


class PreferenceKind(models.TextChoices):
    SHIFT_TEMPLATE = "shift_template", _("Preferred shift")
    START_BETWEEN = "start_between", _("Start between")
    DAY_OFF_WEEKDAY = "day_off_weekday", _("Day off every week")
    DAY_OFF_DATE = "day_off_date", _("Day off on a date")
    WEEKEND_PATTERN = "weekend_pattern", _("Weekend pattern")


class WeekendPattern(models.TextChoices):
    ALTERNATE = "alternate", _("Every other weekend off")
    SATURDAYS_OFF = "saturdays_off", _("Saturdays off")
    SUNDAYS_OFF = "sundays_off", _("Sundays off")
    WHOLE_WEEKENDS = "whole_weekends", _("Whole weekends, off or on")


# The points an agent spreads over their preferences: how much each one matters to them.
PREFERENCE_POINTS = 100


class AgentPreference(ScheduleRequest):
    """A soft wish, weighted by the points the agent gives it."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="schedule_preferences"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PreferenceKind.choices)
    weight = models.PositiveSmallIntegerField(
        _("points"), validators=[MinValueValidator(1), MaxValueValidator(PREFERENCE_POINTS)]
    )
    template = models.ForeignKey(
        ShiftTemplate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="preferences",
        verbose_name=_("shift template"),
    )
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("to"), null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), null=True, blank=True, validators=[MaxValueValidator(6)]
    )
    on_date = models.DateField(_("date"), null=True, blank=True)
    weekend_pattern = models.CharField(
        _("weekend pattern"), max_length=20, choices=WeekendPattern.choices, blank=True
    )

    class Meta:
        ordering = ["person", "-weight", "pk"]
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=PREFERENCE_POINTS),
                name="agent_preference_weight_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PreferenceKind.values), name="agent_preference_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"


class ScheduleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


MAX_SCHEDULE_DAYS = 56


class Schedule(TimeStampedModel):
    """A site's shifts over a period (from `start_date`, `days` days). `version` is the number
    of the latest published version (0 while a draft). `report` holds what the generator found
    (coverage, service level, satisfaction, gap; shape in docs/scheduling.md)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="schedules")
    start_date = models.DateField(_("first day"))
    days = models.PositiveSmallIntegerField(
        _("days"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SCHEDULE_DAYS)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ScheduleStatus.choices, default=ScheduleStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    report = models.JSONField(_("generator report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["site", "-start_date", "-pk"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1) & Q(days__lte=MAX_SCHEDULE_DAYS),
                name="schedule_days_range",
            ),
            models.CheckConstraint(
                condition=Q(status=ScheduleStatus.DRAFT, version=0)
                | Q(status=ScheduleStatus.PUBLISHED, version__gte=1),
                name="schedule_version_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.start_date.isoformat()} +{self.days}"


class ScheduledShift(TimeStampedModel):
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="shifts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="scheduled_shifts")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    template = models.ForeignKey(
        ShiftTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    queue = models.ForeignKey(
        Queue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["schedule", "start", "person__display_name", "pk"]
        verbose_name = _("scheduled shift")
        verbose_name_plural = _("scheduled shifts")
        indexes = [models.Index(fields=["person", "start"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="shift_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.start:%Y-%m-%d %H:%M}"


class ActivityKind(models.TextChoices):
    WORK = "work", _("Work")
    BREAK = "break", _("Break")
    LUNCH = "lunch", _("Lunch")
    TRAINING = "training", _("Training")
    MEETING = "meeting", _("Meeting")


class ScheduledActivity(models.Model):
    """A segment of a shift; segments lie within the shift and do not overlap."""

    shift = models.ForeignKey(ScheduledShift, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("activity"), max_length=10, choices=ActivityKind.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    queue = models.ForeignKey(
        Queue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["shift", "start"]
        verbose_name = _("scheduled activity")
        verbose_name_plural = _("scheduled activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="activity_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%H:%M}"


class ScheduleVersion(models.Model):
    """An immutable snapshot of a published schedule: its shifts as JSON (shape in
    docs/scheduling.md) and what changed since the version before."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    shifts = models.JSONField(_("shifts"), default=list)
    diff = models.JSONField(_("changes from the previous version"), default=dict)

    class Meta:
        ordering = ["schedule", "-number"]
        verbose_name = _("schedule version")
        verbose_name_plural = _("schedule versions")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "number"], name="schedule_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} v{self.number}"


class UnmetReason(models.TextChoices):
    COVERAGE = "coverage", _("Coverage")
    LABOUR_RULE = "labour_rule", _("Labour rule")
    CONTRACT = "contract", _("Contract")
    CONSTRAINT = "constraint", _("Another constraint")
    FAIRNESS = "fairness", _("Fairness")
    OTHER = "other", _("Other")


class UnmetPreference(models.Model):
    """A preference the schedule does not grant, with why (data shape by reason kind in
    docs/scheduling.md)."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="unmet")
    preference = models.ForeignKey(AgentPreference, on_delete=models.CASCADE, related_name="unmet")
    reason_kind = models.CharField(_("reason"), max_length=20, choices=UnmetReason.choices)
    reason_data = models.JSONField(_("reason data"), default=dict, blank=True)

    class Meta:
        ordering = ["schedule", "preference"]
        verbose_name = _("unmet preference")
        verbose_name_plural = _("unmet preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "preference"], name="unmet_preference_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.preference} ({self.reason_kind})"


class ScheduleChangeNotice(models.Model):
    """A published change to the agent's shifts they have not looked at yet."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="schedule_notices")
    version = models.ForeignKey(ScheduleVersion, on_delete=models.CASCADE, related_name="notices")
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="schedule_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} v{self.version.number}"


class CalendarFeed(TimeStampedModel):
    """The agent's private calendar link; only a hash of its token is kept, so the link is
    shown once and a reset makes the old one useless."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.person)


class GenerationStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class GenerationRun(TimeStampedModel):
    """One run of the generator on a draft schedule, run in the background: its time limit,
    how it went and what it found (`summary`: the report's summary; `message`: why it failed)."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="generations")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=GenerationStatus.choices,
        default=GenerationStatus.QUEUED,
    )
    time_limit_seconds = models.PositiveSmallIntegerField(
        _("time limit (seconds)"), validators=[MinValueValidator(1), MaxValueValidator(3600)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("schedule generation")
        verbose_name_plural = _("schedule generations")
        constraints = [
            models.CheckConstraint(
                condition=Q(time_limit_seconds__gte=1) & Q(time_limit_seconds__lte=3600),
                name="generation_time_limit_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} ({self.status})"


class FairnessLedger(TimeStampedModel):
    """How much better (positive) or worse off (negative) than the average agent a person has
    been in published schedules, in satisfaction units; each publish of a generated schedule
    moves it and appends the step to `history` ({"schedule", "start_date", "before", "after",
    "satisfaction"}). The generator lifts those worse off first."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="fairness_ledger")
    balance = models.FloatField(_("balance"), default=0.0)
    history = models.JSONField(_("history"), default=list, blank=True)

    class Meta:
        ordering = ["balance", "person__display_name"]
        verbose_name = _("fairness ledger")
        verbose_name_plural = _("fairness ledgers")

    def __str__(self) -> str:
        return f"{self.person}: {self.balance:+.3f}"


# ---- self-scheduling: bidding windows ----------------------------------------------------------


class BiddingPolicy(models.TextChoices):
    ROTATION = "rotation", _("Rotation: who picked last picks first")
    SENIORITY = "seniority", _("Seniority: earliest hire date first")
    POINTS = "points", _("Points: most points for unpopular shifts first")


class BiddingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class BiddingWindow(TimeStampedModel):
    """Agents pick shifts of a draft schedule from a pool, in an order fixed when the window
    opens: each agent's turn starts `turn_minutes` after the one before (the first at
    `opens_at`), and from their turn until `closes_at` they pick and drop. On closing, the
    generator fills the rest of the draft and keeps every pick (`generation`)."""

    schedule = models.OneToOneField(
        Schedule, on_delete=models.CASCADE, related_name="bidding_window"
    )
    policy = models.CharField(_("pick order"), max_length=10, choices=BiddingPolicy.choices)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    turn_minutes = models.PositiveIntegerField(
        _("minutes between turns"), validators=[MaxValueValidator(7 * 24 * 60)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BiddingStatus.choices, default=BiddingStatus.OPEN
    )
    pool_report = models.JSONField(_("pool"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    generation = models.ForeignKey(
        GenerationRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("bidding window")
        verbose_name_plural = _("bidding windows")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="bidding_window_closes_after_open"
            ),
            models.CheckConstraint(
                condition=Q(policy__in=BiddingPolicy.values), name="bidding_window_policy_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} ({self.status})"


class BidTurn(models.Model):
    """An agent's place in a window's pick order and when their turn starts."""

    window = models.ForeignKey(BiddingWindow, on_delete=models.CASCADE, related_name="turns")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="bid_turns")
    position = models.PositiveIntegerField(_("position"))
    starts_at = models.DateTimeField(_("turn starts at"))
    points = models.IntegerField(_("points when the window opened"), default=0)

    class Meta:
        ordering = ["window", "position"]
        verbose_name = _("turn")
        verbose_name_plural = _("turns")
        constraints = [
            models.UniqueConstraint(fields=["window", "person"], name="bid_turn_once"),
            models.UniqueConstraint(fields=["window", "position"], name="bid_turn_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.person}"


class BidSlot(models.Model):
    """A shift of the pool: `capacity` agents may take it."""

    window = models.ForeignKey(BiddingWindow, on_delete=models.CASCADE, related_name="slots")
    template = models.ForeignKey(ShiftTemplate, on_delete=models.CASCADE, related_name="+")
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["window", "start", "template", "queue"]
        verbose_name = _("pool shift")
        verbose_name_plural = _("pool shifts")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="bid_slot_ordered"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="bid_slot_capacity"),
            models.UniqueConstraint(
                fields=["window", "template", "queue", "start"], name="bid_slot_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} {self.start:%Y-%m-%d %H:%M}"


class BidPick(models.Model):
    """An agent's pick of a pool shift; kept as a fixed shift when the window closes."""

    window = models.ForeignKey(BiddingWindow, on_delete=models.CASCADE, related_name="picks")
    slot = models.ForeignKey(BidSlot, on_delete=models.CASCADE, related_name="picks")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="bid_picks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["window", "slot__start", "pk"]
        verbose_name = _("pick")
        verbose_name_plural = _("picks")
        constraints = [
            models.UniqueConstraint(fields=["slot", "person"], name="bid_pick_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.slot}"


class BidPoints(models.Model):
    """The points ledger: points an agent earned in a window by picking unpopular shifts
    (`detail`: how many weekend and early or late shifts). An agent's balance is the sum."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="bid_points")
    window = models.ForeignKey(BiddingWindow, on_delete=models.CASCADE, related_name="points")
    points = models.IntegerField(_("points"))
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "-created_at", "-pk"]
        verbose_name = _("bidding points")
        verbose_name_plural = _("bidding points")
        constraints = [
            models.UniqueConstraint(fields=["person", "window"], name="bid_points_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.points:+d}"


# ---- shift swaps and offers -------------------------------------------------------------------


class TradeKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    SWAP = "swap", _("Swap")


class TradeStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a colleague")
    PENDING = "pending", _("Waiting for the leader")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


TRADE_UNDECIDED = (TradeStatus.OPEN, TradeStatus.PENDING)


class TradeReason(models.TextChoices):
    """Reason kinds of a refused swap or offer beyond those of an unmet preference."""

    SKILL = "skill", _("Skills")
    ALREADY_WORKING = "already_working", _("Already working that day")
    NOT_WORKING = "not_working", _("No shift that day")
    UNCHECKED = "unchecked", _("Not checked")


class ShiftTrade(TimeStampedModel):
    """An agent's offer of a published shift (to anyone at the site who can serve it, or to a
    named colleague) or a proposed swap of their shift for a colleague's. `shift_start`,
    `shift_end` (and `other_start`, `other_end`) record the shifts as they were asked for: a
    shift changed since makes the request stale. `reasons` are why the change could not be
    approved automatically (shape in docs/scheduling.md)."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="trades")
    kind = models.CharField(_("kind"), max_length=10, choices=TradeKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=TradeStatus.choices, default=TradeStatus.OPEN
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shift_trades")
    shift = models.ForeignKey(
        ScheduledShift, on_delete=models.SET_NULL, null=True, related_name="trades"
    )
    shift_start = models.DateTimeField(_("shift start"))
    shift_end = models.DateTimeField(_("shift end"))
    colleague = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shift_trades_received",
        verbose_name=_("colleague"),
        help_text=_("Empty for an offer open to anyone at the site who can serve it."),
    )
    other_shift = models.ForeignKey(
        ScheduledShift, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    other_start = models.DateTimeField(_("their shift start"), null=True, blank=True)
    other_end = models.DateTimeField(_("their shift end"), null=True, blank=True)
    taker = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)
    version = models.ForeignKey(
        ScheduleVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("shift swap or offer")
        verbose_name_plural = _("shift swaps and offers")
        indexes = [models.Index(fields=["status", "schedule"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=TradeKind.values), name="shift_trade_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=TradeStatus.values), name="shift_trade_status_known"
            ),
            models.CheckConstraint(
                condition=Q(kind=TradeKind.OFFER)
                | (Q(colleague__isnull=False) & Q(other_start__isnull=False)),
                name="shift_trade_swap_names_both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person} {self.shift_start:%Y-%m-%d}"

    @property
    def is_undecided(self) -> bool:
        return self.status in TRADE_UNDECIDED
