"""Metric values as people read them."""

import pytest
from django.utils import translation

from floorwalk.engine.metrics import Unit
from floorwalk.metrics.formatting import format_metric_change, format_metric_value


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (None, Unit.SECONDS, "–"),
        (320.4, Unit.SECONDS, "5:20"),
        (59.6, Unit.SECONDS, "1:00"),
        (3725, Unit.SECONDS, "62:05"),
        (85.249, Unit.PERCENT, "85.2 %"),
        (4.256, Unit.SCORE, "4.26"),
        (-31.4, Unit.POINTS, "-31"),
        (16510, Unit.COUNT, "16,510"),
    ],
)
def test_values_read_as_their_unit(value, unit, shown):
    with translation.override("en"):
        assert format_metric_value(value, unit) == shown


@pytest.mark.parametrize(
    ("change", "unit", "shown"),
    [
        (None, Unit.SECONDS, ""),
        (-12, Unit.SECONDS, "−0:12"),
        (75, Unit.SECONDS, "+1:15"),
        (-1.26, Unit.PERCENT, "−1.3 pp"),
        (0.04, Unit.SCORE, "+0.04"),
        (1200, Unit.COUNT, "+1,200"),
    ],
)
def test_changes_carry_their_sign(change, unit, shown):
    with translation.override("en"):
        assert format_metric_change(change, unit) == shown


def test_a_locale_uses_its_own_decimal_mark():
    with translation.override("pl"):
        assert format_metric_value(85.25, Unit.PERCENT) == "85,2 %"
