"""`floorwalk roster solve` and `floorwalk roster check` on JSON files."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from floorwalk.engine.roster.json_format import dump_problem, dump_solution
from floorwalk.engine.roster.model import Solution
from tests.engine.roster_examples import small_problem


@pytest.fixture
def problem_file(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(dump_problem(small_problem())))
    return path


def run(*args):
    out = io.StringIO()
    call_command("roster", *args, stdout=out)
    return out.getvalue()


def test_solve_then_check(problem_file, tmp_path):
    solution = json.loads(run("solve", str(problem_file), "--time-limit", "10"))
    assert solution["format"] == "floorwalk-roster-solution"
    assert solution["status"] == "optimal"
    path = tmp_path / "solution.json"
    path.write_text(json.dumps(solution))
    report = run("check", str(problem_file), str(path))
    assert "violation" not in report
    assert f"total {solution['objective']}" in report


def test_check_lists_violations_and_fails(problem_file, tmp_path):
    rows = {
        "ann": ["L", "E", None, "L", None],
        "bob": ["E", "E", "E", None, None],
        "cy": [None] * 5,
    }
    path = tmp_path / "solution.json"
    path.write_text(json.dumps(dump_solution(Solution.from_rows(rows))))
    out = io.StringIO()
    with pytest.raises(CommandError, match="rule violations"):
        call_command("roster", "check", str(problem_file), str(path), stdout=out)
    assert (
        "violation forbidden_succession: employee ann day 0: E may not follow L" in out.getvalue()
    )
    assert "total " in out.getvalue()


def test_bad_json_names_the_field(problem_file, tmp_path):
    document = json.loads(problem_file.read_text())
    document["employees"][1]["max_weekends"] = -1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(CommandError, match=r"employees\[1\]\.max_weekends: must be ≥ 0"):
        run("solve", str(bad))


def test_unreadable_files_and_bad_options(problem_file, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        run("solve", str(broken))
    with pytest.raises(CommandError, match="cannot be read"):
        run("check", str(problem_file), str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="--workers"):
        run("solve", str(problem_file), "--workers", "0")
    with pytest.raises(CommandError):
        run("solve", str(problem_file), "--time-limit", "soon")
