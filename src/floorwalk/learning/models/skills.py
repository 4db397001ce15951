"""The skills matrix: how well each agent serves each queue, with its history, and the
multi-skill training paths that lead an agent to a new queue."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel


class Proficiency(models.IntegerChoices):
    """How well an agent serves a queue. From "supported" up the agent serves the queue (the
    schedule may put them on it); "learning" is training only."""

    LEARNING = 1, _("1 · Learning")
    SUPPORTED = 2, _("2 · Supported")
    PROFICIENT = 3, _("3 · Proficient")
    EXPERT = 4, _("4 · Expert")


# The lowest level at which an agent is scheduled on the queue (is in Person.queues).
SERVING_LEVEL = Proficiency.SUPPORTED


class SkillLevel(TimeStampedModel):
    """An agent's current level on a queue; a removed level deletes the row (its history
    stays in SkillLevelChange)."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="skill_levels")
    queue = models.ForeignKey("org.Queue", on_delete=models.CASCADE, related_name="skill_levels")
    level = models.PositiveSmallIntegerField(_("level"), choices=Proficiency.choices)
    reached_on = models.DateField(_("level reached on"))
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )

    class Meta:
        ordering = ["person__display_name", "queue__name"]
        verbose_name = _("skill level")
        verbose_name_plural = _("skill levels")
        constraints = [
            models.UniqueConstraint(fields=["person", "queue"], name="skill_level_once_per_queue"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="skill_level_known"
            ),
            models.CheckConstraint(
                condition=Q(assessed_on__gte=F("reached_on")),
                name="skill_level_assessed_after_reached",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.queue}: {self.get_level_display()}"

    @property
    def serves(self) -> bool:
        return self.level >= SERVING_LEVEL


class SkillLevelChange(models.Model):
    """One change of an agent's level on a queue: kept for ever, newest last."""

    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="skill_level_changes"
    )
    queue = models.ForeignKey(
        "org.Queue", on_delete=models.CASCADE, related_name="skill_level_changes"
    )
    previous_level = models.PositiveSmallIntegerField(
        _("previous level"), choices=Proficiency.choices, null=True, blank=True
    )
    level = models.PositiveSmallIntegerField(
        _("new level"),
        choices=Proficiency.choices,
        null=True,
        blank=True,
        help_text=_("Empty when the level was removed."),
    )
    assessed_on = models.DateField(_("assessed on"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("skill level change")
        verbose_name_plural = _("skill level changes")

    def __str__(self) -> str:
        return f"{self.person} · {self.queue}: {self.previous_level} → {self.level}"


class PathStepKind(models.TextChoices):
    COURSE = "course", _("Course")
    SHADOWING = "shadowing", _("Shadowing")
    SUPERVISED = "supervised", _("Supervised contacts")
    ASSESSMENT = "assessment", _("Assessment")


class TrainingPath(TimeStampedModel):
    """The way to a new queue: ordered steps, then the target level on the queue."""

    name = models.CharField(_("name"), max_length=200)
    target_queue = models.ForeignKey(
        "org.Queue",
        on_delete=models.PROTECT,
        related_name="training_paths",
        verbose_name=_("target queue"),
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"), choices=Proficiency.choices, default=Proficiency.SUPPORTED
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("training path")
        verbose_name_plural = _("training paths")
        constraints = [
            models.UniqueConstraint(
                fields=["target_queue", "name"], name="training_path_name_unique_per_queue"
            ),
            models.CheckConstraint(
                condition=Q(target_level__gte=1, target_level__lte=4),
                name="training_path_target_level_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PathStep(models.Model):
    path = models.ForeignKey(TrainingPath, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=PathStepKind.choices)
    title = models.CharField(_("title"), max_length=200)
    course = models.ForeignKey(
        "learning.Course",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="path_steps",
        verbose_name=_("course"),
    )
    contacts = models.PositiveSmallIntegerField(
        _("supervised contacts"),
        null=True,
        blank=True,
        help_text=_("How many contacts the agent handles under supervision."),
    )

    class Meta:
        ordering = ["path", "position"]
        verbose_name = _("path step")
        verbose_name_plural = _("path steps")
        constraints = [
            models.UniqueConstraint(fields=["path", "position"], name="path_step_position_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=PathStepKind.values), name="path_step_kind_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind="supervised") | Q(contacts__gte=1),
                name="path_step_supervised_has_contacts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class PathEnrolment(TimeStampedModel):
    """An agent on a path; completed when the last step is ticked."""

    path = models.ForeignKey(TrainingPath, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="path_enrolments"
    )
    enrolled_on = models.DateField(_("enrolled on"))
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["path", "person__display_name"]
        verbose_name = _("path enrolment")
        verbose_name_plural = _("path enrolments")
        constraints = [
            models.UniqueConstraint(fields=["path", "person"], name="path_enrolment_once"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("enrolled_on")),
                name="path_enrolment_completed_after_enrolled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.path}"


class StepCompletion(models.Model):
    enrolment = models.ForeignKey(
        PathEnrolment, on_delete=models.CASCADE, related_name="completions"
    )
    step = models.ForeignKey(PathStep, on_delete=models.CASCADE, related_name="completions")
    done_on = models.DateField(_("done on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step__position"]
        verbose_name = _("step completion")
        verbose_name_plural = _("step completions")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "step"], name="step_completion_once"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.step}"
