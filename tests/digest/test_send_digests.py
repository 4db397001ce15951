from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from floorwalk.accounts.models import User
from floorwalk.digest.models import DigestSent, Granularity
from floorwalk.digest.services import subscriptions_of
from floorwalk.org.models import Person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def send(*args: str) -> str:
    out = StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def monthly_october(*extra: str) -> str:
    return send("--granularity", "monthly", "--on", "2026-10-15", *extra)


def email_of(username: str) -> str:
    return Person.objects.get(user__username=username).email


def message_to(username: str):
    address = email_of(username)
    return next(message for message in mail.outbox if message.to == [address])


def test_leaders_and_the_manager_with_something_to_report_get_one_email_each(digest_floor):
    monthly_october()

    # Alpha and Beta have items (their leaders and North's manager); Gamma has none, so its
    # leader gets nothing; agents, mentors, QA, planners and administrators never get one.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        email_of(username) for username in ("leader", "other_leader", "manager")
    )
    leader = message_to("leader")
    assert leader.subject == "Floorwalk monthly digest 2026-10: 7 items need you"
    assert leader.from_email == "Floorwalk <floorwalk@localhost>"
    body = leader.body
    for expected in (
        "== Alpha ==",
        "Average handle time: 6:26 (<= 5:00), off standard",  # 21,250 s ÷ 55 contacts
        "    Ada Agent: 6:40",
        "Handle 1000 contacts (Ada Agent): target 1,000, now 25, missed",
        "Ada Agent: Action agreed in a one-to-one: Listen to two calls, due 10/20/2026, 12 days",
        "Mira Mentor: Development plan action: Billing course",
        "Ada Agent: Activity to evaluate: Special queue",
        "Ada Agent: Coaching follow-up: Average handle time, due 10/15/2026, 17 days late",
        "Ada Agent: Coaching requested: Angry callers",
    ):
        assert expected in body, expected
    assert "Oskar" not in body
    assert "Beta" not in body
    assert "Nina Newcomer" not in body  # too few contacts to be judged
    html = leader.alternatives[0]
    assert html.mimetype == "text/html"
    assert "Listen to two calls" in html.content
    assert f"http://127.0.0.1:8000/digest/teams/{digest_floor.floor.alpha.pk}/" in html.content


def test_the_manager_gets_every_team_of_the_site_in_one_email(digest_floor):
    monthly_october()

    body = message_to("manager").body
    assert "== Alpha ==" in body
    assert "== Beta ==" in body
    assert "Beta's own action" in body
    assert "Gamma" not in body
    assert "Faro" not in body


def test_an_agent_never_receives_a_digest(digest_floor):
    for granularity in Granularity:
        send("--granularity", granularity.value, "--on", "2026-10-15")

    recipients = {address for message in mail.outbox for address in message.to}
    for username in ("agent", "mentor", "other_agent", "qa", "planner", "admin", "newcomer"):
        assert email_of(username) not in recipients


def test_a_rerun_for_the_same_period_sends_nothing(digest_floor):
    monthly_october()
    sent = len(mail.outbox)

    out = monthly_october()

    assert len(mail.outbox) == sent == 3
    assert "Already sent to leader." in out
    assert (
        DigestSent.objects.filter(granularity="monthly", period_start=date(2026, 10, 1)).count()
        == 3
    )


def test_a_dry_run_says_who_would_get_what_and_sends_nothing(digest_floor):
    out = monthly_october("--dry-run")

    assert mail.outbox == []
    assert not DigestSent.objects.exists()
    assert "Would send to leader <" in out
    assert ": 7 items; Alpha (7)" in out
    assert "Nothing to report for far_leader; not sent." in out


def test_subscriptions_follow_the_role(digest_floor):
    send("--granularity", "daily", "--on", "2026-10-10")
    daily = {message.to[0] for message in mail.outbox}
    mail.outbox.clear()
    send("--granularity", "quarterly", "--on", "2026-10-10")
    quarterly = {message.to[0] for message in mail.outbox}

    # Leaders get daily digests, managers quarterly ones.
    assert email_of("leader") in daily
    assert email_of("manager") not in daily
    assert quarterly == {email_of("manager")}


def test_someone_without_an_address_is_reported_not_mailed(digest_floor):
    Person.objects.filter(user__username="leader").update(email="")
    User.objects.filter(username="leader").update(email="")

    out = monthly_october()

    assert "No email address for leader; not sent." in out
    assert len(mail.outbox) == 2


def test_bad_arguments_are_named():
    with pytest.raises(CommandError, match="--on"):
        send("--granularity", "monthly", "--on", "yesterday")
    with pytest.raises(CommandError, match="granularity"):
        send("--granularity", "weekly")
    with pytest.raises(CommandError, match="--on"):
        send("--granularity", "monthly", "--on", "2999-01-01")


def test_opting_out_stops_that_granularity_only(digest_floor):
    client = client_for("manager")

    page = client.get(reverse("digest:subscriptions"))
    response = client.post(reverse("digest:subscriptions"), {"granularities": ["quarterly"]})

    assert [value for value, _ in page.context["form"].fields["granularities"].choices] == [
        "monthly",
        "quarterly",
        "yearly",
    ]
    assert response.status_code == 302
    manager = User.objects.get(username="manager")
    assert subscriptions_of(manager) == {Granularity.QUARTERLY}
    monthly_october()
    send("--granularity", "quarterly", "--on", "2026-10-10")
    assert [
        message.subject.split(":")[0]
        for message in mail.outbox
        if message.to == [email_of("manager")]
    ] == ["Floorwalk quarterly digest 2026-Q4"]


def test_a_granularity_the_role_does_not_receive_is_refused_by_name(floor):
    response = client_for("manager").post(
        reverse("digest:subscriptions"), {"granularities": ["daily"]}
    )

    assert response.status_code == 400
    assert "<strong>granularities</strong>" in response.content.decode()


def test_unticking_every_digest_opts_out_of_all(digest_floor):
    response = client_for("leader").post(reverse("digest:subscriptions"), {})

    assert response.status_code == 302
    assert subscriptions_of(User.objects.get(username="leader")) == set()
    monthly_october()
    assert email_of("leader") not in {message.to[0] for message in mail.outbox}
