import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from floorwalk.engine.erlang import (
    Target,
    erlang_a,
    erlang_c,
    required_agents,
    required_agents_erlang_a,
    service_level,
)


def run(*args: str) -> str:
    out = StringIO()
    call_command("staffing", *args, stdout=out)
    return out.getvalue()


def test_json_matches_the_engine() -> None:
    result = json.loads(
        run(
            "--volume",
            "1200",
            "--aht",
            "240",
            "--interval-minutes",
            "30",
            "--service-level",
            "0.8",
            "--answer-within",
            "20",
            "--shrinkage",
            "0.3",
            "--json",
        )
    )
    expected = required_agents(160.0, 240, Target(service_level=0.8, shrinkage=0.3))
    assert result["model"] == "erlang_c"
    assert result["traffic_erlangs"] == 160.0
    assert result["agents"] == int(expected.agents[0])
    assert result["scheduled_agents"] == int(expected.scheduled_agents[0])
    n = result["agents"]
    assert result["service_level"] == pytest.approx(float(service_level(n, 160.0, 240, 20)))
    assert result["probability_of_waiting"] == pytest.approx(float(erlang_c(n, 160.0)))
    assert result["occupancy"] == pytest.approx(160.0 / n)
    assert result["service_level"] >= 0.8
    assert service_level(n - 1, 160.0, 240, 20) < 0.8
    assert "abandonment" not in result


def test_maximum_occupancy_and_shrinkage() -> None:
    result = json.loads(
        run(
            "--volume",
            "1200",
            "--aht",
            "240",
            "--max-occupancy",
            "0.85",
            "--shrinkage",
            "0.3",
            "--json",
        )
    )
    assert result["agents"] == 189  # ⌈160 / 0.85⌉
    assert result["scheduled_agents"] == 270  # ⌈189 / 0.7⌉


def test_erlang_a_with_patience() -> None:
    result = json.loads(run("--volume", "1200", "--aht", "240", "--patience", "120", "--json"))
    expected = required_agents_erlang_a(160.0, 240, 120, Target(service_level=0.8))
    assert result["model"] == "erlang_a"
    assert result["agents"] == int(expected.agents[0])
    assert result["agents"] < 160
    reached = erlang_a(result["agents"], 160.0, 240, 120, 20)
    assert result["abandonment"] == pytest.approx(float(reached.abandonment))


def test_asa_target_and_text_output() -> None:
    text = run("--volume", "1200", "--aht", "240", "--asa", "15")
    assert "Agents needed (on the phones):" in text
    assert "target ASA 15 s" in text


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--volume", "-1", "--aht", "240"], "--volume"),
        (["--volume", "10", "--aht", "0"], "--aht"),
        (["--volume", "10", "--aht", "240", "--interval-minutes", "0"], "--interval-minutes"),
        (["--volume", "10", "--aht", "240", "--service-level", "80"], "--service-level"),
        (["--volume", "10", "--aht", "240", "--shrinkage", "1"], "--shrinkage"),
        (["--volume", "10", "--aht", "240", "--max-occupancy", "0"], "--max-occupancy"),
        (["--volume", "10", "--aht", "240", "--patience", "-5"], "--patience"),
        (["--volume", "10", "--aht", "240", "--asa", "0"], "--asa"),
        (["--volume", "10", "--aht", "240", "--asa", "20", "--service-level", "0.8"], "--asa"),
    ],
)
def test_bad_options_name_the_option(args: list[str], option: str) -> None:
    with pytest.raises(CommandError, match=option):
        run(*args)


def test_chat_agents_with_a_concurrency_are_the_sessions_needed_halved():
    import math

    from floorwalk.engine.erlang import Target, offered_traffic, required_agents

    out = StringIO()
    call_command(
        "staffing",
        "--volume=120",
        "--aht=400",
        "--answer-within=60",
        "--concurrency=2",
        "--shrinkage=0.2",
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    sessions = required_agents(
        offered_traffic(120, 400, 30), 400, Target(0.8, 60.0, None, 1.0, 0.2)
    ).agents[0]
    assert result["agents"] == math.ceil(sessions / 2)
    assert result["scheduled_agents"] == math.ceil(result["agents"] / 0.8 - 1e-9)
    assert result["concurrency"] == 2
