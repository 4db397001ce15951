"""Boundary incidents (L4): an agent flags an abusive or boundary-crossing contact, and their
team leader follows up with support and any action on the customer's side."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel


class IncidentKind(models.TextChoices):
    ABUSE = "abuse", _("Abuse")
    THREAT = "threat", _("Threat")
    HARASSMENT = "harassment", _("Harassment")
    DISCRIMINATION = "discrimination", _("Discrimination")
    OTHER = "other", _("Other boundary crossed")


class CustomerAction(models.TextChoices):
    NONE = "none", _("None")
    WARNING = "warning", _("Warning")
    CONTACT_BLOCKED = "contact_blocked", _("Contact blocked")
    ESCALATED = "escalated", _("Escalated")
    REPORTED = "reported", _("Reported")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class BoundaryIncident(TimeStampedModel):
    """One flagged contact. Open until the leader records the support given and the
    customer-side action; closing it is final."""

    agent = models.ForeignKey(
        "org.Person",
        on_delete=models.CASCADE,
        related_name="boundary_incidents",
        verbose_name=_("agent"),
    )
    interaction = models.OneToOneField(
        "metrics.Interaction",
        on_delete=models.PROTECT,
        related_name="boundary_incident",
        verbose_name=_("interaction"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    description = models.TextField(_("what happened"))
    status = models.CharField(
        _("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    support_given = models.TextField(_("support given"), blank=True)
    customer_action = models.CharField(
        _("customer-side action"), max_length=20, choices=CustomerAction.choices, blank=True
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("boundary incident")
        verbose_name_plural = _("boundary incidents")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=IncidentKind.values), name="incident_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(status=IncidentStatus.OPEN, closed_at__isnull=True)
                | Q(
                    status=IncidentStatus.CLOSED,
                    closed_at__isnull=False,
                    customer_action__in=CustomerAction.values,
                )
                & ~Q(support_given=""),
                name="incident_closed_with_support",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.kind} {self.created_at:%Y-%m-%d}"
