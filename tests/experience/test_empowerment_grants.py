"""Empowerment: latitude rules by stage and role, grants within and above the limit, the
leader's decision, and usage and outcomes checked against a hand-computed case."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from floorwalk.audit.models import AuditEvent
from floorwalk.development.models import StageAssignment
from floorwalk.experience.empowerment_selectors import grant_outcomes, latitude_limit_for
from floorwalk.experience.empowerment_services import (
    grant_decide,
    grant_record,
    latitude_rule_set,
)
from floorwalk.experience.models import EmpowermentGrant, GrantStatus, LatitudeRule
from floorwalk.metrics.models import Interaction
from floorwalk.metrics.services import rollups_rebuild
from floorwalk.org.models import Person
from tests.conftest import client_for
from tests.metrics.qa.conftest import make_interaction

OCTOBER = date(2026, 10, 5)


def _stage(floor, person, stage):
    StageAssignment.objects.create(
        person=person, stage=stage, set_by=floor.user("leader"), set_at=timezone.now()
    )


def _rules(floor):
    manager = floor.user("manager")
    latitude_rule_set(
        actor=manager, site=floor.north, kind="compensation", currency="eur", limit=Decimal(20)
    )
    latitude_rule_set(
        actor=manager,
        site=floor.north,
        kind="compensation",
        currency="EUR",
        limit=Decimal(50),
        stage="R3",
    )


def _grant(floor, username, interaction, amount):
    return grant_record(
        actor=floor.user(username),
        interaction=interaction,
        kind="compensation",
        currency="EUR",
        amount=Decimal(amount),
        reason="Late delivery",
    )


def test_the_most_specific_rule_applies(floor):
    _rules(floor)
    latitude_rule_set(
        actor=floor.user("admin"),
        site=floor.north,
        kind="compensation",
        currency="EUR",
        limit=Decimal(35),
        role="mentor",
    )
    _stage(floor, floor.mentor, "R3")

    ada, mira = (latitude_limit_for(p, "compensation", "EUR") for p in (floor.agent, floor.mentor))

    assert (ada.amount, ada.stage) == (Decimal(20), "")  # the site's rule for every stage
    assert (mira.amount, mira.stage) == (Decimal(50), "R3")  # a stage beats a role
    assert latitude_limit_for(floor.agent, "fee_waiver", "EUR").amount == Decimal(0)


def test_setting_a_rule_again_changes_its_limit_and_is_audited(floor):
    _rules(floor)
    latitude_rule_set(
        actor=floor.user("manager"),
        site=floor.north,
        kind="compensation",
        currency="EUR",
        limit=Decimal(25),
    )

    assert LatitudeRule.objects.get(stage="", role="").limit == Decimal(25)
    assert AuditEvent.objects.filter(object_type="experience.latituderule").count() == 3


def test_a_leader_cannot_set_latitude_rules_and_nothing_changes(floor):
    with pytest.raises(PermissionDenied):
        latitude_rule_set(
            actor=floor.user("leader"),
            site=floor.north,
            kind="compensation",
            currency="EUR",
            limit=Decimal(500),
        )

    assert LatitudeRule.objects.count() == 0


def test_within_the_limit_approved_at_once_above_it_waits_for_the_leader(floor):
    _rules(floor)

    within = _grant(floor, "agent", make_interaction(floor.agent), "20.00")
    above = _grant(floor, "agent", make_interaction(floor.agent), "20.01")

    assert (within.status, above.status) == (GrantStatus.APPROVED, GrantStatus.PENDING)
    assert above.limit_applied == Decimal(20)
    home = client_for("leader").get(reverse("home")).content.decode()
    assert "Grants waiting for your approval" in home
    assert (
        "Grants waiting for your approval"
        not in client_for("agent").get(reverse("home")).content.decode()
    )


def test_a_grant_on_someone_elses_contact_is_refused(floor):
    with pytest.raises(ValidationError) as error:
        _grant(floor, "agent", make_interaction(floor.mentor), "5")

    assert "interaction" in error.value.message_dict
    assert EmpowermentGrant.objects.count() == 0


def test_the_agent_cannot_approve_their_own_grant_and_nothing_changes(floor):
    grant = _grant(floor, "agent", make_interaction(floor.agent), "60")

    with pytest.raises(PermissionDenied):
        grant_decide(actor=floor.user("agent"), grant=grant, approve=True, reason="Fine by me")

    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == (GrantStatus.PENDING, None)


def test_the_leader_rejects_with_a_reason_and_it_is_audited(floor):
    grant = _grant(floor, "agent", make_interaction(floor.agent), "60")

    with pytest.raises(ValidationError):
        grant_decide(actor=floor.user("leader"), grant=grant, approve=False, reason="")
    grant_decide(actor=floor.user("leader"), grant=grant, approve=False, reason="Too much")

    grant.refresh_from_db()
    assert (grant.status, grant.decision_reason) == (GrantStatus.REJECTED, "Too much")
    last = (
        AuditEvent.objects.filter(object_type="experience.empowermentgrant").order_by("pk").last()
    )
    assert last.changes["status"] == ["pending", "rejected"]


def _contact(person: Person, hour: int, csat: int | None, resolved: bool | None) -> Interaction:
    interaction = make_interaction(person, day=OCTOBER, hour=hour)
    Interaction.objects.filter(pk=interaction.pk).update(
        csat=csat, first_contact_resolution=resolved
    )
    interaction.refresh_from_db()
    return interaction


def test_usage_and_outcomes_by_stage_match_a_hand_computed_case(floor):
    _rules(floor)
    _stage(floor, floor.agent, "R1")
    _stage(floor, floor.mentor, "R3")
    a1 = _contact(floor.agent, 8, csat=5, resolved=True)
    a2 = _contact(floor.agent, 9, csat=3, resolved=False)
    a3 = _contact(floor.agent, 10, csat=None, resolved=None)
    _contact(floor.agent, 11, csat=1, resolved=True)  # no grant: only in Ada's own CSAT
    m1 = _contact(floor.mentor, 8, csat=4, resolved=True)
    rollups_rebuild()
    _grant(floor, "agent", a1, "15")  # within 20: approved
    grant_decide(
        actor=floor.user("leader"),
        grant=_grant(floor, "agent", a2, "30"),
        approve=True,
        reason="Second failure",
    )
    grant_decide(
        actor=floor.user("leader"),
        grant=_grant(floor, "agent", a3, "25"),
        approve=False,
        reason="Not warranted",
    )
    _grant(floor, "mentor", m1, "40")  # within R3's 50: approved

    groups = grant_outcomes(Person.objects.all(), start=date(2026, 10, 1), end=date(2026, 10, 31))

    assert [group.stage for group in groups] == ["R1", "R3"]
    ada = groups[0].agents[0]
    # 3 grants; approved 15 + 30; above 20: 30 and 25; came back: a2 of a1, a2 (a3 unknown);
    # linked CSAT (5 + 3) / 2; Ada's CSAT over October (5 + 3 + 1) / 3.
    assert (ada.agent, ada.grants, ada.totals_text) == (floor.agent, 3, "45.00 EUR")
    assert (ada.above_limit, ada.above_limit_share) == (2, pytest.approx(2 / 3))
    assert (ada.repeat_contacts, ada.fcr_known, ada.repeat_share) == (1, 2, 0.5)
    assert (ada.linked_csat, ada.agent_csat) == (4.0, 3.0)
    assert (ada.pending, ada.rejected) == (0, 1)
    mira = groups[1].total
    assert (mira.grants, mira.totals_text, mira.above_limit, mira.repeat_share) == (
        1,
        "40.00 EUR",
        0,
        0.0,
    )
    assert (mira.linked_csat, mira.agent_csat) == (4.0, 4.0)


def test_the_outcomes_page_is_for_those_who_lead(floor):
    _grant(floor, "agent", make_interaction(floor.agent), "5")

    assert client_for("leader").get(reverse("experience:grant_outcomes")).status_code == 200
    assert client_for("agent").get(reverse("experience:grant_outcomes")).status_code == 403
