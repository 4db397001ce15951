"""The demo's competency history: profiles with lines over several months."""

from datetime import date

from floorwalk.accounts.models import User
from floorwalk.development.competency_selectors import competency_profile
from floorwalk.development.demo import competency_demo_load, demo_dates
from floorwalk.development.models import Assessment, AssessmentSource
from floorwalk.development.services import competencies_create_defaults
from floorwalk.metrics.services import standards_create_starter_set

TODAY = date(2026, 11, 20)  # the tiny floor's October is the last whole month of data


def test_the_demo_dates_are_the_first_of_the_last_months_and_today():
    assert demo_dates(TODAY) == [
        date(2026, 8, 1),
        date(2026, 9, 1),
        date(2026, 10, 1),
        date(2026, 11, 1),
        TODAY,
    ]


def test_demo_profiles_have_derived_and_reviewed_levels_over_months(loaded_tiny_floor):
    standards_create_starter_set(valid_from=date(2026, 1, 1))
    competencies_create_defaults()

    result = competency_demo_load(seed=3, today=TODAY)

    sources = set(Assessment.objects.values_list("source", flat=True))
    assert result.derived == Assessment.objects.filter(source=AssessmentSource.KPI).count() > 0
    assert result.recorded == Assessment.objects.exclude(source=AssessmentSource.KPI).count() > 0
    assert AssessmentSource.LEADER in sources
    reviewed = Assessment.objects.filter(source=AssessmentSource.LEADER).first().person
    profile = competency_profile(reviewed, TODAY)
    assert all(len(standing.history) >= 3 for standing in profile)
    agent = User.objects.get(username="agent").person
    assert Assessment.objects.filter(person=agent).exists()
