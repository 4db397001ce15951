"""The organisation's stage rules: stored, edited on one page, and used by every proposal."""

from dataclasses import asdict, replace

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from floorwalk.development.evidence import stage_review
from floorwalk.development.models import StageRequirement
from floorwalk.development.selectors import stage_rules
from floorwalk.development.services import stage_requirements_create_defaults, stage_rules_update
from floorwalk.engine.stages import DEFAULT_STAGE_RULES, RULES, Stage
from floorwalk.org.selectors import organisation
from tests.conftest import client_for


def form_data(rules) -> dict[str, object]:
    """The page's fields for `rules`, the way a browser posts them."""
    data: dict[str, object] = {
        "engagement_floor": rules.engagement_floor,
        "engagement_trend_floor": rules.engagement_trend_floor,
    }
    for stage, requirements in (("r2", rules.r2), ("r3", rules.r3), ("r4", rules.r4)):
        for rule in RULES:
            value = getattr(requirements, rule.threshold_field)
            data[f"{stage}_{rule.threshold_field}"] = "" if value is None else value
    return data


def test_without_stored_rules_the_engine_defaults_apply(db):
    assert stage_rules() == DEFAULT_STAGE_RULES


def test_the_stored_defaults_are_the_engines_and_loading_again_keeps_edits(db):
    assert len(stage_requirements_create_defaults()) == 3
    StageRequirement.objects.filter(stage="R2").update(min_tenure_days=60)

    assert stage_requirements_create_defaults() == []
    assert stage_rules().r2 == replace(DEFAULT_STAGE_RULES.r2, min_tenure_days=60)
    assert stage_rules().r3 == DEFAULT_STAGE_RULES.r3


def test_an_admin_saves_new_thresholds_and_proposals_use_them(floor):
    today = timezone.localdate()
    tenure = (today - floor.agent.hire_date).days
    # R4 asks for more tenure than the agent has; then only as much as they have.
    strict = replace(
        DEFAULT_STAGE_RULES, r4=replace(DEFAULT_STAGE_RULES.r4, min_tenure_days=tenure + 1)
    )
    lenient = replace(
        DEFAULT_STAGE_RULES,
        r2=replace(DEFAULT_STAGE_RULES.r2, min_tenure_days=0),
        r3=replace(DEFAULT_STAGE_RULES.r3, min_tenure_days=0),
        r4=replace(DEFAULT_STAGE_RULES.r4, min_tenure_days=tenure),
    )
    admin = client_for(floor.user("admin"))

    def r4_tenure_check():
        checks = stage_review(floor.agent, today=today).proposal.checks_for(Stage.R4)
        return next((c.threshold, c.outcome.value) for c in checks if c.rule == "tenure")

    assert admin.post(reverse("development:stage_rules"), form_data(strict)).status_code == 302
    assert stage_rules() == strict
    assert r4_tenure_check() == (tenure + 1, "failed")

    assert admin.post(reverse("development:stage_rules"), form_data(lenient)).status_code == 302
    assert stage_rules() == lenient
    assert r4_tenure_check() == (tenure, "passed")


def test_a_stage_asking_less_than_the_one_below_is_refused_on_its_field(floor):
    data = form_data(DEFAULT_STAGE_RULES) | {"r3_min_qa_mean": 70.0}

    response = client_for(floor.user("admin")).post(reverse("development:stage_rules"), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["r3_min_qa_mean"]
    assert "R3 may not ask less than R2, which asks 75" in errors["r3_min_qa_mean"][0]
    assert not StageRequirement.objects.exists()  # nothing half-saved


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("r2_min_standards_met_share", "1.5", "less than or equal to 1"),
        ("r4_min_competency_level", "7", "less than or equal to 5"),
        ("r2_min_tenure_days", "", "required"),
        ("engagement_floor", "120", "less than or equal to 100"),
    ],
)
def test_out_of_range_thresholds_name_their_field(floor, field, value, message):
    data = form_data(DEFAULT_STAGE_RULES) | {field: value}

    response = client_for(floor.user("admin")).post(reverse("development:stage_rules"), data)

    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]


def test_engagement_floors_are_the_organisations(floor):
    rules = replace(DEFAULT_STAGE_RULES, engagement_floor=45.0, engagement_trend_floor=None)

    stage_rules_update(actor=floor.user("admin"), rules=rules)

    assert (organisation().engagement_floor, organisation().engagement_trend_floor) == (45.0, None)
    assert stage_rules() == rules


@pytest.mark.parametrize("username", ["leader", "manager", "qa", "agent"])
def test_only_administrators_change_the_rules(floor, username):
    with pytest.raises(PermissionDenied):
        stage_rules_update(actor=floor.user(username), rules=DEFAULT_STAGE_RULES)


def test_the_page_shows_every_rule_of_every_stage(floor):
    response = client_for(floor.user("admin")).get(reverse("development:stage_rules"))

    html = response.content.decode()
    assert response.status_code == 200
    for stage in (Stage.R2, Stage.R3, Stage.R4):
        for rule, value in asdict(DEFAULT_STAGE_RULES.requirements(stage)).items():
            name = f"{stage.name.lower()}_{rule}"
            assert f'name="{name}"' in html
            shown = html.split(f'name="{name}"')[1].split('value="')[1].split('"')[0]
            assert shown == "" if value is None else float(shown) == value
