import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from floorwalk.engine.formats import INTERACTION_COLUMNS
from floorwalk.metrics.ingest import interactions_import
from floorwalk.org.services import synthetic_floor_load
from floorwalk.synthetic.files import write_interactions_csv
from floorwalk.synthetic.floor import FloorSpec, SyntheticFloor, build_floor

TINY = FloorSpec(agents=8, months=1, seed=5, end=date(2026, 10, 31))


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


@pytest.fixture(scope="session")
def tiny_floor() -> SyntheticFloor:
    return build_floor(TINY)


@pytest.fixture(scope="session")
def tiny_interactions_file(tiny_floor, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tiny") / "interactions.csv"
    write_interactions_csv(tiny_floor, path)
    return path


@pytest.fixture
def loaded_tiny_floor(db, tiny_floor, tiny_interactions_file) -> SyntheticFloor:
    """The tiny generated floor in the database with its interactions imported."""
    synthetic_floor_load(floor=tiny_floor, password="x", today=TINY.end)
    interactions_import(path=tiny_interactions_file)
    return tiny_floor
