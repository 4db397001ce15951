"""The competency framework's defaults and the rules the database keeps."""

import pytest
from django.db import IntegrityError

from floorwalk.development.models import Competency, CompetencyIndicator, CompetencyUse
from floorwalk.development.services import competencies_create_defaults
from floorwalk.engine.metrics import METRICS_BY_CODE, Direction


def test_the_three_defaults_load_with_their_indicators(db):
    created = competencies_create_defaults()

    assert [c.name for c in created] == [
        "Result orientation",
        "Stress resilience",
        "Customer orientation",
    ]
    result = Competency.objects.get(name="Result orientation")
    assert result.use == CompetencyUse.BOTH
    assert sorted(i.metric for i in result.indicators.exclude(metric="")) == [
        "aht",
        "csat",
        "qa_score",
    ]
    assert METRICS_BY_CODE["aht"].direction is Direction.LOWER  # a shorter AHT is better
    assert (
        Competency.objects.get(name="Stress resilience")
        .indicators.filter(behaviour__icontains="complaining customer")
        .exists()
    )


def test_loading_the_defaults_again_keeps_what_the_organisation_edited(db):
    competencies_create_defaults()
    edited = Competency.objects.get(name="Stress resilience")
    edited.definition = "Our own words"
    edited.save()

    again = competencies_create_defaults()

    assert again == []
    assert Competency.objects.count() == 3
    assert Competency.objects.get(name="Stress resilience").definition == "Our own words"
    assert CompetencyIndicator.objects.filter(competency=edited).count() == 3


def test_an_indicator_is_a_catalog_metric_or_a_behaviour_never_both(db):
    competency = Competency.objects.create(name="Product knowledge", definition="Knows")

    with pytest.raises(IntegrityError):
        CompetencyIndicator.objects.create(competency=competency, metric="aht", behaviour="x")


def test_an_indicator_needs_a_metric_or_a_behaviour(db):
    competency = Competency.objects.create(name="Product knowledge", definition="Knows")

    with pytest.raises(IntegrityError):
        CompetencyIndicator.objects.create(competency=competency)


def test_an_indicator_metric_outside_the_catalog_is_refused(db):
    competency = Competency.objects.create(name="Product knowledge", definition="Knows")

    with pytest.raises(IntegrityError):
        CompetencyIndicator.objects.create(competency=competency, metric="happiness")


def test_a_target_level_outside_one_to_five_is_refused(db):
    with pytest.raises(IntegrityError):
        Competency.objects.create(name="Patience", definition="Waits", target_level=6)
