"""Agent states from the contact-center platform, and the daily adherence they add up to."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from floorwalk.org.models import Person


class AgentState(models.TextChoices):
    """The states of `floorwalk.engine.adherence.AgentState`, for the database and forms."""

    AVAILABLE = "available", _("Available")
    ON_CONTACT = "on_contact", _("On contact")
    AFTER_CONTACT_WORK = "after_contact_work", _("After-contact work")
    BREAK = "break", _("Break")
    LUNCH = "lunch", _("Lunch")
    TRAINING = "training", _("Training")
    MEETING = "meeting", _("Meeting")
    OFFLINE = "offline", _("Offline")


class AgentStateEvent(models.Model):
    """A span of time an agent spent in one state, as the platform recorded it.

    Known by its source, agent and start, so importing the same file again updates instead of
    duplicating. One agent's states never overlap (the import refuses rows that would), and a
    span lasts at most a day, so an agent's states of a day are one index range scan.
    """

    id = models.BigAutoField(primary_key=True)
    source = models.CharField(_("source"), max_length=100)
    agent = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="agent_states", db_index=False
    )
    state = models.CharField(_("state"), max_length=20, choices=AgentState.choices)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"))

    class Meta:
        verbose_name = _("agent state")
        verbose_name_plural = _("agent states")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "agent", "started_at"], name="agent_state_unique_per_source"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__gt=F("started_at")), name="agent_state_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(state__in=AgentState.values), name="agent_state_known"
            ),
        ]
        indexes = [models.Index(fields=["agent", "started_at"], name="agent_state_agent_start")]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.state} {self.started_at:%Y-%m-%d %H:%M:%S}"


class DailyAgentAdherence(models.Model):
    """One agent's adherence sums on one site day with a published schedule.

    Kept up to date by the agent-state import and when a schedule is published; the field
    names match `floorwalk.engine.metrics.Totals`. A day without a schedule has no row.
    """

    id = models.BigAutoField(primary_key=True)
    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    date = models.DateField(_("date"))
    scheduled_seconds = models.PositiveIntegerField(_("scheduled seconds"), default=0)
    adherent_seconds = models.PositiveIntegerField(_("seconds in adherence"), default=0)
    scheduled_work_seconds = models.PositiveIntegerField(_("scheduled work seconds"), default=0)
    worked_seconds = models.PositiveIntegerField(_("worked seconds"), default=0)

    class Meta:
        verbose_name = _("daily agent adherence")
        verbose_name_plural = _("daily agent adherence")
        constraints = [
            models.UniqueConstraint(fields=["agent", "date"], name="adherence_one_row_per_day"),
            models.CheckConstraint(
                condition=Q(adherent_seconds__lte=F("scheduled_seconds"))
                & Q(scheduled_work_seconds__lte=F("scheduled_seconds")),
                name="adherence_within_scheduled",
            ),
        ]
        indexes = [models.Index(fields=["date"], name="adherence_day")]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.date}"
