"""Factories for the organisation: sites, teams, people with roles and logins."""

from datetime import date
from functools import cache

import factory
from django.contrib.auth.hashers import make_password

from floorwalk.accounts.models import Role, RoleAssignment, User
from floorwalk.org.models import Mentorship, Person, Queue, Site, Team

PASSWORD = "correct horse battery staple"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Site {n}")
    time_zone = "Europe/Warsaw"


class QueueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Queue

    name = factory.Sequence(lambda n: f"Queue {n}")
    channel = "voice"
    site = factory.SubFactory(SiteFactory)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    site = factory.SubFactory(SiteFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    display_name = factory.Sequence(lambda n: f"Person {n}")
    employee_number = factory.Sequence(lambda n: f"E{n:05d}")
    email = factory.LazyAttribute(lambda person: f"{person.employee_number.lower()}@example.com")
    hire_date = date(2024, 1, 15)
    site = factory.SubFactory(SiteFactory)


@cache
def password_hash() -> str:
    """PASSWORD hashed once: hashing is slow on purpose, and every test creates a dozen users."""
    return make_password(PASSWORD)


def make_person(
    username: str,
    *roles: Role,
    site: Site,
    team: Team | None = None,
    **fields,
) -> Person:
    """A person with a login (password PASSWORD) and the given roles."""
    person = PersonFactory(
        display_name=fields.pop("display_name", username.title()), site=site, team=team, **fields
    )
    RoleAssignment.objects.bulk_create(RoleAssignment(person=person, role=role) for role in roles)
    User.objects.create(username=username, person=person, password=password_hash())
    return person


def make_mentorship(mentor: Person, mentee: Person, started_on: date = date(2025, 1, 1)):
    return Mentorship.objects.create(mentor=mentor, mentee=mentee, started_on=started_on)
