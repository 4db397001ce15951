"""Writes that span organisation models."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction

from floorwalk.accounts.models import RoleAssignment, User
from floorwalk.org.models import (
    Language,
    Mentorship,
    Organisation,
    Person,
    PersonStatus,
    Queue,
    Site,
    Skill,
    Team,
)
from floorwalk.synthetic.floor import SyntheticFloor

LANGUAGE_NAMES = {
    "en": "English",
    "pl": "Polish",
    "ru": "Russian",
    "ro": "Romanian",
    "fi": "Finnish",
    "de": "German",
    "uk": "Ukrainian",
    "sv": "Swedish",
}


class OrganisationNotEmptyError(Exception):
    """The database already holds an organisation; loading a demo would mix two floors."""


@dataclass(frozen=True)
class FloorLoadResult:
    site: Site
    teams: int
    people: int
    users: int


def organisation_is_empty() -> bool:
    return not (Organisation.objects.exists() or Person.objects.exists() or Site.objects.exists())


@transaction.atomic
def organisation_clear() -> None:
    """Removes every site, team, person and their accounts (superusers stay); demo use only."""
    Team.objects.update(leader=None)
    User.objects.update(person=None)
    Mentorship.objects.all().delete()
    RoleAssignment.objects.all().delete()
    # People first: their stages, observations and one-to-ones go with them, and those
    # records protect the logins that wrote them.
    Person.objects.all().delete()
    User.objects.filter(is_superuser=False).delete()
    Team.objects.all().delete()
    Skill.objects.all().delete()
    Queue.objects.all().delete()
    Site.objects.all().delete()
    Language.objects.all().delete()
    Organisation.objects.all().delete()


@transaction.atomic
def synthetic_floor_load(*, floor: SyntheticFloor, password: str, today: date) -> FloorLoadResult:
    """Loads a generated floor into an empty database, every person with a login."""
    if not organisation_is_empty():
        raise OrganisationNotEmptyError
    spec = floor.spec
    Organisation.objects.create(
        pk=1, name="Floorwalk Demo Contact Center", time_zone=spec.time_zone, default_locale="en"
    )
    site = Site.objects.create(name=spec.site_name, time_zone=spec.time_zone)
    queues = _load_queues(floor, site)
    languages = _load_languages(floor)
    teams = {team.name: Team.objects.create(name=team.name, site=site) for team in floor.teams}
    people = _load_people(floor, site, teams, today)
    _link_people(floor, people, queues, languages)
    for team in floor.teams:
        teams[team.name].leader = people[team.leader]
    Team.objects.bulk_update(teams.values(), ["leader"])
    Mentorship.objects.bulk_create(
        Mentorship(
            mentor=people[mentorship.mentor],
            mentee=people[mentorship.mentee],
            started_on=mentorship.started_on,
        )
        for mentorship in floor.mentorships
    )
    users = _load_users(floor, people, password, today)
    return FloorLoadResult(site=site, teams=len(teams), people=len(people), users=users)


def _load_queues(floor: SyntheticFloor, site: Site) -> dict[str, Queue]:
    queues = {
        queue.name: Queue.objects.create(name=queue.name, channel=queue.channel, site=site)
        for queue in floor.queues
    }
    # A skill per line of business (the queue name without its channel), e.g. "Billing".
    by_skill: dict[str, list[Queue]] = {}
    for queue in queues.values():
        by_skill.setdefault(queue.name.split()[0], []).append(queue)
    for skill_name, skill_queues in by_skill.items():
        Skill.objects.create(name=skill_name).queues.set(skill_queues)
    return queues


def _load_languages(floor: SyntheticFloor) -> dict[str, Language]:
    codes = sorted({code for person in floor.people for code in person.languages})
    return {
        code: Language.objects.create(code=code, name=LANGUAGE_NAMES.get(code, code))
        for code in codes
    }


def _status_on(leaving_date: date | None, today: date) -> str:
    if leaving_date is not None and leaving_date <= today:
        return PersonStatus.LEFT
    return PersonStatus.ACTIVE


def _load_people(
    floor: SyntheticFloor, site: Site, teams: dict[str, Team], today: date
) -> dict[str, Person]:
    created = Person.objects.bulk_create(
        Person(
            display_name=person.display_name,
            employee_number=person.employee_number,
            email=person.email,
            hire_date=person.hire_date,
            leaving_date=person.leaving_date,
            status=_status_on(person.leaving_date, today),
            site=site,
            team=teams[person.team] if person.team else None,
        )
        for person in floor.people
    )
    if not created or created[0].pk is None:  # backends that don't return ids on bulk insert
        created = list(Person.objects.filter(site=site))
    return {person.employee_number: person for person in created}


def _link_people(
    floor: SyntheticFloor,
    people: dict[str, Person],
    queues: dict[str, Queue],
    languages: dict[str, Language],
) -> None:
    RoleAssignment.objects.bulk_create(
        RoleAssignment(person=people[person.employee_number], role=role)
        for person in floor.people
        for role in person.roles
    )
    Person.queues.through.objects.bulk_create(
        Person.queues.through(person=people[person.employee_number], queue=queues[name])
        for person in floor.people
        for name in person.queues
    )
    Person.languages.through.objects.bulk_create(
        Person.languages.through(person=people[person.employee_number], language=languages[code])
        for person in floor.people
        for code in person.languages
    )


def _load_users(
    floor: SyntheticFloor, people: dict[str, Person], password: str, today: date
) -> int:
    # One hash for everyone: hashing thousands of demo passwords one by one takes minutes.
    password_hash = make_password(password)
    users = User.objects.bulk_create(
        User(
            username=person.username,
            email=person.email,
            password=password_hash,
            person=people[person.employee_number],
            is_active=_status_on(person.leaving_date, today) != PersonStatus.LEFT,
        )
        for person in floor.people
    )
    return len(users)
