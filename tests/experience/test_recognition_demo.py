"""The demo's recognition, boundary incidents and grants on the tiny generated floor."""

import time
from datetime import timedelta

from floorwalk.experience.models import (
    BoundaryIncident,
    Compliment,
    EmpowermentGrant,
    GrantStatus,
    IncidentStatus,
    Kudos,
    LatitudeRule,
)
from floorwalk.experience.recognition_demo import recognition_demo_load
from tests.conftest import TINY


def test_the_demo_has_kudos_compliments_an_open_and_a_closed_incident_and_grants(
    loaded_tiny_floor,
):
    started = time.perf_counter()

    result = recognition_demo_load(today=TINY.end + timedelta(days=1), seed=7)

    assert time.perf_counter() - started < 10
    assert result.kudos == Kudos.objects.count() > 2
    assert Kudos.objects.filter(given_by__user__username="leader").count() == 2
    assert result.compliments == Compliment.objects.count()
    assert 0 < result.linked < result.compliments  # most linked to their contact, not all
    assert [
        (incident.status, bool(incident.support_given))
        for incident in BoundaryIncident.objects.order_by("pk")
    ] == [(IncidentStatus.CLOSED, True), (IncidentStatus.OPEN, False)]
    assert (result.open_incidents, result.closed_incidents) == (1, 1)
    assert result.rules == LatitudeRule.objects.count() == 6
    grants = EmpowermentGrant.objects.all()
    assert result.grants == grants.count()
    assert grants.filter(status=GrantStatus.PENDING).count() == result.pending == 1
    above = [grant for grant in grants if grant.above_limit]
    assert sorted(grant.status for grant in above) == [GrantStatus.APPROVED, GrantStatus.PENDING]
    assert all(grant.status == GrantStatus.APPROVED for grant in grants if not grant.above_limit)
