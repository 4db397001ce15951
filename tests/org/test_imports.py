"""Importing queues and people from HR and platform exports."""

from datetime import date
from pathlib import Path

import pytest

from floorwalk.accounts.models import Role
from floorwalk.core.imports import ImportRefusedError
from floorwalk.engine.formats import PEOPLE_COLUMNS, QUEUE_COLUMNS
from floorwalk.org.imports import people_import, queues_import
from floorwalk.org.models import Person, PersonStatus, Queue, Site, Team

TODAY = date(2026, 11, 1)


def write(path: Path, header, rows) -> Path:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def person_row(number, name, *, site="North", team="Alpha", hire="2024-03-01", leaving="",
               roles="agent", queues="Billing voice", email=""):  # fmt: skip
    return [number, name, email, site, team, hire, leaving, roles, queues]


def test_queues_are_created_then_updated_by_site_and_name(floor, tmp_path):
    path = write(
        tmp_path / "queues.csv",
        QUEUE_COLUMNS,
        [["Billing voice", "chat", "North"], ["Sales chat", "chat", "Harbour"]],
    )

    report = queues_import(path=path)

    assert (report.created, report.updated) == (1, 1)
    assert Queue.objects.get(name="Billing voice", site=floor.north).channel == "chat"
    assert Site.objects.get(name="Harbour").queues.get().name == "Sales chat"


def test_people_are_created_updated_by_employee_number_and_never_deleted(floor, tmp_path):
    agent = floor.agent
    path = write(
        tmp_path / "people.csv",
        PEOPLE_COLUMNS,
        [
            person_row("N-1", "Nina New", team="Delta", roles="agent|mentor"),
            person_row(agent.employee_number, "Ada Renamed", leaving="2026-10-15"),
        ],
    )

    report = people_import(path=path, today=TODAY)

    assert (report.created, report.updated) == (1, 1)
    nina = Person.objects.get(employee_number="N-1")
    assert nina.team == Team.objects.get(site=floor.north, name="Delta")
    assert set(nina.role_assignments.values_list("role", flat=True)) == {Role.AGENT, Role.MENTOR}
    assert list(nina.queues.values_list("name", flat=True)) == ["Billing voice"]
    agent.refresh_from_db()
    assert (agent.display_name, agent.status) == ("Ada Renamed", PersonStatus.LEFT)
    assert Person.objects.filter(pk=floor.far_agent.pk).exists()  # not in the file, kept


def test_importing_the_same_people_again_changes_nothing(floor, tmp_path):
    path = write(tmp_path / "people.csv", PEOPLE_COLUMNS, [person_row("N-1", "Nina New")])
    people_import(path=path, today=TODAY)

    report = people_import(path=path, today=TODAY)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


def test_bad_people_rows_are_reported_and_nothing_is_applied(floor, tmp_path):
    path = write(
        tmp_path / "people.csv",
        PEOPLE_COLUMNS,
        [
            person_row("N-1", "Nina New"),
            person_row("N-2", "", hire="01/03/2024", roles="boss"),
            person_row("N-3", "Noor", queues="Nowhere", email="noor@", leaving="2020-01-01"),
            person_row("N-1", "Nina Again"),
        ],
    )

    with pytest.raises(ImportRefusedError) as refused:
        people_import(path=path, today=TODAY)

    found = {(error.row, error.column) for error in refused.value.report.errors}
    assert found == {
        (3, "display_name"),
        (3, "hire_date"),
        (3, "roles"),
        (4, "queues"),
        (4, "email"),
        (4, "leaving_date"),
        (5, "employee_number"),
    }
    assert not Person.objects.filter(employee_number__startswith="N-").exists()


def test_skip_invalid_and_dry_run_for_people(floor, tmp_path):
    path = write(
        tmp_path / "people.csv",
        PEOPLE_COLUMNS,
        [person_row("N-1", "Nina New"), person_row("N-2", "Ned", hire="")],
    )

    checked = people_import(path=path, today=TODAY, skip_invalid=True, dry_run=True)
    assert (checked.created, checked.invalid_rows) == (1, 1)
    assert not Person.objects.filter(employee_number="N-1").exists()

    applied = people_import(path=path, today=TODAY, skip_invalid=True)
    assert applied.created == 1
    assert Person.objects.filter(employee_number="N-1").exists()
    assert "N-2" in Path(applied.rejected_file).read_text(encoding="utf-8")


def test_people_and_queue_imports_report_their_progress_every_thousand_rows(floor, tmp_path):
    people = write(
        tmp_path / "people.csv",
        PEOPLE_COLUMNS,
        [person_row(f"P{number:04d}", f"Person {number}") for number in range(2500)],
    )
    queues = write(tmp_path / "queues.csv", QUEUE_COLUMNS, [["Sales chat", "chat", "North"]])
    people_progress: list[int] = []
    queue_progress: list[int] = []

    people_import(path=people, today=TODAY, dry_run=True, progress=people_progress.append)
    queues_import(path=queues, dry_run=True, progress=queue_progress.append)

    assert people_progress == [1000, 2000, 2500]
    assert queue_progress == [1]
