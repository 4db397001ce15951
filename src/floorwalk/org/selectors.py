"""Reads that shape organisation data for pages and the API."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Prefetch, Q, QuerySet

from floorwalk.org.models import Mentorship, Organisation, Person, PersonStatus, Queue, Site, Team

NEW_HIRE_DAYS = 90
ALL_STATUSES = "all"


def organisation() -> Organisation:
    """The installation's organisation settings (defaults until an admin saves them)."""
    return Organisation.objects.filter(pk=1).first() or Organisation(pk=1, name="Floorwalk")


def time_zone_for_person(person: Person | None) -> str:
    if person is not None:
        return person.site.time_zone
    return organisation().time_zone


@dataclass(frozen=True)
class RosterRow:
    person: Person
    tenure_days: int
    queues: list[Queue]
    is_new_hire: bool
    stage: str = ""  # filled in only for viewers who may read the person's development


ROSTER_SORTS = {
    "name": lambda row: row.person.display_name.casefold(),
    "tenure": lambda row: row.tenure_days,
    "status": lambda row: row.person.status,
    "employee_number": lambda row: row.person.employee_number,
}


def roster_people(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.select_related("team", "site").prefetch_related(
        Prefetch("queues", queryset=Queue.objects.order_by("name"))
    )


def team_roster(
    team: Team,
    *,
    visible: QuerySet[Person],
    on: date,
    search: str = "",
    status: str = "",
    sort: str = "name",
    descending: bool = False,
) -> list[RosterRow]:
    """The team's members the user may see (its leader aside), filtered and sorted as asked.

    Without a status filter the roster shows the current team: people who left are hidden.
    """
    people = visible.filter(team=team)
    if team.leader_id is not None:
        people = people.exclude(pk=team.leader_id)
    if search:
        people = people.filter(
            Q(display_name__icontains=search) | Q(employee_number__icontains=search)
        )
    if not status:
        people = people.exclude(status=PersonStatus.LEFT)
    elif status != ALL_STATUSES:
        people = people.filter(status=status)
    rows = [
        RosterRow(
            person=person,
            tenure_days=person.tenure_days(on),
            queues=list(person.queues.all()),
            is_new_hire=(on - person.hire_date) < timedelta(days=NEW_HIRE_DAYS),
        )
        for person in roster_people(people)
    ]
    rows.sort(key=ROSTER_SORTS.get(sort, ROSTER_SORTS["name"]), reverse=descending)
    return rows


@dataclass(frozen=True)
class TeamSummary:
    team: Team
    active: int
    on_leave: int
    new_hires: int


def site_teams(site: Site, *, on: date) -> list[TeamSummary]:
    """Each team of the site with its leader and head counts (people who have left excluded)."""
    new_hire_since = on - timedelta(days=NEW_HIRE_DAYS)
    member = ~Q(members__pk=F("leader_id"))  # a leader listed in their own team isn't a head
    teams = (
        Team.objects.filter(site=site)
        .select_related("leader")
        .annotate(
            active=Count("members", filter=member & Q(members__status=PersonStatus.ACTIVE)),
            on_leave=Count("members", filter=member & Q(members__status=PersonStatus.ON_LEAVE)),
            new_hires=Count(
                "members",
                filter=member
                & Q(members__hire_date__gt=new_hire_since)
                & ~Q(members__status=PersonStatus.LEFT),
            ),
        )
        .order_by("name")
    )
    return [
        TeamSummary(team=team, active=team.active, on_leave=team.on_leave, new_hires=team.new_hires)
        for team in teams
    ]


def person_profile(person: Person) -> Person:
    """The person with everything the profile page shows, loaded in a few queries."""
    return (
        Person.objects.select_related("site", "team", "team__leader", "user")
        .prefetch_related(
            Prefetch("queues", queryset=Queue.objects.order_by("name")),
            "languages",
            "role_assignments",
            Prefetch(
                "mentored_by",
                queryset=Mentorship.objects.filter(ended_on__isnull=True).select_related("mentor"),
                to_attr="active_mentors",
            ),
            Prefetch(
                "mentorships",
                queryset=Mentorship.objects.filter(ended_on__isnull=True).select_related("mentee"),
                to_attr="active_mentees",
            ),
        )
        .get(pk=person.pk)
    )


def people_needing_attention(people: QuerySet[Person], *, on: date) -> dict[str, list[Person]]:
    """New hires in their first weeks, people returning from leave and announced leavers."""
    current = people.exclude(status=PersonStatus.LEFT)
    return {
        "new_hires": list(
            current.filter(hire_date__gt=on - timedelta(days=NEW_HIRE_DAYS)).order_by("-hire_date")
        ),
        "on_leave": list(current.filter(status=PersonStatus.ON_LEAVE)),
        "leaving_soon": list(
            current.filter(
                leaving_date__gte=on, leaving_date__lte=on + timedelta(days=30)
            ).order_by("leaving_date")
        ),
        "without_queues": list(
            current.filter(queues__isnull=True, role_assignments__role="agent").distinct()
        ),
    }


def active_mentees(mentor: Person, *, on: date) -> list[Mentorship]:
    return list(
        Mentorship.objects.filter(mentor=mentor, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .select_related("mentee", "mentee__team")
        .order_by("mentee__display_name")
    )
