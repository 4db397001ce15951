"""The interaction import: validation, all-or-nothing, idempotence and the rollups it keeps."""

import csv
import json
import threading
from collections import defaultdict
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from floorwalk.core.imports import ImportFileError, ImportRefusedError
from floorwalk.engine.metrics import (
    ADHERENCE_FIELDS,
    OUTCOMES,
    TOTALS_FIELDS,
    InteractionRecord,
    Totals,
    totals_from_records,
)
from floorwalk.metrics.ingest import interactions_import, reading, store
from floorwalk.metrics.models import DailyAgentQueueStats, Interaction, Outcome
from floorwalk.metrics.services import rollups_rebuild
from tests.metrics.conftest import interaction, write_csv

ROLLUP_FIELDS = [
    field.name
    for field in DailyAgentQueueStats._meta.fields
    if field.name not in {"id", "agent", "queue"}
]


def rollup_snapshot() -> list[tuple]:
    return sorted(DailyAgentQueueStats.objects.values_list("agent_id", "queue_id", *ROLLUP_FIELDS))


def stored_talk_times() -> list[tuple[str, int]]:
    return list(
        Interaction.objects.order_by("external_id").values_list("external_id", "talk_seconds")
    )


def expected_rollups_from_file(path: Path) -> dict[tuple[str, str, str], dict[str, int]]:
    """(employee number, local date, queue) → sums, computed from the file with plain Python."""
    sums: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["agent"], row["started_at"][:10], row["queue"])
            total = sums[key]
            total["contacts"] += 1
            handled = row["outcome"] != "abandoned"
            if handled:
                total["handled"] += 1
                total["talk_seconds"] += int(row["talk_seconds"])
                total["hold_seconds"] += int(row["hold_seconds"])
                total["acw_seconds"] += int(row["acw_seconds"])
                if row["first_contact_resolution"]:
                    total["fcr_known"] += 1
                    total["fcr_resolved"] += row["first_contact_resolution"] == "true"
                total["transferred"] += row["outcome"] == "transferred"
                total["escalated"] += row["outcome"] == "escalated"
            if row["csat"]:
                total["csat_responses"] += 1
                total["csat_satisfied"] += int(row["csat"]) >= 4
                total["csat_sum"] += int(row["csat"])
            if row["nps"]:
                total["nps_responses"] += 1
                total["nps_promoters"] += int(row["nps"]) >= 9
                total["nps_detractors"] += int(row["nps"]) <= 6
    return sums


# ---- a whole generated floor ----------------------------------------------------------------


def test_rollups_equal_sums_computed_from_the_file(loaded_tiny_floor, tiny_interactions_file):
    expected = expected_rollups_from_file(tiny_interactions_file)
    stored = {
        (row.agent.employee_number, row.date.isoformat(), row.queue.name): row
        for row in DailyAgentQueueStats.objects.select_related("agent", "queue")
    }
    assert set(stored) == set(expected)
    for key, sums in expected.items():
        for name, value in sums.items():
            assert getattr(stored[key], name) == value, (key, name)


def test_reimporting_the_same_file_changes_nothing(loaded_tiny_floor, tiny_interactions_file):
    before = rollup_snapshot()
    rows = Interaction.objects.count()

    report = interactions_import(path=tiny_interactions_file)

    assert (report.created, report.updated, report.unchanged) == (0, 0, rows)
    assert Interaction.objects.count() == rows
    assert rollup_snapshot() == before


def test_rebuild_from_raw_equals_the_incrementally_kept_rollups(
    loaded_tiny_floor, tiny_interactions_file, tmp_path
):
    # Incremental history: the generated month, then a day's correction file that moves one
    # interaction to another agent and day and changes another one's handle time.
    first, second = Interaction.objects.order_by("started_at").select_related("agent", "queue")[:2]
    other = Interaction.objects.exclude(agent=first.agent).select_related("agent").first()
    corrections = write_csv(
        tmp_path / "corrections.csv",
        [
            interaction(
                first.external_id,
                other.agent.employee_number,
                queue=first.queue.name,
                channel=first.channel,
                started_at="2026-10-20T10:00:00+02:00",
            ),
            interaction(
                second.external_id,
                second.agent.employee_number,
                queue=second.queue.name,
                channel=second.channel,
                started_at=second.started_at.isoformat(),
                talk=second.talk_seconds + 100,
                outcome=second.outcome,
                fcr="" if second.first_contact_resolution is None else "true",
            ),
        ],
    )
    report = interactions_import(path=corrections)
    assert (report.created, report.updated) == (0, 2)
    incremental = rollup_snapshot()

    rollups_rebuild()

    assert rollup_snapshot() == incremental
    assert DailyAgentQueueStats.objects.filter(agent=other.agent, date=date(2026, 10, 20)).exists()


# ---- validation -----------------------------------------------------------------------------


def test_a_file_with_bad_rows_is_refused_with_every_error_and_applies_nothing(floor, tmp_path):
    agent = floor.agent.employee_number
    path = write_csv(
        tmp_path / "calls.csv",
        [
            interaction("A1", agent),
            interaction("A2", "NOBODY"),
            interaction("A3", agent, queue="Nowhere", talk=-4, csat=7),
            interaction("A4", agent, started_at="2026-10-05 09:00", outcome="won", fcr="maybe"),
            interaction("A1", agent),
            interaction("A6", agent, channel="chat", nps=11, hold="1.5"),
        ],
    )

    with pytest.raises(ImportRefusedError) as refused:
        interactions_import(path=path)

    found = {(error.row, error.column) for error in refused.value.report.errors}
    assert found == {
        (3, "agent"),
        (4, "queue"),
        (4, "talk_seconds"),
        (4, "csat"),
        (5, "started_at"),
        (5, "outcome"),
        (5, "first_contact_resolution"),
        (6, "interaction_id"),
        (7, "channel"),
        (7, "nps"),
        (7, "hold_seconds"),
    }
    repeat = next(e for e in refused.value.report.errors if e.column == "interaction_id")
    assert "row 2" in repeat.reason
    assert refused.value.report.invalid_rows == 5
    assert Interaction.objects.count() == 0
    assert DailyAgentQueueStats.objects.count() == 0


def test_skip_invalid_applies_the_valid_rows_and_writes_the_rejected_ones(floor, tmp_path):
    agent = floor.agent.employee_number
    path = write_csv(
        tmp_path / "calls.csv",
        [interaction("B1", agent), interaction("B2", agent, talk="x"), interaction("B3", agent)],
    )

    report = interactions_import(path=path, skip_invalid=True)

    assert (report.rows_read, report.created, report.invalid_rows) == (3, 2, 1)
    assert set(Interaction.objects.values_list("external_id", flat=True)) == {"B1", "B3"}
    with open(report.rejected_file, encoding="utf-8") as handle:
        rejected = list(csv.DictReader(handle))
    assert [(r["row"], r["interaction_id"], r["talk_seconds"]) for r in rejected] == [
        ("3", "B2", "x")
    ]
    assert "not a whole number" in rejected[0]["errors"]


def test_a_row_with_too_many_fields_is_named(floor, tmp_path):
    agent = floor.agent.employee_number
    path = write_csv(tmp_path / "calls.csv", [interaction("C1", agent)])
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"C2,{agent},Billing voice,voice,2026-10-05T09:00:00+02:00,1,2,3,other,,,,x\n")

    with pytest.raises(ImportRefusedError) as refused:
        interactions_import(path=path)

    [error] = refused.value.report.errors
    assert error.row == 3
    assert "13 fields" in error.reason


def test_missing_columns_are_named_before_any_row_is_read(floor, tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text("interaction_id,agent,queue\nX,Y,Z\n", encoding="utf-8")

    with pytest.raises(ImportFileError, match="missing columns: channel, started_at"):
        interactions_import(path=path)


HEAD = ["interaction_id", "agent", "queue", "channel", "started_at"]


def test_semicolons_a_byte_order_mark_and_json_lines_read_the_same(floor, tmp_path):
    agent = floor.agent.employee_number
    rows = [interaction("D1", agent, csat=5), interaction("D2", agent, fcr="", nps=9)]
    semicolons = write_csv(tmp_path / "calls.csv", rows, separator=";")
    semicolons.write_bytes(b"\xef\xbb\xbf" + semicolons.read_bytes())
    json_lines = tmp_path / "calls.jsonl"
    json_lines.write_text(
        "".join(
            json.dumps(
                {
                    **dict(zip(HEAD, r[:5], strict=True)),
                    "talk_seconds": 300,
                    "hold_seconds": 20,
                    "acw_seconds": 40,
                    "outcome": "resolved",
                    "first_contact_resolution": True if r[9] else None,
                    "csat": r[10] or None,
                    "nps": r[11] or None,
                }
            )
            + "\n"
            for r in rows
        ),
        encoding="utf-8",
    )

    interactions_import(path=semicolons, source="csv")
    interactions_import(path=json_lines, source="jsonl")

    def stored(source):
        return list(
            Interaction.objects.filter(source=source)
            .order_by("external_id")
            .values_list(*store.STAGED_COLUMNS)
        )

    assert stored("csv") == stored("jsonl")
    assert [row[-3:] for row in stored("csv")] == [(True, 5, None), (None, None, 9)]


def test_the_local_day_is_the_agents_site_day(floor, tmp_path):
    # 23:30 UTC is already the next day in Helsinki (South) but not in UTC.
    path = write_csv(
        tmp_path / "calls.csv",
        [
            interaction(
                "E1",
                floor.far_agent.employee_number,
                started_at="2026-10-05T23:30:00+00:00",
                queue="Billing voice",
            )
        ],
    )

    interactions_import(path=path)

    stored = Interaction.objects.get(external_id="E1")
    assert stored.local_date == date(2026, 10, 6)
    assert stored.started_at.isoformat() == "2026-10-05T23:30:00+00:00"


def test_a_dry_run_counts_and_applies_nothing(floor, tmp_path):
    path = write_csv(tmp_path / "calls.csv", [interaction("F1", floor.agent.employee_number)])

    report = interactions_import(path=path, dry_run=True)

    assert (report.created, report.applied) == (1, False)
    assert Interaction.objects.count() == 0


def test_an_import_interrupted_while_applying_leaves_the_database_as_it_was(
    floor, tmp_path, monkeypatch
):
    agent = floor.agent.employee_number
    interactions_import(path=write_csv(tmp_path / "one.csv", [interaction("G1", agent)]))
    before = (
        list(Interaction.objects.values_list("external_id", "talk_seconds")),
        rollup_snapshot(),
    )

    def power_cut(*, touched_only):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(store, "rollups_recompute", power_cut)
    changed = write_csv(
        tmp_path / "two.csv", [interaction("G1", agent, talk=999), interaction("G2", agent)]
    )
    with pytest.raises(RuntimeError):
        interactions_import(path=changed)

    after = (
        list(Interaction.objects.values_list("external_id", "talk_seconds")),
        rollup_snapshot(),
    )
    assert after == before


def test_rollups_summed_per_agent_equal_the_engines_totals_of_the_raw_rows(
    loaded_tiny_floor, tiny_interactions_file
):
    records: dict[str, list[InteractionRecord]] = defaultdict(list)
    with open(tiny_interactions_file, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            records[row["agent"]].append(
                InteractionRecord(
                    talk_seconds=int(row["talk_seconds"]),
                    hold_seconds=int(row["hold_seconds"]),
                    acw_seconds=int(row["acw_seconds"]),
                    outcome=row["outcome"],
                    first_contact_resolution={"true": True, "false": False}.get(
                        row["first_contact_resolution"]
                    ),
                    csat=int(row["csat"]) if row["csat"] else None,
                    nps=int(row["nps"]) if row["nps"] else None,
                )
            )
    sums = [
        name
        for name in TOTALS_FIELDS
        if not name.startswith("qa_") and name not in ADHERENCE_FIELDS
    ]
    for employee_number, agent_records in records.items():
        stored = DailyAgentQueueStats.objects.filter(agent__employee_number=employee_number)
        rollup = Totals(**{name: sum(getattr(row, name) for row in stored) for name in sums})
        assert rollup == totals_from_records(agent_records), employee_number


# ---- the two ways in: a source's first import and the staged upsert ---------------------------


def stored_interactions() -> list[tuple]:
    return list(
        Interaction.objects.order_by("source", "external_id").values_list(
            "source", *store.STAGED_COLUMNS
        )
    )


def metrics_tables_clear() -> None:
    DailyAgentQueueStats.objects.all().delete()
    Interaction.objects.all().delete()


def test_a_first_import_stores_what_the_staged_upsert_stores(
    loaded_tiny_floor, tiny_interactions_file, tmp_path
):
    first_import = (stored_interactions(), rollup_snapshot())
    metrics_tables_clear()
    # With one row of the source already stored, the same file goes through the staged upsert.
    with open(tiny_interactions_file, encoding="utf-8") as handle:
        header, first_row = handle.readline(), handle.readline()
    one_row = tmp_path / "one.csv"
    one_row.write_text(header + first_row, encoding="utf-8")
    interactions_import(path=one_row)
    assert store.source_has_rows("default")

    report = interactions_import(path=tiny_interactions_file)

    rows = len(first_import[0])
    assert (report.created, report.updated, report.unchanged) == (rows - 1, 0, 1)
    assert (stored_interactions(), rollup_snapshot()) == first_import


def test_a_first_import_onto_days_another_source_filled_adds_to_their_rollups(
    loaded_tiny_floor, tiny_interactions_file, tmp_path
):
    renamed = pl.read_csv(tiny_interactions_file, infer_schema=False).with_columns(
        pl.lit("other-") + pl.col("interaction_id")
    )
    other_file = tmp_path / "other.csv"
    renamed.write_csv(other_file)

    report = interactions_import(path=other_file, source="other")

    assert report.created == renamed.height
    expected = expected_rollups_from_file(tiny_interactions_file)
    stored = {
        (row.agent.employee_number, row.date.isoformat(), row.queue.name): row
        for row in DailyAgentQueueStats.objects.select_related("agent", "queue")
    }
    assert set(stored) == set(expected)
    for key, sums in expected.items():
        for name, value in sums.items():
            assert getattr(stored[key], name) == 2 * value, (key, name)
    incremental = rollup_snapshot()
    rollups_rebuild()
    assert rollup_snapshot() == incremental


def test_a_first_import_interrupted_midway_leaves_nothing(floor, tmp_path, monkeypatch):
    agent = floor.agent.employee_number
    path = write_csv(tmp_path / "calls.csv", [interaction(f"L{n}", agent) for n in range(30)])
    monkeypatch.setattr(reading, "CHUNK_BYTES", 300)
    add = store.FirstLoad.add
    batches_written = []

    def power_cut_at_the_third_batch(self, frame):
        if len(batches_written) == 2:
            raise RuntimeError("connection lost")
        add(self, frame)
        batches_written.append(frame.height)

    monkeypatch.setattr(store.FirstLoad, "add", power_cut_at_the_third_batch)
    with pytest.raises(RuntimeError):
        interactions_import(path=path)

    assert len(batches_written) == 2
    assert Interaction.objects.count() == 0
    assert DailyAgentQueueStats.objects.count() == 0


def test_the_chunked_reader_cuts_csv_only_at_row_ends(tmp_path, monkeypatch):
    # Quoted values holding the separator, quotes and line ends, in chunks far smaller than
    # a row: every cut falls somewhere awkward.
    rows = [
        interaction(
            f'H"{number}"' if number % 4 else f"H{number}",
            "E1",
            queue='Billing, "voice"\nsecond line' if number % 3 == 0 else "Billing voice",
            csat=number % 5 + 1,
        )
        for number in range(60)
    ]
    path = write_csv(tmp_path / "calls.csv", rows, separator=";")
    monkeypatch.setattr(reading, "CHUNK_BYTES", 37)

    chunked = pl.concat([batch.frame for batch in reading.fast_batches(path)])
    careful = pl.concat([batch.frame for batch in reading.careful_batches(path)])

    assert chunked.height == 60
    # Python's reader gives empty text where Polars gives no value.
    assert chunked.with_columns(pl.col(pl.String).fill_null("")).equals(careful)
    assert pl.concat(reading.fast_ids(path)).equals(careful["interaction_id"])


def test_the_chunked_reader_reads_json_lines_as_the_careful_one(tmp_path, monkeypatch):
    path = tmp_path / "calls.jsonl"
    path.write_text(
        "".join(
            json.dumps({"interaction_id": f"J{number}", "agent": "E1", "talk_seconds": number})
            + "\n"
            for number in range(30)
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(reading, "CHUNK_BYTES", 23)

    chunked = pl.concat([batch.frame for batch in reading.fast_batches(path)])
    careful = pl.concat([batch.frame for batch in reading.careful_batches(path)])

    assert chunked.height == 30
    assert chunked.equals(careful)


def test_a_row_the_fast_reader_cant_split_late_in_a_big_file_loads_each_row_once(
    floor, tmp_path, monkeypatch
):
    agent = floor.agent.employee_number
    path = write_csv(tmp_path / "calls.csv", [interaction(f"K{n}", agent) for n in range(50)])
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"K50,{agent},Billing voice,voice,2026-10-05T09:00:00+02:00,1,2,3,,,,,x\n")
    monkeypatch.setattr(reading, "CHUNK_BYTES", 200)

    report = interactions_import(path=path, skip_invalid=True)

    assert (report.rows_read, report.created, report.invalid_rows) == (51, 50, 1)
    assert Interaction.objects.count() == 50
    assert DailyAgentQueueStats.objects.get().contacts == 50


def test_reading_ahead_hands_over_every_item_in_order_and_the_workers_error():
    def numbers_then_a_fault():
        yield from range(5)
        raise ValueError("row 7 is broken")

    ahead = reading.read_ahead(numbers_then_a_fault())
    received = [next(ahead) for _ in range(5)]
    with pytest.raises(ValueError, match="row 7 is broken"):
        next(ahead)

    assert received == [0, 1, 2, 3, 4]


def test_reading_ahead_stops_its_worker_when_the_reader_stops_early():
    produced = []

    def endless():
        number = 0
        while True:
            produced.append(number)
            yield number
            number += 1

    ahead = reading.read_ahead(endless())
    assert [next(ahead), next(ahead)] == [0, 1]
    ahead.close()

    assert len(produced) <= 4  # the two read, one waiting in the hand-off, one being made
    assert not [t for t in threading.enumerate() if t.name == "import-read-ahead"]


def test_the_stored_outcomes_are_the_engines():
    assert tuple(Outcome.values) == OUTCOMES
