"""A queue's forecast from its stored interval history, through the forecasting engine.

History and forecast are on the site's local clock (aware datetimes in the site's zone), so
"the 09:00 interval on Mondays" means 09:00 where the queue's agents work, across changes of
daylight-saving time. The backtest is rolling-origin: at each of the last `weeks` weeks the
model sees only the days before and forecasts that week; WAPE and MASE are over every
held-out interval, special days neither learned from nor scored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Max
from django.utils.translation import gettext as _

from floorwalk.engine import forecast as engine
from floorwalk.org.models import Queue, Site
from floorwalk.wfm.models import ForecastModel, IntervalVolume, SpecialDay
from floorwalk.wfm.selectors import interval_minutes_for, site_zone

HISTORY_WEEKS = 52  # the most history a forecast learns from
BACKTEST_WEEKS = (4, 2, 1)  # held-out weeks, the most the history allows
CANDIDATES = (ForecastModel.DAILY_PROFILE, ForecastModel.SEASONAL_NAIVE)  # preferred on a tie


@dataclass
class ChoiceOncePerHistory:
    """The tuned model, choosing its parameters once per history instead of once per target
    day. The engine's `BestOnRecentDays.predict` chooses from the history alone, so every
    target day of one origin gets the same choice: the forecasts are identical to the
    engine's, in a fraction of the time (56 days ahead: 0.1 s instead of 2.5 s)."""

    tuned: engine.BestOnRecentDays
    _chosen: dict[tuple[int, date, date], engine.Model] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.tuned.name

    def predict(self, history: engine.DayGrid, target: date) -> engine.FloatArray:
        key = (len(history.days), history.days[0], history.days[-1]) if history.days else None
        if key is None:
            return self.tuned.predict(history, target)
        if key not in self._chosen:
            self._chosen[key] = self.tuned.choose(history)
        return self._chosen[key].predict(history, target)


def engine_model(code: str) -> engine.Model:
    if code == ForecastModel.SEASONAL_NAIVE:
        return engine.seasonal_naive()
    if code == ForecastModel.DAILY_PROFILE:
        return ChoiceOncePerHistory(engine.daily_volume_profile_tuned())
    raise ValueError(code)


def history_series(queue: Queue) -> engine.IntervalSeries | None:
    """The queue's last `HISTORY_WEEKS` weeks of interval history on the site's clock."""
    latest = IntervalVolume.objects.filter(queue=queue).aggregate(last=Max("interval_start"))
    if latest["last"] is None:
        return None
    zone = site_zone(queue.site)
    minutes = interval_minutes_for(queue.site)
    from_day = latest["last"].astimezone(zone).date() - timedelta(weeks=HISTORY_WEEKS)
    rows = (
        IntervalVolume.objects.filter(
            queue=queue, interval_start__gte=datetime.combine(from_day, time(), tzinfo=zone)
        )
        .order_by("interval_start")
        .values_list("interval_start", "offered", "aht_seconds")
    )
    starts, offered, aht = [], [], []
    for start, count, seconds in rows:
        starts.append(start.astimezone(zone))
        offered.append(float(count))
        aht.append(float(seconds))
    return engine.IntervalSeries(tuple(starts), tuple(offered), minutes, tuple(aht))


def special_days_of(site: Site) -> engine.SpecialDays:
    days = list(SpecialDay.objects.filter(site=site).values_list("date", "volume_factor"))
    return engine.SpecialDays(
        excluded=frozenset(day for day, _factor in days),
        multipliers=dict(days),
    )


@dataclass(frozen=True)
class ForecastComputation:
    model: str
    interval_minutes: int
    history_start: date
    history_end: date
    first_day: date | None
    last_day: date | None
    starts: tuple
    volumes: tuple[float, ...]
    aht_seconds: tuple[float, ...]
    backtest_wape: float | None
    backtest_mase: float | None
    backtest_weeks: int
    backtest_days: int
    candidates: dict[str, dict[str, float | str | None]]


def _finite(value: float) -> float | None:
    return None if math.isnan(value) or math.isinf(value) else value


def _backtest_weeks(grid: engine.DayGrid) -> tuple[int, int]:
    """(held-out weeks, open days a week): as many weeks as leave two weeks to learn from."""
    per_week = len({day.weekday() for day in grid.days})
    for weeks in BACKTEST_WEEKS:
        if len(grid.days) >= (weeks + 2) * per_week:
            return weeks, per_week
    raise ValueError(
        _(
            "The queue has %(days)d days of interval history; a forecast and its backtest need "
            "at least three weeks. Build the history from interactions or import it."
        )
        % {"days": len(grid.days)}
    )


def backtests(
    series: engine.IntervalSeries, special: engine.SpecialDays
) -> tuple[int, dict[str, dict[str, float | str | None]]]:
    """Every candidate's backtest over the held-out weeks: {model: {wape, mase, days}}."""
    grid = engine.to_grid(series)
    weeks, per_week = _backtest_weeks(grid)
    results: dict[str, dict[str, float | str | None]] = {}
    for code in CANDIDATES:
        try:
            scored = engine.backtest(
                grid,
                engine_model(code),
                weeks * per_week,
                origin_step=per_week,
                horizon_days=per_week,
                special_days=special,
            )
        except ValueError as error:
            results[code] = {"error": str(error)}
            continue
        results[code] = {
            "wape": _finite(scored.wape),
            "mase": _finite(scored.mase),
            "days": float(scored.days_forecast),
        }
    return weeks, results


def _best(candidates: dict[str, dict[str, float | str | None]]) -> str:
    scored = [
        (float(result["wape"]), index, code)  # type: ignore[arg-type]
        for index, (code, result) in enumerate(candidates.items())
        if result.get("wape") is not None
    ]
    if not scored:
        raise ValueError(_("No model could be backtested on this history."))
    return min(scored)[2]


def compute_forecast(*, queue: Queue, horizon_days: int, requested: str) -> ForecastComputation:
    """The queue's forecast for the `horizon_days` after its history, by the requested model
    (or the one with the lowest backtest WAPE), with every candidate's backtest."""
    series = history_series(queue)
    if series is None:
        raise ValueError(
            _("The queue has no interval history yet: build it from interactions or import it.")
        )
    special = special_days_of(queue.site)
    weeks, candidates = backtests(series, special)
    code = _best(candidates) if requested == ForecastModel.BEST else requested
    result = candidates.get(code, {})
    if "error" in result:
        raise ValueError(str(result["error"]))
    made = engine.forecast(series, horizon_days, engine_model(code), special)
    days = sorted({start.date() for start in made.starts})
    aht = made.aht_seconds or (0.0,) * len(made.offered)
    return ForecastComputation(
        model=code,
        interval_minutes=series.interval_minutes,
        history_start=series.starts[0].date(),
        history_end=series.starts[-1].date(),
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
        starts=made.starts,
        volumes=tuple(float(v) for v in made.offered),
        aht_seconds=tuple(float(v) for v in aht),
        backtest_wape=result.get("wape"),  # type: ignore[arg-type]
        backtest_mase=result.get("mase"),  # type: ignore[arg-type]
        backtest_weeks=weeks,
        backtest_days=int(result.get("days") or 0),  # type: ignore[call-overload]
        candidates=candidates,
    )
