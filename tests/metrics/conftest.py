import csv
from collections.abc import Sequence
from pathlib import Path

from floorwalk.engine.formats import INTERACTION_COLUMNS


def write_csv(path: Path, rows: Sequence[Sequence[object]], separator: str = ",") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=separator)
        writer.writerow(INTERACTION_COLUMNS)
        writer.writerows(rows)
    return path


def interaction(
    interaction_id: str,
    agent: str = "",
    *,
    queue: str = "Billing voice",
    channel: str = "voice",
    started_at: str = "2026-10-05T09:00:00+02:00",
    talk: object = 300,
    hold: object = 20,
    acw: object = 40,
    outcome: str = "resolved",
    fcr: str = "true",
    csat: object = "",
    nps: object = "",
) -> list[object]:
    return [
        interaction_id,
        agent,
        queue,
        channel,
        started_at,
        talk,
        hold,
        acw,
        outcome,
        fcr,
        csat,
        nps,
    ]
