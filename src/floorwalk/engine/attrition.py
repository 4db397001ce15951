"""Attrition-risk signals of one agent, each explained in words and numbers.

The inputs are what the records say (never an anonymous survey answer); the rules below
turn them into signals and a level. A leader reads the evidence and decides what to do.

- Wish to leave: a retention note in the last 180 days. Weight 3.
- Falling engagement: the non-anonymous engagement check-ins of the last 90 days fall by at
  least 5 points a month. Weight 2.
- Rising absence: at least 2 absent days among the scheduled days of the last 4 weeks, and a
  share of absent days at least 10 points above the 8 weeks before. Weight 2.
- Worse after a stage change: in the 4 weeks after the newest stage change of the last 180
  days, a metric is at least 10 % worse than in the 4 weeks before. Weight 1 per metric,
  at most 2.

Level: high from 4 points, medium from 2, low from 1, none at 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

WISH_WEIGHT = 3
ENGAGEMENT_WEIGHT = 2
ABSENCE_WEIGHT = 2
METRIC_WEIGHT = 1
METRIC_WEIGHT_CAP = 2
ENGAGEMENT_FALL_PER_MONTH = -5.0
ABSENCE_MIN_DAYS = 2
ABSENCE_RISE_POINTS = 10.0
METRIC_WORSE_SHARE = 0.10
HIGH_FROM = 4
MEDIUM_FROM = 2


class SignalKind(StrEnum):
    WISH_TO_LEAVE = "wish_to_leave"
    ENGAGEMENT = "falling_engagement"
    ABSENCE = "rising_absence"
    METRIC_AFTER_STAGE = "metric_after_stage_change"


class Level(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class WishToLeave:
    noted_on: date
    said: str
    noted_by: str


@dataclass(frozen=True)
class Engagement:
    newest: float
    trend_per_month: float | None
    checkins: int


@dataclass(frozen=True)
class Absence:
    recent_scheduled: int
    recent_absent: int
    earlier_scheduled: int
    earlier_absent: int

    @staticmethod
    def share(absent: int, scheduled: int) -> float | None:
        return 100 * absent / scheduled if scheduled else None


@dataclass(frozen=True)
class MetricChange:
    """A metric in the 4 weeks before and after a stage change; `higher_is_better` says
    which way is worse."""

    name: str
    stage: str
    changed_on: date
    before: float
    after: float
    higher_is_better: bool

    @property
    def worse_share(self) -> float:
        """How much worse `after` is than `before`, as a share of `before` (0 when better)."""
        if self.before == 0:
            return 0.0
        change = (self.after - self.before) / abs(self.before)
        return max(0.0, -change if self.higher_is_better else change)


@dataclass(frozen=True)
class AttritionInput:
    wishes: tuple[WishToLeave, ...] = ()
    engagement: Engagement | None = None
    absence: Absence | None = None
    metric_changes: tuple[MetricChange, ...] = ()


@dataclass(frozen=True)
class Signal:
    kind: SignalKind
    weight: int
    evidence: str


@dataclass(frozen=True)
class AttritionRisk:
    level: Level
    points: int
    signals: tuple[Signal, ...]


def _level(points: int) -> Level:
    if points >= HIGH_FROM:
        return Level.HIGH
    if points >= MEDIUM_FROM:
        return Level.MEDIUM
    if points >= 1:
        return Level.LOW
    return Level.NONE


def _wish_signal(wishes: tuple[WishToLeave, ...]) -> Signal | None:
    if not wishes:
        return None
    newest = max(wishes, key=lambda wish: wish.noted_on)
    more = f" ({len(wishes)} notes in 180 days)" if len(wishes) > 1 else ""
    return Signal(
        SignalKind.WISH_TO_LEAVE,
        WISH_WEIGHT,
        f"On {newest.noted_on.isoformat()} said they may leave: “{newest.said}” "
        f"(noted by {newest.noted_by}){more}.",
    )


def _engagement_signal(engagement: Engagement | None) -> Signal | None:
    if engagement is None or engagement.trend_per_month is None:
        return None
    if engagement.trend_per_month > ENGAGEMENT_FALL_PER_MONTH:
        return None
    return Signal(
        SignalKind.ENGAGEMENT,
        ENGAGEMENT_WEIGHT,
        f"Engagement check-ins fall by {-engagement.trend_per_month:.1f} points a month over "
        f"{engagement.checkins} check-ins in 90 days; the newest is {engagement.newest:.0f}/100.",
    )


def _absence_signal(absence: Absence | None) -> Signal | None:
    if absence is None or absence.recent_absent < ABSENCE_MIN_DAYS:
        return None
    recent = Absence.share(absence.recent_absent, absence.recent_scheduled)
    earlier = Absence.share(absence.earlier_absent, absence.earlier_scheduled) or 0.0
    if recent is None or recent - earlier < ABSENCE_RISE_POINTS:
        return None
    return Signal(
        SignalKind.ABSENCE,
        ABSENCE_WEIGHT,
        f"Absent {absence.recent_absent} of {absence.recent_scheduled} scheduled days in the "
        f"last 4 weeks ({recent:.0f} %), against {absence.earlier_absent} of "
        f"{absence.earlier_scheduled} in the 8 weeks before ({earlier:.0f} %).",
    )


def _metric_signals(changes: tuple[MetricChange, ...]) -> list[Signal]:
    worse = [change for change in changes if change.worse_share >= METRIC_WORSE_SHARE]
    worse.sort(key=lambda change: (-change.worse_share, change.name))
    return [
        Signal(
            SignalKind.METRIC_AFTER_STAGE,
            METRIC_WEIGHT,
            f"{change.name} {change.before:.1f} → {change.after:.1f} "
            f"({100 * change.worse_share:.0f} % worse) in the 4 weeks after the move to "
            f"{change.stage} on {change.changed_on.isoformat()}, against the 4 weeks before.",
        )
        for change in worse[:METRIC_WEIGHT_CAP]
    ]


def attrition_risk(data: AttritionInput) -> AttritionRisk:
    """The agent's signals, strongest first, their points and the level they add up to."""
    signals = [
        signal
        for signal in (
            _wish_signal(data.wishes),
            _engagement_signal(data.engagement),
            _absence_signal(data.absence),
        )
        if signal is not None
    ]
    signals.extend(_metric_signals(data.metric_changes))
    points = sum(signal.weight for signal in signals)
    return AttritionRisk(_level(points), points, tuple(signals))
