"""Which digest went to whom: one email per person, granularity and period, never two."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Granularity(models.TextChoices):
    DAILY = "daily", _("Daily")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class DigestSent(models.Model):
    """A digest emailed to `user` for the period of `granularity` that starts on
    `period_start`; re-running the send for that period skips them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digests_sent",
        verbose_name=_("user"),
    )
    granularity = models.CharField(_("granularity"), max_length=10, choices=Granularity.choices)
    period_start = models.DateField(_("period start"))
    items = models.PositiveIntegerField(_("items"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "granularity", "period_start"], name="digest_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.granularity} {self.period_start}"


class DigestOptOut(models.Model):
    """A digest email `user` chose not to receive (they receive their role's others)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_opt_outs",
        verbose_name=_("user"),
    )
    granularity = models.CharField(_("granularity"), max_length=10, choices=Granularity.choices)

    class Meta:
        ordering = ["user", "granularity"]
        verbose_name = _("digest opt-out")
        verbose_name_plural = _("digest opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["user", "granularity"], name="digest_opt_out_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.granularity}"
