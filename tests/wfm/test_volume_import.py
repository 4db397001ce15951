"""The interval-volume import: row-level errors, all or nothing, idempotence, the site's clock."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from floorwalk.core.imports import ImportFileError, ImportRefusedError
from floorwalk.core.models import ImportRun
from floorwalk.engine.formats import VOLUME_COLUMNS
from floorwalk.org.models import Queue
from floorwalk.wfm.imports import volumes_import
from floorwalk.wfm.models import IntervalVolume, VolumeSource
from tests.conftest import client_for

GOOD_ROWS = [
    ["Billing voice", "2026-10-05T09:00", "12", "11", "245.5"],
    ["Billing voice", "2026-10-05T09:30", "0", "0", "0"],
    ["Billing voice", "2026-10-05T10:00:00+00:00", "20", "18", "300"],
]


def write(tmp_path, rows, header=VOLUME_COLUMNS, name="volumes.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def stored():
    return {
        (row.queue.name, row.interval_start): (row.offered, row.handled, row.aht_seconds)
        for row in IntervalVolume.objects.select_related("queue")
    }


def test_rows_are_stored_with_naive_starts_read_on_the_sites_clock(floor, tmp_path):
    report = volumes_import(path=write(tmp_path, GOOD_ROWS))

    assert (report.rows_read, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    # North is Europe/Warsaw: 09:00 local on 5 October (summer time) is 07:00 UTC.
    assert stored() == {
        ("Billing voice", datetime(2026, 10, 5, 7, 0, tzinfo=UTC)): (12, 11, 245.5),
        ("Billing voice", datetime(2026, 10, 5, 7, 30, tzinfo=UTC)): (0, 0, 0.0),
        ("Billing voice", datetime(2026, 10, 5, 10, 0, tzinfo=UTC)): (20, 18, 300.0),
    }
    assert set(IntervalVolume.objects.values_list("source", flat=True)) == {VolumeSource.IMPORT}


def test_importing_the_same_file_again_changes_nothing(floor, tmp_path):
    path = write(tmp_path, GOOD_ROWS)
    volumes_import(path=path)
    before = stored()

    again = volumes_import(path=path)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert stored() == before


def test_a_changed_figure_updates_the_interval_in_place(floor, tmp_path):
    volumes_import(path=write(tmp_path, GOOD_ROWS))
    changed = [[*GOOD_ROWS[0][:2], "13", "12", "250"], *GOOD_ROWS[1:]]

    report = volumes_import(path=write(tmp_path, changed, name="changed.csv"))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert stored()[("Billing voice", datetime(2026, 10, 5, 7, 0, tzinfo=UTC))] == (13, 12, 250.0)
    assert IntervalVolume.objects.count() == 3


BAD_ROWS = [
    GOOD_ROWS[0],
    ["Nowhere queue", "2026-10-05T09:00", "1", "1", "100"],
    ["Billing voice", "2026-10-05T09:10", "1", "1", "100"],
    ["Billing voice", "5.10.2026 09:00", "1", "1", "100"],
    ["Billing voice", "2026-10-05T11:00", "5", "6", "100"],
    ["Billing voice", "2026-10-05T11:30", "-1", "0", "100"],
    ["Billing voice", "2026-10-05T12:00", "4", "2", "fast"],
    ["Billing voice", "2026-03-29T02:30", "4", "2", "100"],
    ["Billing voice", "2026-10-05T09:00", "4", "2", "100"],
]


def test_every_bad_row_is_reported_by_row_column_and_reason_and_nothing_is_applied(floor, tmp_path):
    with pytest.raises(ImportRefusedError) as refused:
        volumes_import(path=write(tmp_path, BAD_ROWS))

    errors = [(e.row, e.column, e.value) for e in refused.value.report.errors]
    assert errors == [
        (3, "queue", "Nowhere queue"),
        (4, "interval_start", "2026-10-05T09:10"),
        (5, "interval_start", "5.10.2026 09:00"),
        (6, "handled", "6"),
        (7, "offered", "-1"),
        (8, "aht_seconds", "fast"),
        (9, "interval_start", "2026-03-29T02:30"),
        (10, "interval_start", "2026-10-05T09:00"),
    ]
    reasons = [e.reason for e in refused.value.report.errors]
    assert "unknown queue" in reasons[0]
    assert "not the start of a 30-minute interval" in reasons[1]
    assert reasons[3] == "more than the 5 offered"
    assert reasons[4] == "cannot be negative"
    assert "does not exist at the site" in reasons[6]
    assert reasons[7] == "repeats row 2 (same queue and interval)"
    assert refused.value.report.invalid_rows == 8
    assert IntervalVolume.objects.count() == 0


def test_skip_invalid_applies_the_valid_rows_only(floor, tmp_path):
    report = volumes_import(path=write(tmp_path, BAD_ROWS), skip_invalid=True)

    assert (report.rows_read, report.invalid_rows, report.created) == (9, 8, 1)
    assert list(stored()) == [("Billing voice", datetime(2026, 10, 5, 7, 0, tzinfo=UTC))]


def test_a_dry_run_counts_and_changes_nothing(floor, tmp_path):
    report = volumes_import(path=write(tmp_path, GOOD_ROWS), dry_run=True)

    assert (report.created, report.applied) == (3, False)
    assert IntervalVolume.objects.count() == 0


def test_a_queue_name_used_at_two_sites_needs_the_site_column(floor, tmp_path):
    Queue.objects.create(name="Billing voice", channel="voice", site=floor.south)
    row = ["Billing voice", "2026-10-05T09:00", "3", "3", "200"]

    with pytest.raises(ImportRefusedError) as refused:
        volumes_import(path=write(tmp_path, [row]))
    report = volumes_import(
        path=write(tmp_path, [[*row, "South"]], header=(*VOLUME_COLUMNS, "site"), name="s.csv")
    )

    assert "used at several sites" in refused.value.report.errors[0].reason
    assert report.created == 1
    volume = IntervalVolume.objects.get()
    # South is Europe/Helsinki: 09:00 there is 06:00 UTC in October.
    assert (volume.queue.site, volume.interval_start) == (
        floor.south,
        datetime(2026, 10, 5, 6, 0, tzinfo=UTC),
    )


def test_a_file_without_the_columns_is_refused_whole(floor, tmp_path):
    with pytest.raises(ImportFileError, match="missing columns: aht_seconds"):
        volumes_import(path=write(tmp_path, [], header=VOLUME_COLUMNS[:-1]))


@pytest.mark.django_db(transaction=True)
def test_a_planner_imports_volumes_through_the_upload_and_the_worker(floor, run_worker):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(VOLUME_COLUMNS)
    writer.writerows(GOOD_ROWS)
    upload = SimpleUploadedFile("volumes.csv", buffer.getvalue().encode(), "text/csv")

    client_for("planner").post(reverse("imports:new", kwargs={"kind": "volumes"}), {"file": upload})
    run_worker()

    run = ImportRun.objects.get()
    assert (run.status, run.kind, run.rows_created) == ("succeeded", "volumes", 3)
    assert IntervalVolume.objects.count() == 3


def test_an_agent_cannot_import_volumes(floor):
    upload = SimpleUploadedFile("volumes.csv", b"queue\n", "text/csv")

    response = client_for("agent").post(
        reverse("imports:new", kwargs={"kind": "volumes"}), {"file": upload}
    )

    assert response.status_code in (403, 404)
    assert ImportRun.objects.count() == 0


def test_the_command_line_imports_volumes_and_runs_a_forecast(floor, voice_history, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    output = StringIO()
    call_command("forecast", "import-volumes", str(write(tmp_path, GOOD_ROWS[:1])), stdout=output)
    call_command("forecast", "run", str(voice_history.pk), "--horizon", "7", stdout=output)

    text = output.getvalue()
    assert "0 created, 1 updated" in text  # the interval was in the history already
    assert "backtest WAPE" in text
    assert voice_history.forecast_runs.count() == 1


def test_the_command_line_refuses_a_bad_file_with_every_error(floor, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    errors = StringIO()
    with pytest.raises(CommandError, match="Nothing was applied"):
        call_command("forecast", "import-volumes", str(write(tmp_path, BAD_ROWS)), stderr=errors)

    assert "row 3, queue = 'Nowhere queue'" in errors.getvalue()
    assert IntervalVolume.objects.count() == 0
