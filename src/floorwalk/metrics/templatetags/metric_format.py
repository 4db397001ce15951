"""Template filters showing metric values; the formatting itself is `metrics.formatting`."""

from django import template
from django.utils.translation import gettext as _

from floorwalk.engine.metrics import Metric
from floorwalk.metrics import formatting

register = template.Library()


@register.filter
def metric_value(value: float | None, metric: Metric) -> str:
    return formatting.format_metric_value(value, metric.unit)


@register.filter
def metric_change(change: float | None, metric: Metric) -> str:
    return formatting.format_metric_change(change, metric.unit)


@register.filter
def grouped(count: int) -> str:
    return formatting.grouped(count)


@register.filter
def status_label(status) -> str:
    return formatting.status_label(status)


@register.filter
def translated(message: str) -> str:
    """Translate a string the pure engine marked with gettext_noop."""
    return _(message)
