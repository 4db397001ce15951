"""Interval forecasts of offered contacts: baselines, a daily-volume × intraday-profile model,
special days, and rolling-origin backtests (WAPE, MASE).

A series is a list of interval starts with the contacts offered in each. Models work on a
day × interval-of-day grid: one row per open day (a day with any history), one column per
interval of the opening hours. "Same-type days" are weekdays for Monday to Friday, and
Saturdays or Sundays each for themselves, so weekday-only data (most back offices, many
banks) is a plain sequence of weekdays.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
MAX_HORIZON_DAYS = 56  # eight weeks
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class IntervalSeries:
    """Offered contacts (and their average handle time) per interval, in time order."""

    starts: tuple[datetime, ...]
    offered: tuple[float, ...]
    interval_minutes: int
    aht_seconds: tuple[float, ...] = ()  # empty when unknown

    def __post_init__(self) -> None:
        if len(self.starts) != len(self.offered):
            raise ValueError("starts and offered must have the same length")
        if self.aht_seconds and len(self.aht_seconds) != len(self.offered):
            raise ValueError("aht_seconds must be empty or as long as offered")
        if self.interval_minutes <= 0 or MINUTES_PER_DAY % self.interval_minutes:
            raise ValueError("interval_minutes must divide a day")


@dataclass(frozen=True)
class Forecast:
    """Forecast offered contacts (and average handle time, when the history has it) per
    interval."""

    starts: tuple[datetime, ...]
    offered: tuple[float, ...]
    interval_minutes: int
    aht_seconds: tuple[float, ...] = ()


@dataclass(frozen=True)
class SpecialDays:
    """Holidays and special days.

    `excluded` days are left out of the history the models learn from (a holiday's low
    volume or a storm's peak would otherwise distort the next weeks' levels and profiles).
    `multipliers` scale a forecast day's every interval (0.6 for a day expected at 60 % of a
    normal day; 0 for a closed day). A date can be in both: excluded when it is history, and
    scaled when it is forecast.
    """

    excluded: frozenset[date] = frozenset()
    multipliers: Mapping[date, float] = field(default_factory=dict)


@dataclass(frozen=True)
class DayGrid:
    """History as a matrix: one row per open day, one column per interval of the day."""

    days: tuple[date, ...]
    slot_minutes: tuple[int, ...]  # minutes after midnight of each column's start
    values: FloatArray  # len(days) × len(slot_minutes)
    interval_minutes: int

    def before(self, day: date) -> DayGrid:
        """The grid restricted to days before `day` (what is known at that origin)."""
        count = sum(1 for d in self.days if d < day)
        return DayGrid(
            self.days[:count], self.slot_minutes, self.values[:count], self.interval_minutes
        )

    def without(self, excluded: frozenset[date]) -> DayGrid:
        keep = [i for i, d in enumerate(self.days) if d not in excluded]
        return DayGrid(
            tuple(self.days[i] for i in keep),
            self.slot_minutes,
            self.values[keep],
            self.interval_minutes,
        )


def day_type(day: date) -> int:
    """0 for Monday to Friday; 5 for Saturday, 6 for Sunday."""
    weekday = day.weekday()
    return 0 if weekday < 5 else weekday


# --------------------------------------------------------------------------------------------
# Aggregation and grids
# --------------------------------------------------------------------------------------------


def aggregate(series: IntervalSeries, minutes: int) -> IntervalSeries:
    """Sum offered contacts into intervals of `minutes` (a multiple of the series' interval).

    Intervals are aligned to midnight, so 07:05 falls into 07:00–07:15. AHT is the
    volume-weighted mean of the parts (the plain mean when an interval has no contacts).
    """
    if minutes % series.interval_minutes or MINUTES_PER_DAY % minutes:
        raise ValueError("minutes must be a multiple of the interval and divide a day")
    sums: dict[datetime, float] = {}
    handle: dict[datetime, float] = {}
    plain: dict[datetime, list[float]] = {}
    for index, (start, offered) in enumerate(zip(series.starts, series.offered, strict=True)):
        minute_of_day = start.hour * 60 + start.minute
        bucket = start.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(
            minutes=minute_of_day - minute_of_day % minutes
        )
        sums[bucket] = sums.get(bucket, 0.0) + offered
        if series.aht_seconds:
            aht = series.aht_seconds[index]
            handle[bucket] = handle.get(bucket, 0.0) + aht * offered
            plain.setdefault(bucket, []).append(aht)
    starts = tuple(sorted(sums))
    aht_out: tuple[float, ...] = ()
    if series.aht_seconds:
        aht_out = tuple(
            handle[s] / sums[s] if sums[s] > 0 else float(np.mean(plain[s])) for s in starts
        )
    return IntervalSeries(starts, tuple(sums[s] for s in starts), minutes, aht_out)


def to_grid(series: IntervalSeries) -> DayGrid:
    """The series as days × intervals of the day; intervals with no row count as zero."""
    days = sorted({s.date() for s in series.starts})
    slots = sorted({s.hour * 60 + s.minute for s in series.starts})
    day_index = {d: i for i, d in enumerate(days)}
    slot_index = {m: j for j, m in enumerate(slots)}
    values = np.zeros((len(days), len(slots)))
    for start, offered in zip(series.starts, series.offered, strict=True):
        values[day_index[start.date()], slot_index[start.hour * 60 + start.minute]] += offered
    return DayGrid(tuple(days), tuple(slots), values, series.interval_minutes)


# --------------------------------------------------------------------------------------------
# Models: each predicts the intervals of target days from the grid of the days before
# --------------------------------------------------------------------------------------------


class Model(Protocol):
    """A forecasting model: the intervals of `target` from the days before it."""

    @property
    def name(self) -> str: ...

    def predict(self, history: DayGrid, target: date) -> FloatArray: ...


def _same_type_rows(history: DayGrid, target: date) -> list[int]:
    kind = day_type(target)
    return [i for i, d in enumerate(history.days) if day_type(d) == kind]


@dataclass(frozen=True)
class SeasonalNaive:
    """The same interval of the latest history day that falls on the target's weekday.

    With full weeks that is one week earlier; for weekday-only data it is one week of
    weekdays (five open days) earlier. Falls back to the latest same-type day.
    """

    name: str = "seasonal naive"

    def predict(self, history: DayGrid, target: date) -> FloatArray:
        same_weekday = [i for i, d in enumerate(history.days) if d.weekday() == target.weekday()]
        rows = same_weekday or _same_type_rows(history, target)
        if not rows:
            raise ValueError("no history of this day type")
        return np.asarray(history.values[rows[-1]], dtype=np.float64)


@dataclass(frozen=True)
class SameIntervalMean:
    """The mean of the same interval over the last `last_k_days` same-type days."""

    last_k_days: int = 5
    name: str = "same-interval mean"

    def predict(self, history: DayGrid, target: date) -> FloatArray:
        rows = _same_type_rows(history, target)[-self.last_k_days :]
        if not rows:
            raise ValueError("no history of this day type")
        return np.asarray(history.values[rows].mean(axis=0), dtype=np.float64)


@dataclass(frozen=True)
class DailyVolumeProfile:
    """Daily volume × intraday profile.

    Daily volume: each weekday's effect is its mean daily total over the last
    `effect_days` same-type days divided by their overall mean (Mondays in a bank run well
    above Fridays); the totals divided by their weekday effect are smoothed exponentially
    (`level_alpha`, simple exponential smoothing), and the level times the target weekday's
    effect is the day's forecast. Intraday profile: the mean share of each interval over
    the last `weekday_profile_days` days on the target's weekday, shrunk towards the mean
    share over the last `overall_profile_days` same-type days by `shrinkage` (0: the weekday's
    own profile; 1: the overall one): a weekday's profile from four days is noisy, the
    overall profile misses how Mondays differ.
    """

    level_alpha: float = 0.4
    effect_days: int = 40
    weekday_profile_days: int = 4
    overall_profile_days: int = 10
    shrinkage: float = 0.5
    name: str = "daily volume × profile"

    def predict(self, history: DayGrid, target: date) -> FloatArray:
        rows = _same_type_rows(history, target)
        if not rows:
            raise ValueError("no history of this day type")
        values = history.values[rows]
        weekdays = np.array([history.days[i].weekday() for i in rows])
        totals = values.sum(axis=1)
        effect = self._weekday_effects(totals, weekdays)
        level = self._level(totals / effect[weekdays])
        profile = self._profile(values, totals, weekdays, target.weekday())
        return np.asarray(level * effect[target.weekday()] * profile, dtype=np.float64)

    def _weekday_effects(self, totals: FloatArray, weekdays: npt.NDArray[np.int64]) -> FloatArray:
        recent, recent_days = totals[-self.effect_days :], weekdays[-self.effect_days :]
        overall = recent.mean()
        effect = np.ones(7)
        if overall <= 0:
            return effect
        for weekday in set(recent_days.tolist()):
            effect[weekday] = recent[recent_days == weekday].mean() / overall
        effect[effect <= 0] = 1.0  # a weekday with no volume at all carries no information
        return effect

    def _level(self, deseasonalised: FloatArray) -> float:
        level = float(deseasonalised[0])
        for total in deseasonalised[1:]:
            level = self.level_alpha * float(total) + (1 - self.level_alpha) * level
        return level

    def _profile(
        self, values: FloatArray, totals: FloatArray, weekdays: npt.NDArray[np.int64], weekday: int
    ) -> FloatArray:
        open_days = totals > 0
        shares = values[open_days] / totals[open_days, None]
        overall = shares[-self.overall_profile_days :].mean(axis=0)
        own = shares[weekdays[open_days] == weekday][-self.weekday_profile_days :]
        if len(own) == 0:
            return np.asarray(overall, dtype=np.float64)
        blended = self.shrinkage * overall + (1 - self.shrinkage) * own.mean(axis=0)
        return np.asarray(blended, dtype=np.float64)


@dataclass(frozen=True)
class EwSameInterval:
    """Exponentially weighted mean of the same interval over all same-type days (weight
    `(1 - decay)` per day of age)."""

    decay: float = 0.1
    name: str = "exponentially weighted same-interval mean"

    def predict(self, history: DayGrid, target: date) -> FloatArray:
        rows = _same_type_rows(history, target)
        if not rows:
            raise ValueError("no history of this day type")
        weights = (1 - self.decay) ** np.arange(len(rows))[::-1]
        return np.asarray(weights @ history.values[rows] / weights.sum(), dtype=np.float64)


@dataclass(frozen=True)
class BestOnRecentDays:
    """At each forecast, the candidate with the lowest WAPE over the last `validation_days`
    days of the history (rolling origin, one day ahead), so parameters are chosen from the
    past only and follow changes in the series. With too short a history, the first
    candidate."""

    candidates: tuple[Model, ...]
    validation_days: int = 20
    name: str = "best candidate on recent days"

    def predict(self, history: DayGrid, target: date) -> FloatArray:
        return self.choose(history).predict(history, target)

    def choose(self, history: DayGrid) -> Model:
        # the validation forecasts need some history of their own before the first one
        if len(history.days) < 2 * self.validation_days:
            return self.candidates[0]
        scores = []
        for candidate in self.candidates:
            rolled = rolling_forecasts(history, candidate, self.validation_days)
            scores.append(float(np.abs(rolled.actual - rolled.predicted).sum()))
        return self.candidates[int(np.argmin(scores))]


def daily_volume_profile_tuned(validation_days: int = 20) -> BestOnRecentDays:
    """Daily volume × profile with its level smoothing and profile shrinkage chosen on the
    recent past at each forecast, from a 3 × 3 grid."""
    grid = tuple(
        DailyVolumeProfile(level_alpha=alpha, shrinkage=shrinkage)
        for alpha in (0.2, 0.4, 0.6)
        for shrinkage in (0.25, 0.5, 0.75)
    )
    return BestOnRecentDays(grid, validation_days, name="daily volume × profile, tuned")


def seasonal_naive() -> SeasonalNaive:
    return SeasonalNaive()


def same_interval_mean(last_k_days: int = 5) -> SameIntervalMean:
    return SameIntervalMean(last_k_days)


# --------------------------------------------------------------------------------------------
# Forecasting
# --------------------------------------------------------------------------------------------


def open_days_after(history: DayGrid, horizon_days: int) -> list[date]:
    """Calendar days in the `horizon_days` after the last history day whose day type occurs
    in the history (weekday-only history gives weekdays only)."""
    if not 1 <= horizon_days <= MAX_HORIZON_DAYS:
        raise ValueError(f"horizon_days must be between 1 and {MAX_HORIZON_DAYS}")
    kinds = {day_type(d) for d in history.days}
    last = history.days[-1]
    candidates = (last + timedelta(days=n) for n in range(1, horizon_days + 1))
    return [d for d in candidates if day_type(d) in kinds]


def forecast_grid(
    history: DayGrid, targets: Sequence[date], model: Model, special_days: SpecialDays
) -> FloatArray:
    """Forecast rows for `targets` from `history` (special days excluded, multipliers applied)."""
    learn_from = history.without(special_days.excluded)
    rows = [
        model.predict(learn_from, day) * special_days.multipliers.get(day, 1.0) for day in targets
    ]
    return np.array(rows, dtype=np.float64).reshape(len(targets), len(history.slot_minutes))


HANDLE_TIME_DAYS = 20


def handle_time_by_interval(
    history: IntervalSeries, special_days: SpecialDays, days: int = HANDLE_TIME_DAYS
) -> FloatArray:
    """Average handle time per interval of the day over the last `days` history days
    (special days left out), weighted by the contacts offered; an interval with no contacts
    in that time takes the overall mean. Handle time moves slowly, so a plain recent mean
    serves."""
    volume = to_grid(history).without(special_days.excluded)
    handled = IntervalSeries(
        history.starts,
        tuple(a * o for a, o in zip(history.aht_seconds, history.offered, strict=True)),
        history.interval_minutes,
    )
    seconds = to_grid(handled).without(special_days.excluded)
    offered = volume.values[-days:].sum(axis=0)
    total_seconds = seconds.values[-days:].sum(axis=0)
    overall = total_seconds.sum() / offered.sum() if offered.sum() > 0 else 0.0
    safe = np.where(offered > 0, offered, 1.0)
    return np.asarray(np.where(offered > 0, total_seconds / safe, overall), dtype=np.float64)


def forecast(
    history: IntervalSeries,
    horizon_days: int,
    model: Model,
    special_days: SpecialDays | None = None,
) -> Forecast:
    """Forecast every interval of the open days in the `horizon_days` (at most 56) after the
    history's last day, at the history's interval length and on its intervals of the day.
    Every day is forecast from the history alone (no forecast feeds another)."""
    special = special_days or SpecialDays()
    grid = to_grid(history)
    targets = open_days_after(grid, horizon_days)
    values = forecast_grid(grid, targets, model, special)
    starts = tuple(
        datetime.combine(day, datetime.min.time(), tzinfo=history.starts[0].tzinfo)
        + timedelta(minutes=minute)
        for day in targets
        for minute in grid.slot_minutes
    )
    aht: tuple[float, ...] = ()
    if history.aht_seconds:
        aht = tuple(float(v) for v in handle_time_by_interval(history, special)) * len(targets)
    offered = tuple(float(v) for v in values.ravel())
    return Forecast(starts, offered, history.interval_minutes, aht)


# --------------------------------------------------------------------------------------------
# Metrics and backtests
# --------------------------------------------------------------------------------------------


def wape(actual: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    """Weighted absolute percentage error: Σ|actual − forecast| / Σ actual (a fraction)."""
    a = np.asarray(actual, dtype=np.float64)
    f = np.asarray(predicted, dtype=np.float64)
    total = a.sum()
    if total <= 0:
        raise ValueError("WAPE needs a positive actual total")
    return float(np.abs(a - f).sum() / total)


def mase(actual: npt.ArrayLike, predicted: npt.ArrayLike, naive_mae: float) -> float:
    """Mean absolute scaled error: the forecast's mean absolute error over `naive_mae`, the
    in-sample mean absolute error of the seasonal-naive forecast (below 1: better than it)."""
    if naive_mae <= 0:
        raise ValueError("MASE needs a positive naive error")
    a = np.asarray(actual, dtype=np.float64)
    f = np.asarray(predicted, dtype=np.float64)
    return float(np.abs(a - f).mean() / naive_mae)


def seasonal_naive_mae(history: DayGrid) -> float:
    """In-sample MAE of the seasonal-naive forecast over `history` (each day against the
    latest earlier day on the same weekday)."""
    naive = SeasonalNaive()
    errors = []
    for index, day in enumerate(history.days):
        earlier = DayGrid(
            history.days[:index],
            history.slot_minutes,
            history.values[:index],
            history.interval_minutes,
        )
        if any(d.weekday() == day.weekday() for d in earlier.days):
            errors.append(np.abs(history.values[index] - naive.predict(earlier, day)))
    if not errors:
        raise ValueError("the history is too short for a seasonal-naive error")
    return float(np.mean(errors))


@dataclass(frozen=True)
class Backtest:
    """Rolling-origin backtest result: errors over every held-out forecast interval."""

    model: str
    wape: float
    mase: float
    origins: int
    days_forecast: int


@dataclass(frozen=True)
class RollingForecasts:
    """What a rolling-origin backtest compares: each scored day, its actual intervals and the
    forecast made at its origin."""

    days: tuple[date, ...]
    actual: FloatArray  # len(days) × intervals of the day
    predicted: FloatArray
    origins: int  # origins with at least one day scored


def rolling_forecasts(
    grid: DayGrid,
    model: Model,
    held_out_days: int,
    origin_step: int = 1,
    horizon_days: int = 1,
    special_days: SpecialDays | None = None,
) -> RollingForecasts:
    """Rolling origin over the last `held_out_days` open days: at each origin (every
    `origin_step` open days) the model sees only the days before it and forecasts the next
    `horizon_days` open days that are held out. Special days are neither learned from nor
    scored."""
    special = special_days or SpecialDays()
    if not 0 < held_out_days < len(grid.days):
        raise ValueError("held_out_days must leave some history")
    if origin_step < 1 or horizon_days < 1:
        raise ValueError("origin_step and horizon_days must be positive")
    first = len(grid.days) - held_out_days
    row_of = {day: row for row, day in enumerate(grid.days)}
    days: list[date] = []
    actual: list[FloatArray] = []
    predicted: list[FloatArray] = []
    for origin in range(first, len(grid.days), origin_step):
        history = grid.before(grid.days[origin])
        targets = [
            d for d in grid.days[origin : origin + horizon_days] if d not in special.excluded
        ]
        if not targets:
            continue
        days.extend(targets)
        predicted.append(forecast_grid(history, targets, model, special))
        actual.append(grid.values[[row_of[d] for d in targets]])
    width = len(grid.slot_minutes)
    return RollingForecasts(
        tuple(days),
        np.concatenate(actual) if actual else np.zeros((0, width)),
        np.concatenate(predicted) if predicted else np.zeros((0, width)),
        len(predicted),
    )


def backtest(
    series: IntervalSeries | DayGrid,
    model: Model,
    held_out_days: int,
    origin_step: int = 1,
    horizon_days: int = 1,
    special_days: SpecialDays | None = None,
) -> Backtest:
    """WAPE and MASE of `rolling_forecasts` over every scored interval. MASE is scaled by
    the seasonal-naive MAE on the days before the first origin (special days left out), and
    is NaN when that error is zero."""
    special = special_days or SpecialDays()
    grid = series if isinstance(series, DayGrid) else to_grid(series)
    rolled = rolling_forecasts(grid, model, held_out_days, origin_step, horizon_days, special)
    if not rolled.days:
        raise ValueError("no held-out day to score")
    first = grid.days[len(grid.days) - held_out_days]
    scale = seasonal_naive_mae(grid.before(first).without(special.excluded))
    # a history the seasonal naive forecast fits exactly gives MASE no scale: NaN
    scaled = mase(rolled.actual, rolled.predicted, scale) if scale > 0 else math.nan
    return Backtest(
        model.name,
        wape(rolled.actual, rolled.predicted),
        scaled,
        rolled.origins,
        len(rolled.days),
    )
