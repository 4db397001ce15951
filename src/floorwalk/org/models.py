import zoneinfo
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel

WEEKDAYS = range(7)  # Monday is 0, as in datetime.weekday()


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def validate_working_week(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("List at least one working day (0 = Monday … 6 = Sunday)."))
    if any(day not in WEEKDAYS for day in value) or len(set(value)) != len(value):
        raise ValidationError(_("Working days are distinct numbers from 0 (Monday) to 6 (Sunday)."))


def default_working_week() -> list[int]:
    return [0, 1, 2, 3, 4]


class Organisation(TimeStampedModel):
    """The one organisation this installation serves; its settings apply to every site."""

    name = models.CharField(_("name"), max_length=200)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    default_locale = models.CharField(
        _("default language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The interface language of users who have not picked their own."),
    )
    working_week = models.JSONField(
        _("working week"),
        default=default_working_week,
        validators=[validate_working_week],
        help_text=_("Working days, 0 = Monday … 6 = Sunday."),
    )
    max_mentees_per_mentor = models.PositiveSmallIntegerField(
        _("most mentees a mentor guides at once"), default=2
    )
    engagement_floor = models.FloatField(
        _("engagement floor"),
        default=60.0,
        help_text=_("Below this engagement score (0–100) an agent needs motivating stimuli."),
    )
    engagement_trend_floor = models.FloatField(
        _("engagement trend floor (points a month)"),
        null=True,
        blank=True,
        default=-5.0,
        help_text=_("A fall faster than this flags an agent's engagement as falling."),
    )

    class Meta:
        verbose_name = _("organisation settings")
        verbose_name_plural = _("organisation settings")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="organisation_singleton")]

    def __str__(self) -> str:
        return self.name


class Site(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    VOICE = "voice", _("Voice")
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("Email")
    MESSAGING = "messaging", _("Messaging")
    BACK_OFFICE = "back_office", _("Back office")


class Queue(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="queues")

    class Meta:
        ordering = ["name"]
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="queue_name_unique_per_site"),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="queue_channel_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Skill(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    queues = models.ManyToManyField(Queue, related_name="skills", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language an agent can serve customers in (not the language of the interface)."""

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("ISO 639-1"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="teams")
    leader = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
        verbose_name=_("team leader"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="team_name_unique_per_site")
        ]

    def __str__(self) -> str:
        return self.name


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_LEAVE = "on_leave", _("On leave")
    LEFT = "left", _("Left")


class Person(TimeStampedModel):
    display_name = models.CharField(_("name"), max_length=200)
    employee_number = models.CharField(_("employee number"), max_length=50, unique=True)
    email = models.EmailField(_("email"), blank=True)
    hire_date = models.DateField(_("hire date"))
    leaving_date = models.DateField(_("leaving date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="people")
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    queues = models.ManyToManyField(Queue, related_name="agents", blank=True)
    languages = models.ManyToManyField(Language, related_name="speakers", blank=True)

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="left") | Q(leaving_date__isnull=False),
                name="person_left_has_leaving_date",
            ),
            models.CheckConstraint(
                condition=Q(leaving_date__isnull=True) | Q(leaving_date__gte=models.F("hire_date")),
                name="person_leaves_after_hire",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PersonStatus.values), name="person_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        if self.team is not None and self.team.site_id != self.site_id:
            raise ValidationError({"team": _("The team belongs to another site.")})
        if self.status == PersonStatus.LEFT and not self.leaving_date:
            raise ValidationError({"leaving_date": _("Someone who has left needs a leaving date.")})

    def tenure_days(self, on: date) -> int:
        """Days employed up to `on` (or up to the leaving date, if earlier)."""
        last_day = min(on, self.leaving_date) if self.leaving_date else on
        return max((last_day - self.hire_date).days, 0)


class Mentorship(TimeStampedModel):
    """A mentor guiding a newcomer; the mentor reads the mentee's progress while it lasts."""

    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentorships")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentored_by")
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="mentorship_not_self"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="mentorship_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"
