"""Forecast accuracy on real call arrivals: a bank's five-minute counts over 164 weekdays.

    .venv/bin/python bench/bench_forecast_bank.py [--data PATH] [--warm-up 20]

Rolling origin, one day ahead, one-day steps: for every day after the first `--warm-up`
days, each model sees only the days before it and forecasts that day's intervals. Every model
is scored on the same days. Anchor, measured in the same run: the mean of the same interval
over the last five weekdays. Prints WAPE and MASE per model, and each model's WAPE relative
to the anchor, at 15-minute resolution, and for the baselines and the daily volume × profile
models at 5 minutes; then 20 open days (four weeks) ahead from an origin every five days.
"""

import argparse
import csv
import time
from datetime import datetime
from pathlib import Path

from floorwalk.engine.forecast import (
    DailyVolumeProfile,
    EwSameInterval,
    IntervalSeries,
    Model,
    SameIntervalMean,
    SeasonalNaive,
    aggregate,
    backtest,
    daily_volume_profile_tuned,
    to_grid,
)

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/us_bank_2003/bank_calls.csv"


def load(path: Path) -> IntervalSeries:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    starts = tuple(datetime.fromisoformat(row["DateTime"]) for row in rows)
    return IntervalSeries(starts, tuple(float(row["Calls"]) for row in rows), 5)


def models() -> list[Model]:
    return [
        SameIntervalMean(5, name="same-interval mean, last 5 weekdays (anchor)"),
        SeasonalNaive(name="seasonal naive (same weekday, one week earlier)"),
        SameIntervalMean(10, name="same-interval mean, last 10 weekdays"),
        EwSameInterval(0.1, name="exponentially weighted same-interval mean, decay 0.1"),
        DailyVolumeProfile(shrinkage=1.0, name="daily volume × profile, overall profile only"),
        DailyVolumeProfile(shrinkage=0.0, name="daily volume × profile, weekday profile only"),
        DailyVolumeProfile(level_alpha=0.2, name="daily volume × profile, level alpha 0.2"),
        DailyVolumeProfile(name="daily volume × profile (default)"),
        daily_volume_profile_tuned(),
    ]


def report(
    series: IntervalSeries, held_out: int, chosen: list[Model], step: int = 1, horizon: int = 1
) -> None:
    grid = to_grid(series)
    anchor_wape = None
    print(
        f"\n{series.interval_minutes}-minute intervals, {held_out} days held out, "
        f"origins every {step} day(s), {horizon} open day(s) ahead"
    )
    print(f"{'model':<62} {'WAPE':>7} {'MASE':>6} {'vs anchor':>9} {'time':>7}")
    for model in chosen:
        started = time.perf_counter()
        result = backtest(grid, model, held_out, origin_step=step, horizon_days=horizon)
        elapsed = time.perf_counter() - started
        anchor_wape = anchor_wape or result.wape
        relative = 1 - result.wape / anchor_wape
        figures = f"{result.wape:7.2%} {result.mase:6.3f} {relative:+9.1%} {elapsed:6.2f}s"
        print(f"{model.name:<62} {figures}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--warm-up", type=int, default=20, help="days before the first origin")
    args = parser.parse_args()
    five = load(args.data)
    days = len(to_grid(five).days)
    held_out = days - args.warm_up
    print(f"{days} days; origins: every day after the first {args.warm_up} ({held_out} days)")
    report(aggregate(five, 15), held_out, models())
    chosen = models()
    report(five, held_out, [chosen[0], chosen[1], chosen[-2], chosen[-1]])
    # four weeks of weekdays ahead, the horizon a schedule is made for
    report(aggregate(five, 15), held_out, [chosen[0], chosen[1], chosen[-2]], step=5, horizon=20)


if __name__ == "__main__":
    main()
