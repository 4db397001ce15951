"""Kudos between colleagues, customer compliments, the team wall and the compliments import."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from floorwalk.accounts.models import Role
from floorwalk.audit.models import AuditEvent
from floorwalk.core.imports import ImportRefusedError
from floorwalk.development.models import StageAssignment
from floorwalk.experience.models import Compliment, ComplimentSource, Kudos
from floorwalk.experience.recognition_imports import compliments_import
from floorwalk.experience.recognition_selectors import compliments_by_stage, team_wall
from floorwalk.experience.recognition_services import (
    KUDOS_PER_DAY,
    compliment_record,
    kudos_give,
)
from floorwalk.metrics.services import rollups_rebuild
from tests.conftest import client_for
from tests.factories import make_person
from tests.metrics.qa.conftest import make_interaction

OCTOBER = date(2026, 10, 5)


def test_kudos_to_a_colleague_is_recorded_and_audited(floor):
    kudos = kudos_give(
        actor=floor.user("agent"), to=floor.mentor, value="helped_colleague", message="Thanks!"
    )

    assert (kudos.given_by, kudos.given_to, kudos.value) == (
        floor.agent,
        floor.mentor,
        "helped_colleague",
    )
    event = AuditEvent.objects.get(object_type="experience.kudos")
    assert (event.person, event.changes["message"]) == (floor.mentor, [None, "Thanks!"])


def test_kudos_to_oneself_or_to_another_site_is_refused_and_nothing_is_saved(floor):
    for to in (floor.agent, floor.far_agent):
        with pytest.raises(ValidationError) as error:
            kudos_give(actor=floor.user("agent"), to=to, value="ownership", message="Me")
        assert "given_to" in error.value.message_dict

    assert Kudos.objects.count() == 0


def test_kudos_to_the_same_colleague_twice_a_day_is_refused(floor):
    kudos_give(actor=floor.user("agent"), to=floor.mentor, value="teamwork", message="One")

    with pytest.raises(ValidationError) as error:
        kudos_give(actor=floor.user("agent"), to=floor.mentor, value="teamwork", message="Two")

    assert "24 hours" in error.value.message_dict["given_to"][0]
    assert Kudos.objects.count() == 1


def test_kudos_beyond_the_daily_limit_are_refused(floor):
    colleagues = [
        make_person(f"c{n}", Role.AGENT, site=floor.north, team=floor.beta)
        for n in range(KUDOS_PER_DAY + 1)
    ]
    for colleague in colleagues[:KUDOS_PER_DAY]:
        kudos_give(actor=floor.user("agent"), to=colleague, value="teamwork", message="Thanks")

    with pytest.raises(ValidationError):
        kudos_give(actor=floor.user("agent"), to=colleagues[-1], value="teamwork", message="x")

    assert Kudos.objects.filter(given_by=floor.agent).count() == KUDOS_PER_DAY


def test_an_agent_cannot_record_a_compliment_and_nothing_changes(floor):
    with pytest.raises(PermissionDenied):
        compliment_record(
            actor=floor.user("agent"), agent=floor.mentor, received_on=OCTOBER, text="Lovely"
        )

    assert Compliment.objects.count() == 0


def test_a_leader_records_a_compliment_linked_to_the_agents_interaction(floor):
    interaction = make_interaction(floor.agent)

    compliment = compliment_record(
        actor=floor.user("leader"),
        agent=floor.agent,
        received_on=OCTOBER,
        text="Ada was wonderful",
        interaction=interaction,
    )

    assert (compliment.interaction, compliment.entered_by) == (interaction, floor.user("leader"))


def test_a_compliment_on_someone_elses_interaction_is_refused(floor):
    with pytest.raises(ValidationError) as error:
        compliment_record(
            actor=floor.user("leader"),
            agent=floor.agent,
            received_on=OCTOBER,
            text="Nice",
            interaction=make_interaction(floor.mentor),
        )

    assert "interaction" in error.value.message_dict
    assert Compliment.objects.count() == 0


def test_the_team_wall_counts_the_team_per_month(floor):
    today = timezone.localdate()
    kudos_give(actor=floor.user("other_agent"), to=floor.agent, value="teamwork", message="x")
    kudos_give(actor=floor.user("agent"), to=floor.mentor, value="teamwork", message="y")
    kudos_give(actor=floor.user("agent"), to=floor.other_agent, value="teamwork", message="z")
    for days in (0, 0, 40):
        Compliment.objects.create(
            agent=floor.agent, received_on=today - timedelta(days=days), text="Great"
        )

    wall = team_wall(floor.alpha, today=today)

    this_month = wall.months[-1]
    assert (this_month.kudos, len(wall.kudos)) == (2, 2)  # Oskar's kudos is on Beta's wall
    assert sum(month.compliments for month in wall.months) == 3
    assert this_month.compliments == 2  # 40 days ago is always an earlier month


def test_compliments_are_compared_per_100_contacts_only_within_a_stage(floor):
    ari = make_person("ari", Role.AGENT, site=floor.north, team=floor.alpha, display_name="Ari")
    for person, stage in ((floor.agent, "R1"), (ari, "R1"), (floor.mentor, "R3")):
        StageAssignment.objects.create(
            person=person, stage=stage, set_by=floor.user("leader"), set_at=timezone.now()
        )
    for person, contacts in ((floor.agent, 4), (ari, 2), (floor.mentor, 1)):
        for hour in range(contacts):
            make_interaction(person, day=OCTOBER, hour=8 + hour)
    rollups_rebuild()
    for person in (floor.agent, ari):
        Compliment.objects.create(agent=person, received_on=OCTOBER, text="Thanks")

    groups = compliments_by_stage(floor.alpha, start=date(2026, 10, 1), end=date(2026, 10, 31))

    assert [
        (group.stage, [(row.agent.display_name, row.per_100) for row in group.agents])
        for group in groups
    ] == [
        ("R1", [("Ada Agent", 25.0), ("Ari", 50.0)]),  # 1 of 4, 1 of 2; by name, not by rate
        ("R3", [("Mira Mentor", 0.0)]),
    ]


def test_the_comparison_is_shown_to_the_leader_only(floor):
    leader_page = client_for("leader").get(reverse("experience:team_wall", args=[floor.alpha.pk]))
    agent_page = client_for("agent").get(reverse("experience:team_wall", args=[floor.alpha.pk]))

    assert "Compliments per 100 contacts" in leader_page.content.decode()
    assert "Compliments per 100 contacts" not in agent_page.content.decode()


def test_my_recognition_lists_received_and_given_kudos(floor):
    kudos_give(actor=floor.user("mentor"), to=floor.agent, value="ownership", message="Owned it")
    kudos_give(actor=floor.user("agent"), to=floor.other_agent, value="teamwork", message="Cheers")

    body = client_for("agent").get(reverse("experience:my_recognition")).content.decode()

    assert "Owned it" in body
    assert "Cheers" in body


def test_sending_kudos_from_the_page(floor):
    response = client_for("agent").post(
        reverse("experience:kudos_new"),
        {"given_to": floor.mentor.pk, "value": "customer_focus", "message": "Calm call"},
    )

    assert response.status_code == 302
    assert Kudos.objects.get().message == "Calm call"


# ---- the compliments import ------------------------------------------------------------------


def _write(tmp_path, text: str):
    path = tmp_path / "compliments.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_import_creates_then_changes_nothing_the_second_time(floor, tmp_path):
    interaction = make_interaction(floor.agent)
    path = _write(
        tmp_path,
        "compliment_id,agent,received_on,text,interaction_id\n"
        f"C1,{floor.agent.employee_number},2026-10-05,Very kind,{interaction.external_id}\n"
        f"C2,{floor.mentor.employee_number},2026-10-06,Quick and clear,\n",
    )

    first = compliments_import(path=path, source="platform", actor=floor.user("qa"))
    second = compliments_import(path=path, source="platform", actor=floor.user("qa"))

    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    stored = Compliment.objects.get(external_id="C1")
    assert (stored.agent, stored.interaction, stored.source) == (
        floor.agent,
        interaction,
        ComplimentSource.IMPORT,
    )


def test_an_import_with_a_bad_row_applies_nothing_and_names_row_column_and_reason(floor, tmp_path):
    path = _write(
        tmp_path,
        "compliment_id,agent,received_on,text\n"
        f"C1,{floor.agent.employee_number},2026-10-05,Fine\n"
        "C2,NOBODY,2026-10-05,Fine\n"
        f"C3,{floor.agent.employee_number},5 Oct,Fine\n",
    )

    with pytest.raises(ImportRefusedError) as refused:
        compliments_import(path=path)

    assert [(e.row, e.column, e.value) for e in refused.value.report.errors] == [
        (3, "agent", "NOBODY"),
        (4, "received_on", "5 Oct"),
    ]
    assert Compliment.objects.count() == 0


def test_a_qa_specialist_uploads_compliments_and_the_run_applies_them(floor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from floorwalk.core.models import ImportKind, ImportStatus
    from floorwalk.core.services import import_run_execute, import_run_start

    content = (
        "compliment_id,agent,received_on,text\n"
        f"C9,{floor.agent.employee_number},2026-10-05,Lovely call\n"
    ).encode()
    upload = SimpleUploadedFile("compliments.csv", content, content_type="text/csv")

    run = import_run_start(actor=floor.user("qa"), kind=ImportKind.COMPLIMENTS, upload=upload)
    import_run_execute(run_id=run.pk)  # what the worker runs once the run is committed

    run.refresh_from_db()
    assert (run.status, run.rows_created) == (ImportStatus.SUCCEEDED, 1)
    assert Compliment.objects.get().external_id == "C9"


def test_an_agent_may_not_upload_compliments(floor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from floorwalk.core.models import ImportKind, ImportRun
    from floorwalk.core.services import import_run_start

    upload = SimpleUploadedFile("c.csv", b"compliment_id,agent,received_on,text\n")
    with pytest.raises(PermissionDenied):
        import_run_start(actor=floor.user("agent"), kind=ImportKind.COMPLIMENTS, upload=upload)

    assert ImportRun.objects.count() == 0
