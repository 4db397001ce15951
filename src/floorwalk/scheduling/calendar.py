"""The agent's published shifts as an iCalendar feed (RFC 5545), built with `icalendar`.

Each shift is one event with its start and end in UTC (calendar apps show them in their own
zone); the calendar names the site's zone (X-WR-TIMEZONE) and each description lists the
shift's activities in the site's time. An event's UID stays the same across versions and its
SEQUENCE is the schedule's version, so subscribed calendars update the event in place.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from floorwalk.org.models import Person
from floorwalk.scheduling.models import ActivityKind, ScheduledShift, ScheduleStatus

UTC = ZoneInfo("UTC")
FEED_PAST_DAYS = 60  # how far back the feed reaches; calendars keep what they already have


def calendar_for(person: Person) -> bytes:
    zone = ZoneInfo(person.site.time_zone)
    calendar = Calendar()
    calendar.add("prodid", "-//Floorwalk//Schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Work schedule"))
    calendar.add("x-wr-timezone", person.site.time_zone)
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    shifts = (
        ScheduledShift.objects.filter(
            person=person, schedule__status=ScheduleStatus.PUBLISHED, end__gte=since
        )
        .select_related("schedule", "template", "queue")
        .prefetch_related("activities")
        .order_by("start")
    )
    stamp = timezone.now().astimezone(UTC)
    for shift in shifts:
        event = Event()
        event.add("uid", f"floorwalk-shift-{shift.pk}@floorwalk")
        event.add("dtstamp", stamp)
        event.add("dtstart", shift.start.astimezone(UTC))
        event.add("dtend", shift.end.astimezone(UTC))
        event.add("sequence", shift.schedule.version)
        title = shift.template.name if shift.template else _("Shift")
        event.add("summary", f"{title} ({shift.queue.name})" if shift.queue else title)
        lines = [
            f"{item.start.astimezone(zone):%H:%M}–{item.end.astimezone(zone):%H:%M} "
            f"{ActivityKind(item.kind).label}"
            for item in sorted(shift.activities.all(), key=lambda item: item.start)
        ]
        lines.append(
            _("Times in %(zone)s; version %(number)d.")
            % {
                "zone": person.site.time_zone,
                "number": shift.schedule.version,
            }
        )
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    return calendar.to_ical()
