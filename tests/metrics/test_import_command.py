"""`floorwalk import`: the generated files go in whole; a bad file is refused with its rows."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from floorwalk.metrics.models import DailyAgentQueueStats, Interaction
from floorwalk.org.models import Person, Queue
from tests.metrics.conftest import interaction, write_csv


def data_rows(path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines()) - 1


def test_the_generated_files_import_through_the_command_line(db, tmp_path, capsys):
    call_command("demo", agents=8, months=1, end=date(2026, 10, 31), files=tmp_path, verbosity=0)

    call_command("import", "queues", str(tmp_path / "queues.csv"))
    call_command("import", "people", str(tmp_path / "people.csv"))
    call_command("import", "interactions", str(tmp_path / "interactions.csv"))

    assert Queue.objects.count() == data_rows(tmp_path / "queues.csv")
    assert Person.objects.count() == data_rows(tmp_path / "people.csv")
    assert Interaction.objects.count() == data_rows(tmp_path / "interactions.csv")
    assert DailyAgentQueueStats.objects.exists()
    output = capsys.readouterr()
    assert "0 invalid" in output.out
    assert "rows/s" in output.err  # the progress bar


def test_the_command_refuses_a_bad_file_and_lists_its_rows(floor, tmp_path, capsys):
    path = write_csv(
        tmp_path / "calls.csv",
        [interaction("A1", floor.agent.employee_number), interaction("A2", "NOBODY")],
    )

    with pytest.raises(CommandError, match="1 invalid"):
        call_command("import", "interactions", str(path))

    assert "row 3, agent = 'NOBODY'" in capsys.readouterr().err
    assert not Interaction.objects.exists()
