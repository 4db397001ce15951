"""Quality assurance: evaluation forms and their versions, evaluations, disputes, the sampling
queue, calibration sessions and the audit trail of who did what.

A form's content (sections and items) lives in a version. Once an evaluation uses a version,
editing the form makes a new version, so every evaluation keeps the form it was scored on.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel
from floorwalk.metrics.models.interactions import Interaction
from floorwalk.org.models import Person, Site


class QaForm(TimeStampedModel):
    """A named evaluation form; what it asks is in its newest version."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("QA form")
        verbose_name_plural = _("QA forms")

    def __str__(self) -> str:
        return self.name


class QaFormVersion(TimeStampedModel):
    form = models.ForeignKey(QaForm, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["form", "-number"]
        verbose_name = _("QA form version")
        verbose_name_plural = _("QA form versions")
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="qa_version_number_per_form"),
            models.CheckConstraint(condition=Q(number__gte=1), name="qa_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.form} v{self.number}"


class QaSection(models.Model):
    version = models.ForeignKey(QaFormVersion, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("section"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("QA form section")
        verbose_name_plural = _("QA form sections")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="qa_section_position_per_version"
            )
        ]

    def __str__(self) -> str:
        return self.title


class QaItem(models.Model):
    """One question of a form version; see `floorwalk.engine.qa` for how items score."""

    version = models.ForeignKey(QaFormVersion, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(QaSection, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(
        _("key"), max_length=50, help_text=_("Short name used in imports, e.g. greeting.")
    )
    text = models.CharField(_("question"), max_length=500)
    weight = models.FloatField(_("weight"))
    critical = models.BooleanField(
        _("critical"), default=False, help_text=_("Failing it makes the whole score 0.")
    )
    bonus = models.BooleanField(
        _("bonus"), default=False, help_text=_("Adds weight × answer points, up to 100.")
    )
    allows_na = models.BooleanField(_("N/A allowed"), default=True)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("QA form item")
        verbose_name_plural = _("QA form items")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="qa_item_key_per_version"),
            models.UniqueConstraint(
                fields=["version", "position"], name="qa_item_position_per_version"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="qa_item_weight_positive"),
            models.CheckConstraint(
                condition=~Q(critical=True, bonus=True), name="qa_item_not_critical_and_bonus"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class QaCalibrationSession(TimeStampedModel):
    """Several evaluators score one interaction blind; a reference evaluation holds the
    calibrated answers once agreed. Calibration evaluations never count in scorecards."""

    title = models.CharField(_("title"), max_length=200)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    interaction = models.ForeignKey(Interaction, on_delete=models.PROTECT, related_name="+")
    form_version = models.ForeignKey(QaFormVersion, on_delete=models.PROTECT, related_name="+")
    participants = models.ManyToManyField(
        Person, related_name="qa_calibrations", verbose_name=_("evaluators")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("calibrated at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calibration session")
        verbose_name_plural = _("calibration sessions")

    def __str__(self) -> str:
        return self.title


class QaEvaluationSource(models.TextChoices):
    WEB = "web", _("Scored in Floorwalk")
    IMPORT = "import", _("Imported")


class QaEvaluation(TimeStampedModel):
    """A submitted evaluation of one interaction. `score` is the one that stands: after an
    accepted dispute it is the re-scored value (the dispute keeps the one before)."""

    interaction = models.ForeignKey(
        Interaction, on_delete=models.PROTECT, related_name="qa_evaluations"
    )
    form_version = models.ForeignKey(
        QaFormVersion, on_delete=models.PROTECT, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="qa_evaluations_given"
    )
    evaluated_at = models.DateTimeField(_("evaluated at"))
    score = models.FloatField(_("score"), null=True, blank=True)
    critical_failed = models.BooleanField(_("critical item failed"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=QaEvaluationSource.choices, default="web"
    )
    external_id = models.CharField(_("evaluation id"), max_length=100, blank=True)
    calibration_session = models.ForeignKey(
        QaCalibrationSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    is_calibration_reference = models.BooleanField(default=False)

    class Meta:
        ordering = ["-evaluated_at"]
        verbose_name = _("QA evaluation")
        verbose_name_plural = _("QA evaluations")
        constraints = [
            # An interaction is evaluated once for the record; calibration copies don't count.
            models.UniqueConstraint(
                fields=["interaction"],
                condition=Q(calibration_session__isnull=True),
                name="qa_one_standing_evaluation_per_interaction",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="qa_evaluation_external_id_unique",
            ),
            models.UniqueConstraint(
                fields=["calibration_session", "evaluator", "is_calibration_reference"],
                name="qa_calibration_one_evaluation_per_evaluator",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="qa_evaluation_score_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(is_calibration_reference=False) | Q(calibration_session__isnull=False),
                name="qa_reference_belongs_to_a_calibration",
            ),
        ]
        indexes = [models.Index(fields=["evaluator", "evaluated_at"], name="qa_eval_evaluator")]

    def __str__(self) -> str:
        return f"{self.interaction} {self.score}"


class QaItemScore(models.Model):
    """The answer to one item: 0 (not met) to 1 (fully met), or empty for N/A."""

    evaluation = models.ForeignKey(QaEvaluation, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(QaItem, on_delete=models.PROTECT, related_name="+")
    answer = models.FloatField(_("answer"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["evaluation", "item__position"]
        verbose_name = _("QA item score")
        verbose_name_plural = _("QA item scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "item"], name="qa_one_answer_per_item"),
            models.CheckConstraint(
                condition=Q(answer__isnull=True) | Q(answer__gte=0, answer__lte=1),
                name="qa_answer_0_to_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.answer}"


class QaDisputeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class QaDispute(TimeStampedModel):
    """The evaluated agent's objection to an evaluation, and how QA resolved it."""

    evaluation = models.OneToOneField(
        QaEvaluation, on_delete=models.CASCADE, related_name="dispute"
    )
    raised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=QaDisputeStatus.choices, default="open"
    )
    resolved_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("answer"), blank=True)
    score_before = models.FloatField(_("score before"), null=True, blank=True)
    score_after = models.FloatField(_("score after"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("QA dispute")
        verbose_name_plural = _("QA disputes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=QaDisputeStatus.values), name="qa_dispute_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | (Q(resolved_at__isnull=False) & ~Q(resolution="")),
                name="qa_dispute_resolved_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.status}"


class QaAssignment(TimeStampedModel):
    """An interaction the sampling plan put in an evaluator's queue for a month."""

    interaction = models.OneToOneField(
        Interaction, on_delete=models.CASCADE, related_name="qa_assignment"
    )
    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    evaluator = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qa_assignments")
    month = models.DateField(_("month"))

    class Meta:
        ordering = ["month", "interaction__started_at"]
        verbose_name = _("QA assignment")
        verbose_name_plural = _("QA assignments")
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="qa_assignment_month_start"),
            models.CheckConstraint(
                condition=~Q(agent=F("evaluator")), name="qa_assignment_not_self"
            ),
        ]
        indexes = [models.Index(fields=["agent", "month"], name="qa_assignment_agent_month")]

    def __str__(self) -> str:
        return f"{self.interaction_id} → {self.evaluator_id}"


class QaEventAction(models.TextChoices):
    FORM_CREATED = "form_created", _("Created a form")
    FORM_CHANGED = "form_changed", _("Changed a form")
    FORM_VERSIONED = "form_versioned", _("Made a new form version")
    EVALUATION_RECORDED = "evaluation_recorded", _("Evaluated an interaction")
    EVALUATION_IMPORTED = "evaluation_imported", _("Imported an evaluation")
    DISPUTE_RAISED = "dispute_raised", _("Disputed an evaluation")
    DISPUTE_ACCEPTED = "dispute_accepted", _("Accepted a dispute and re-scored")
    DISPUTE_REJECTED = "dispute_rejected", _("Rejected a dispute")
    SAMPLE_PLANNED = "sample_planned", _("Planned a QA sample")
    CALIBRATION_CREATED = "calibration_created", _("Started a calibration")
    CALIBRATION_SCORED = "calibration_scored", _("Scored a calibration")
    CALIBRATION_CLOSED = "calibration_closed", _("Set the calibrated answers")


class QaEvent(models.Model):
    """The audit trail: who did what to which form, evaluation or dispute, and when."""

    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=30, choices=QaEventAction.choices)
    form = models.ForeignKey(QaForm, on_delete=models.CASCADE, null=True, related_name="+")
    evaluation = models.ForeignKey(
        QaEvaluation, on_delete=models.CASCADE, null=True, related_name="events"
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("QA audit entry")
        verbose_name_plural = _("QA audit entries")
        indexes = [models.Index(fields=["action", "at"], name="qa_event_action_at")]

    def __str__(self) -> str:
        return f"{self.at} {self.action}"
