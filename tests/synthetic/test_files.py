from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from floorwalk.engine.formats import INTERACTION_COLUMNS, PEOPLE_COLUMNS, QUEUE_COLUMNS
from floorwalk.synthetic.files import (
    write_dataset,
    write_interactions_csv,
    write_people_csv,
    write_queues_csv,
)
from floorwalk.synthetic.floor import FloorSpec, SyntheticFloor, build_floor
from floorwalk.synthetic.simulation import InteractionRow, generate_interactions

# One month ending on 31 October covers the switch from summer time.
SPEC = FloorSpec(agents=12, months=1, seed=5, site_name="Gdańsk, Oliwa")


@pytest.fixture(scope="module")
def floor() -> SyntheticFloor:
    return build_floor(SPEC)


@pytest.fixture(scope="module")
def dataset(floor: SyntheticFloor, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("dataset") / "nested"
    counts = write_dataset(floor, directory)
    assert counts["queues.csv"] == len(floor.queues)
    assert counts["people.csv"] == len(floor.people)
    assert counts["interactions.csv"] > 0
    return directory


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        records = list(reader)
        return list(reader.fieldnames or ()), records


def optional_int(text: str) -> int | None:
    return int(text) if text else None


def test_dataset_reports_the_rows_it_wrote(floor: SyntheticFloor, tmp_path: Path) -> None:
    counts = write_dataset(floor, tmp_path)
    assert set(counts) == {"queues.csv", "people.csv", "interactions.csv"}
    for file_name, count in counts.items():
        _, records = read(tmp_path / file_name)
        assert len(records) == count
    assert counts["interactions.csv"] == sum(1 for _ in generate_interactions(floor))


def test_queues_round_trip(floor: SyntheticFloor, dataset: Path) -> None:
    header, records = read(dataset / "queues.csv")
    assert tuple(header) == QUEUE_COLUMNS
    assert [(r["name"], r["channel"]) for r in records] == [
        (q.name, q.channel) for q in floor.queues
    ]
    assert {r["site"] for r in records} == {"Gdańsk, Oliwa"}


def test_people_round_trip(floor: SyntheticFloor, dataset: Path) -> None:
    header, records = read(dataset / "people.csv")
    assert tuple(header) == PEOPLE_COLUMNS
    assert len(records) == len(floor.people)
    for record, person in zip(records, floor.people, strict=True):
        assert record["employee_number"] == person.employee_number
        assert record["display_name"] == person.display_name
        assert record["email"] == person.email
        assert record["site"] == "Gdańsk, Oliwa"
        assert record["team"] == (person.team or "")
        assert date.fromisoformat(record["hire_date"]) == person.hire_date
        if person.leaving_date is None:
            assert record["leaving_date"] == ""
        else:
            assert date.fromisoformat(record["leaving_date"]) == person.leaving_date
        assert tuple(record["roles"].split("|")) == person.roles
        assert tuple(filter(None, record["queues"].split("|"))) == person.queues
    assert any("|" in r["roles"] for r in records)
    assert any("|" in r["queues"] for r in records)
    assert any(r["leaving_date"] for r in records)


def test_interactions_round_trip(floor: SyntheticFloor, dataset: Path) -> None:
    header, records = read(dataset / "interactions.csv")
    assert tuple(header) == INTERACTION_COLUMNS
    rows: list[InteractionRow] = list(generate_interactions(floor))
    assert len(records) == len(rows)
    for record, row in zip(records, rows, strict=True):
        assert record["interaction_id"] == row.interaction_id
        assert record["agent"] == row.agent
        assert record["queue"] == row.queue
        assert record["channel"] == row.channel
        assert record["started_at"] == row.started_at.isoformat()
        assert datetime.fromisoformat(record["started_at"]) == row.started_at
        assert int(record["talk_seconds"]) == row.talk_seconds
        assert int(record["hold_seconds"]) == row.hold_seconds
        assert int(record["acw_seconds"]) == row.acw_seconds
        assert record["outcome"] == row.outcome
        assert (
            record["first_contact_resolution"]
            == {True: "true", False: "false", None: ""}[row.first_contact_resolution]
        )
        assert optional_int(record["csat"]) == row.csat
        assert optional_int(record["nps"]) == row.nps


def test_interaction_fields_use_the_canonical_spellings(dataset: Path) -> None:
    _, records = read(dataset / "interactions.csv")
    assert {r["first_contact_resolution"] for r in records} == {"true", "false", ""}
    assert "" in {r["csat"] for r in records}
    offsets = set()
    for record in records:
        started = datetime.fromisoformat(record["started_at"])
        assert started.tzinfo is not None
        assert record["started_at"][-6] in "+-"
        offsets.add(started.utcoffset())
    assert offsets == {timedelta(hours=2), timedelta(hours=1)}


def test_progress_reports_every_day_in_order(floor: SyntheticFloor, tmp_path: Path) -> None:
    calls: list[tuple[date, int]] = []
    total = write_interactions_csv(
        floor, tmp_path / "i.csv", progress=lambda day, rows: calls.append((day, rows))
    )
    assert [day for day, _ in calls] == list(floor.days())
    counts = [rows for _, rows in calls]
    assert counts == sorted(counts)
    assert counts[-1] == total


def test_single_file_writers_accept_string_paths(floor: SyntheticFloor, tmp_path: Path) -> None:
    assert write_queues_csv(floor, str(tmp_path / "q.csv")) == len(floor.queues)
    assert write_people_csv(floor, str(tmp_path / "p.csv")) == len(floor.people)
    text = (tmp_path / "q.csv").read_text(encoding="utf-8")
    assert text.startswith("name,channel,site\n")
