"""Presentation of import runs: a file's own name, and a Bootstrap colour for each status."""

from pathlib import PurePosixPath

from django import template

from floorwalk.core.models import ImportStatus

register = template.Library()

STATUS_STYLES = {
    ImportStatus.QUEUED: "secondary",
    ImportStatus.RUNNING: "primary",
    ImportStatus.SUCCEEDED: "success",
    ImportStatus.CHECKED: "info",
    ImportStatus.REJECTED: "warning",
    ImportStatus.FAILED: "danger",
}


@register.filter
def basename(path: str) -> str:
    """A stored file's name without the run's folder before it."""
    return PurePosixPath(path).name


@register.filter
def status_style(status: str) -> str:
    return STATUS_STYLES.get(ImportStatus(status), "secondary")
