"""Erlang C staffing for a year of 15-minute intervals, against pyworkforce's ErlangC.

    .venv/bin/python bench/bench_erlang.py --intervals 35040 --sample 500

One queue, 35,040 intervals, traffic uniform in 1–2,000 Erlangs and handle time uniform in
180–600 s (seeded), 80 % answered within 20 s, 30 % shrinkage, no occupancy cap. Ours: one
vectorised call for all intervals (best of --repeat runs). Anchor, measured in the same run:
pyworkforce's ErlangC.required_positions, one interval at a time, on the first --sample
intervals; its time per interval is extrapolated to the whole year (said so in the output).
The two are compared interval by interval on the sample: agents before shrinkage, and agents
after shrinkage against the exact ⌈N / (1 − s)⌉ computed with fractions.
"""

import argparse
import math
import time
from fractions import Fraction

import numpy as np
from pyworkforce.queuing import ErlangC

from floorwalk.engine.erlang import Target, required_agents

INTERVAL_MINUTES = 15


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intervals", type=int, default=35_040)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    traffic = rng.uniform(1, 2000, args.intervals)
    aht = rng.uniform(180, 600, args.intervals)
    volume = traffic * INTERVAL_MINUTES * 60 / aht
    target = Target(service_level=0.8, answer_within_seconds=20, shrinkage=0.3)

    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        ours = required_agents(traffic, aht, target)
        timings.append(time.perf_counter() - started)
    ours_seconds = min(timings)

    sample = min(args.sample, args.intervals)
    theirs_raw, theirs_scheduled = [], []
    started = time.perf_counter()
    for i in range(sample):
        result = ErlangC(
            transactions=volume[i],
            aht=aht[i] / 60,
            asa=20 / 60,
            interval=INTERVAL_MINUTES,
            shrinkage=0.3,
        ).required_positions(service_level=0.8)
        theirs_raw.append(result["raw_positions"])
        theirs_scheduled.append(result["positions"])
    theirs_per_interval = (time.perf_counter() - started) / sample

    exact = [math.ceil(Fraction(int(n)) / Fraction(7, 10)) for n in ours.agents[:sample]]
    raw_differ = sum(int(a != b) for a, b in zip(ours.agents[:sample], theirs_raw, strict=True))
    ours_vs_exact = sum(
        int(a != b) for a, b in zip(ours.scheduled_agents[:sample], exact, strict=True)
    )
    spurious = sum(int(b == e + 1) for b, e in zip(theirs_scheduled, exact, strict=True))
    other = sum(int(b != e and b != e + 1) for b, e in zip(theirs_scheduled, exact, strict=True))
    float_ceil_all = sum(
        int(math.ceil(int(n) / (1 - 0.3)) != math.ceil(Fraction(int(n)) / Fraction(7, 10)))
        for n in ours.agents
    )

    ours_per_interval = ours_seconds / args.intervals
    print(f"intervals:                {args.intervals:,} (traffic 1–2,000 E, AHT 180–600 s)")
    print(
        f"ours, vectorised:         {ours_seconds * 1e3:.1f} ms "
        f"({ours_per_interval * 1e6:.2f} µs per interval, best of {args.repeat})"
    )
    print(
        f"pyworkforce ErlangC:      {theirs_per_interval * 1e3:.2f} ms per interval "
        f"(timed on {sample} intervals, extrapolated: "
        f"{theirs_per_interval * args.intervals:.0f} s for the year)"
    )
    print(
        f"ratio pyworkforce/ours:   {theirs_per_interval / ours_per_interval:,.0f}x (goal >= 500)"
    )
    print(f"on the {sample} compared intervals:")
    print(f"  agents before shrinkage differ:          {raw_differ}")
    print(f"  ours after shrinkage differ from exact:  {ours_vs_exact}")
    print(f"  pyworkforce after shrinkage one above exact (float ceil): {spurious}")
    print(f"  pyworkforce after shrinkage otherwise different:          {other}")
    print(
        f"float ceil(N / (1 - 0.3)) wrong on the whole year: {float_ceil_all:,} intervals "
        f"({float_ceil_all / args.intervals:.1%})"
    )


if __name__ == "__main__":
    main()
