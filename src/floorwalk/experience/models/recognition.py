"""Recognition (E6): kudos between colleagues and from leaders, and customer compliments
linked to the agent (and to the interaction when it is known)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import TimeStampedModel


class KudosValue(models.TextChoices):
    """What the kudos recognises."""

    HELPED_COLLEAGUE = "helped_colleague", _("Helped a colleague")
    CUSTOMER_FOCUS = "customer_focus", _("Customer focus")
    OWNERSHIP = "ownership", _("Ownership")
    TEAMWORK = "teamwork", _("Teamwork")


class Kudos(TimeStampedModel):
    """A thank-you from one colleague (or leader) to another, shown on the team's wall."""

    given_by = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="kudos_given", verbose_name=_("from")
    )
    given_to = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="kudos_received", verbose_name=_("to")
    )
    value = models.CharField(_("for"), max_length=20, choices=KudosValue.choices)
    message = models.TextField(_("message"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        indexes = [models.Index(fields=["given_to", "-created_at"], name="kudos_to_newest")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(given_by=F("given_to")), name="kudos_not_to_oneself"
            ),
            models.CheckConstraint(
                condition=Q(value__in=KudosValue.values), name="kudos_value_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_by_id} → {self.given_to_id} {self.value}"


class ComplimentSource(models.TextChoices):
    ENTERED = "entered", _("Entered")
    IMPORT = "import", _("Imported")


class Compliment(TimeStampedModel):
    """A customer's compliment about an agent. `external_id` is the compliment's id in the
    system it was imported from: importing the same file again changes nothing."""

    agent = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="compliments", verbose_name=_("agent")
    )
    interaction = models.ForeignKey(
        "metrics.Interaction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interaction"),
    )
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("what the customer said"))
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=ComplimentSource.choices,
        default=ComplimentSource.ENTERED,
    )
    external_id = models.CharField(_("compliment id"), max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("customer compliment")
        verbose_name_plural = _("customer compliments")
        indexes = [models.Index(fields=["agent", "received_on"], name="compliment_agent_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="compliment_unique_source_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.received_on}"
