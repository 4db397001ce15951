"""Transfer of training: did a trainee's target behaviour change, and did it stay changed?

Three signals are read in two windows after the training and compared with the baseline
before it:

- the course's target metric (from the daily rollups, computed by the metric catalogue),
- the pass rate of the course's QA items (an answer of 1 passes; below 1 fails; N/A is left
  out, as the QA engine leaves it out of the score),
- the behaviours observed at the reinforcement follow-ups (no baseline: the observer rates
  what they see now).

Windows, in days relative to the training:

- baseline: the 28 days before the session's first day,
- weeks 1–4: days 1 to 28 after completion,
- weeks 5–8: days 29 to 56 after completion.

A metric improved in a window when it moved in its better direction by at least
`MIN_RELATIVE_CHANGE` (5 %) of the baseline's absolute value, and by more than nothing (a
baseline of 0 needs any move in the better direction). A QA pass rate improved when it rose by
at least `MIN_PASS_RATE_GAIN` (10 percentage points). Observations show the change when the
mean level (consistently 1, sometimes ½, not yet 0) is at least `MIN_OBSERVED_LEVEL` (0.75).
A signal needs enough data in both the baseline and the window (the metric its own minimum
sample, QA `MIN_QA_ANSWERS` answers, observations one rated behaviour) or it is left out.

A window shows the change when at least half of the signals with data show it. Then:

- too early: fewer than 8 whole weeks since completion (the last window is not over),
- no data: no signal has data in weeks 5–8,
- adopted: the change shows in weeks 5–8 (including those who changed late),
- reverted: the change showed in weeks 1–4 and no longer in weeks 5–8,
- never adopted: the change shows in neither window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from floorwalk.engine.text import gettext_noop

BASELINE_DAYS = 28
EARLY_WINDOW = (1, 28)
LATE_WINDOW = (29, 56)
MIN_RELATIVE_CHANGE = 0.05
MIN_PASS_RATE_GAIN = 10.0
MIN_QA_ANSWERS = 3
MIN_OBSERVED_LEVEL = 0.75
LEVEL_VALUES = {"consistently": 1.0, "sometimes": 0.5, "not_yet": 0.0}


class TransferClass(StrEnum):
    ADOPTED = "adopted"
    NEVER_ADOPTED = "never_adopted"
    REVERTED = "reverted"
    TOO_EARLY = "too_early"
    NO_DATA = "no_data"


CLASS_LABELS = {
    TransferClass.ADOPTED: gettext_noop("Adopted"),
    TransferClass.NEVER_ADOPTED: gettext_noop("Never adopted"),
    TransferClass.REVERTED: gettext_noop("Reverted"),
    TransferClass.TOO_EARLY: gettext_noop("Too early"),
    TransferClass.NO_DATA: gettext_noop("No data"),
}


@dataclass(frozen=True)
class Windows:
    baseline_start: date
    baseline_end: date
    early_start: date
    early_end: date
    late_start: date
    late_end: date

    @property
    def ready_on(self) -> date:
        """The first day the classification is final: the day after weeks 5–8 end."""
        return self.late_end + timedelta(days=1)


def transfer_windows(session_start: date, completed_on: date) -> Windows:
    return Windows(
        baseline_start=session_start - timedelta(days=BASELINE_DAYS),
        baseline_end=session_start - timedelta(days=1),
        early_start=completed_on + timedelta(days=EARLY_WINDOW[0]),
        early_end=completed_on + timedelta(days=EARLY_WINDOW[1]),
        late_start=completed_on + timedelta(days=LATE_WINDOW[0]),
        late_end=completed_on + timedelta(days=LATE_WINDOW[1]),
    )


@dataclass(frozen=True)
class MetricReading:
    """The metric over one window: its value (None without a denominator) and the count it
    rests on."""

    value: float | None
    sample: int


@dataclass(frozen=True)
class MetricEvidence:
    name: str
    higher_is_better: bool
    min_sample: int
    baseline: MetricReading
    early: MetricReading
    late: MetricReading


@dataclass(frozen=True)
class QaReading:
    passed: int
    answered: int

    @property
    def pass_rate(self) -> float | None:
        return 100.0 * self.passed / self.answered if self.answered else None


@dataclass(frozen=True)
class QaEvidence:
    items: tuple[str, ...]
    baseline: QaReading
    early: QaReading
    late: QaReading


@dataclass(frozen=True)
class ObservationEvidence:
    """The levels rated at the follow-ups due in each window (one per behaviour and
    follow-up): "consistently", "sometimes" or "not_yet"."""

    early: tuple[str, ...]
    late: tuple[str, ...]


@dataclass(frozen=True)
class TransferInput:
    completed_on: date
    windows: Windows
    today: date
    metric: MetricEvidence | None = None
    qa: QaEvidence | None = None
    observations: ObservationEvidence | None = None


@dataclass(frozen=True)
class SignalResult:
    """One signal in one window: None when it has no data there."""

    name: str
    improved: bool | None
    text: str


@dataclass(frozen=True)
class Transfer:
    transfer_class: TransferClass
    early_changed: bool | None
    late_changed: bool | None
    evidence: tuple[str, ...]
    ready_on: date

    @property
    def label(self) -> str:
        return CLASS_LABELS[self.transfer_class]


def metric_improved(evidence: MetricEvidence, reading: MetricReading) -> bool | None:
    """Whether the metric moved the better way by at least 5 % of the baseline; None when
    either side lacks the metric's minimum sample."""
    base = evidence.baseline
    if (
        base.value is None
        or reading.value is None
        or base.sample < evidence.min_sample
        or reading.sample < evidence.min_sample
    ):
        return None
    change = reading.value - base.value
    better = change if evidence.higher_is_better else -change
    return better > 0 and better >= MIN_RELATIVE_CHANGE * abs(base.value)


def qa_improved(evidence: QaEvidence, reading: QaReading) -> bool | None:
    base_rate, rate = evidence.baseline.pass_rate, reading.pass_rate
    if (
        base_rate is None
        or rate is None
        or evidence.baseline.answered < MIN_QA_ANSWERS
        or reading.answered < MIN_QA_ANSWERS
    ):
        return None
    return rate - base_rate >= MIN_PASS_RATE_GAIN


def observed_level(levels: tuple[str, ...]) -> float | None:
    if not levels:
        return None
    return sum(LEVEL_VALUES[level] for level in levels) / len(levels)


def observations_improved(levels: tuple[str, ...]) -> bool | None:
    level = observed_level(levels)
    return None if level is None else level >= MIN_OBSERVED_LEVEL


def _number(value: float | None) -> str:
    return "no value" if value is None else f"{value:.2f}"


def _metric_text(evidence: MetricEvidence) -> str:
    base = evidence.baseline
    parts = [f"{evidence.name}: {_number(base.value)} before (n={base.sample})"]
    for label, reading in (("weeks 1–4", evidence.early), ("weeks 5–8", evidence.late)):
        text = f"{_number(reading.value)} in {label} (n={reading.sample})"
        if base.value not in (None, 0) and reading.value is not None:
            text += f", {100 * (reading.value - base.value) / abs(base.value):+.1f} %"
        parts.append(text)
    better = "higher" if evidence.higher_is_better else "lower"
    return (
        "; ".join(parts)
        + f". Improvement: {better} by at least {100 * MIN_RELATIVE_CHANGE:.0f} % of the"
        f" baseline, with at least {evidence.min_sample} in the sample."
    )


def _rate(reading: QaReading) -> str:
    rate = reading.pass_rate
    shown = "no answers" if rate is None else f"{rate:.0f} %"
    return f"{shown} ({reading.passed} of {reading.answered})"


def _qa_text(evidence: QaEvidence) -> str:
    return (
        f"QA items {', '.join(evidence.items)} passed: {_rate(evidence.baseline)} before; "
        f"{_rate(evidence.early)} in weeks 1–4; {_rate(evidence.late)} in weeks 5–8. "
        f"Improvement: at least +{MIN_PASS_RATE_GAIN:.0f} points, with at least "
        f"{MIN_QA_ANSWERS} answers on each side."
    )


def _levels(levels: tuple[str, ...]) -> str:
    level = observed_level(levels)
    if level is None:
        return "none rated"
    consistent = sum(1 for value in levels if value == "consistently")
    return f"mean level {level:.2f} ({consistent} of {len(levels)} consistently)"


def _observation_text(evidence: ObservationEvidence) -> str:
    return (
        f"Follow-up observations: {_levels(evidence.early)} in weeks 1–4; "
        f"{_levels(evidence.late)} in weeks 5–8. Change shown at a mean level of at least "
        f"{MIN_OBSERVED_LEVEL:.2f}."
    )


def _changed(signals: list[bool | None]) -> bool | None:
    known = [signal for signal in signals if signal is not None]
    if not known:
        return None
    return 2 * sum(known) >= len(known)


def _signals(data: TransferInput) -> tuple[list[bool | None], list[bool | None], list[str]]:
    early: list[bool | None] = []
    late: list[bool | None] = []
    texts: list[str] = []
    if data.metric is not None:
        early.append(metric_improved(data.metric, data.metric.early))
        late.append(metric_improved(data.metric, data.metric.late))
        texts.append(_metric_text(data.metric))
    if data.qa is not None:
        early.append(qa_improved(data.qa, data.qa.early))
        late.append(qa_improved(data.qa, data.qa.late))
        texts.append(_qa_text(data.qa))
    if data.observations is not None:
        early.append(observations_improved(data.observations.early))
        late.append(observations_improved(data.observations.late))
        texts.append(_observation_text(data.observations))
    return early, late, texts


def _verdict(changed: bool | None) -> str:
    return {None: "no data", True: "changed", False: "not changed"}[changed]


def classify_transfer(data: TransferInput) -> Transfer:
    """The trainee's class with the evidence in words; see the module for the rules."""
    early_signals, late_signals, texts = _signals(data)
    early, late = _changed(early_signals), _changed(late_signals)
    ready_on = data.windows.ready_on
    summary = f"Weeks 1–4: {_verdict(early)}; weeks 5–8: {_verdict(late)}."
    if data.today < ready_on:
        transfer_class = TransferClass.TOO_EARLY
        summary = f"Final on {ready_on.isoformat()}, 8 weeks after completion. " + summary
    elif late is None:
        transfer_class = TransferClass.NO_DATA
    elif late:
        transfer_class = TransferClass.ADOPTED
    elif early:
        transfer_class = TransferClass.REVERTED
    else:
        transfer_class = TransferClass.NEVER_ADOPTED
    return Transfer(
        transfer_class=transfer_class,
        early_changed=early,
        late_changed=late,
        evidence=(summary, *texts),
        ready_on=ready_on,
    )


@dataclass(frozen=True)
class Split:
    """How many trainees fell in each class, in the order of `TransferClass`."""

    counts: dict[TransferClass, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, transfer_class: TransferClass) -> float | None:
        """The class's percentage of the trainees whose class is final (not too early, with
        data), None when there are none; too early and no data as a share of everyone."""
        if transfer_class in (TransferClass.TOO_EARLY, TransferClass.NO_DATA):
            return 100.0 * self.counts[transfer_class] / self.total if self.total else None
        decided = sum(
            count
            for key, count in self.counts.items()
            if key not in (TransferClass.TOO_EARLY, TransferClass.NO_DATA)
        )
        return 100.0 * self.counts[transfer_class] / decided if decided else None


def transfer_split(classes: list[TransferClass]) -> Split:
    counts = dict.fromkeys(TransferClass, 0)
    for transfer_class in classes:
        counts[transfer_class] += 1
    return Split(counts)
