from datetime import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from floorwalk.audit.models import AuditEvent
from floorwalk.scheduling.models import Contract, LabourRules, ShiftTemplate
from floorwalk.scheduling.services import (
    BreakSpec,
    ContractInput,
    ShiftTemplateInput,
    contract_set,
    labour_rules_set,
    shift_template_create,
    shift_template_update,
)
from tests.scheduling.conftest import early_template

RULES = {
    "max_minutes_per_day": 600,
    "max_minutes_per_week": 2400,
    "min_rest_minutes": 660,
    "max_consecutive_days": 5,
    "min_days_off_per_week": 2,
    "max_weekends_per_4_weeks": 2,
}


def test_planner_creates_a_template_whose_length_adds_the_unpaid_breaks(floor):
    template = early_template(floor)

    assert template.paid_minutes == 450
    assert template.length_minutes == 450 + 30  # the paid 15-minute break is inside the paid time
    assert [(item.kind, item.minutes, item.paid) for item in template.breaks.all()] == [
        ("break", 15, True),
        ("lunch", 30, False),
    ]
    event = AuditEvent.objects.get(object_type="scheduling.shifttemplate")
    assert event.changes["name"] == [None, "Early"]


@pytest.mark.parametrize("username", ["leader", "manager", "agent", "qa"])
def test_only_planners_and_admins_create_templates(floor, username):
    with pytest.raises(PermissionDenied):
        shift_template_create(
            actor=floor.user(username),
            site=floor.north,
            data=ShiftTemplateInput("Late", time(14), time(15), 30, 450),
        )

    assert ShiftTemplate.objects.count() == 0


def test_planner_of_another_site_cannot_create_a_template_there(floor):
    with pytest.raises(PermissionDenied):
        shift_template_create(
            actor=floor.user("planner"),
            site=floor.south,
            data=ShiftTemplateInput("Late", time(14), time(15), 30, 450),
        )


def test_a_break_window_shorter_than_the_break_is_refused_naming_the_break(floor):
    data = ShiftTemplateInput(
        "Late",
        time(14),
        time(15),
        30,
        450,
        breaks=(BreakSpec("break", 15, True, 60, 120), BreakSpec("lunch", 30, False, 200, 220)),
    )

    with pytest.raises(ValidationError) as error:
        shift_template_create(actor=floor.user("planner"), site=floor.north, data=data)

    assert error.value.message_dict["breaks"] == ["Break 2: its window is shorter than the break."]
    assert ShiftTemplate.objects.count() == 0


def test_a_start_window_backwards_and_a_duplicate_name_are_refused(floor):
    early_template(floor)

    with pytest.raises(ValidationError) as error:
        shift_template_create(
            actor=floor.user("planner"),
            site=floor.north,
            data=ShiftTemplateInput("Early", time(10), time(9), 30, 450),
        )

    assert set(error.value.message_dict) == {"name", "latest_start"}
    assert ShiftTemplate.objects.count() == 1


def test_updating_a_template_replaces_its_breaks_and_is_audited(floor):
    template = early_template(floor)

    shift_template_update(
        actor=floor.user("admin"),
        template=template,
        data=ShiftTemplateInput("Early", time(6), time(9), 15, 420, breaks=()),
    )

    template.refresh_from_db()
    assert (template.earliest_start, template.paid_minutes, template.breaks.count()) == (
        time(6),
        420,
        0,
    )
    change = AuditEvent.objects.filter(action="update").get()
    assert change.changes["paid_minutes"] == [450, 420]


def test_planner_sets_labour_rules_and_a_second_call_updates_them(floor):
    labour_rules_set(actor=floor.user("planner"), site=floor.north, values=RULES)
    labour_rules_set(
        actor=floor.user("planner"), site=floor.north, values={**RULES, "min_rest_minutes": 720}
    )

    rules = LabourRules.objects.get(site=floor.north)
    assert rules.min_rest_minutes == 720
    assert rules.max_consecutive_days == 5
    assert AuditEvent.objects.filter(object_type="scheduling.labourrules").count() == 2


def test_labour_rules_out_of_range_are_refused_by_field(floor):
    with pytest.raises(ValidationError) as error:
        labour_rules_set(
            actor=floor.user("planner"),
            site=floor.north,
            values={**RULES, "max_weekends_per_4_weeks": 5},
        )

    assert error.value.message_dict == {"max_weekends_per_4_weeks": ["Give a value from 0 to 4."]}
    assert not LabourRules.objects.exists()


def test_leader_cannot_set_labour_rules(floor):
    with pytest.raises(PermissionDenied):
        labour_rules_set(actor=floor.user("leader"), site=floor.north, values=RULES)

    assert not LabourRules.objects.exists()


def test_contract_with_overrides_and_allowed_templates(floor):
    template = early_template(floor)

    contract_set(
        actor=floor.user("planner"),
        person=floor.agent,
        data=ContractInput(1200, 1500, (template.pk,), {"max_consecutive_days": 4}),
    )

    contract = Contract.objects.get(person=floor.agent)
    assert (contract.min_minutes_per_week, contract.max_minutes_per_week) == (1200, 1500)
    assert contract.max_consecutive_days == 4
    assert contract.min_rest_minutes is None
    assert list(contract.allowed_templates.all()) == [template]
    assert AuditEvent.objects.get(object_type="scheduling.contract").person == floor.agent


def test_contract_minutes_backwards_and_unknown_rules_are_refused(floor):
    with pytest.raises(ValidationError) as error:
        contract_set(
            actor=floor.user("planner"),
            person=floor.agent,
            data=ContractInput(1500, 1200, (), {"max_minutes_per_week": 100}),
        )

    assert set(error.value.message_dict) == {"max_minutes_per_week", "overrides"}
    assert not Contract.objects.exists()


def test_leader_cannot_set_a_contract(floor):
    with pytest.raises(PermissionDenied):
        contract_set(actor=floor.user("leader"), person=floor.agent, data=ContractInput(1200, 1500))

    assert not Contract.objects.exists()
