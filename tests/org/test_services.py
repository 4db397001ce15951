from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from floorwalk.accounts.models import RoleAssignment, User
from floorwalk.accounts.policy import people_for
from floorwalk.development.models import Competency, Playbook
from floorwalk.metrics.models import Interaction, Standard
from floorwalk.org.models import Mentorship, Person, PersonStatus, Queue, Team
from floorwalk.org.services import OrganisationNotEmptyError, synthetic_floor_load
from floorwalk.synthetic.floor import FloorSpec, build_floor

SPEC = FloorSpec(agents=20, months=3, seed=3, end=date(2026, 10, 31))
TODAY = date(2026, 11, 1)


@pytest.fixture
def generated():
    return build_floor(SPEC)


def test_loading_a_floor_creates_everyone_with_their_team_roles_and_queues(db, generated):
    result = synthetic_floor_load(floor=generated, password="demo", today=TODAY)

    assert result.people == Person.objects.count() == len(generated.people)
    assert Team.objects.count() == len(generated.teams)
    assert Queue.objects.count() == len(generated.queues)
    assert RoleAssignment.objects.count() == sum(len(p.roles) for p in generated.people)
    assert Mentorship.objects.count() == len(generated.mentorships)
    for expected in generated.people:
        person = Person.objects.get(employee_number=expected.employee_number)
        assert (person.team.name if person.team else None) == expected.team
        assert sorted(person.queues.values_list("name", flat=True)) == sorted(expected.queues)
        assert person.hire_date == expected.hire_date


def test_leavers_are_marked_left_and_cannot_log_in(db, generated):
    synthetic_floor_load(floor=generated, password="demo", today=TODAY)

    leavers = [p for p in generated.people if p.leaving_date and p.leaving_date <= TODAY]
    assert leavers
    for leaver in leavers:
        person = Person.objects.get(employee_number=leaver.employee_number)
        assert person.status == PersonStatus.LEFT
        assert User.objects.get(person=person).is_active is False


def test_demo_logins_work_and_the_leader_sees_agent_and_mentor(db, generated):
    synthetic_floor_load(floor=generated, password="demo", today=TODAY)

    login = RequestFactory().post("/login/")
    leader = authenticate(login, username="leader", password="demo")
    visible = set(people_for(leader).values_list("user__username", flat=True))

    assert {"agent", "mentor"} <= visible
    assert authenticate(login, username="agent", password="wrong") is None


def test_loading_into_a_database_with_an_organisation_changes_nothing(db, generated):
    synthetic_floor_load(floor=generated, password="demo", today=TODAY)
    people_before = Person.objects.count()

    with pytest.raises(OrganisationNotEmptyError):
        synthetic_floor_load(
            floor=build_floor(FloorSpec(agents=5, seed=1)), password="x", today=TODAY
        )

    assert Person.objects.count() == people_before


def test_demo_command_refuses_a_second_load_and_replace_rebuilds(db):
    options = {"agents": 8, "months": 1, "end": date(2026, 10, 31), "verbosity": 0}
    call_command("demo", **options)
    interactions = Interaction.objects.count()

    with pytest.raises(CommandError, match="already holds an organisation"):
        call_command("demo", **options)
    call_command("demo", keep_existing=True, **options)
    call_command("demo", replace=True, **options)

    assert User.objects.filter(username="leader").count() == 1
    assert interactions > 0
    assert Interaction.objects.count() == interactions
    assert Standard.objects.filter(metric="aht", target=390).count() == 1
    assert Competency.objects.count() == 3  # the defaults, loaded once
    assert Playbook.objects.count() == 4


def test_demo_command_writes_the_import_files(tmp_path):
    call_command("demo", agents=8, months=1, end=date(2026, 10, 31), files=tmp_path, verbosity=0)

    header = (tmp_path / "people.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("employee_number,display_name,email,site,team")
    assert (tmp_path / "interactions.csv").stat().st_size > 0
