"""The rostering solver on the Curtois & Qu shift-scheduling benchmark, instances 1–8.

    .venv/bin/python bench/bench_curtois.py --time-limit 60 --workers 2
    .venv/bin/python bench/bench_curtois.py --instances 5 6 --time-limit 30 --no-anchor

Each instance is read from the benchmark's text format, converted into the JSON roster format
and loaded back (so the run goes through the documented format), solved, and its roster checked
by `check`. Printed: our objective, the proven optimum, the gap to it, the solver's own bound and
the time. Anchor, measured in the same run on the same instance with the same limit and
workers: the plain CP-SAT model (the same constraints, CP-SAT's default parameters, none of
the solver's stages).

Last run (2 cores shared with other jobs, load average 3.3–4.6): within 1 % of the proven
optimum on instances 1–7 (0.0 % on 1–5, 0.1 % on 6, 0.2 % on 7) and 23.2 % on 8 (7.7–23.2 %
over four runs), against 0.0, 0.0, 0.0, 0.9, 17.2, 31.5, 20.4 and 64.9 % for the plain model;
figures and what each stage of the solver bought in docs/performance.md, "Rostering".
"""

import argparse
import csv
import json
import sys
from pathlib import Path

from floorwalk.engine.roster.check import check
from floorwalk.engine.roster.curtois import parse_curtois
from floorwalk.engine.roster.json_format import dump_problem, load_problem
from floorwalk.engine.roster.solve import SolveResult, solve

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "curtois"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--instances", type=int, nargs="+", default=list(range(1, 9)))
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-anchor", action="store_true", help="skip the plain CP-SAT anchor")
    args = parser.parse_args()
    with (args.folder / "best_known.csv").open() as file:
        optimum = {row["instance"]: int(row["best_known_solution"]) for row in csv.DictReader(file)}
    print(f"time limit {args.time_limit:g} s, {args.workers} workers")
    header = f"{'instance':<10}{'optimum':>8}{'ours':>8}{'gap %':>8}{'bound':>8}{'time s':>8}"
    if not args.no_anchor:
        header += f"{'plain':>8}{'gap %':>8}{'bound':>8}{'time s':>8}"
    print(header, flush=True)
    for number in args.instances:
        name = f"Instance{number}"
        text = (args.folder / f"{name}.txt").read_text()
        problem = load_problem(json.loads(json.dumps(dump_problem(parse_curtois(text)))))
        best = optimum[name]
        ours = solve(problem, time_limit=args.time_limit, workers=args.workers)
        line = f"{name:<10}{best:>8}" + columns(problem, ours, best)
        if not args.no_anchor:
            plain = solve(problem, time_limit=args.time_limit, workers=args.workers, plain=True)
            line += columns(problem, plain, best)
        print(line, flush=True)


def columns(problem, result: SolveResult, optimum: int) -> str:
    if result.solution is None or result.objective is None:
        return f"{'—':>8}{'—':>8}{result.bound:>8.0f}{result.seconds:>8.1f}"
    checked = check(problem, result.solution)
    if not checked.feasible or checked.objective.total != result.objective:
        sys.exit(f"the roster does not check: {checked.violations[:3]}")
    gap = 100 * (result.objective - optimum) / optimum
    return f"{result.objective:>8}{gap:>8.1f}{result.bound:>8.0f}{result.seconds:>8.1f}"


if __name__ == "__main__":
    main()
