"""Onboarding (E1): templates of tasks, ramp goals and review questions; a plan per new hire
with owners and due dates; the onboarding review; the realistic job preview of each site."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel
from floorwalk.goals.models import METRIC_CHOICES


class OnboardingPhase(models.TextChoices):
    """The moments of an onboarding, in the order the new hire lives them."""

    BEFORE_DAY_ONE = "before_day_one", _("Before day one")
    FIRST_DAYS = "first_days", _("First days")
    FIRST_WEEKS = "first_weeks", _("First weeks")
    FIRST_SOLO = "first_solo", _("First solo contacts")
    REVIEW = "review", _("Onboarding review")


PHASE_ORDER = {phase: index for index, phase in enumerate(OnboardingPhase.values)}


class OwnerKind(models.TextChoices):
    """Who does a task, resolved to a person when a plan is made from the template."""

    TEAM_LEADER = "team_leader", _("Team leader")
    MENTOR = "mentor", _("Mentor")
    NEW_HIRE = "new_hire", _("New hire")
    SITE_MANAGER = "site_manager", _("Site manager")
    SUPPORT = "support", _("Support person")
    NAMED = "named", _("A named person")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale 1–5")
    TEXT = "text", _("Free text")


class Respondent(models.TextChoices):
    NEW_HIRE = "new_hire", _("New hire")
    LEADER = "leader", _("Team leader")


class OnboardingTemplate(TimeStampedModel):
    """The tasks, ramp goals and review questions every plan made from it starts with."""

    name = models.CharField(_("name"), max_length=200)
    site = models.ForeignKey(
        "org.Site",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="onboarding_templates",
        verbose_name=_("site"),
        help_text=_("Empty: the template serves every site."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("onboarding template")
        verbose_name_plural = _("onboarding templates")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "site"], name="onboarding_template_name_per_site"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(site__isnull=True),
                name="onboarding_template_name_all_sites",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OnboardingTemplateTask(models.Model):
    template = models.ForeignKey(OnboardingTemplate, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=OnboardingPhase.choices)
    owner_kind = models.CharField(_("owner"), max_length=20, choices=OwnerKind.choices)
    owner_person = models.ForeignKey(
        "org.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("named owner"),
    )
    offset_days = models.SmallIntegerField(
        _("days from the start"), help_text=_("Negative: before day one.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["offset_days", "position", "pk"]
        verbose_name = _("onboarding template task")
        verbose_name_plural = _("onboarding template tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_kind="named", owner_person__isnull=False)
                | (~Q(owner_kind="named") & Q(owner_person__isnull=True)),
                name="onboarding_template_task_named_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OnboardingRampGoal(models.Model):
    """A target the new hire is ramped to: a metric's value in the given week after start."""

    template = models.ForeignKey(
        OnboardingTemplate, on_delete=models.CASCADE, related_name="ramp_goals"
    )
    metric = models.CharField(_("metric"), max_length=30, choices=METRIC_CHOICES)
    target = models.FloatField(_("target"))
    weeks_after_start = models.PositiveSmallIntegerField(_("weeks after the start"))

    class Meta:
        ordering = ["weeks_after_start", "metric", "pk"]
        verbose_name = _("ramp goal")
        verbose_name_plural = _("ramp goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks_after_start__gte=1), name="onboarding_ramp_goal_week_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.target:g} (week {self.weeks_after_start})"


class OnboardingReviewQuestion(models.Model):
    template = models.ForeignKey(
        OnboardingTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("answer"), max_length=10, choices=QuestionKind.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("review question")
        verbose_name_plural = _("review questions")

    def __str__(self) -> str:
        return self.text


class OnboardingPlan(TimeStampedModel):
    """One new hire's onboarding: who does what by when, from the start date on."""

    person = models.OneToOneField(
        "org.Person", on_delete=models.CASCADE, related_name="onboarding_plan"
    )
    template = models.ForeignKey(OnboardingTemplate, on_delete=models.PROTECT, related_name="plans")
    start_date = models.DateField(_("start date"))
    leader = models.ForeignKey(
        "org.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team leader"),
    )
    mentor = models.ForeignKey(
        "org.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mentor"),
    )
    support_person = models.ForeignKey(
        "org.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("support person"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("onboarding plan")
        verbose_name_plural = _("onboarding plans")

    def __str__(self) -> str:
        return f"{self.person} ({self.start_date.isoformat()})"


class OnboardingTask(models.Model):
    """A task of a plan, copied from its template task with the owner and due date resolved."""

    plan = models.ForeignKey(OnboardingPlan, on_delete=models.CASCADE, related_name="tasks")
    template_task = models.ForeignKey(
        OnboardingTemplateTask,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_tasks",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=OnboardingPhase.choices)
    owner_kind = models.CharField(_("owner"), max_length=20, choices=OwnerKind.choices)
    owner = models.ForeignKey(
        "org.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="onboarding_tasks",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("onboarding task")
        verbose_name_plural = _("onboarding tasks")
        indexes = [models.Index(fields=["owner", "done_on", "due_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on < today

    @property
    def on_time(self) -> bool | None:
        """Done by its due date; None while open."""
        return None if self.done_on is None else self.done_on <= self.due_on


class OnboardingReviewAnswer(models.Model):
    """One answer of the onboarding review, by the new hire or their team leader. The
    question's text and kind are kept, so an answer reads the same after the template changes."""

    plan = models.ForeignKey(OnboardingPlan, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        OnboardingReviewQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
    )
    question_text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("answer"), max_length=10, choices=QuestionKind.choices)
    respondent = models.CharField(_("respondent"), max_length=10, choices=Respondent.choices)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scale = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        ordering = ["plan", "respondent", "pk"]
        verbose_name = _("onboarding review answer")
        verbose_name_plural = _("onboarding review answers")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "question", "respondent"], name="onboarding_answer_once"
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="onboarding_answer_scale_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_text}: {self.scale or self.text[:40]}"


class JobPreview(TimeStampedModel):
    """A site's realistic job preview: what candidates should know before they say yes."""

    site = models.OneToOneField("org.Site", on_delete=models.CASCADE, related_name="job_preview")
    work = models.TextField(_("What the work is like"), blank=True)
    typical_day = models.TextField(_("A typical day"), blank=True)
    best_sides = models.TextField(_("The best sides"), blank=True)
    workload = models.TextField(_("The workload"), blank=True)
    measurement = models.TextField(
        _("Why everything is measured"),
        blank=True,
        help_text=_("Availability, skill and customer experience: why the metrics matter."),
    )
    published = models.BooleanField(_("published"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    SECTIONS = ("work", "typical_day", "best_sides", "workload", "measurement")

    class Meta:
        verbose_name = _("job preview")
        verbose_name_plural = _("job previews")

    def __str__(self) -> str:
        return f"{self.site}: job preview"
