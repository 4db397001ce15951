"""The audit trail: who changed what, when, from which value to which. Rows are only ever
added; nothing in the product edits or deletes them."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")


class AuditEvent(models.Model):
    """One change of one record. `changes` maps each field to [old value, new value] (JSON
    values as stored; old is null on creation, new is null on deletion)."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=100, db_index=True)
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about"),
        help_text=_("The person the record is about, when there is one."),
    )
    changes = models.JSONField(_("changes"), default=dict)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    @property
    def record_type(self) -> str:
        return record_type_label(self.object_type)


def record_type_label(object_type: str) -> str:
    """The record type as people name it ("Coaching session"), from its `app.model` label."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    label = str(model._meta.verbose_name)
    return label[:1].upper() + label[1:]
