from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ImportKind(models.TextChoices):
    PEOPLE = "people", _("People")
    QUEUES = "queues", _("Queues")
    INTERACTIONS = "interactions", _("Interactions")
    QA_EVALUATIONS = "qa_evaluations", _("QA evaluations")
    VOLUMES = "volumes", _("Interval volumes")
    AGENT_STATES = "agent_states", _("Agent states")
    COMPLIMENTS = "compliments", _("Customer compliments")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Applied")
    CHECKED = "checked", _("Checked (dry run, nothing applied)")
    REJECTED = "rejected", _("Refused (bad rows, nothing applied)")
    FAILED = "failed", _("Failed (nothing applied)")


class ImportRun(TimeStampedModel):
    """One import of a file: who ran it, how it went, and the report of every bad row."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    file_name = models.CharField(_("file"), max_length=500)
    source = models.CharField(_("source"), max_length=100, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows_expected = models.PositiveBigIntegerField(_("rows expected"), default=0)
    rows_read = models.PositiveBigIntegerField(_("rows read"), default=0)
    rows_invalid = models.PositiveBigIntegerField(_("invalid rows"), default=0)
    rows_created = models.PositiveBigIntegerField(_("created"), default=0)
    rows_updated = models.PositiveBigIntegerField(_("updated"), default=0)
    rows_unchanged = models.PositiveBigIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    rejected_file = models.CharField(_("rejected rows file"), max_length=500, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"

    @property
    def rows_valid(self) -> int:
        return self.rows_read - self.rows_invalid
