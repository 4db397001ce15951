"""A small floor of named people, so every permission test reads as one line.

Site "North" has team Alpha (leader, mentor, agent; the mentor mentors the agent) and
team Beta (other_leader, other_agent), plus site staff (qa, planner, manager) and an admin.
Site "South" has team Gamma with a far_agent nobody at North may see (except the admin).
"""

import signal
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from floorwalk.accounts.models import Role, User
from floorwalk.metrics.ingest import interactions_import
from floorwalk.org.models import Person, Site, Team
from floorwalk.org.services import synthetic_floor_load
from floorwalk.synthetic.files import write_interactions_csv
from floorwalk.synthetic.floor import FloorSpec, SyntheticFloor, build_floor
from tests.factories import QueueFactory, SiteFactory, TeamFactory, make_mentorship, make_person


def pytest_configure(config):
    # Pages are served as in production: hashed static names from the collected manifest.
    # Collected once, by the controller, before any worker starts.
    if not hasattr(config, "workerinput"):
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path):
    """Uploaded and rejected files go to the test's own folder, never to var/."""
    settings.IMPORTS_DIR = tmp_path / "imports"
    return settings.IMPORTS_DIR


@pytest.fixture
def run_worker():
    """Runs every queued task as `floorwalk db_worker --batch` does, then gives back Ctrl+C."""

    def run() -> None:
        signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
        handlers = {number: signal.getsignal(number) for number in signals}
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        finally:
            for number, handler in handlers.items():
                signal.signal(number, handler)

    return run


ROLE_USERS = ("agent", "mentor", "leader", "qa", "planner", "manager", "admin")


@dataclass
class Floor:
    north: Site
    south: Site
    alpha: Team
    beta: Team
    gamma: Team
    agent: Person
    mentor: Person
    leader: Person
    other_agent: Person
    other_leader: Person
    qa: Person
    planner: Person
    manager: Person
    admin: Person
    far_agent: Person

    def user(self, username: str) -> User:
        return User.objects.get(username=username)


@pytest.fixture
def floor(db) -> Floor:
    north = SiteFactory(name="North")
    south = SiteFactory(name="South", time_zone="Europe/Helsinki")
    alpha = TeamFactory(name="Alpha", site=north)
    beta = TeamFactory(name="Beta", site=north)
    gamma = TeamFactory(name="Gamma", site=south)
    voice = QueueFactory(name="Billing voice", site=north)

    leader = make_person("leader", Role.TEAM_LEADER, site=north, display_name="Lena Leader")
    other_leader = make_person(
        "other_leader", Role.TEAM_LEADER, site=north, display_name="Otto Otherleader"
    )
    alpha.leader, beta.leader = leader, other_leader
    alpha.save()
    beta.save()
    agent = make_person("agent", Role.AGENT, site=north, team=alpha, display_name="Ada Agent")
    agent.queues.add(voice)
    mentor = make_person(
        "mentor", Role.AGENT, Role.MENTOR, site=north, team=alpha, display_name="Mira Mentor"
    )
    mentor.queues.add(voice)
    make_mentorship(mentor, agent)
    other_agent = make_person(
        "other_agent", Role.AGENT, site=north, team=beta, display_name="Oskar Otheragent"
    )
    far_leader = make_person("far_leader", Role.TEAM_LEADER, site=south, display_name="Fay Far")
    gamma.leader = far_leader
    gamma.save()
    far_agent = make_person(
        "far_agent", Role.AGENT, site=south, team=gamma, display_name="Faro Faragent"
    )
    return Floor(
        north=north,
        south=south,
        alpha=alpha,
        beta=beta,
        gamma=gamma,
        agent=agent,
        mentor=mentor,
        leader=leader,
        other_agent=other_agent,
        other_leader=other_leader,
        qa=make_person("qa", Role.QA_SPECIALIST, site=north, display_name="Quinn Quality"),
        planner=make_person("planner", Role.PLANNER, site=north, display_name="Pia Planner"),
        manager=make_person("manager", Role.SITE_MANAGER, site=north, display_name="Max Manager"),
        admin=make_person("admin", Role.ADMIN, site=north, display_name="Alex Admin"),
        far_agent=far_agent,
    )


def site_today(site: Site) -> date:
    """Today at the site: what its people's pages call today (the UTC date differs for hours)."""
    return timezone.localdate(timezone=ZoneInfo(site.time_zone))


def site_noon(site: Site, days_ago: int) -> datetime:
    """Noon at the site `days_ago` days before its today: a moment whose local date is exact
    whatever the hour and whatever daylight-saving change lies between."""
    day = site_today(site) - timedelta(days=days_ago)
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(site.time_zone))


def client_for(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


# A small generated floor (one team of eight agents, October 2026), loaded like the demo.
TINY = FloorSpec(agents=8, months=1, seed=5, end=date(2026, 10, 31))


@pytest.fixture(scope="session")
def tiny_floor() -> SyntheticFloor:
    return build_floor(TINY)


@pytest.fixture(scope="session")
def tiny_interactions_file(tiny_floor, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tiny") / "interactions.csv"
    write_interactions_csv(tiny_floor, path)
    return path


@pytest.fixture
def loaded_tiny_floor(db, tiny_floor, tiny_interactions_file) -> SyntheticFloor:
    """The tiny generated floor in the database with its interactions imported."""
    synthetic_floor_load(floor=tiny_floor, password="x", today=TINY.end)
    interactions_import(path=tiny_interactions_file)
    return tiny_floor
