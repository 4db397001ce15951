"""Empowerment (E5): how much an agent may grant a customer without asking, by site, stage
and role, and the grants agents record against those limits."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from floorwalk.accounts.models import Role
from floorwalk.core.models import TimeStampedModel
from floorwalk.development.models import Stage


class GrantKind(models.TextChoices):
    COMPENSATION = "compensation", _("Compensation")
    GOODWILL_CREDIT = "goodwill_credit", _("Goodwill credit")
    FEE_WAIVER = "fee_waiver", _("Fee waiver")
    REPLACEMENT = "replacement", _("Free replacement")


class LatitudeRule(TimeStampedModel):
    """The most an agent of `site` may grant of one kind without approval. An empty stage or
    role means any; the most specific rule that fits an agent applies."""

    site = models.ForeignKey(
        "org.Site", on_delete=models.CASCADE, related_name="latitude_rules", verbose_name=_("site")
    )
    stage = models.CharField(_("stage"), max_length=2, choices=Stage.choices, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=GrantKind.choices)
    currency = models.CharField(_("currency"), max_length=3)
    limit = models.DecimalField(_("limit without approval"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["site", "kind", "currency", "stage", "role"]
        verbose_name = _("latitude rule")
        verbose_name_plural = _("latitude rules")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "stage", "role", "kind", "currency"], name="latitude_rule_once"
            ),
            models.CheckConstraint(condition=Q(limit__gte=0), name="latitude_limit_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.stage or '*'} {self.role or '*'} {self.kind} {self.limit}"


class GrantStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PENDING = "pending", _("Waiting for approval")
    REJECTED = "rejected", _("Rejected")


class EmpowermentGrant(TimeStampedModel):
    """Something an agent granted a customer. At or under the limit that applied
    (`limit_applied`, kept as it was then) it is approved at once; above it, it waits for
    the agent's leader."""

    agent = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="grants", verbose_name=_("agent")
    )
    interaction = models.ForeignKey(
        "metrics.Interaction",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("interaction"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GrantKind.choices)
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    reason = models.TextField(_("reason"))
    stage = models.CharField(_("stage when granted"), max_length=2, blank=True)
    limit_applied = models.DecimalField(
        _("limit without approval"), max_digits=10, decimal_places=2
    )
    status = models.CharField(_("status"), max_length=10, choices=GrantStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        indexes = [models.Index(fields=["agent", "status"], name="grant_agent_status")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount__gt=F("limit_applied")) | Q(status=GrantStatus.APPROVED),
                name="grant_within_limit_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status=GrantStatus.REJECTED) | ~Q(decision_reason=""),
                name="grant_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.kind} {self.currency} {self.amount}"

    @property
    def above_limit(self) -> bool:
        return self.amount > self.limit_applied
