"""Factories for the organisation: sites, teams, people with roles and logins."""

from datetime import date
from functools import cache
from pathlib import Path

import factory
from django.conf import settings
from django.contrib.auth.hashers import make_password

from floorwalk.accounts.models import Role, RoleAssignment, User
from floorwalk.core.models import ImportKind, ImportRun, ImportStatus
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


def make_import_run(user: User, kind: str = ImportKind.INTERACTIONS) -> ImportRun:
    """A refused run of `user`'s with its uploaded file and rejected rows in IMPORTS_DIR."""
    run = ImportRun.objects.create(
        kind=kind,
        status=ImportStatus.REJECTED,
        created_by=user,
        rows_read=2,
        rows_invalid=1,
        errors=[{"row": 3, "column": "agent", "value": "NOBODY", "reason": "unknown agent"}],
        message="2 rows read: 1 valid, 1 invalid (1 errors). Nothing was applied.",
    )
    folder = Path(settings.IMPORTS_DIR) / str(run.pk)
    folder.mkdir(parents=True)
    (folder / "calls.csv").write_text("interaction_id\nA1\nA2\n", encoding="utf-8")
    (folder / "calls.rejected.csv").write_text("row,errors\n3,agent: unknown\n", encoding="utf-8")
    run.file_name = f"{run.pk}/calls.csv"
    run.rejected_file = f"{run.pk}/calls.rejected.csv"
    run.save()
    return run
