"""Coaching sessions, the agent's requests for coaching, and the state of each topic.

A session records what the coach saw and what to keep doing and to change, never a score
(the non-judgmental frame of coaching). The agent confirms it took place and says how useful
it was. The topic state on the newest session of a focus is that topic's place on the board.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel
from floorwalk.engine.coaching import DEFAULT_WINDOW_WEEKS
from floorwalk.metrics.models.interactions import METRIC_CHOICES

USEFULNESS_RANGE = (1, 5)


class SessionKind(models.TextChoices):
    SIDE_BY_SIDE = "side_by_side", _("Side-by-side")
    CALL_REVIEW = "call_review", _("Call review")
    ROLE_PLAY = "role_play", _("Role play")


class TopicState(models.TextChoices):
    """Where a coaching topic stands, in the order it usually moves."""

    INITIAL_FEEDBACK = "initial_feedback", _("Initial feedback")
    FOLLOW_UP = "follow_up", _("Follow up")
    NEEDS_ATTENTION = "needs_attention", _("Needs attention")
    MAKING_PROGRESS = "making_progress", _("Making progress")


class CoachingSession(TimeStampedModel):
    agent = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="coaching_sessions"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("coach"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    held_on = models.DateField(_("held on"))
    focus_metric = models.CharField(
        _("focus metric"), max_length=40, choices=METRIC_CHOICES, blank=True
    )
    focus_competency = models.ForeignKey(
        "development.Competency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("focus competency"),
    )
    interactions = models.ManyToManyField(
        "metrics.Interaction", blank=True, related_name="+", verbose_name=_("interactions")
    )
    observations = models.TextField(_("what was observed"), blank=True)
    keep_doing = models.TextField(_("what to keep doing"))
    to_change = models.TextField(_("what to change"))
    agreed_behaviours = models.TextField(_("agreed behaviours"), blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    topic_state = models.CharField(
        _("topic state"),
        max_length=20,
        choices=TopicState.choices,
        default=TopicState.INITIAL_FEEDBACK,
    )
    window_weeks = models.PositiveSmallIntegerField(
        _("weeks compared before and after"),
        default=DEFAULT_WINDOW_WEEKS,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    confirmed_at = models.DateTimeField(_("confirmed by the agent at"), null=True, blank=True)
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(USEFULNESS_RANGE[0]), MaxValueValidator(USEFULNESS_RANGE[1])],
    )

    class Meta:
        ordering = ["agent", "-held_on", "-pk"]
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        indexes = [models.Index(fields=["agent", "-held_on"], name="coaching_session_newest")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(focus_metric="") & Q(focus_competency__isnull=False))
                | (~Q(focus_metric="") & Q(focus_competency__isnull=True)),
                name="coaching_session_one_focus",
            ),
            models.CheckConstraint(
                condition=Q(usefulness__isnull=True) | Q(usefulness__gte=1, usefulness__lte=5),
                name="coaching_session_usefulness_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.held_on} {self.focus_label}"

    @property
    def focus_label(self) -> str:
        if self.focus_metric:
            return str(self.get_focus_metric_display())
        return str(self.focus_competency)


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")


class CoachingRequest(TimeStampedModel):
    """An agent asking for coaching on a topic of their choosing."""

    agent = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="coaching_requests"
    )
    topic = models.CharField(_("topic"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )

    class Meta:
        ordering = ["agent", "-created_at", "-pk"]
        verbose_name = _("coaching request")
        verbose_name_plural = _("coaching requests")

    def __str__(self) -> str:
        return f"{self.agent_id} {self.topic}"
