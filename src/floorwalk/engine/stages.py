"""Proposing an agent's development stage (R1..R4) from evidence (D1, D2).

The engine only proposes: a team leader confirms the proposal or overrides it with a reason,
and the system never changes a stage on its own. So a proposal has to explain itself: for
every rule of every stage it says which evidence was looked at, against which threshold, and
whether it passed, failed, or could not be judged for want of data. Missing evidence never
passes a rule, so an agent nobody has evaluated yet is never proposed above R1 on QA grounds.

Rules are cumulative: an agent is proposed the highest stage whose rules pass together with
the rules of every stage below it, and each stage's thresholds are at least as strict as the
stage below, so better evidence can never propose a lower stage.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from types import MappingProxyType

from floorwalk.engine.text import gettext_noop


class Stage(IntEnum):
    """The situational-leadership stages, in order: a higher stage is more self-reliant."""

    R1 = 1
    R2 = 2
    R3 = 3
    R4 = 4


COMPETENCY_LEVELS = range(1, 6)


@dataclass(frozen=True)
class EngagementSignal:
    """An engagement score 0–100 (survey, pulse check...) and, when known, its trend in
    points per month."""

    score: float
    trend_per_month: float | None = None

    def __post_init__(self) -> None:
        _check_range("engagement score", self.score, 0.0, 100.0)
        if self.trend_per_month is not None:
            _check_finite("engagement trend per month", self.trend_per_month)


@dataclass(frozen=True)
class StageEvidence:
    """What is known about an agent. Every piece but tenure may be missing (None, or no
    competencies) when there is no data yet; rates are percentages 0–100."""

    tenure_days: int
    standards_met_share: float | None = None
    standards_weeks: int = 0
    qa_mean: float | None = None
    qa_trend_per_month: float | None = None
    transfer_rate: float | None = None
    escalation_rate: float | None = None
    competencies: Mapping[str, int] = field(default_factory=dict)
    engagement: EngagementSignal | None = None

    def __post_init__(self) -> None:
        _check_count("tenure_days", self.tenure_days)
        _check_count("standards_weeks", self.standards_weeks)
        # A share of standards met is a share of some weeks, and weeks come with a share.
        if (self.standards_met_share is None) != (self.standards_weeks == 0):
            raise ValueError(
                "standards_met_share must be given exactly when standards_weeks is more than 0"
            )
        _check_optional_range("standards_met_share", self.standards_met_share, 0.0, 1.0)
        _check_optional_range("qa_mean", self.qa_mean, 0.0, 100.0)
        if self.qa_trend_per_month is not None:
            _check_finite("qa_trend_per_month", self.qa_trend_per_month)
        _check_optional_range("transfer_rate", self.transfer_rate, 0.0, 100.0)
        _check_optional_range("escalation_rate", self.escalation_rate, 0.0, 100.0)
        for code, level in self.competencies.items():
            if isinstance(level, bool) or level not in COMPETENCY_LEVELS:
                raise ValueError(f"competencies[{code!r}] must be a level from 1 to 5, not {level}")
        # A read-only copy, so the evidence cannot change after the proposal was made from it.
        object.__setattr__(self, "competencies", MappingProxyType(dict(self.competencies)))

    @property
    def lowest_competency(self) -> int | None:
        """The weakest assessed competency: a stage needs all of them at its level."""
        return min(self.competencies.values(), default=None)


@dataclass(frozen=True)
class StageRequirements:
    """The thresholds an agent must meet to be at a stage. A threshold of None means the
    stage does not look at that evidence."""

    min_tenure_days: int
    min_standards_weeks: int
    min_standards_met_share: float
    min_qa_mean: float | None
    min_qa_trend_per_month: float | None
    max_transfer_rate: float | None
    max_escalation_rate: float | None
    min_competency_level: int | None

    def __post_init__(self) -> None:
        _check_count("min_tenure_days", self.min_tenure_days)
        _check_count("min_standards_weeks", self.min_standards_weeks)
        _check_range("min_standards_met_share", self.min_standards_met_share, 0.0, 1.0)
        _check_optional_range("min_qa_mean", self.min_qa_mean, 0.0, 100.0)
        if self.min_qa_trend_per_month is not None:
            _check_finite("min_qa_trend_per_month", self.min_qa_trend_per_month)
        _check_optional_range("max_transfer_rate", self.max_transfer_rate, 0.0, 100.0)
        _check_optional_range("max_escalation_rate", self.max_escalation_rate, 0.0, 100.0)
        level = self.min_competency_level
        if level is not None and (isinstance(level, bool) or level not in COMPETENCY_LEVELS):
            raise ValueError(f"min_competency_level must be from 1 to 5, not {level}")


class Comparison(StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class RuleKey(StrEnum):
    TENURE = "tenure"
    STANDARDS_WEEKS = "standards_weeks"
    STANDARDS_MET = "standards_met"
    QA_MEAN = "qa_mean"
    QA_TREND = "qa_trend"
    TRANSFER_RATE = "transfer_rate"
    ESCALATION_RATE = "escalation_rate"
    COMPETENCY = "competency"


@dataclass(frozen=True)
class _Rule:
    """One kind of rule: where its threshold lives in the requirements, how evidence is
    observed, and which way is better."""

    key: RuleKey
    label: str
    threshold_field: str
    comparison: Comparison
    observe: Callable[[StageEvidence], float | None]


# In the order a page lists them: time in the job first, then results, then independence.
RULES: tuple[_Rule, ...] = (
    _Rule(
        RuleKey.TENURE,
        gettext_noop("Tenure (days)"),
        "min_tenure_days",
        Comparison.AT_LEAST,
        lambda evidence: evidence.tenure_days,
    ),
    _Rule(
        RuleKey.STANDARDS_WEEKS,
        gettext_noop("Weeks of results against standards"),
        "min_standards_weeks",
        Comparison.AT_LEAST,
        lambda evidence: evidence.standards_weeks,
    ),
    _Rule(
        RuleKey.STANDARDS_MET,
        gettext_noop("Share of standards met"),
        "min_standards_met_share",
        Comparison.AT_LEAST,
        lambda evidence: evidence.standards_met_share,
    ),
    _Rule(
        RuleKey.QA_MEAN,
        gettext_noop("Mean QA score"),
        "min_qa_mean",
        Comparison.AT_LEAST,
        lambda evidence: evidence.qa_mean,
    ),
    _Rule(
        RuleKey.QA_TREND,
        gettext_noop("QA trend (points per month)"),
        "min_qa_trend_per_month",
        Comparison.AT_LEAST,
        lambda evidence: evidence.qa_trend_per_month,
    ),
    _Rule(
        RuleKey.TRANSFER_RATE,
        gettext_noop("Transfer rate (%)"),
        "max_transfer_rate",
        Comparison.AT_MOST,
        lambda evidence: evidence.transfer_rate,
    ),
    _Rule(
        RuleKey.ESCALATION_RATE,
        gettext_noop("Escalation rate (%)"),
        "max_escalation_rate",
        Comparison.AT_MOST,
        lambda evidence: evidence.escalation_rate,
    ),
    _Rule(
        RuleKey.COMPETENCY,
        gettext_noop("Lowest competency level"),
        "min_competency_level",
        Comparison.AT_LEAST,
        lambda evidence: evidence.lowest_competency,
    ),
)


@dataclass(frozen=True)
class StageRules:
    """An organisation's stage rules: the requirements of R2, R3 and R4 (R1 has none), and
    the engagement score below which an agent at R2 or above gets a motivation note."""

    r2: StageRequirements
    r3: StageRequirements
    r4: StageRequirements
    engagement_floor: float = 60.0
    engagement_trend_floor: float | None = -5.0

    def __post_init__(self) -> None:
        _check_range("engagement_floor", self.engagement_floor, 0.0, 100.0)
        if self.engagement_trend_floor is not None:
            _check_finite("engagement_trend_floor", self.engagement_trend_floor)
        _check_not_easier(Stage.R3, self.r3, Stage.R2, self.r2)
        _check_not_easier(Stage.R4, self.r4, Stage.R3, self.r3)

    def requirements(self, stage: Stage) -> StageRequirements | None:
        """The requirements of `stage`; None for R1, which everyone is at."""
        return {Stage.R2: self.r2, Stage.R3: self.r3, Stage.R4: self.r4}.get(stage)


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class RuleCheck:
    """One rule of one stage judged against the evidence: "which evidence, which threshold"."""

    stage: Stage
    rule: RuleKey
    label: str
    comparison: Comparison
    observed: float | None
    threshold: float
    outcome: Outcome

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASSED


@dataclass(frozen=True)
class EngagementNote:
    """The agent's engagement is low or falling at R2 or above: they need motivating, not
    only tips (R2's engagement dip). It never lowers the proposed stage."""

    message: str
    observed: float
    threshold: float


@dataclass(frozen=True)
class StageProposal:
    """The proposed stage, every rule checked on the way, what the next stage still needs
    (empty at R4), and engagement notes."""

    stage: Stage
    checks: tuple[RuleCheck, ...]
    missing_for_next: tuple[RuleCheck, ...]
    notes: tuple[EngagementNote, ...]

    @property
    def next_stage(self) -> Stage | None:
        return None if self.stage is Stage.R4 else Stage(self.stage + 1)

    def checks_for(self, stage: Stage) -> tuple[RuleCheck, ...]:
        return tuple(check for check in self.checks if check.stage is stage)


def propose_stage(evidence: StageEvidence, rules: StageRules) -> StageProposal:
    """The highest stage whose rules, and those of every stage below it, all pass (R1 when
    R2's do not). Every stage's rules are checked, so a page can show the whole picture."""
    checks_by_stage = {
        stage: check_stage(evidence, stage, requirements)
        for stage in (Stage.R2, Stage.R3, Stage.R4)
        if (requirements := rules.requirements(stage)) is not None
    }
    proposed = Stage.R1
    for stage, checks in checks_by_stage.items():
        # Validated rules make a higher stage at least as strict, so it cannot pass where a
        # lower one failed; stopping here still keeps "cumulative" true by construction.
        if not all(check.passed for check in checks):
            break
        proposed = stage
    next_checks = checks_by_stage.get(Stage(proposed + 1), ()) if proposed < Stage.R4 else ()
    return StageProposal(
        stage=proposed,
        checks=tuple(check for checks in checks_by_stage.values() for check in checks),
        missing_for_next=tuple(check for check in next_checks if not check.passed),
        notes=engagement_notes(evidence, proposed, rules),
    )


def check_stage(
    evidence: StageEvidence, stage: Stage, requirements: StageRequirements
) -> tuple[RuleCheck, ...]:
    """Every rule `requirements` sets, judged against `evidence`; rules it leaves at None
    are not part of the stage and are left out."""
    checks = []
    for rule in RULES:
        threshold = getattr(requirements, rule.threshold_field)
        if threshold is None:
            continue
        observed = rule.observe(evidence)
        checks.append(
            RuleCheck(
                stage=stage,
                rule=rule.key,
                label=rule.label,
                comparison=rule.comparison,
                observed=observed,
                threshold=threshold,
                outcome=_judge(observed, threshold, rule.comparison),
            )
        )
    return tuple(checks)


def engagement_notes(
    evidence: StageEvidence, stage: Stage, rules: StageRules
) -> tuple[EngagementNote, ...]:
    """Notes for a low or falling engagement signal; only from R2 up, where the article
    expects the dip. No signal, no note: missing engagement data says nothing."""
    signal = evidence.engagement
    if signal is None or stage < Stage.R2:
        return ()
    notes = []
    if signal.score < rules.engagement_floor:
        notes.append(
            EngagementNote(
                message=gettext_noop(
                    "Engagement is below the expected level: plan motivating stimuli, "
                    "not only tips."
                ),
                observed=signal.score,
                threshold=rules.engagement_floor,
            )
        )
    trend_floor = rules.engagement_trend_floor
    if (
        signal.trend_per_month is not None
        and trend_floor is not None
        and signal.trend_per_month < trend_floor
    ):
        notes.append(
            EngagementNote(
                message=gettext_noop(
                    "Engagement is falling: talk about what the agent finds hard and what "
                    "would keep them motivated."
                ),
                observed=signal.trend_per_month,
                threshold=trend_floor,
            )
        )
    return tuple(notes)


def _judge(observed: float | None, threshold: float, comparison: Comparison) -> Outcome:
    if observed is None:
        return Outcome.NO_DATA
    if comparison is Comparison.AT_LEAST:
        return Outcome.PASSED if observed >= threshold else Outcome.FAILED
    return Outcome.PASSED if observed <= threshold else Outcome.FAILED


@dataclass(frozen=True)
class EasierThanBelow:
    """A stage asking less than the stage below on one rule (or nothing where it asks
    something): an agent could then pass the higher stage and fail the lower one."""

    stage: Stage
    below: Stage
    rule: RuleKey
    label: str
    threshold: float | None
    lower: float

    def __str__(self) -> str:
        name = next(rule.threshold_field for rule in RULES if rule.key is self.rule)
        if self.threshold is None:
            return f"{self.stage.name} {name} must be set because {self.below.name} sets it"
        return (
            f"{self.stage.name} {name} ({self.threshold}) must not be easier "
            f"than {self.below.name}'s ({self.lower})"
        )


def easier_than_below(
    stage: Stage,
    requirements: StageRequirements,
    below: Stage,
    below_requirements: StageRequirements,
) -> list[EasierThanBelow]:
    """Every rule on which `stage` asks less than the stage below."""
    problems = []
    for rule in RULES:
        threshold = getattr(requirements, rule.threshold_field)
        lower = getattr(below_requirements, rule.threshold_field)
        if lower is None:
            continue
        easier = threshold is None or (
            threshold < lower if rule.comparison is Comparison.AT_LEAST else threshold > lower
        )
        if easier:
            problems.append(EasierThanBelow(stage, below, rule.key, rule.label, threshold, lower))
    return problems


def _check_not_easier(
    stage: Stage,
    requirements: StageRequirements,
    below: Stage,
    below_requirements: StageRequirements,
) -> None:
    """Raise unless `stage` asks at least what the stage below asks, rule by rule."""
    problems = easier_than_below(stage, requirements, below, below_requirements)
    if problems:
        raise ValueError(str(problems[0]))


def _check_finite(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}")


def _check_range(name: str, value: float, low: float, high: float) -> None:
    _check_finite(name, value)
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low:g} to {high:g}, not {value}")


def _check_optional_range(name: str, value: float | None, low: float, high: float) -> None:
    if value is not None:
        _check_range(name, value, low, high)


def _check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number, 0 or more, not {value!r}")


# Why each default: docs/stages.md, "Why these defaults". It comes last because building it
# runs the checks above.
DEFAULT_STAGE_RULES = StageRules(
    r2=StageRequirements(
        min_tenure_days=90,
        min_standards_weeks=4,
        min_standards_met_share=0.6,
        min_qa_mean=75.0,
        min_qa_trend_per_month=None,
        max_transfer_rate=15.0,
        max_escalation_rate=10.0,
        min_competency_level=2,
    ),
    r3=StageRequirements(
        min_tenure_days=180,
        min_standards_weeks=8,
        min_standards_met_share=0.75,
        min_qa_mean=85.0,
        min_qa_trend_per_month=-2.0,
        max_transfer_rate=10.0,
        max_escalation_rate=6.0,
        min_competency_level=3,
    ),
    r4=StageRequirements(
        min_tenure_days=365,
        min_standards_weeks=12,
        min_standards_met_share=0.9,
        min_qa_mean=90.0,
        min_qa_trend_per_month=-1.0,
        max_transfer_rate=6.0,
        max_escalation_rate=3.0,
        min_competency_level=4,
    ),
)
