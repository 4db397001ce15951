"""Stage proposals: each rule at and just past its threshold, missing evidence, the order of
stages, rules validation and engagement notes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.engine.stages import (
    DEFAULT_STAGE_RULES,
    RULES,
    Comparison,
    EngagementSignal,
    Outcome,
    RuleCheck,
    RuleKey,
    Stage,
    StageEvidence,
    StageProposal,
    StageRequirements,
    StageRules,
    propose_stage,
)

# Comfortably past every default threshold, R4 included.
STRONG = StageEvidence(
    tenure_days=400,
    standards_met_share=0.95,
    standards_weeks=13,
    qa_mean=95.0,
    qa_trend_per_month=0.5,
    transfer_rate=3.0,
    escalation_rate=1.0,
    competencies={"product": 5, "systems": 4},
)


def with_(evidence: StageEvidence, **changes: Any) -> StageEvidence:
    return dataclasses.replace(evidence, **changes)


def propose(evidence: StageEvidence) -> StageProposal:
    return propose_stage(evidence, DEFAULT_STAGE_RULES)


def the_check(evidence: StageEvidence, stage: Stage, rule: RuleKey) -> RuleCheck:
    (check,) = [check for check in propose(evidence).checks_for(stage) if check.rule is rule]
    return check


def test_strong_evidence_is_proposed_r4_with_nothing_missing() -> None:
    proposal = propose(STRONG)

    assert proposal.stage is Stage.R4
    assert proposal.next_stage is None
    assert proposal.missing_for_next == ()
    assert proposal.notes == ()


# One row per rule: the stage that first sets it, the evidence at its default threshold,
# just past it, and without data (None where the rule cannot lack data).
Changes = dict[str, Any]
RULE_CASES: list[tuple[RuleKey, Stage, Changes, Changes, Changes | None]] = [
    (RuleKey.TENURE, Stage.R2, {"tenure_days": 90}, {"tenure_days": 89}, None),
    (
        RuleKey.STANDARDS_WEEKS,
        Stage.R2,
        {"standards_weeks": 4},
        {"standards_weeks": 3},
        None,
    ),
    (
        RuleKey.STANDARDS_MET,
        Stage.R2,
        {"standards_met_share": 0.6},
        {"standards_met_share": 0.599},
        {"standards_met_share": None, "standards_weeks": 0},
    ),
    (RuleKey.QA_MEAN, Stage.R2, {"qa_mean": 75.0}, {"qa_mean": 74.9}, {"qa_mean": None}),
    (
        RuleKey.QA_TREND,
        Stage.R3,
        {"qa_trend_per_month": -2.0},
        {"qa_trend_per_month": -2.1},
        {"qa_trend_per_month": None},
    ),
    (
        RuleKey.TRANSFER_RATE,
        Stage.R2,
        {"transfer_rate": 15.0},
        {"transfer_rate": 15.1},
        {"transfer_rate": None},
    ),
    (
        RuleKey.ESCALATION_RATE,
        Stage.R2,
        {"escalation_rate": 10.0},
        {"escalation_rate": 10.1},
        {"escalation_rate": None},
    ),
    (
        RuleKey.COMPETENCY,
        Stage.R2,
        {"competencies": {"product": 5, "systems": 2}},
        {"competencies": {"product": 5, "systems": 1}},
        {"competencies": {}},
    ),
]
RULE_IDS = [case[0].value for case in RULE_CASES]


@pytest.mark.parametrize(("rule", "stage", "at", "past", "no_data"), RULE_CASES, ids=RULE_IDS)
def test_a_rule_passes_at_its_threshold(
    rule: RuleKey, stage: Stage, at: dict[str, Any], past: Any, no_data: Any
) -> None:
    evidence = with_(STRONG, **at)
    check = the_check(evidence, stage, rule)

    assert check.outcome is Outcome.PASSED
    # Every default threshold is strictly stricter at the next stage, so the agent lands
    # exactly on the stage that first sets the rule, and the next stage misses this rule.
    proposal = propose(evidence)
    assert proposal.stage is stage
    assert [missing.rule for missing in proposal.missing_for_next] == [rule]


@pytest.mark.parametrize(("rule", "stage", "at", "past", "no_data"), RULE_CASES, ids=RULE_IDS)
def test_a_rule_fails_just_past_its_threshold(
    rule: RuleKey, stage: Stage, at: Any, past: dict[str, Any], no_data: Any
) -> None:
    evidence = with_(STRONG, **past)
    check = the_check(evidence, stage, rule)

    assert check.outcome is Outcome.FAILED
    assert propose(evidence).stage is Stage(stage - 1)


@pytest.mark.parametrize(
    ("rule", "stage", "no_data"),
    [(rule, stage, no_data) for rule, stage, _, _, no_data in RULE_CASES if no_data],
    ids=[case[0].value for case in RULE_CASES if case[4]],
)
def test_missing_evidence_never_passes_a_rule(
    rule: RuleKey, stage: Stage, no_data: dict[str, Any]
) -> None:
    evidence = with_(STRONG, **no_data)
    check = the_check(evidence, stage, rule)

    assert check.outcome is Outcome.NO_DATA
    assert check.observed is None
    assert propose(evidence).stage is Stage(stage - 1)


def test_a_check_says_which_evidence_and_which_threshold() -> None:
    evidence = with_(STRONG, transfer_rate=12.5)

    check = the_check(evidence, Stage.R3, RuleKey.TRANSFER_RATE)

    assert check.label == "Transfer rate (%)"
    assert check.comparison is Comparison.AT_MOST
    assert check.observed == 12.5
    assert check.threshold == 10.0
    assert check.outcome is Outcome.FAILED


def test_the_lowest_competency_is_what_counts() -> None:
    evidence = with_(STRONG, competencies={"product": 5, "systems": 3, "empathy": 4})

    check = the_check(evidence, Stage.R4, RuleKey.COMPETENCY)

    assert check.observed == 3
    assert check.outcome is Outcome.FAILED
    assert propose(evidence).stage is Stage.R3


def test_what_it_takes_to_reach_the_next_stage() -> None:
    evidence = with_(STRONG, tenure_days=200, qa_mean=87.0, escalation_rate=None)

    proposal = propose(evidence)

    # Escalations have no data, so even R2 fails: R1, and R2 needs only the escalation rate.
    assert proposal.stage is Stage.R1
    assert proposal.next_stage is Stage.R2
    assert [(c.rule, c.outcome) for c in proposal.missing_for_next] == [
        (RuleKey.ESCALATION_RATE, Outcome.NO_DATA)
    ]
    # Every stage is still checked, so the page can show R3 and R4 too.
    r4_failures = [c.rule for c in proposal.checks_for(Stage.R4) if not c.passed]
    assert r4_failures == [RuleKey.TENURE, RuleKey.QA_MEAN, RuleKey.ESCALATION_RATE]


def test_a_rule_left_unset_is_not_checked() -> None:
    checked = {c.rule for c in propose(STRONG).checks_for(Stage.R2)}

    assert RuleKey.QA_TREND not in checked
    assert len(checked) == len(RULES) - 1


def test_every_requirement_has_a_rule() -> None:
    fields = {f.name for f in dataclasses.fields(StageRequirements)}

    assert {rule.threshold_field for rule in RULES} == fields


# Engagement notes ------------------------------------------------------------------------


def test_low_engagement_at_r2_or_above_is_a_note_not_a_lower_stage() -> None:
    evidence = with_(STRONG, engagement=EngagementSignal(score=59.0, trend_per_month=0.0))

    proposal = propose(evidence)

    assert proposal.stage is Stage.R4
    assert [(n.observed, n.threshold) for n in proposal.notes] == [(59.0, 60.0)]


def test_falling_engagement_is_a_note() -> None:
    evidence = with_(STRONG, engagement=EngagementSignal(score=80.0, trend_per_month=-6.0))

    assert [(n.observed, n.threshold) for n in propose(evidence).notes] == [(-6.0, -5.0)]


def test_engagement_at_the_floor_or_unknown_has_no_note() -> None:
    at_floor = with_(STRONG, engagement=EngagementSignal(score=60.0, trend_per_month=-5.0))

    assert propose(at_floor).notes == ()
    assert propose(with_(STRONG, engagement=EngagementSignal(score=80.0))).notes == ()
    assert propose(STRONG).notes == ()


def test_engagement_at_r1_has_no_note() -> None:
    evidence = with_(STRONG, tenure_days=10, engagement=EngagementSignal(score=20.0))

    proposal = propose(evidence)

    assert proposal.stage is Stage.R1
    assert proposal.notes == ()


# Validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tenure_days": -1}, "tenure_days must be a whole number"),
        ({"standards_weeks": 0}, "standards_met_share must be given exactly when"),
        ({"standards_met_share": None}, "standards_met_share must be given exactly when"),
        ({"standards_met_share": 1.2}, "standards_met_share must be from 0 to 1"),
        ({"qa_mean": 101.0}, "qa_mean must be from 0 to 100"),
        ({"qa_trend_per_month": float("nan")}, "qa_trend_per_month must be a finite number"),
        ({"transfer_rate": -0.5}, "transfer_rate must be from 0 to 100"),
        ({"escalation_rate": float("inf")}, "escalation_rate must be a finite number"),
        ({"competencies": {"product": 6}}, "competencies['product'] must be a level from 1 to 5"),
    ],
)
def test_evidence_is_validated(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        with_(STRONG, **changes)


def test_engagement_is_validated() -> None:
    with pytest.raises(ValueError, match="engagement score must be from 0 to 100"):
        EngagementSignal(score=120.0)


def test_evidence_competencies_cannot_change_afterwards() -> None:
    levels = {"product": 3}
    evidence = with_(STRONG, competencies=levels)
    levels["product"] = 1

    assert evidence.competencies["product"] == 3
    with pytest.raises(TypeError):
        evidence.competencies["product"] = 1  # type: ignore[index]


@pytest.mark.parametrize(
    ("stage", "changes", "message"),
    [
        ("r3", {"min_qa_mean": 70.0}, r"R3 min_qa_mean \(70.0\) must not be easier than R2's"),
        ("r3", {"min_tenure_days": 60}, r"R3 min_tenure_days \(60\) must not be easier"),
        ("r4", {"max_escalation_rate": 7.0}, r"R4 max_escalation_rate \(7.0\) must not be"),
        ("r4", {"min_qa_trend_per_month": -3.0}, r"R4 min_qa_trend_per_month \(-3.0\)"),
        ("r3", {"max_transfer_rate": None}, "R3 max_transfer_rate must be set because R2"),
        ("r4", {"min_competency_level": None}, "R4 min_competency_level must be set"),
    ],
)
def test_a_higher_stage_may_not_be_easier(
    stage: str, changes: dict[str, Any], message: str
) -> None:
    requirements = dataclasses.replace(getattr(DEFAULT_STAGE_RULES, stage), **changes)

    with pytest.raises(ValueError, match=message):
        dataclasses.replace(DEFAULT_STAGE_RULES, **{stage: requirements})


def test_equal_thresholds_at_two_stages_are_allowed() -> None:
    rules = dataclasses.replace(DEFAULT_STAGE_RULES, r3=DEFAULT_STAGE_RULES.r2)

    assert propose_stage(with_(STRONG, tenure_days=100), rules).stage is Stage.R3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"min_tenure_days": -5}, "min_tenure_days must be a whole number"),
        ({"min_standards_met_share": 60.0}, "min_standards_met_share must be from 0 to 1"),
        ({"max_transfer_rate": 150.0}, "max_transfer_rate must be from 0 to 100"),
        ({"min_competency_level": 0}, "min_competency_level must be from 1 to 5"),
    ],
)
def test_requirements_are_validated(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(DEFAULT_STAGE_RULES.r2, **changes)


def test_engagement_floor_is_validated() -> None:
    with pytest.raises(ValueError, match="engagement_floor must be from 0 to 100"):
        dataclasses.replace(DEFAULT_STAGE_RULES, engagement_floor=-1.0)


# Properties ------------------------------------------------------------------------------

COMPETENCY_CODES = ("product", "systems", "empathy")
shares = st.floats(0.0, 1.0)
scores = st.floats(0.0, 100.0)
trends = st.floats(-20.0, 20.0)
levels = st.integers(1, 5)


THRESHOLD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "min_tenure_days": st.integers(0, 500),
    "min_standards_weeks": st.integers(0, 15),
    "min_standards_met_share": shares,
    "min_qa_mean": scores,
    "min_qa_trend_per_month": trends,
    "max_transfer_rate": scores,
    "max_escalation_rate": scores,
    "min_competency_level": levels,
}
ALWAYS_SET = {"min_tenure_days", "min_standards_weeks", "min_standards_met_share"}


@st.composite
def stage_rules(draw: st.DrawFn) -> StageRules:
    """Any valid rules: per threshold, three values ordered from lax to strict, and for an
    optional one the stage from which it is set (or never)."""
    by_stage: list[dict[str, Any]] = [{}, {}, {}]
    for rule in RULES:
        name = rule.threshold_field
        values = sorted(draw(st.lists(THRESHOLD_VALUES[name], min_size=3, max_size=3)))
        if rule.comparison is Comparison.AT_MOST:
            values.reverse()
        # Mostly set from R2 on, so that most rules matter at every stage.
        first_set = 0 if name in ALWAYS_SET else draw(st.sampled_from((0, 0, 0, 1, 2, 3)))
        for index in range(3):
            by_stage[index][name] = values[index] if index >= first_set else None
    r2, r3, r4 = (StageRequirements(**thresholds) for thresholds in by_stage)
    return StageRules(r2=r2, r3=r3, r4=r4)


def _near(rules: StageRules, name: str, anywhere: st.SearchStrategy[Any]) -> Any:
    """Mostly values right at the rules' thresholds, so that every stage is reached often
    enough for the properties below to test something."""
    stages = (rules.r2, rules.r3, rules.r4)
    thresholds = sorted({value for r in stages if (value := getattr(r, name)) is not None})
    if not thresholds:
        return anywhere
    at_a_threshold = st.sampled_from(thresholds)
    return st.one_of(at_a_threshold, at_a_threshold, at_a_threshold, anywhere)


@st.composite
def evidences(draw: st.DrawFn, rules: StageRules) -> StageEvidence:
    def near(name: str, anywhere: st.SearchStrategy[Any]) -> Any:
        return draw(_near(rules, name, anywhere))

    def seldom_missing(name: str, anywhere: st.SearchStrategy[Any]) -> Any:
        return None if draw(st.integers(0, 9)) == 0 else near(name, anywhere)

    weeks = near("min_standards_weeks", st.integers(0, 20))
    level = near("min_competency_level", levels)
    return StageEvidence(
        tenure_days=near("min_tenure_days", st.integers(0, 1000)),
        standards_weeks=weeks,
        standards_met_share=near("min_standards_met_share", shares) if weeks else None,
        qa_mean=seldom_missing("min_qa_mean", scores),
        qa_trend_per_month=seldom_missing("min_qa_trend_per_month", trends),
        transfer_rate=seldom_missing("max_transfer_rate", scores),
        escalation_rate=seldom_missing("max_escalation_rate", scores),
        competencies=draw(st.dictionaries(st.sampled_from(COMPETENCY_CODES), st.integers(level, 5)))
        | ({"product": level} if draw(st.booleans()) else {}),
        engagement=draw(st.none() | st.builds(EngagementSignal, scores, st.none() | trends)),
    )


# The defaults, whose thresholds the evidence often lands on, or any valid rules.
any_rules = st.just(DEFAULT_STAGE_RULES) | stage_rules()


def _raise_share(evidence: StageEvidence, data: st.DataObject) -> StageEvidence:
    if evidence.standards_met_share is None:
        return with_(evidence, standards_weeks=1, standards_met_share=data.draw(shares))
    return with_(
        evidence, standards_met_share=data.draw(st.floats(evidence.standards_met_share, 1))
    )


def _higher(value: float | None, strategy: st.SearchStrategy[float], top: float) -> Any:
    return strategy if value is None else st.floats(value, top)


def _lower(value: float | None) -> Any:
    return scores if value is None else st.floats(0.0, value)


def _raise_competency(evidence: StageEvidence, data: st.DataObject) -> StageEvidence:
    levels_now = dict(evidence.competencies)
    if not levels_now:
        return with_(evidence, competencies={"product": data.draw(levels)})
    code = data.draw(st.sampled_from(sorted(levels_now)))
    levels_now[code] = data.draw(st.integers(levels_now[code], 5))
    return with_(evidence, competencies=levels_now)


# Each makes one piece of evidence better (or gives it where there was none).
IMPROVEMENTS: dict[str, Callable[[StageEvidence, st.DataObject], StageEvidence]] = {
    "tenure": lambda e, d: with_(e, tenure_days=e.tenure_days + d.draw(st.integers(0, 400))),
    "weeks": lambda e, d: (
        with_(e, standards_weeks=e.standards_weeks + d.draw(st.integers(0, 10)))
        if e.standards_weeks
        else _raise_share(e, d)
    ),
    "share": _raise_share,
    "qa": lambda e, d: with_(e, qa_mean=d.draw(_higher(e.qa_mean, scores, 100.0))),
    "qa trend": lambda e, d: with_(
        e, qa_trend_per_month=d.draw(_higher(e.qa_trend_per_month, trends, 20.0))
    ),
    "transfers": lambda e, d: with_(e, transfer_rate=d.draw(_lower(e.transfer_rate))),
    "escalations": lambda e, d: with_(e, escalation_rate=d.draw(_lower(e.escalation_rate))),
    "competency": _raise_competency,
}


@pytest.mark.parametrize("improvement", sorted(IMPROVEMENTS))
@settings(max_examples=150)
@given(rules=any_rules, data=st.data())
def test_better_evidence_never_proposes_a_lower_stage(
    improvement: str, rules: StageRules, data: st.DataObject
) -> None:
    evidence = data.draw(evidences(rules))
    better = IMPROVEMENTS[improvement](evidence, data)

    assert propose_stage(better, rules).stage >= propose_stage(evidence, rules).stage


@given(any_rules, st.data())
def test_every_rule_up_to_the_proposed_stage_passes(rules: StageRules, data: st.DataObject) -> None:
    evidence = data.draw(evidences(rules))
    proposal = propose_stage(evidence, rules)

    for stage in Stage:
        checks = proposal.checks_for(stage)
        if stage <= proposal.stage:
            assert all(check.passed for check in checks)
    if proposal.next_stage is not None:
        assert proposal.missing_for_next
        assert not any(check.passed for check in proposal.missing_for_next)
        assert set(proposal.missing_for_next) <= set(proposal.checks_for(proposal.next_stage))


@given(st.integers(0, 10_000), stage_rules())
def test_no_evidence_but_tenure_is_r1(tenure_days: int, rules: StageRules) -> None:
    proposal = propose_stage(StageEvidence(tenure_days=tenure_days), rules)

    assert proposal.stage is Stage.R1
    assert any(c.outcome is Outcome.NO_DATA for c in proposal.missing_for_next)
