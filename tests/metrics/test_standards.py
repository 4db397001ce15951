"""Standards name a metric of the catalog."""

from datetime import date

import pytest
from django.db import IntegrityError

from floorwalk.engine.metrics import METRICS
from floorwalk.metrics.models import Standard


def test_a_standard_offers_every_catalog_metric(db):
    offered = [code for code, _label in Standard._meta.get_field("metric").choices]
    assert offered == [metric.code for metric in METRICS]


def test_a_standard_for_a_metric_outside_the_catalog_is_refused(db):
    with pytest.raises(IntegrityError):
        Standard.objects.create(metric="happiness", target=1, valid_from=date(2026, 1, 1))
