"""How fast the synthetic floor is generated and written, against a plain CSV write.

    .venv/bin/python bench/bench_synthetic.py --agents 1000 --months 12

Anchor: Python's csv.writer writing the same number of constant 12-column rows to a file,
measured in the same run. The ratio says what the simulation costs on top of the writing.
"""

import argparse
import csv
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from floorwalk.engine.formats import INTERACTION_COLUMNS
from floorwalk.synthetic.files import write_interactions_csv
from floorwalk.synthetic.floor import FloorSpec, build_floor

CONSTANT_ROW = (
    "I000000001", "E00001", "Billing voice", "voice", "2026-10-01T09:14:05+02:00",
    "245", "0", "31", "resolved", "true", "5", "9",
)  # fmt: skip


def time_generator(spec: FloorSpec, path: Path) -> tuple[int, float, float]:
    started = time.perf_counter()
    rows = write_interactions_csv(build_floor(spec), path)
    seconds = time.perf_counter() - started
    return rows, seconds, peak_rss_mib()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_plain_csv(rows: int, path: Path) -> float:
    started = time.perf_counter()
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(INTERACTION_COLUMNS)
        writer.writerows(CONSTANT_ROW for _ in range(rows))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    spec = FloorSpec(agents=args.agents, months=args.months, seed=args.seed, end=date(2026, 10, 31))
    with tempfile.TemporaryDirectory() as folder:
        rows, generator_seconds, peak_mib = time_generator(spec, Path(folder) / "generated.csv")
        (Path(folder) / "generated.csv").unlink()
        anchor_seconds = time_plain_csv(rows, Path(folder) / "plain.csv")
    print(f"floor: {args.agents} agents x {args.months} months, seed {args.seed}")
    print(f"interactions:            {rows:,}")
    generator_rate = rows / generator_seconds
    print(f"generate + write:        {generator_seconds:.1f} s ({generator_rate:,.0f} rows/s)")
    print(f"anchor plain csv.writer: {anchor_seconds:.1f} s ({rows / anchor_seconds:,.0f} rows/s)")
    print(f"ratio generator/anchor:  {generator_seconds / anchor_seconds:.2f}")
    print(f"peak resident memory:    {peak_mib:.0f} MiB (whole process, after generating)")


if __name__ == "__main__":
    main()
