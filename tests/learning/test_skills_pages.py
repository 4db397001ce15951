"""The matrix page, its CSV and cell editing, an agent's skills, paths by page and API."""

import csv
import io
from datetime import date

import pytest
from django.utils import timezone

from floorwalk.learning.models import PathEnrolment, SkillLevel, StepCompletion, TrainingPath
from floorwalk.learning.skills_services import skill_level_set
from floorwalk.org.models import Skill
from tests.conftest import client_for
from tests.factories import QueueFactory

DAY = date(2025, 6, 2)


@pytest.fixture
def chat(floor):
    queue = QueueFactory(name="Chat", channel="chat", site=floor.north)
    skill = Skill.objects.create(name="Written")
    skill.queues.add(queue)
    return queue


def test_leader_sees_their_team_with_level_badges_and_can_edit(floor, chat):
    skill_level_set(
        actor=floor.user("leader"), person=floor.agent, queue=chat, level=4, assessed_on=DAY
    )

    response = client_for("leader").get("/skills/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ada Agent" in body
    assert "Mira Mentor" in body
    assert "Oskar Otheragent" not in body  # Beta is not Lena's team
    assert "4 · Expert" in body
    assert "Serves · not assessed" in body  # Billing voice, served before the matrix
    assert f"/skills/people/{floor.agent.pk}/queues/{chat.pk}/" in body


def test_planner_reads_the_site_without_edit_links(floor, chat):
    body = client_for("planner").get("/skills/?group=skill").content.decode()

    assert "Oskar Otheragent" in body
    assert "Ada Agent" in body
    assert f"/skills/people/{floor.agent.pk}/queues/" not in body
    assert "Written" in body  # the chat queue's skill heads its column


def test_matrix_csv_filtered_by_team(floor, chat):
    skill_level_set(
        actor=floor.user("manager"), person=floor.mentor, queue=chat, level=2, assessed_on=DAY
    )

    response = client_for("manager").get(f"/skills/matrix.csv?team={floor.alpha.pk}")

    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows == [
        ["Employee number", "Name", "Team", "Billing voice", "Chat"],
        [floor.agent.employee_number, "Ada Agent", "Alpha", "serves", ""],
        [floor.mentor.employee_number, "Mira Mentor", "Alpha", "serves", "2"],
    ]


def test_htmx_cell_edit_sets_the_level_and_returns_the_cell(floor, chat):
    client = client_for("leader")
    url = f"/skills/people/{floor.agent.pk}/queues/{chat.pk}/"

    editor = client.get(url, headers={"HX-Request": "true"})
    saved = client.post(
        url, {"level": "2", "assessed_on": "2025-06-02"}, headers={"HX-Request": "true"}
    )

    assert editor.status_code == 200
    assert "<form" in editor.content.decode()
    assert "<html" not in editor.content.decode()
    assert saved.status_code == 200
    assert "2 · Supported" in saved.content.decode()
    assert floor.agent.queues.filter(pk=chat.pk).exists()


def test_htmx_cell_edit_with_a_future_date_shows_the_error_and_changes_nothing(floor, chat):
    future = (timezone.localdate().replace(year=timezone.localdate().year + 1)).isoformat()

    response = client_for("leader").post(
        f"/skills/people/{floor.agent.pk}/queues/{chat.pk}/",
        {"level": "3", "assessed_on": future},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert SkillLevel.objects.count() == 0
    assert not floor.agent.queues.filter(pk=chat.pk).exists()


def test_agent_sees_my_skills_with_history(floor, chat):
    skill_level_set(
        actor=floor.user("leader"), person=floor.agent, queue=chat, level=1, assessed_on=DAY
    )

    body = client_for("agent").get(f"/skills/people/{floor.agent.pk}/").content.decode()

    assert "My skills" in body
    assert "1 · Learning" in body
    assert "Lena Leader" in body
    assert f"/skills/people/{floor.agent.pk}/queues/" not in body  # no editing of one's own


def test_path_by_pages_create_step_enrol_tick(floor, chat):
    manager, leader = client_for("manager"), client_for("leader")
    created = manager.post(
        "/skills/paths/", {"name": "Chat path", "target_queue": chat.pk, "target_level": "3"}
    )
    path = TrainingPath.objects.get()
    manager.post(f"/skills/paths/{path.pk}/steps/", {"kind": "shadowing", "title": "Shadow"})
    manager.post(
        f"/skills/paths/{path.pk}/steps/",
        {"kind": "supervised", "title": "Chats", "contacts": "25"},
    )
    leader.post(
        f"/skills/paths/{path.pk}/enrol/", {"person": floor.agent.pk, "enrolled_on": "2025-06-02"}
    )
    enrolment = PathEnrolment.objects.get()
    first, second = path.steps.order_by("position")
    leader.post(
        f"/skills/enrolments/{enrolment.pk}/steps/{first.pk}/done/", {"done_on": "2025-06-04"}
    )
    leader.post(
        f"/skills/enrolments/{enrolment.pk}/steps/{second.pk}/done/", {"done_on": "2025-06-09"}
    )

    assert created.status_code == 302
    assert StepCompletion.objects.count() == 2
    assert SkillLevel.objects.get(person=floor.agent, queue=chat).level == 3
    page = leader.get(f"/skills/paths/{path.pk}/").content.decode()
    assert "Ada Agent" in page
    assert "2 of 2" in page
    assert "completed" in page


def test_path_page_errors_say_which_field(floor, chat):
    response = client_for("manager").post(
        "/skills/paths/", {"name": "", "target_queue": chat.pk, "target_level": "1"}
    )

    assert response.status_code == 400
    assert TrainingPath.objects.count() == 0


def test_api_sets_a_level_reads_it_and_refuses_a_planner(floor, chat):
    data = {"person": floor.agent.pk, "queue": chat.pk, "level": 3, "assessed_on": "2025-06-02"}

    refused = client_for("planner").post(
        "/api/v1/skills/levels/", data, content_type="application/json"
    )
    saved = client_for("leader").post(
        "/api/v1/skills/levels/", data, content_type="application/json"
    )
    person = client_for("agent").get(f"/api/v1/skills/people/{floor.agent.pk}/").json()

    assert refused.status_code == 403
    assert saved.status_code == 200
    assert saved.json() == {
        "queue": chat.pk,
        "queue_name": "Chat",
        "level": 3,
        "serves": True,
        "reached_on": "2025-06-02",
        "assessed_on": "2025-06-02",
        "assessed_by": "Lena Leader",
    }
    assert [(c["previous_level"], c["level"]) for c in person["history"]] == [(None, 3)]
    assert floor.agent.queues.filter(pk=chat.pk).exists()


def test_api_bad_level_is_a_400_naming_the_field(floor, chat):
    data = {"person": floor.agent.pk, "queue": chat.pk, "level": 7}

    response = client_for("leader").post(
        "/api/v1/skills/levels/", data, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["level"]
    assert SkillLevel.objects.count() == 0


def test_api_path_flow(floor, chat):
    manager, leader = client_for("manager"), client_for("leader")
    path = manager.post(
        "/api/v1/skills/paths/",
        {"name": "Chat path", "target_queue": chat.pk, "target_level": 2},
        content_type="application/json",
    ).json()
    step = manager.post(
        f"/api/v1/skills/paths/{path['id']}/",
        {"kind": "assessment", "title": "Chat assessment"},
        content_type="application/json",
    ).json()
    enrolment = leader.post(
        f"/api/v1/skills/paths/{path['id']}/enrolments/",
        {"person": floor.agent.pk, "enrolled_on": "2025-06-02"},
        content_type="application/json",
    ).json()
    done = leader.post(
        f"/api/v1/skills/enrolments/{enrolment['id']}/steps/",
        {"step": step["id"], "done_on": "2025-06-05"},
        content_type="application/json",
    )

    assert enrolment["next_step"] == step["id"]
    assert done.status_code == 200
    assert done.json()["completed_on"] == "2025-06-05"
    assert done.json()["done"] == [{"step": step["id"], "done_on": "2025-06-05"}]
    detail = leader.get(f"/api/v1/skills/paths/{path['id']}/").json()
    assert [item["name"] for item in detail["enrolments"]] == ["Ada Agent"]
    matrix = leader.get("/api/v1/skills/matrix/").json()
    ada = next(row for row in matrix["rows"] if row["person"] == floor.agent.pk)
    assert [(cell["queue_name"], cell["level"]) for cell in ada["cells"]] == [
        ("Billing voice", None),
        ("Chat", 2),
    ]


def test_home_lists_the_next_step_for_the_agent_and_their_leader(floor, chat):
    from floorwalk.learning.skills_services import (
        StepInput,
        path_enrol,
        path_step_add,
        training_path_create,
    )

    path = training_path_create(actor=floor.user("manager"), name="Chat path", target_queue=chat)
    path_step_add(actor=floor.user("manager"), path=path, data=StepInput("shadowing", "Shadow"))
    path_enrol(actor=floor.user("leader"), path=path, person=floor.agent, enrolled_on=DAY)

    for username in ("agent", "leader"):
        body = client_for(username).get("/").content.decode()
        assert "Training paths: next steps" in body
        assert "Ada Agent · Chat path" in body
        assert "next: Shadow" in body
    assert "Training paths: next steps" not in client_for("qa").get("/").content.decode()


def test_a_team_the_leader_does_not_lead_is_refused_by_the_filter(floor, chat):
    body = client_for("leader").get(f"/skills/?team={floor.beta.pk}").content.decode()

    assert "Select a valid choice" in body
    assert "Oskar Otheragent" not in body
