import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from floorwalk.engine.roster.check import check
from floorwalk.engine.roster.json_format import (
    RosterFormatError,
    dump_solution,
    load_problem,
    load_solution,
)
from floorwalk.engine.roster.model import Problem, Solution
from floorwalk.engine.roster.solve import solve


def read_json(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(f"{what} {path}: cannot be read ({error.strerror})") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CommandError(f"{what} {path}: not valid JSON ({error})") from error


def read_problem(path: str) -> Problem:
    try:
        return load_problem(read_json(path, "problem"))
    except RosterFormatError as error:
        raise CommandError(f"problem {path}: {error}") from error


def read_solution(path: str) -> Solution:
    try:
        return load_solution(read_json(path, "solution"))
    except RosterFormatError as error:
        raise CommandError(f"solution {path}: {error}") from error


def positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Solves a rostering problem given in the JSON roster format (docs/roster-format.md) and "
        "prints the solution as JSON, or checks a solution against its problem's rules and prints "
        "its objective terms."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        solve_parser = commands.add_parser("solve", help="print the best roster found as JSON")
        solve_parser.add_argument("problem", help="the problem's JSON file")
        solve_parser.add_argument(
            "--time-limit", type=positive, default=60.0, help="seconds (default 60)"
        )
        solve_parser.add_argument(
            "--workers", type=int, default=2, help="solver threads (default 2)"
        )
        check_parser = commands.add_parser(
            "check", help="list broken rules and the objective terms"
        )
        check_parser.add_argument("problem", help="the problem's JSON file")
        check_parser.add_argument("solution", help="the solution's JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "solve":
            self.run_solve(options)
        else:
            self.run_check(options)

    def run_solve(self, options: dict[str, Any]) -> None:
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        problem = read_problem(options["problem"])
        result = solve(problem, time_limit=options["time_limit"], workers=options["workers"])
        if result.solution is None:
            raise CommandError(f"no roster found: the solver ended {result.status}")
        info = {
            "status": result.status,
            "objective": result.objective,
            "bound": result.bound,
            "gap": result.gap,
            "seconds": round(result.seconds, 3),
        }
        self.stdout.write(json.dumps(dump_solution(result.solution, info), indent=1))

    def run_check(self, options: dict[str, Any]) -> None:
        problem = read_problem(options["problem"])
        result = check(problem, read_solution(options["solution"]))
        for v in result.violations:
            where = " ".join(
                part
                for part in (
                    v.employee and f"employee {v.employee}",
                    f"day {v.day}" if v.day is not None else "",
                )
                if part
            )
            self.stdout.write(f"violation {v.kind}: {where}: {v.message}")
        o = result.objective
        self.stdout.write(
            f"under-cover {o.under_cover}\nover-cover {o.over_cover}\n"
            f"shift-on requests {o.shift_on}\n"
            f"shift-off requests {o.shift_off}\ntotal {o.total}"
        )
        if result.violations:
            raise CommandError(f"{len(result.violations)} rule violations")
