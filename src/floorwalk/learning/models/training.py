"""The training catalogue: what a course aims to change, and how its transfer is followed up."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel
from floorwalk.metrics.models.interactions import METRIC_CHOICES

# On-the-job follow-ups after a training, in days from its completion: +2 days, then +1, +2, +4
# and +8 weeks, so the four-week decay is met with coaching (L2).
DEFAULT_REINFORCEMENT_OFFSETS = (2, 7, 14, 28, 56)


def default_reinforcement_offsets() -> list[int]:
    return list(DEFAULT_REINFORCEMENT_OFFSETS)


class Delivery(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    VIRTUAL = "virtual", _("Virtual classroom")
    E_LEARNING = "e_learning", _("E-learning")
    ON_THE_JOB = "on_the_job", _("On the job")


def validate_offsets(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Give at least one follow-up, in days after the training."))
    if not all(isinstance(day, int) and 1 <= day <= 365 for day in value):
        raise ValidationError(_("Each follow-up is a whole number of days from 1 to 365."))
    if sorted(set(value)) != value:
        raise ValidationError(_("Give the follow-ups in increasing order, each once."))


def validate_keys(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(key, str) and key for key in value):
        raise ValidationError(_("A list of QA item keys, e.g. greeting, empathy."))


def validate_behaviours(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(text, str) and text.strip() for text in value
    ):
        raise ValidationError(_("A list of behaviours, each a short sentence."))


class Course(TimeStampedModel):
    """A course of the catalogue: its target competencies, metric, QA items and behaviours."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    duration_hours = models.DecimalField(
        _("duration (hours)"), max_digits=5, decimal_places=1, default=4
    )
    target_metric = models.CharField(
        _("target metric"),
        max_length=40,
        choices=METRIC_CHOICES,
        blank=True,
        help_text=_("The metric the course should move, compared before and after."),
    )
    target_competencies = models.ManyToManyField(
        "development.Competency",
        blank=True,
        related_name="courses",
        verbose_name=_("target competencies"),
    )
    qa_form = models.ForeignKey(
        "metrics.QaForm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("QA form"),
    )
    qa_item_keys = models.JSONField(
        _("QA items"),
        default=list,
        blank=True,
        validators=[validate_keys],
        help_text=_("Keys of the QA form's items the course should move (any form version)."),
    )
    target_behaviours = models.JSONField(
        _("target behaviours"),
        default=list,
        blank=True,
        validators=[validate_behaviours],
        help_text=_("What the trainee should do differently on the job; observed at follow-ups."),
    )
    reinforcement_offsets = models.JSONField(
        _("follow-ups (days after the training)"),
        default=default_reinforcement_offsets,
        validators=[validate_offsets],
    )
    active = models.BooleanField(_("in the catalogue"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.name


class TrainingSession(TimeStampedModel):
    """One delivery of a course: when, where, by whom and for how many."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("course")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    trainer = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        related_name="training_sessions_given",
        verbose_name=_("trainer"),
    )
    site = models.ForeignKey(
        "org.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    capacity = models.PositiveSmallIntegerField(_("places"))
    location = models.CharField(_("location"), max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="training_session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="training_session_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_on}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class AssignedBy(models.TextChoices):
    MANUAL = "manual", _("Manually")
    RULE = "rule", _("By a rule")


class AutoAssignRule(TimeStampedModel):
    """Enrols an agent in a course after N consecutive fails of one QA item."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="rules", verbose_name=_("course")
    )
    qa_item_key = models.SlugField(_("QA item"), max_length=50)
    consecutive_fails = models.PositiveSmallIntegerField(_("consecutive fails"), default=3)
    cooldown_days = models.PositiveSmallIntegerField(_("cool-down (days)"), default=90)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["course", "qa_item_key"]
        verbose_name = _("auto-assign rule")
        verbose_name_plural = _("auto-assign rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consecutive_fails__gte=1, consecutive_fails__lte=20),
                name="training_rule_fails_1_to_20",
            ),
            models.UniqueConstraint(
                fields=["course", "qa_item_key"], name="training_rule_one_per_course_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.qa_item_key} × {self.consecutive_fails}"


class Enrolment(TimeStampedModel):
    """A person in a session of a course, or waiting for one (no session yet)."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("course")
    )
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("session"),
    )
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.CASCADE,
        related_name="training_enrolments",
        verbose_name=_("trainee"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    assigned_by = models.CharField(
        _("assigned"), max_length=8, choices=AssignedBy.choices, default=AssignedBy.MANUAL
    )
    rule = models.ForeignKey(
        AutoAssignRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("rule"),
    )
    evidence = models.JSONField(
        _("evidence"),
        default=list,
        blank=True,
        help_text=_("The QA evaluations that triggered the rule: id, day, answer."),
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolled by"),
    )

    class Meta:
        ordering = ["course", "person", "-created_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status=EnrolmentStatus.COMPLETED, completed_on__isnull=False)
                    | (~models.Q(status=EnrolmentStatus.COMPLETED) & models.Q(completed_on=None))
                ),
                name="training_enrolment_completed_on_iff_completed",
            ),
            models.CheckConstraint(
                condition=(models.Q(assigned_by=AssignedBy.RULE, rule__isnull=False))
                | models.Q(assigned_by=AssignedBy.MANUAL, rule=None),
                name="training_enrolment_rule_iff_by_rule",
            ),
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=models.Q(session__isnull=False) & ~models.Q(status="cancelled"),
                name="training_enrolment_once_per_session",
            ),
            models.UniqueConstraint(
                fields=["course", "person"],
                condition=models.Q(session__isnull=True, status="enrolled"),
                name="training_enrolment_one_waiting_per_course",
            ),
        ]
        indexes = [models.Index(fields=["person", "course"], name="training_enrolment_person")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.course_id} {self.status}"


class ObservedLevel(models.TextChoices):
    CONSISTENTLY = "consistently", _("Observed consistently")
    SOMETIMES = "sometimes", _("Sometimes")
    NOT_YET = "not_yet", _("Not yet")


# A follow-up done at most this many days after its due day is on time.
ON_TIME_TOLERANCE_DAYS = 3


class FollowUp(TimeStampedModel):
    """One on-the-job follow-up of a completed training (the reinforcement plan)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="follow_ups")
    offset_days = models.PositiveSmallIntegerField(_("days after the training"))
    due_on = models.DateField(_("due on"))
    owner = models.ForeignKey(
        "org.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_follow_ups_owned",
        verbose_name=_("owner"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    observations = models.JSONField(
        _("observations"),
        default=list,
        blank=True,
        help_text=_("For each target behaviour: the behaviour and the level observed."),
    )
    note = models.TextField(_("note"), blank=True)
    coaching_session = models.ForeignKey(
        "coaching.CoachingSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coaching session"),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("training follow-up")
        verbose_name_plural = _("training follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "offset_days"], name="training_follow_up_once_per_offset"
            )
        ]
        indexes = [models.Index(fields=["owner", "done_on", "due_on"], name="training_fu_due")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} +{self.offset_days}"

    @property
    def on_time(self) -> bool | None:
        """Done within the tolerance after the due day; None while not done."""
        if self.done_on is None:
            return None
        return (self.done_on - self.due_on).days <= ON_TIME_TOLERANCE_DAYS
