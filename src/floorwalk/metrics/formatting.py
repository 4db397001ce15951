"""Metric values the way people read them: 5:20 for seconds, 85.2 % for shares."""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from floorwalk.engine.metrics import Unit
from floorwalk.engine.standards import Status

STATUS_LABELS = {
    Status.GREEN: gettext_lazy("On standard"),
    Status.AMBER: gettext_lazy("Near standard"),
    Status.RED: gettext_lazy("Off standard"),
    Status.NONE: gettext_lazy("Not judged"),
}


def _decimal(value: float, places: int) -> str:
    """Rounded to `places` in the active locale (Django's number_format cuts, not rounds)."""
    return number_format(round(value, places), places)


def _minutes_seconds(seconds: float) -> str:
    whole = round(abs(seconds))
    sign = "−" if seconds < 0 else ""
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def format_metric_value(value: float | None, unit: Unit) -> str:
    """`value` in `unit` for display, in the active locale; an en dash when there is none."""
    if value is None:
        return "–"
    match unit:
        case Unit.SECONDS:
            return _minutes_seconds(value)
        case Unit.PERCENT:
            return f"{_decimal(value, 1)} %"
        case Unit.SCORE:
            return _decimal(value, 2)
        case Unit.POINTS:
            return _decimal(value, 0)
        case Unit.COUNT:
            return number_format(value, 0, force_grouping=True)
    raise AssertionError(unit)


def format_metric_change(change: float | None, unit: Unit) -> str:
    """A signed change: +0:12, −2.5 pp (percentage points), +3."""
    if change is None:
        return ""
    sign = "+" if change >= 0 else "−"
    magnitude = abs(change)
    match unit:
        case Unit.SECONDS:
            return f"{sign}{_minutes_seconds(magnitude)}"
        case Unit.PERCENT:
            return f"{sign}{_decimal(magnitude, 1)} pp"
        case Unit.SCORE:
            return f"{sign}{_decimal(magnitude, 2)}"
        case Unit.POINTS | Unit.COUNT:
            return f"{sign}{number_format(magnitude, 0, force_grouping=True)}"
    raise AssertionError(unit)


def status_label(status: Status | str) -> str:
    return str(STATUS_LABELS[Status(status)])


def grouped(count: int) -> str:
    """A whole number with the locale's thousands separator."""
    return number_format(count, 0, force_grouping=True)
