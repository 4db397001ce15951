"""The training catalogue: what a course aims to change, and how its transfer is followed up."""

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
