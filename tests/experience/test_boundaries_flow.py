"""Boundary incidents: the agent flags, the leader is told, follows up and closes; the flag
stands beside the agent's numbers; counts per team and month."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from floorwalk.audit.models import AuditEvent
from floorwalk.experience.boundary_selectors import incident_report
from floorwalk.experience.boundary_services import boundary_incident_close, boundary_incident_flag
from floorwalk.experience.models import BoundaryIncident, IncidentStatus
from tests.conftest import client_for
from tests.metrics.qa.conftest import make_interaction


def _flag(floor, interaction=None):
    return boundary_incident_flag(
        actor=floor.user("agent"),
        interaction=interaction or make_interaction(floor.agent),
        kind="abuse",
        description="Swore at me",
    )


def test_an_agent_flags_their_own_contact_and_the_leader_is_emailed_after_commit(
    floor, django_capture_on_commit_callbacks
):
    floor.leader.email = "lena@example.com"
    floor.leader.save()
    leader = floor.user("leader")
    leader.language = "fi"
    leader.save()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        incident = _flag(floor)
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert incident.status == IncidentStatus.OPEN
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lena@example.com"]
    assert message.extra_headers["Content-Language"] == "fi"
    assert f"/boundaries/{incident.pk}/" in message.body
    assert "Swore" not in message.body  # what happened stays in Floorwalk
    assert AuditEvent.objects.filter(object_type="experience.boundaryincident").count() == 1


def test_flagging_someone_elses_contact_is_refused_and_nothing_is_saved(floor):
    with pytest.raises(ValidationError) as error:
        _flag(floor, make_interaction(floor.mentor))

    assert "interaction" in error.value.message_dict
    assert BoundaryIncident.objects.count() == 0


def test_a_contact_is_flagged_once(floor):
    interaction = make_interaction(floor.agent)
    _flag(floor, interaction)

    with pytest.raises(ValidationError):
        _flag(floor, interaction)

    assert BoundaryIncident.objects.count() == 1


def test_the_leader_sees_the_alert_at_once_and_closes_it_with_the_support_given(floor):
    incident = _flag(floor)

    home = client_for("leader").get(reverse("home")).content.decode()
    boundary_incident_close(
        actor=floor.user("leader"),
        incident=incident,
        support_given="Took a break together, talked it through",
        customer_action="contact_blocked",
    )

    assert "Boundary incidents to follow up" in home
    incident.refresh_from_db()
    assert (incident.status, incident.customer_action, incident.closed_by) == (
        IncidentStatus.CLOSED,
        "contact_blocked",
        floor.user("leader"),
    )
    closing = (
        AuditEvent.objects.filter(object_type="experience.boundaryincident").order_by("pk").last()
    )
    assert closing.changes["status"] == ["open", "closed"]
    assert (
        "Boundary incidents to follow up"
        not in client_for("leader").get(reverse("home")).content.decode()
    )


def test_the_agent_cannot_close_their_own_incident_and_nothing_changes(floor):
    incident = _flag(floor)

    with pytest.raises(PermissionDenied):
        boundary_incident_close(
            actor=floor.user("agent"), incident=incident, support_given="x", customer_action="none"
        )

    incident.refresh_from_db()
    assert (incident.status, incident.support_given) == (IncidentStatus.OPEN, "")


def test_closing_needs_the_support_given(floor):
    incident = _flag(floor)

    with pytest.raises(ValidationError) as error:
        boundary_incident_close(
            actor=floor.user("leader"), incident=incident, support_given=" ", customer_action="none"
        )

    assert "support_given" in error.value.message_dict


def test_mentors_and_peers_do_not_see_the_incident(floor):
    incident = _flag(floor)

    for role in ("mentor", "other_leader", "qa"):
        url = reverse("experience:boundary_incident", args=[incident.pk])
        assert client_for(role).get(url).status_code == 404


def test_the_scorecard_shows_the_periods_incidents_and_the_drill_down_marks_the_contact(floor):
    interaction = make_interaction(floor.agent, day=date(2026, 10, 5))
    _flag(floor, interaction)
    leader = client_for("leader")

    scorecard = leader.get(
        reverse("metrics:agent_scorecard", args=[floor.agent.pk]),
        {"period": "month", "date": "2026-10-01"},
    ).content.decode()
    other_month = leader.get(
        reverse("metrics:agent_scorecard", args=[floor.agent.pk]),
        {"period": "month", "date": "2026-09-01"},
    ).content.decode()
    drill_down = leader.get(
        reverse("metrics:interactions"),
        {"agent": floor.agent.employee_number, "from": "2026-10-01", "to": "2026-10-31"},
    ).content.decode()

    assert "1 boundary incident flagged in this period" in scorecard
    assert "boundary incident" not in other_month
    assert "flagged as abusive" in drill_down


def test_the_report_counts_incidents_per_team_and_month(floor):
    _flag(floor)
    _flag(floor)

    report = incident_report(floor.user("manager"), today=timezone.localdate())

    month = timezone.localdate().replace(day=1)
    assert [team.name for team in report.teams] == ["Alpha", "Beta"]
    assert report.rows()[-1] == (month, [2, 0], 2)
    assert sum(total for _month, _values, total in report.rows()) == 2


def test_a_mail_server_that_is_down_does_not_undo_or_break_the_flag(
    floor, monkeypatch, django_capture_on_commit_callbacks
):
    floor.leader.email = "lena@example.com"
    floor.leader.save()

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        incident = _flag(floor)

    assert BoundaryIncident.objects.get() == incident
