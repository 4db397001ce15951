import json
import math
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from floorwalk.engine.erlang import Staffing, Target, offered_traffic
from floorwalk.engine.workload import live_required_agents


class Command(BaseCommand):
    help = (
        "Required agents for one interval (Erlang C, or Erlang A with --patience; with "
        "--concurrency, agents handling several chats at once), before and after shrinkage, "
        "and the service level, ASA and occupancy they reach."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--volume", type=float, required=True, help="offered contacts")
        parser.add_argument("--aht", type=float, required=True, help="average handle time, s")
        parser.add_argument("--interval-minutes", type=float, default=30.0)
        parser.add_argument(
            "--service-level", type=float, default=None, help="target share, e.g. 0.8"
        )
        parser.add_argument("--answer-within", type=float, default=20.0, help="seconds")
        parser.add_argument("--asa", type=float, default=None, help="ASA target in seconds")
        parser.add_argument("--shrinkage", type=float, default=0.0)
        parser.add_argument("--max-occupancy", type=float, default=1.0)
        parser.add_argument(
            "--patience", type=float, default=None, help="mean caller patience, s (Erlang A)"
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=1,
            help="contacts an agent handles at once (chats), default 1",
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        target = _target(options)
        if options["volume"] < 0 or not math.isfinite(options["volume"]):
            raise CommandError("--volume: must be a number >= 0.")
        for name in ("aht", "interval_minutes"):
            if not options[name] > 0 or not math.isfinite(options[name]):
                raise CommandError(f"--{name.replace('_', '-')}: must be a number > 0.")
        patience = options["patience"]
        if patience is not None and not patience > 0:
            raise CommandError("--patience: must be a number of seconds > 0.")
        concurrency = options["concurrency"]
        if not 1 <= concurrency <= 10:
            raise CommandError("--concurrency: must be a whole number from 1 to 10.")
        traffic = float(
            offered_traffic(options["volume"], options["aht"], options["interval_minutes"])
        )
        staffing = live_required_agents(
            traffic, options["aht"], target, concurrency=concurrency, patience_seconds=patience
        )
        result = _result(staffing, patience is not None)
        if concurrency > 1:
            result["concurrency"] = concurrency
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        self.stdout.write(_text(result, target))


def _target(options: dict[str, Any]) -> Target:
    level, asa = options["service_level"], options["asa"]
    if level is None and asa is None:
        level = 0.8
    if level is not None and asa is not None:
        raise CommandError("--service-level and --asa: give one target, not both.")
    if level is not None and not 0 < level < 1:
        raise CommandError("--service-level: must be between 0 and 1, e.g. 0.8.")
    if asa is not None and not asa > 0:
        raise CommandError("--asa: must be a number of seconds > 0.")
    if not options["answer_within"] >= 0:
        raise CommandError("--answer-within: must be a number of seconds >= 0.")
    if not 0 <= options["shrinkage"] < 1:
        raise CommandError("--shrinkage: must be at least 0 and below 1, e.g. 0.3.")
    if not 0 < options["max_occupancy"] <= 1:
        raise CommandError("--max-occupancy: must be above 0 and at most 1, e.g. 0.85.")
    return Target(
        service_level=level,
        answer_within_seconds=options["answer_within"],
        asa_seconds=asa,
        max_occupancy=options["max_occupancy"],
        shrinkage=options["shrinkage"],
    )


def _result(staffing: Staffing, with_abandonment: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "model": "erlang_a" if with_abandonment else "erlang_c",
        "traffic_erlangs": float(staffing.traffic[0]),
        "agents": int(staffing.agents[0]),
        "scheduled_agents": int(staffing.scheduled_agents[0]),
        "service_level": float(staffing.service_level[0]),
        "average_speed_of_answer_seconds": float(staffing.average_speed_of_answer[0]),
        "occupancy": float(staffing.occupancy[0]),
        "probability_of_waiting": float(staffing.probability_of_waiting[0]),
    }
    if staffing.abandonment is not None:
        result["abandonment"] = float(staffing.abandonment[0])
    return result


def _text(result: dict[str, Any], target: Target) -> str:
    if target.service_level is not None:
        goal = f"{target.service_level:.0%} within {target.answer_within_seconds:g} s"
    else:
        goal = f"ASA {target.asa_seconds:g} s"
    model = "Erlang A" if result["model"] == "erlang_a" else "Erlang C"
    lines = [
        f"Traffic: {result['traffic_erlangs']:.2f} Erlangs ({model}, target {goal})",
        f"Agents needed (on the phones): {result['agents']}"
        + (f" ({result['concurrency']} contacts each at once)" if "concurrency" in result else ""),
        f"Agents to schedule (shrinkage {target.shrinkage:.0%}): {result['scheduled_agents']}",
        f"Service level: {result['service_level']:.1%} within {target.answer_within_seconds:g} s",
        f"ASA: {result['average_speed_of_answer_seconds']:.1f} s",
        f"Occupancy: {result['occupancy']:.1%}",
    ]
    if "abandonment" in result:
        lines.append(f"Abandonment: {result['abandonment']:.1%}")
    return "\n".join(lines)
