from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied
from icalendar import Calendar

from floorwalk.audit.models import AuditEvent
from floorwalk.org.models import PersonStatus
from floorwalk.scheduling.models import CalendarFeed
from floorwalk.scheduling.services import calendar_feed_reset, scheduled_shift_change
from tests.conftest import client_for
from tests.scheduling.conftest import MONDAY, at, draft_with_shifts, published_schedule


def feed_events(response) -> list:
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_the_feed_lists_the_agents_published_shifts_in_utc(floor):
    published_schedule(floor)
    token = calendar_feed_reset(actor=floor.user("agent"), person=floor.agent)

    response = client_for(None).get(f"/schedule/feed/{token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Warsaw"
    events = feed_events(response)
    assert [(event.decoded("dtstart"), event.decoded("dtend")) for event in events] == [
        (datetime(2026, 12, 7, 7, tzinfo=UTC), datetime(2026, 12, 7, 15, tzinfo=UTC)),
        (datetime(2026, 12, 8, 7, tzinfo=UTC), datetime(2026, 12, 8, 15, tzinfo=UTC)),
    ]
    assert str(events[0]["SUMMARY"]) == "Shift (Billing voice)"
    assert "12:00–12:30 Lunch" in str(events[0]["DESCRIPTION"])  # the site's time
    assert int(events[0]["SEQUENCE"]) == 1


def test_the_feed_follows_every_new_version(floor):
    schedule = published_schedule(floor)
    token = calendar_feed_reset(actor=floor.user("agent"), person=floor.agent)
    shift = schedule.shifts.get(person=floor.agent, start=at(MONDAY, 8))
    before = feed_events(client_for(None).get(f"/schedule/feed/{token}.ics"))[0]

    scheduled_shift_change(
        actor=floor.user("planner"), shift=shift, start=at(MONDAY, 9), end=at(MONDAY, 17)
    )

    after = feed_events(client_for(None).get(f"/schedule/feed/{token}.ics"))[0]
    assert str(after["UID"]) == str(before["UID"])
    assert after.decoded("dtstart") == datetime(2026, 12, 7, 8, tzinfo=UTC)
    assert int(after["SEQUENCE"]) == 2


def test_drafts_never_reach_the_feed(floor):
    draft_with_shifts(floor)
    token = calendar_feed_reset(actor=floor.user("agent"), person=floor.agent)

    response = client_for(None).get(f"/schedule/feed/{token}.ics")

    assert feed_events(response) == []


def test_resetting_the_link_revokes_the_old_one(floor):
    published_schedule(floor)
    old = calendar_feed_reset(actor=floor.user("agent"), person=floor.agent)

    new = calendar_feed_reset(actor=floor.user("agent"), person=floor.agent)

    assert client_for(None).get(f"/schedule/feed/{old}.ics").status_code == 404
    assert client_for(None).get(f"/schedule/feed/{new}.ics").status_code == 200
    assert CalendarFeed.objects.count() == 1
    assert new not in CalendarFeed.objects.get().token_hash  # only the hash is kept
    assert AuditEvent.objects.filter(object_type="scheduling.calendarfeed").count() == 2


def test_the_feed_of_someone_who_left_is_gone(floor):
    published_schedule(floor)
    token = calendar_feed_reset(actor=floor.user("agent"), person=floor.agent)
    floor.agent.status = PersonStatus.LEFT
    floor.agent.leaving_date = date(2026, 12, 1)
    floor.agent.save()

    assert client_for(None).get(f"/schedule/feed/{token}.ics").status_code == 404


def test_the_feed_of_a_deactivated_login_is_gone(floor):
    token = calendar_feed_reset(actor=floor.user("agent"), person=floor.agent)
    user = floor.user("agent")
    user.is_active = False
    user.save()

    assert client_for(None).get(f"/schedule/feed/{token}.ics").status_code == 404


def test_an_unknown_token_is_a_404(floor):
    assert client_for(None).get("/schedule/feed/not-a-token.ics").status_code == 404


def test_only_the_agent_resets_their_link(floor):
    with pytest.raises(PermissionDenied):
        calendar_feed_reset(actor=floor.user("leader"), person=floor.agent)

    assert not CalendarFeed.objects.exists()


def test_the_link_page_shows_a_new_link_once(floor):
    client = client_for("agent")

    response = client.post("/schedule/calendar/")

    body = response.content.decode()
    assert "http://testserver/schedule/feed/" in body
    assert (
        "http://testserver/schedule/feed/" not in client.get("/schedule/calendar/").content.decode()
    )
