"""The adherence pages: the scorecard's figure, the agent's days, one day's spans; and the
upload page running the agent-state import."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from floorwalk.core.models import ImportRun, ImportStatus
from floorwalk.core.services import import_run_execute
from floorwalk.engine.formats import AGENT_STATE_COLUMNS
from floorwalk.metrics.adherence import services
from floorwalk.metrics.adherence.imports import agent_states_import
from floorwalk.metrics.models import AgentStateEvent, DailyAgentAdherence
from tests.conftest import client_for
from tests.metrics.adherence.conftest import Activity, FakeSchedule, at, stamp, write_states

DAY = "2026-10-05"


@pytest.fixture
def schedule(floor, monkeypatch) -> FakeSchedule:
    """Ada works 9:00–13:00 on 5 October, break 11:00–11:15; the published schedule the
    pages read."""
    fake = FakeSchedule(
        {
            floor.agent.pk: [
                Activity("work", at(5, 9), at(5, 13)),
                Activity("break", at(5, 11), at(5, 11, 15)),
            ]
        }
    )
    monkeypatch.setattr(services, "published_schedule", fake)
    return fake


def state_rows(floor) -> list[list[object]]:
    ada = floor.agent.employee_number
    return [
        [ada, "available", stamp(5, 8, 55), stamp(5, 11, 5)],
        [ada, "break", stamp(5, 11, 5), stamp(5, 11, 25)],
        [ada, "on_contact", stamp(5, 11, 25), stamp(5, 13)],
    ]


@pytest.fixture
def adas_states(floor, schedule, tmp_path):
    agent_states_import(path=write_states(tmp_path / "states.csv", state_rows(floor)))


def test_the_scorecard_shows_adherence_and_links_to_the_days(floor, adas_states):
    response = client_for("leader").get(
        reverse("metrics:agent_scorecard", args=[floor.agent.pk]),
        {"period": "week", "date": DAY},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Schedule adherence" in page
    assert "Schedule conformance" in page
    # 225 of 240 scheduled minutes in adherence; 225 worked of 225 scheduled to work.
    adherence = page.split("Schedule adherence", 1)[1].split("Schedule conformance", 1)[0]
    conformance = page.split("Schedule conformance", 1)[1]
    assert "93.8 %</a>" in adherence
    assert "100.0 %</a>" in conformance.split("</tr>", 1)[0]
    days_url = reverse("metrics:agent_adherence", args=[floor.agent.pk])
    assert f"{days_url}?from=2026-10-05&amp;to=2026-10-11" in page


def test_the_days_page_lists_each_day_with_its_figures(floor, adas_states):
    response = client_for("agent").get(
        reverse("metrics:agent_adherence", args=[floor.agent.pk]),
        {"from": "2026-10-01", "to": "2026-10-31"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("metrics:agent_adherence_day", args=[floor.agent.pk, DAY]) in page
    assert "93.8 %" in page
    assert "100.0 %" in page


def test_the_days_export_has_one_row_per_day(floor, adas_states):
    response = client_for("agent").get(
        reverse("metrics:agent_adherence_csv", args=[floor.agent.pk]),
        {"from": "2026-10-01", "to": "2026-10-31"},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "Date",
            "Scheduled minutes",
            "Minutes in adherence",
            "Adherence %",
            "Scheduled work minutes",
            "Worked minutes",
            "Conformance %",
        ],
        ["2026-10-05", "240", "225", "93.75", "225", "225", "100.00"],
    ]


def test_a_reversed_range_is_refused_with_the_reason(floor):
    response = client_for("agent").get(
        reverse("metrics:agent_adherence", args=[floor.agent.pk]),
        {"from": "2026-10-31", "to": "2026-10-01"},
    )

    assert response.status_code == 400
    assert "The first day must not be after the last day." in response.content.decode()
    assert 'value="2026-10-31"' in response.content.decode()


def test_the_day_page_lists_the_out_of_adherence_spans(floor, adas_states):
    response = client_for("mentor").get(
        reverse("metrics:agent_adherence_day", args=[floor.agent.pk, DAY])
    )

    page = response.content.decode()
    assert response.status_code == 200
    spans = page.split("Out of adherence", 1)[1].split("States recorded", 1)[0]
    cells = [cell.strip() for cell in spans.split("<td")[1:]]
    texts = [cell.split(">", 1)[1].split("</td>", 1)[0].strip() for cell in cells]
    assert texts == [
        "11:00",
        "11:05",
        "5",
        "Break",
        "Available",
        "11:15",
        "11:25",
        "10",
        "Work",
        "Break",
    ]


def test_the_day_export_lists_the_spans(floor, adas_states):
    response = client_for("leader").get(
        reverse("metrics:agent_adherence_day_csv", args=[floor.agent.pk, DAY])
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["From", "To", "Minutes", "Scheduled", "State"],
        ["2026-10-05T11:00:00+02:00", "2026-10-05T11:05:00+02:00", "5", "Break", "Available"],
        ["2026-10-05T11:15:00+02:00", "2026-10-05T11:25:00+02:00", "10", "Work", "Break"],
    ]


def test_a_day_without_a_schedule_says_so_without_reading_the_schedule(floor, schedule):
    response = client_for("agent").get(
        reverse("metrics:agent_adherence_day", args=[floor.agent.pk, "2026-10-06"])
    )

    assert response.status_code == 200
    assert "No published schedule for this day" in response.content.decode()
    assert schedule.calls == []


def test_a_day_that_is_not_a_date_is_not_found(floor):
    response = client_for("agent").get(
        reverse("metrics:agent_adherence_day", args=[floor.agent.pk, "2026-13-01"])
    )

    assert response.status_code == 404


def test_another_agent_cannot_see_adas_spans(floor, adas_states):
    response = client_for("other_agent").get(
        reverse("metrics:agent_adherence_day", args=[floor.agent.pk, DAY])
    )

    assert response.status_code == 404
    assert "Ada Agent" not in response.content.decode()


def test_a_leader_uploads_agent_states_and_the_run_applies_them(floor, schedule):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AGENT_STATE_COLUMNS)
    writer.writerows(state_rows(floor))
    upload = SimpleUploadedFile("states.csv", buffer.getvalue().encode(), content_type="text/csv")

    response = client_for("leader").post(
        reverse("imports:new", kwargs={"kind": "agent_states"}),
        {"file": upload, "source": "genesys"},
    )
    run = ImportRun.objects.get()
    import_run_execute(run_id=run.pk)

    run.refresh_from_db()
    assert response.status_code == 302
    assert (run.status, run.kind, run.source) == (ImportStatus.SUCCEEDED, "agent_states", "genesys")
    assert (run.rows_read, run.rows_created) == (3, 3)
    assert set(AgentStateEvent.objects.values_list("source", flat=True)) == {"genesys"}
    assert DailyAgentAdherence.objects.get().adherent_seconds == 225 * 60


def test_an_upload_without_the_state_columns_is_refused_on_the_form(floor):
    upload = SimpleUploadedFile("states.csv", b"agent,state,started_at\nx,available,y\n")

    response = client_for("planner").post(
        reverse("imports:new", kwargs={"kind": "agent_states"}), {"file": upload}
    )

    assert response.status_code == 200
    assert "missing columns: ended_at" in response.content.decode()
    assert not ImportRun.objects.exists()
