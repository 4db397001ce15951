"""Uploads imported in the background: through the real database task backend and its worker.

Each test uploads as a person would (the page or the API), runs `floorwalk db_worker --batch`
(the worker, until the queue is empty) and checks the data and the run's record.
"""

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from floorwalk.accounts.models import User
from floorwalk.accounts.services import token_issue
from floorwalk.core.models import ImportRun, ImportStatus
from floorwalk.core.selectors import import_run_progress
from floorwalk.core.services import import_run_execute, progress_path
from floorwalk.engine.formats import INTERACTION_COLUMNS, PEOPLE_COLUMNS, QA_EVALUATION_COLUMNS
from floorwalk.metrics.models import DailyAgentQueueStats, Interaction, QaEvaluation
from floorwalk.org.models import Person
from tests.conftest import client_for
from tests.factories import make_import_run
from tests.metrics.conftest import interaction
from tests.metrics.qa.conftest import make_interaction, qa_form_of

pytestmark = pytest.mark.django_db(transaction=True)

NEW_INTERACTIONS = reverse("imports:new", kwargs={"kind": "interactions"})
API_UPLOAD = reverse("api-imports-interactions")


def csv_upload(name: str, rows, header=INTERACTION_COLUMNS) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def two_calls(floor, *, second_agent: str | None = None) -> SimpleUploadedFile:
    agent = floor.agent.employee_number
    return csv_upload(
        "calls.csv",
        [
            interaction("A1", agent, talk=300, hold=20, acw=40),
            interaction("A2", second_agent or agent, talk=100, hold=0, acw=10),
        ],
    )


def upload(client, floor, file, **options):
    return client.post(NEW_INTERACTIONS, {"file": file, **options})


def counts(run: ImportRun) -> dict[str, int]:
    return {
        "read": run.rows_read,
        "invalid": run.rows_invalid,
        "created": run.rows_created,
        "updated": run.rows_updated,
        "unchanged": run.rows_unchanged,
    }


# ---- the happy path, end to end ----------------------------------------------------------------


def test_a_leaders_upload_is_queued_then_imported_by_the_worker(floor, run_worker):
    client = client_for("leader")

    response = upload(client, floor, two_calls(floor), source="genesys")

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:run", kwargs={"pk": run.pk})
    assert (run.status, run.kind, run.source, run.created_by.username) == (
        "queued",
        "interactions",
        "genesys",
        "leader",
    )
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert not Interaction.objects.exists()

    run_worker()

    run.refresh_from_db()
    assert run.status == ImportStatus.SUCCEEDED
    assert counts(run) == {"read": 2, "invalid": 0, "created": 2, "updated": 0, "unchanged": 0}
    assert run.rows_expected == 2
    assert run.started_at <= run.finished_at
    assert run.errors == []
    assert run.rejected_file == ""
    assert (
        run.message
        == "2 rows read: 2 valid, 0 invalid (0 errors). 2 created, 0 updated, 0 unchanged."
    )
    assert sorted(Interaction.objects.values_list("source", "external_id")) == [
        ("genesys", "A1"),
        ("genesys", "A2"),
    ]
    # The rollups were kept up to date by the same import: 300 + 100 seconds of talk.
    totals = DailyAgentQueueStats.objects.filter(agent=floor.agent).aggregate(
        talk=Sum("talk_seconds")
    )
    assert totals["talk"] == 400
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_run_page_polls_while_queued_and_shows_the_counts_when_done(floor, run_worker):
    client = client_for("leader")
    upload(client, floor, two_calls(floor))
    run = ImportRun.objects.get()
    url = reverse("imports:run", kwargs={"pk": run.pk})

    queued = client.get(url).content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    run_worker()
    done = client.get(url).content.decode()

    assert 'hx-trigger="every 1s"' in queued
    assert 'role="progressbar"' in queued
    assert "Waiting for a worker" in queued
    assert fragment.lstrip().startswith('<section id="run-status"')
    assert "<html" not in fragment
    assert 'hx-trigger="every 1s"' not in done
    assert "2 rows read: 2 valid, 0 invalid (0 errors). 2 created" in done
    assert "Bad rows" not in done


def test_an_admin_imports_people_through_the_worker(floor, run_worker):
    client = client_for("admin")
    people = csv_upload(
        "people.csv",
        [["E900", "Nora New", "nora@example.com", "North", "Alpha", "2026-01-05", "", "agent", ""]],
        header=PEOPLE_COLUMNS,
    )

    client.post(reverse("imports:new", kwargs={"kind": "people"}), {"file": people})
    run_worker()

    run = ImportRun.objects.get()
    assert (run.status, run.kind, run.source) == ("succeeded", "people", "")
    assert counts(run) == {"read": 1, "invalid": 0, "created": 1, "updated": 0, "unchanged": 0}
    nora = Person.objects.get(employee_number="E900")
    assert (nora.display_name, nora.team, nora.hire_date) == (
        "Nora New",
        floor.alpha,
        date(2026, 1, 5),
    )


def test_a_qa_specialist_imports_evaluations_through_the_worker(floor, run_worker):
    qa_form_of(floor)
    interaction = make_interaction(floor.agent)
    scores = "greeting=1|verification=1|solution=0.5|upsell=1|delight=0"
    evaluations = csv_upload(
        "evaluations.csv",
        [
            [
                "EV-9",
                interaction.external_id,
                "Voice quality",
                floor.qa.employee_number,
                "2026-10-06T10:00:00+02:00",
                scores,
            ]
        ],
        header=QA_EVALUATION_COLUMNS,
    )

    response = client_for("qa").post(
        reverse("imports:new", kwargs={"kind": "qa_evaluations"}),
        {"file": evaluations, "source": interaction.source},
    )
    run_worker()

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert (run.status, run.kind, run.source) == ("succeeded", "qa_evaluations", "platform")
    evaluation = QaEvaluation.objects.get(external_id="EV-9")
    # (1 + 2 + 3 × 0.5 + 1) / 7 of the weights met
    assert evaluation.score == pytest.approx(100 * 5.5 / 7)
    assert (evaluation.interaction, evaluation.evaluator) == (interaction, floor.qa)


# ---- bad rows, options, bad files --------------------------------------------------------------


def test_a_file_with_bad_rows_is_refused_with_every_error_and_nothing_applied(floor, run_worker):
    client = client_for("leader")
    agent = floor.agent.employee_number
    bad = csv_upload(
        "calls.csv",
        [
            interaction("A1", agent),
            interaction("A2", "NOBODY"),
            interaction("A3", agent, talk="-5", csat="9"),
        ],
    )

    upload(client, floor, bad)
    run_worker()

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.REJECTED
    assert counts(run) == {"read": 3, "invalid": 2, "created": 0, "updated": 0, "unchanged": 0}
    assert [(error["row"], error["column"], error["value"]) for error in run.errors] == [
        (3, "agent", "NOBODY"),
        (4, "talk_seconds", "-5"),
        (4, "csat", "9"),
    ]
    assert all(error["reason"] for error in run.errors)
    assert run.message.startswith(
        "3 rows read: 1 valid, 2 invalid (3 errors). Nothing was applied."
    )
    assert not Interaction.objects.exists()
    assert not DailyAgentQueueStats.objects.exists()

    page = client.get(reverse("imports:run", kwargs={"pk": run.pk})).content.decode()
    assert "Bad rows" in page
    assert "NOBODY" in page
    rejected = client.get(reverse("imports:run_rejected", kwargs={"pk": run.pk}))
    rejected_rows = list(csv.reader(io.StringIO(b"".join(rejected.streaming_content).decode())))
    assert [row[0] for row in rejected_rows] == ["row", "3", "4"]
    assert rejected_rows[1][3] == "NOBODY"
    errors_csv = client.get(reverse("imports:run_errors_csv", kwargs={"pk": run.pk}))
    assert errors_csv.content.decode("utf-8-sig").splitlines()[1].startswith("3,agent,NOBODY,")


def test_skip_invalid_applies_the_valid_rows_and_offers_the_rejected_ones(floor, run_worker):
    client = client_for("planner")

    upload(client, floor, two_calls(floor, second_agent="NOBODY"), skip_invalid="on")
    run_worker()

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.SUCCEEDED
    assert counts(run) == {"read": 2, "invalid": 1, "created": 1, "updated": 0, "unchanged": 0}
    assert list(Interaction.objects.values_list("external_id", flat=True)) == ["A1"]
    assert [(error["row"], error["column"]) for error in run.errors] == [(3, "agent")]
    assert run.rejected_file == f"{run.pk}/calls.rejected.csv"
    rejected = client.get(reverse("imports:run_rejected", kwargs={"pk": run.pk}))
    assert rejected["Content-Disposition"] == 'attachment; filename="calls.rejected.csv"'
    body = b"".join(rejected.streaming_content).decode()
    assert body.splitlines()[1].startswith("3,agent: ")


def test_a_dry_run_counts_what_would_change_and_changes_nothing(floor, run_worker):
    client = client_for("leader")

    upload(client, floor, two_calls(floor), dry_run="on")
    run_worker()

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.CHECKED
    assert counts(run) == {"read": 2, "invalid": 0, "created": 2, "updated": 0, "unchanged": 0}
    assert run.message.startswith("Dry run: 2 rows read")
    assert not Interaction.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("calls.png", b"\x89PNG\r\n\x1a\n", "calls.png is not a file this import reads"),
        ("calls.csv", b"\x89PNG\r\n\x1a\n\x00\xff", "The file is not UTF-8 text."),
        ("calls.csv", b"", "The submitted file is empty."),
        ("calls.csv", b"id;who;when\n1;2;3\n", "missing columns: interaction_id, agent"),
        ("calls.jsonl", b"hello\n", "The first line is not a JSON object"),
    ],
)
def test_a_file_that_is_not_an_interactions_file_is_refused_at_upload(
    floor, name, content, message
):
    client = client_for("leader")

    response = upload(client, floor, SimpleUploadedFile(name, content), source="kept")

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="kept"' in page  # what was typed stays
    assert not ImportRun.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_spreadsheets_quoted_semicolon_header_is_accepted(floor, run_worker):
    agent = floor.agent.employee_number
    header = ";".join(f'"{column}"' for column in INTERACTION_COLUMNS)
    row = ";".join(str(value) for value in interaction("A1", agent))
    file = SimpleUploadedFile("calls.csv", f"\ufeff{header}\r\n{row}\r\n".encode())

    response = upload(client_for("leader"), floor, file)
    run_worker()

    assert response.status_code == 302
    assert ImportRun.objects.get().status == ImportStatus.SUCCEEDED
    assert Interaction.objects.count() == 1


def test_a_json_lines_upload_is_read_as_json_lines(floor, run_worker):
    lines = [
        json.dumps(
            dict(zip(INTERACTION_COLUMNS, map(str, interaction(call_id, agent)), strict=True))
        )
        for call_id, agent in (("J1", floor.agent.employee_number), ("J2", "NOBODY"))
    ]
    file = SimpleUploadedFile("calls.jsonl", "\n".join(lines).encode())

    upload(client_for("leader"), floor, file, skip_invalid="on")
    run_worker()

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.SUCCEEDED
    assert counts(run) == {"read": 2, "invalid": 1, "created": 1, "updated": 0, "unchanged": 0}
    assert [(error["row"], error["column"]) for error in run.errors] == [(2, "agent")]


def test_an_odd_or_very_long_file_name_is_kept_safe_and_short(floor):
    file = two_calls(floor)
    file.name = "../" + "x" * 300 + " calls (1).csv"

    upload(client_for("leader"), floor, file)

    run = ImportRun.objects.get()
    name = Path(run.file_name).name
    assert run.file_name == f"{run.pk}/{name}"
    assert (len(name), name[:3], name[-4:]) == (200, "xxx", ".csv")
    assert "/" not in name
    assert (Path(settings.IMPORTS_DIR) / run.file_name).is_file()


def test_a_file_over_the_upload_limit_is_refused_with_the_limit(floor, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 0

    response = upload(client_for("leader"), floor, two_calls(floor))

    assert "The file is larger than 0 MB; import it from the command line." in (
        response.content.decode()
    )
    assert not ImportRun.objects.exists()


def test_a_file_that_goes_bad_after_its_header_fails_with_a_clear_message(floor, run_worker):
    client = client_for("leader")
    header = two_calls(floor).read().split(b"\n", 1)[0]
    garbage = SimpleUploadedFile("calls.csv", header + b"\nA1,\xff\xfe\x00\x01,x\n")

    upload(client, floor, garbage)
    run_worker()

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    assert "not UTF-8 text" in run.message
    assert run.message.endswith("Nothing was applied.")
    assert not Interaction.objects.exists()


def test_a_crash_in_the_import_marks_the_run_failed_with_a_readable_message(
    floor, run_worker, monkeypatch
):
    def broken_import(**options):
        raise RuntimeError("disk full")

    monkeypatch.setattr("floorwalk.core.services.interactions_import", broken_import)
    upload(client_for("leader"), floor, two_calls(floor))

    run_worker()

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    assert run.message == (
        "The import stopped on an unexpected error (RuntimeError: disk full). Nothing was "
        "applied; the worker's log has the details."
    )
    assert run.finished_at is not None
    assert not Interaction.objects.exists()


def test_a_worker_stopped_during_an_import_marks_the_run_failed(floor, run_worker, monkeypatch):
    def interrupted_import(**options):
        raise KeyboardInterrupt

    monkeypatch.setattr("floorwalk.core.services.interactions_import", interrupted_import)
    upload(client_for("leader"), floor, two_calls(floor))

    run_worker()

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    assert run.message == (
        "The worker was stopped during the import. Nothing was applied; upload the file again."
    )
    assert DBTaskResult.objects.get().status == "FAILED"


def test_a_run_already_taken_is_not_run_again(floor, run_worker):
    upload(client_for("leader"), floor, two_calls(floor))
    run_worker()
    run = ImportRun.objects.get()

    import_run_execute(run_id=run.pk)

    assert ImportRun.objects.get().finished_at == run.finished_at
    assert Interaction.objects.count() == 2


def test_progress_comes_from_the_workers_file_while_the_run_goes(floor):
    upload(client_for("leader"), floor, two_calls(floor))
    run = ImportRun.objects.get()
    run.status, run.rows_expected = ImportStatus.RUNNING, 200
    run.save()
    before = import_run_progress(run)

    Path(progress_path(run)).write_text("50", encoding="ascii")

    assert (before.rows_read, before.percent) == (0, 0)
    after = import_run_progress(run)
    assert (after.rows_read, after.rows_expected, after.percent) == (50, 200, 25)
    assert after.in_progress
    page = client_for("leader").get(reverse("imports:run", kwargs={"pk": run.pk}))
    assert 'data-percent="25"' in page.content.decode()
    assert "50 of about 200 rows checked" in page.content.decode()


# ---- the API ----------------------------------------------------------------------------------


def api_client(username: str) -> APIClient:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {token_issue(user=User.objects.get(username=username)).key}"
    )
    return client


def test_the_api_round_trip_upload_then_follow_the_run(floor, run_worker):
    client = api_client("leader")

    response = client.post(
        API_UPLOAD, {"file": two_calls(floor), "source": "api", "skip_invalid": "true"}
    )

    assert response.status_code == 202
    run = ImportRun.objects.get()
    detail_url = f"http://testserver{reverse('api-import', kwargs={'pk': run.pk})}"
    assert response["Location"] == detail_url
    assert (response.data["status"], response.data["skip_invalid"]) == ("queued", True)

    run_worker()
    followed = client.get(response["Location"])

    assert followed.status_code == 200
    assert {
        key: followed.data[key] for key in ("status", "source", "rows_read", "rows_created")
    } == {
        "status": "succeeded",
        "source": "api",
        "rows_read": 2,
        "rows_created": 2,
    }
    assert followed.data["errors"] == []
    assert followed.data["rejected_rows_url"] is None
    assert Interaction.objects.filter(source="api").count() == 2


def test_the_api_refuses_a_file_that_is_not_an_interactions_file(floor):
    response = api_client("leader").post(
        API_UPLOAD, {"file": SimpleUploadedFile("calls.xlsx", b"PK\x03\x04")}
    )

    assert response.status_code == 400
    assert response.data["file"] == [
        "calls.xlsx is not a file this import reads: upload a .csv, .jsonl or .ndjson file."
    ]
    assert not ImportRun.objects.exists()


def test_an_agent_may_not_import_through_the_api_and_nothing_is_queued(floor):
    response = api_client("agent").post(API_UPLOAD, {"file": two_calls(floor)})

    assert response.status_code == 403
    assert not ImportRun.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_another_leader_cannot_follow_someone_elses_run(floor):
    api_client("leader").post(API_UPLOAD, {"file": two_calls(floor)})
    run = ImportRun.objects.get()

    response = api_client("other_leader").get(reverse("api-import", kwargs={"pk": run.pk}))

    assert response.status_code == 404


def test_the_import_api_is_in_the_openapi_schema(floor):
    schema = client_for("leader").get(reverse("api-schema"), {"format": "json"}).json()

    upload_operation = schema["paths"]["/api/v1/imports/interactions/"]["post"]
    assert "multipart/form-data" in upload_operation["requestBody"]["content"]
    assert "202" in upload_operation["responses"]
    assert "get" in schema["paths"]["/api/v1/imports/{id}/"]


# ---- the list ----------------------------------------------------------------------------------


def run_url(run: ImportRun) -> str:
    return reverse("imports:run", kwargs={"pk": run.pk})


def test_leaders_list_their_own_imports_and_administrators_everyones(floor):
    mine = make_import_run(floor.user("leader"))
    theirs = make_import_run(floor.user("other_leader"))

    leaders = client_for("leader").get(reverse("imports:list")).content.decode()
    admins = client_for("admin").get(reverse("imports:list")).content.decode()

    assert run_url(mine) in leaders
    assert run_url(theirs) not in leaders
    assert run_url(mine) in admins
    assert run_url(theirs) in admins
    assert "Otto Otherleader" in admins  # who started each run


def test_the_list_sorts_and_exports_what_it_shows(floor):
    leader = floor.user("leader")
    small, big = make_import_run(leader), make_import_run(leader)
    ImportRun.objects.filter(pk=small.pk).update(rows_read=5)
    ImportRun.objects.filter(pk=big.pk).update(rows_read=500)
    client = client_for("leader")

    page = client.get(reverse("imports:list"), {"sort": "rows_read", "order": "asc"})
    exported = client.get(reverse("imports:list_csv"), {"sort": "rows_read", "order": "desc"})

    body = page.content.decode()
    assert body.index(f'/imports/{small.pk}/"') < body.index(f'/imports/{big.pk}/"')
    assert 'aria-sort="ascending"' in body
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Uploaded at", "Kind", "File"]
    assert [(row[2], row[5]) for row in rows[1:]] == [("calls.csv", "500"), ("calls.csv", "5")]


def test_an_empty_list_says_what_to_do_next(floor):
    page = client_for("planner").get(reverse("imports:list")).content.decode()

    assert "No imports yet. Pick a kind of file above to upload one" in page
    assert reverse("imports:new", kwargs={"kind": "interactions"}) in page
    assert reverse("imports:new", kwargs={"kind": "people"}) not in page
