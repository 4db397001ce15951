"""One-to-ones in full: feedback items, agreed actions carried forward until done, private
notes that the agent never reads (page, list, API), and the agent's acknowledgement."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from floorwalk.accounts.models import User
from floorwalk.audit.models import AuditEvent
from floorwalk.development.followup_selectors import open_actions
from floorwalk.development.followup_services import (
    FeedbackItem,
    NewAction,
    one_to_one_acknowledge,
    one_to_one_hold,
)
from floorwalk.development.models import AgreedAction, OneToOne, OneToOneItem
from tests.conftest import client_for

PRIVATE = "Worried about her attendance; talk to HR."
SHARED = "Great month on first-call resolution."


def api_for(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def _held(floor, days_ago: int, **kwargs) -> OneToOne:
    return one_to_one_hold(
        actor=floor.user("leader"),
        person=floor.agent,
        held_on=timezone.localdate() - timedelta(days=days_ago),
        **kwargs,
    )


def _form(day, **extra) -> dict:
    return {"held_on": day.isoformat(), "notes": SHARED, "private_notes": PRIVATE, **extra}


def test_the_form_saves_items_and_actions_and_shows_them(floor):
    day = timezone.localdate() - timedelta(days=1)
    due = day + timedelta(days=14)

    response = client_for("leader").post(
        reverse("development:one_to_one_new", args=[floor.agent.pk]),
        _form(
            day,
            item_0_kind="recognition",
            item_0_text="Calm with the angry caller",
            item_0_situation="Tuesday's outage",
            item_0_impact="The caller stayed",
            action_0_description="Shadow Mira on escalations",
            action_0_owner="agent",
            action_0_due_on=due.isoformat(),
        ),
    )

    assert response.status_code == 302
    talk = OneToOne.objects.get()
    item = OneToOneItem.objects.get()
    action = AgreedAction.objects.get()
    assert (talk.notes, talk.private_notes) == (SHARED, PRIVATE)
    assert (item.kind, item.text, item.situation, item.behaviour, item.impact) == (
        "recognition",
        "Calm with the angry caller",
        "Tuesday's outage",
        "",
        "The caller stayed",
    )
    assert (action.description, action.owner, action.due_on, action.status) == (
        "Shadow Mira on escalations",
        "agent",
        due,
        "open",
    )
    assert response["Location"] == reverse(
        "development:one_to_one_detail", args=[floor.agent.pk, talk.pk]
    )


def test_an_item_without_kind_or_an_action_without_due_date_names_the_field(floor):
    day = timezone.localdate() - timedelta(days=1)

    response = client_for("leader").post(
        reverse("development:one_to_one_new", args=[floor.agent.pk]),
        _form(day, item_1_text="Keep it up", action_2_description="Read the FAQ"),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_item_1_kind_error"' in page
    assert 'id="id_action_2_due_on_error"' in page
    assert OneToOne.objects.count() == 0


def test_an_action_due_before_the_one_to_one_is_refused_and_nothing_is_saved(floor):
    day = timezone.localdate() - timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        one_to_one_hold(
            actor=floor.user("leader"),
            person=floor.agent,
            held_on=day,
            items=[FeedbackItem("recognition", "Good")],
            actions=[NewAction("Read the FAQ", "agent", day - timedelta(days=1))],
        )

    assert "actions[0].due_on" in error.value.message_dict
    assert (OneToOne.objects.count(), OneToOneItem.objects.count()) == (0, 0)


@pytest.mark.parametrize("username", ["agent", "mentor"])
def test_the_private_notes_never_reach_the_agent_or_mentor_pages(floor, username):
    talk = _held(floor, 3, notes=SHARED, private_notes=PRIVATE)
    client = client_for(username)

    detail = client.get(
        reverse("development:one_to_one_detail", args=[floor.agent.pk, talk.pk])
    ).content.decode()
    listing = client.get(
        reverse("development:person_one_to_ones", args=[floor.agent.pk])
    ).content.decode()

    assert PRIVATE not in detail
    assert PRIVATE not in listing
    if username == "agent":
        assert SHARED in detail


def test_the_leader_reads_the_private_notes(floor):
    talk = _held(floor, 3, notes=SHARED, private_notes=PRIVATE)

    detail = client_for("leader").get(
        reverse("development:one_to_one_detail", args=[floor.agent.pk, talk.pk])
    )

    assert PRIVATE in detail.content.decode()


def test_the_api_leaves_the_private_notes_out_for_the_agent_only(floor):
    _held(floor, 3, notes=SHARED, private_notes=PRIVATE)
    url = reverse("api-person-one-to-ones", args=[floor.agent.pk])

    agents = api_for("agent").get(url).json()["results"][0]
    leaders = api_for("leader").get(url).json()["results"][0]

    assert "private_notes" not in agents
    assert PRIVATE not in str(agents)
    assert agents["notes"] == SHARED
    assert leaders["private_notes"] == PRIVATE


def test_an_open_action_is_carried_forward_until_done(floor):
    first = _held(floor, 20, actions=[NewAction("Shadow Mira", "agent", timezone.localdate())])
    action = AgreedAction.objects.get()
    second = _held(floor, 10)

    new_form = client_for("leader").get(
        reverse("development:one_to_one_new", args=[floor.agent.pk])
    )
    assert "Shadow Mira" in new_form.content.decode()
    third = _held(floor, 1, done_action_ids=[action.pk])

    action.refresh_from_db()
    assert (action.status, action.done_in) == ("done", third)
    carried = {
        talk.pk: "Shadow Mira"
        in client_for("agent")
        .get(reverse("development:one_to_one_detail", args=[floor.agent.pk, talk.pk]))
        .content.decode()
        for talk in (first, second, third)
    }
    assert carried == {first.pk: True, second.pk: True, third.pk: True}
    later = _held(floor, 0)
    later_page = client_for("agent").get(
        reverse("development:one_to_one_detail", args=[floor.agent.pk, later.pk])
    )
    assert "Shadow Mira" not in later_page.content.decode()


def test_ticking_an_action_done_is_audited_with_old_and_new_status(floor):
    _held(floor, 20, actions=[NewAction("Shadow Mira", "agent", timezone.localdate())])
    action = AgreedAction.objects.get()

    response = client_for("leader").post(
        reverse("development:action_status", args=[action.pk]), {"status": "done"}
    )

    assert response.status_code == 302
    update = AuditEvent.objects.get(object_type="development.agreedaction", action="update")
    assert update.changes["status"] == ["open", "done"]
    assert update.person == floor.agent


def test_only_the_agents_open_actions_can_be_ticked(floor):
    _held(floor, 20, actions=[NewAction("Shadow Mira", "agent", timezone.localdate())])
    action = AgreedAction.objects.get()
    action.status = "done"
    action.save()

    with pytest.raises(ValidationError):
        _held(floor, 1, done_action_ids=[action.pk])

    assert OneToOne.objects.count() == 1


def test_the_agent_acknowledges_once_and_the_leader_cannot_for_her(floor):
    talk = _held(floor, 2, notes=SHARED)

    response = client_for("agent").post(
        reverse("development:one_to_one_acknowledge", args=[floor.agent.pk, talk.pk])
    )
    talk.refresh_from_db()
    first = talk.acknowledged_at
    one_to_one_acknowledge(actor=floor.user("agent"), talk=talk)
    refused = client_for("leader").post(
        reverse("development:one_to_one_acknowledge", args=[floor.agent.pk, talk.pk])
    )

    assert response.status_code == 302
    assert first is not None
    talk.refresh_from_db()
    assert talk.acknowledged_at == first
    assert refused.status_code == 404


def test_the_api_records_items_and_actions_and_names_a_bad_field(floor):
    url = reverse("api-person-one-to-ones", args=[floor.agent.pk])
    day = (timezone.localdate() - timedelta(days=1)).isoformat()

    bad = api_for("leader").post(
        url,
        {"held_on": day, "actions": [{"description": "x", "owner": "boss", "due_on": day}]},
        format="json",
    )
    good = api_for("leader").post(
        url,
        {
            "held_on": day,
            "notes": SHARED,
            "items": [{"kind": "constructive", "text": "Summarise before closing"}],
            "actions": [{"description": "Use the summary", "owner": "agent", "due_on": day}],
        },
        format="json",
    )

    assert bad.status_code == 400
    assert "owner" in str(bad.json()["actions"])
    assert good.status_code == 201
    assert good.json()["items"][0]["text"] == "Summarise before closing"
    assert good.json()["actions"][0]["status"] == "open"


def test_an_action_marked_done_on_its_page_still_shows_on_the_one_to_ones_before(floor):
    _held(floor, 20, actions=[NewAction("Shadow Mira", "agent", timezone.localdate())])
    second = _held(floor, 10)
    action = AgreedAction.objects.get()

    client_for("leader").post(
        reverse("development:action_status", args=[action.pk]), {"status": "done"}
    )
    page = client_for("agent").get(
        reverse("development:one_to_one_detail", args=[floor.agent.pk, second.pk])
    )

    assert "Shadow Mira" in page.content.decode()
    assert list(open_actions(floor.agent)) == []
