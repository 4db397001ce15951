from datetime import date, timedelta

from floorwalk.metrics.models import DailyAgentQueueStats
from floorwalk.org.models import Queue

# A Monday: the goal's period is November 2026 (starts on a Sunday; its ISO week starts 26 Oct).
PERIOD_START = date(2026, 11, 1)
PERIOD_END = date(2026, 11, 30)


def add_week(agent, monday: date, *, handled: int, resolved: int, queue=None) -> None:
    """One rollup row on the week's Monday: `handled` contacts, `resolved` of them first-time."""
    queue = queue or Queue.objects.first()
    DailyAgentQueueStats.objects.create(
        agent=agent,
        date=monday,
        queue=queue,
        channel=queue.channel,
        contacts=handled,
        handled=handled,
        talk_seconds=handled * 200,
        fcr_known=handled,
        fcr_resolved=resolved,
    )


def weeks_before(start: date, count: int) -> list[date]:
    """The Mondays of the `count` full weeks before the week containing `start`, oldest first."""
    first_monday = start - timedelta(days=start.weekday())
    return [first_monday - timedelta(weeks=count - index) for index in range(count)]
