"""Listening: pulse surveys (anonymous where promised), suggestions, retention notes.

Anonymity is a property of the tables, not of the pages: when a survey is anonymous, who
answered (`PulseParticipation`) and what was answered (`PulseResponse`, `PulseAnswer`) are
stored apart, both with random keys and nothing finer than a date, so no row of one can be
matched to a row of the other. A response keeps only the team it counts in. Only a
non-anonymous survey links a response to its author, through `NamedResponse`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel

MIN_GROUP_FLOOR = 3  # no survey may report a group smaller than this
DEFAULT_MIN_GROUP = 5
ENPS_RANGE = (0, 10)
SCALE_RANGE = (1, 5)


class Recurrence(models.TextChoices):
    NONE = "none", _("Ad hoc (one round)")
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Fortnightly")
    MONTHLY = "monthly", _("Monthly")


class QuestionKind(models.TextChoices):
    ENPS = "enps", _("eNPS (0–10)")
    SCALE = "scale", _("Scale 1–5")
    CHOICE = "choice", _("Single choice")
    TEXT = "text", _("Free text")


class RoundStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class PulseSurvey(TimeStampedModel):
    """A survey of a site's teams, asked once or in recurring rounds."""

    title = models.CharField(_("title"), max_length=200)
    site = models.ForeignKey(
        "org.Site", on_delete=models.CASCADE, related_name="pulse_surveys", verbose_name=_("site")
    )
    teams = models.ManyToManyField(
        "org.Team", related_name="pulse_surveys", verbose_name=_("target teams")
    )
    anonymous = models.BooleanField(_("anonymous"), default=True)
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size"),
        default=DEFAULT_MIN_GROUP,
        help_text=_("Results of a group with fewer respondents are not shown (at least 3)."),
    )
    recurrence = models.CharField(
        _("recurrence"), max_length=12, choices=Recurrence.choices, default=Recurrence.NONE
    )
    open_days = models.PositiveSmallIntegerField(
        _("days each round stays open"), default=7, help_text=_("From 1 to 28 days.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pulse survey")
        verbose_name_plural = _("pulse surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_group_size__gte=MIN_GROUP_FLOOR), name="pulse_min_group_at_least_3"
            ),
            models.CheckConstraint(
                condition=Q(open_days__gte=1, open_days__lte=28), name="pulse_open_days_1_to_28"
            ),
            models.CheckConstraint(
                condition=Q(recurrence__in=Recurrence.values), name="pulse_recurrence_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PulseQuestion(models.Model):
    survey = models.ForeignKey(PulseSurvey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        ordering = ["survey", "position"]
        verbose_name = _("pulse question")
        verbose_name_plural = _("pulse questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="pulse_question_position"),
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="pulse_question_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class PulseRound(TimeStampedModel):
    """One asking of a survey: open from `opens_on` to `closes_on`, both included."""

    survey = models.ForeignKey(PulseSurvey, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.SCHEDULED
    )
    invited = models.PositiveIntegerField(
        _("people asked"), default=0, help_text=_("Counted when the round opens.")
    )

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = _("pulse round")
        verbose_name_plural = _("pulse rounds")
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="pulse_round_number"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="pulse_round_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.number}"


class PulseParticipation(models.Model):
    """That a person answered a round, and on which day: for the response rate and to refuse
    a second answer. A random key and a date only, so it orders against no response."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="pulse_participations"
    )
    answered_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("pulse participation")
        verbose_name_plural = _("pulse participations")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="pulse_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.answered_on}"


class PulseResponse(models.Model):
    """One set of answers to a round. No person, no user, no time finer than the date: only the
    team it counts in for the results."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="responses")
    team = models.ForeignKey(
        "org.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        verbose_name = _("pulse response")
        verbose_name_plural = _("pulse responses")

    def __str__(self) -> str:
        return f"{self.round_id} {self.team_id}"


class PulseAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(PulseResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(PulseQuestion, on_delete=models.CASCADE, related_name="answers")
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    choice = models.CharField(_("choice"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("pulse answer")
        verbose_name_plural = _("pulse answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="pulse_one_answer"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__lte=ENPS_RANGE[1]),
                name="pulse_answer_number_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}"


class NamedResponse(models.Model):
    """The author of a response to a NON-anonymous survey; never written for an anonymous one."""

    response = models.OneToOneField(
        PulseResponse, on_delete=models.CASCADE, primary_key=True, related_name="named"
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="named_pulse_responses"
    )

    class Meta:
        verbose_name = _("named pulse response")
        verbose_name_plural = _("named pulse responses")

    def __str__(self) -> str:
        return f"{self.person_id}"


class SuggestionStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


class Suggestion(TimeStampedModel):
    """An agent's idea for the team or the site, and the answer of their leader or manager."""

    author = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="suggestions")
    team = models.ForeignKey(
        "org.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="suggestions"
    )
    site = models.ForeignKey("org.Site", on_delete=models.CASCADE, related_name="suggestions")
    title = models.CharField(_("title"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    shared = models.BooleanField(
        _("shared with the team"), default=False, help_text=_("Your team sees it and its answer.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.NEW
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_seen = models.BooleanField(_("answer seen by the author"), default=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values), name="suggestion_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RetentionNote(TimeStampedModel):
    """What an agent said about leaving, as their leader recorded it. A private HR note."""

    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="retention_notes"
    )
    noted_on = models.DateField(_("said on"))
    said = models.TextField(_("what was said"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["person", "-noted_on", "-pk"]
        verbose_name = _("retention note")
        verbose_name_plural = _("retention notes")

    def __str__(self) -> str:
        return f"{self.person_id} {self.noted_on}"
