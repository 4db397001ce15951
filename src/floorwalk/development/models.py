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


class StageRequirement(TimeStampedModel):
    """The organisation's thresholds for one stage above R1 (the stage engine's rules). A
    blank threshold means the stage does not look at that evidence."""

    stage = models.CharField(
        _("stage"),
        max_length=2,
        choices=[choice for choice in Stage.choices if choice[0] != Stage.R1],
        unique=True,
    )
    min_tenure_days = models.PositiveIntegerField(_("minimum tenure (days)"))
    min_standards_weeks = models.PositiveSmallIntegerField(
        _("minimum weeks of results against standards")
    )
    min_standards_met_share = models.FloatField(
        _("minimum share of standards met"),
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("From 0 to 1: 0.8 means 80 % of the weekly judgements on standard."),
    )
    min_qa_mean = models.FloatField(
        _("minimum mean QA score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(100.0)],
    )
    min_qa_trend_per_month = models.FloatField(
        _("minimum QA trend (points a month)"), null=True, blank=True
    )
    max_transfer_rate = models.FloatField(
        _("maximum transfer rate (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(100.0)],
    )
    max_escalation_rate = models.FloatField(
        _("maximum escalation rate (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(100.0)],
    )
    min_competency_level = models.PositiveSmallIntegerField(
        _("minimum level of every competency"),
        null=True,
        blank=True,
        validators=[MinValueValidator(LEVELS[0]), MaxValueValidator(LEVELS[1])],
    )

    class Meta:
        ordering = ["stage"]
        verbose_name = _("stage requirement")
        verbose_name_plural = _("stage requirements")
        constraints = [
            models.CheckConstraint(condition=~Q(stage=Stage.R1), name="stage_requirement_not_r1"),
        ]

    def __str__(self) -> str:
        return self.get_stage_display()


class AssessmentSource(models.TextChoices):
    """Who judged a competency level, and how."""

    QA = "qa", _("QA specialist")
    MENTOR = "mentor", _("Mentor observation")
    LEADER = "leader", _("Team leader")
    KPI = "kpi", _("Derived from results")
    HIRING = "hiring", _("Hiring interview")


class Observation(TimeStampedModel):
    """A mentor, team leader or QA specialist watching an agent work (side-by-side or on
    recordings): what they saw, and the competency levels it showed (its assessments)."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="observations")
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("observer"),
    )
    source = models.CharField(
        _("observed as"),
        max_length=10,
        choices=[
            (AssessmentSource.MENTOR, AssessmentSource.MENTOR.label),
            (AssessmentSource.LEADER, AssessmentSource.LEADER.label),
            (AssessmentSource.QA, AssessmentSource.QA.label),
        ],
    )
    observed_on = models.DateField(_("observed on"))
    notes = models.TextField(_("what was observed"))

    class Meta:
        ordering = ["person", "-observed_on", "-pk"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        indexes = [models.Index(fields=["person", "-observed_on"], name="observation_newest")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.observed_on}"


class Assessment(TimeStampedModel):
    """An agent's level (1–5) on a competency as one source judged it on one day, with the
    evidence. Results-derived (KPI) assessments have no assessor and keep in `details` which
    metrics, values and standards they came from. Never edited: a new judgement is a new
    assessment, so the profile shows the change over time."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="assessments")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="assessments")
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(LEVELS[0]), MaxValueValidator(LEVELS[1])]
    )
    source = models.CharField(_("source"), max_length=10, choices=AssessmentSource.choices)
    evidence = models.TextField(_("evidence"))
    details = models.JSONField(_("details"), default=dict, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    assessed_on = models.DateField(_("assessed on"))
    observation = models.ForeignKey(
        Observation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
    )

    class Meta:
        ordering = ["person", "competency", "-assessed_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [
            models.Index(fields=["person", "competency", "-assessed_on"], name="assessment_newest")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=LEVELS[0], level__lte=LEVELS[1]),
                name="assessment_level_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(source=AssessmentSource.KPI, assessed_by__isnull=True)
                | (~Q(source=AssessmentSource.KPI) & Q(assessed_by__isnull=False)),
                name="assessment_assessor_unless_kpi",
            ),
            models.UniqueConstraint(
                fields=["person", "competency", "assessed_on"],
                condition=Q(source=AssessmentSource.KPI),
                name="assessment_one_kpi_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.competency_id} {self.level} {self.assessed_on}"


class OneToOne(TimeStampedModel):
    """A one-to-one conversation a leader held with an agent (it counts for the cadence)."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="one_to_ones")
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("held by"),
    )
    held_on = models.DateField(_("held on"))
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(
        _("shared notes"), blank=True, help_text=_("What the agent reads of the conversation.")
    )
    private_notes = models.TextField(
        _("private notes"),
        blank=True,
        help_text=_("For those who lead the agent only; the agent never sees these."),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        ordering = ["person", "-held_on", "-pk"]
        verbose_name = _("one-to-one")
        verbose_name_plural = _("one-to-ones")
        indexes = [models.Index(fields=["person", "-held_on"], name="one_to_one_newest")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.held_on}"


class FeedbackKind(models.TextChoices):
    RECOGNITION = "recognition", _("Recognition")
    CONSTRUCTIVE = "constructive", _("Constructive feedback")


class OneToOneItem(TimeStampedModel):
    """A piece of recognition or constructive feedback given in a one-to-one, with the
    optional situation–behaviour–impact frame that keeps it about facts, not the person."""

    one_to_one = models.ForeignKey(OneToOne, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=20, choices=FeedbackKind.choices)
    text = models.TextField(_("feedback"))
    situation = models.TextField(_("situation"), blank=True)
    behaviour = models.TextField(_("behaviour"), blank=True)
    impact = models.TextField(_("impact"), blank=True)

    class Meta:
        ordering = ["one_to_one", "pk"]
        verbose_name = _("one-to-one item")
        verbose_name_plural = _("one-to-one items")

    def __str__(self) -> str:
        return f"{self.one_to_one_id} {self.kind}"


class ActionOwner(models.TextChoices):
    AGENT = "agent", _("The agent")
    LEADER = "leader", _("The leader")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class AgreedAction(TimeStampedModel):
    """Something agreed in a one-to-one, with who does it and by when. An open action is
    carried forward to every later one-to-one until it is marked done."""

    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="agreed_actions"
    )
    agreed_in = models.ForeignKey(OneToOne, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=10, choices=ActionOwner.choices)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_in = models.ForeignKey(
        OneToOne,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_actions",
        verbose_name=_("marked done in"),
    )

    class Meta:
        ordering = ["person", "due_on", "pk"]
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        indexes = [models.Index(fields=["person", "status"], name="agreed_action_open")]

    def __str__(self) -> str:
        return self.description[:60]


PULSE_SOURCE = "pulse"  # the agent's own answer on their home page


class EngagementScore(TimeStampedModel):
    """An engagement signal of an agent on a day, 0–100: a pulse check the agent answered,
    or a survey result. The stage engine reads the newest and its trend."""

    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="engagement_scores"
    )
    measured_on = models.DateField(_("measured on"))
    score = models.FloatField(
        _("score"), validators=[MinValueValidator(0.0), MaxValueValidator(100.0)]
    )
    source = models.CharField(_("source"), max_length=40, default=PULSE_SOURCE)

    class Meta:
        ordering = ["person", "-measured_on"]
        verbose_name = _("engagement score")
        verbose_name_plural = _("engagement scores")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "measured_on", "source"], name="engagement_one_a_day"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0.0, score__lte=100.0), name="engagement_score_0_to_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.measured_on} {self.score}"


class FeedbackRequest(TimeStampedModel):
    """A colleague asked for feedback on a topic; answered when they give it."""

    requested_by = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="feedback_requested"
    )
    asked = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="feedback_asked")
    topic = models.CharField(_("about"), max_length=500)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")

    def __str__(self) -> str:
        return self.topic[:60]


class Feedback(TimeStampedModel):
    """Feedback one colleague gives another at any time, outside any review cycle. The
    receiver and those who lead them read it, and the giver."""

    given_by = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="feedback_given"
    )
    given_to = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="feedback_received"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FeedbackKind.choices)
    text = models.TextField(_("feedback"))
    situation = models.TextField(_("situation"), blank=True)
    behaviour = models.TextField(_("behaviour"), blank=True)
    impact = models.TextField(_("impact"), blank=True)
    answers = models.OneToOneField(
        FeedbackRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answer",
        verbose_name=_("answers the request"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.given_by_id}→{self.given_to_id} {self.kind}"


class PlanActionKind(models.TextChoices):
    COACHING = "coaching", _("Coaching")
    TRAINING = "training", _("Training")
    MENTORING = "mentoring", _("Mentoring")
    TASK = "task", _("Task or project")


class PlanActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_PLAN_STATUSES = (PlanActionStatus.PLANNED, PlanActionStatus.IN_PROGRESS)


class DevelopmentPlan(TimeStampedModel):
    """An agent's development plan: one per agent, built by those who lead them from the
    agent's competency and metric gaps, and reviewed in one-to-ones."""

    person = models.OneToOneField(
        "org.Person", on_delete=models.CASCADE, related_name="development_plan"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")

    def __str__(self) -> str:
        return f"plan of {self.person_id}"


class PlanAction(TimeStampedModel):
    """One step of a development plan, naming the gap it answers."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=20, choices=PlanActionKind.choices)
    description = models.TextField(_("action"))
    gap = models.CharField(_("gap it answers"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PlanActionStatus.choices,
        default=PlanActionStatus.PLANNED,
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "due_on", "pk"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PLAN_STATUSES


class ActivityKind(models.TextChoices):
    TASK = "task", _("Task")
    PROJECT = "project", _("Project")
    MENTORING = "mentoring", _("Mentoring a colleague")
    SPECIAL_QUEUE = "special_queue", _("Special queue")


class Activity(TimeStampedModel):
    """A task or project assigned to an agent beyond the daily work, evaluated when it ends."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    evaluation = models.TextField(_("evaluation"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)

    class Meta:
        ordering = ["person", "-starts_on", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title
