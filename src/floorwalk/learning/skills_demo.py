"""The demo's skills matrix: every agent's queues become levels (most proficient, some
supported or expert, a few agents learning chat), a path to the chat queue with three agents
at different steps, and the shortage it leaves on the forecast weeks."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from floorwalk.accounts.models import Role, User
from floorwalk.learning.models import (
    Course,
    PathStepKind,
    Proficiency,
    SkillLevel,
    SkillLevelChange,
    TrainingPath,
)
from floorwalk.learning.skills_selectors import skill_shortage
from floorwalk.learning.skills_services import (
    StepInput,
    path_enrol,
    path_step_add,
    path_step_done,
    skill_level_set,
    skill_matrix_from_queues,
    training_path_create,
)
from floorwalk.org.models import Channel, Person, PersonStatus, Queue, Site

PATH_NAME = "Chat for voice agents"
LEARNING_CHAT = 3  # chat agents put back to "learning": the chat queue runs short
ON_PATH = 3


@dataclass(frozen=True)
class SkillsDemoResult:
    levels: int
    enrolled: int
    site: Site | None


def skills_demo_line(result: SkillsDemoResult, *, today: date) -> str:
    """The demo's line: the shortage is read once the schedule's contracts exist, as
    available hours come from them."""
    if result.site is None:
        return "Skills: no site."
    shortage = skill_shortage(site=result.site, today=today)
    short = ", ".join(item.queue.name for item in shortage.short) or "none"
    return (
        f"Skills: {result.levels} levels in the matrix, {result.enrolled} agents on the path "
        f"to chat, queues short of skilled staff at {result.site.name}: {short}."
    )


def _agents(site: Site) -> list[Person]:
    return list(
        Person.objects.filter(
            site=site, status=PersonStatus.ACTIVE, role_assignments__role=Role.AGENT
        )
        .distinct()
        .prefetch_related("queues")
        .order_by("employee_number")
    )


@transaction.atomic
def skills_demo_load(*, today: date, seed: int) -> SkillsDemoResult:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    skill_matrix_from_queues(actor=None)
    leader = User.objects.filter(username="leader", person__isnull=False).first()
    manager = User.objects.filter(username="manager", person__isnull=False).first()
    site = leader.person.site if leader and leader.person else Site.objects.order_by("pk").first()
    if site is None:
        return SkillsDemoResult(levels=0, enrolled=0, site=None)
    # The yearly review is the site manager's (a team leader reviews only their own team).
    reviewer = manager if manager and manager.person and manager.person.site_id == site.pk else None
    # A mix of levels: some agents are expert on a queue, some only supported.
    for level in SkillLevel.objects.filter(person__site=site).select_related("person", "queue"):
        draw = rng.random()
        if draw < 0.15:
            new_level = Proficiency.EXPERT
        elif draw < 0.3:
            new_level = Proficiency.SUPPORTED
        else:
            continue
        skill_level_set(
            actor=reviewer,
            person=level.person,
            queue=level.queue,
            level=new_level,
            assessed_on=today - timedelta(days=rng.randint(10, 120)),
            note="Yearly skills review",
        )
    chat = Queue.objects.filter(site=site, channel=Channel.CHAT).order_by("pk").first()
    enrolled = 0
    if chat is not None:
        agents = _agents(site)
        # A few who served chat only now and then go back to learning it: chat runs short.
        chat_agents = [agent for agent in agents if chat in agent.queues.all()]
        for agent in chat_agents[-LEARNING_CHAT:]:
            if agent.queues.count() > 1:
                skill_level_set(
                    actor=reviewer,
                    person=agent,
                    queue=chat,
                    level=Proficiency.LEARNING,
                    assessed_on=today - timedelta(days=7),
                    note="Needs a refresher before serving chat again",
                )
        enrolled = _chat_path(site, chat, manager, leader, today)
    levels = SkillLevel.objects.filter(person__site=site).count()
    return SkillsDemoResult(levels=levels, enrolled=enrolled, site=site)


def _chat_path(
    site: Site, chat: Queue, manager: User | None, leader: User | None, today: date
) -> int:
    if manager is None or leader is None or leader.person is None:
        return 0
    path = training_path_create(
        actor=manager,
        name=PATH_NAME,
        target_queue=chat,
        target_level=Proficiency.SUPPORTED,
        description="From voice to chat: writing style, two chats at once, then supervised.",
    )
    course = Course.objects.filter(active=True).order_by("name").first()
    steps = [
        StepInput(PathStepKind.COURSE, "Written customer communication", course=course),
        StepInput(PathStepKind.SHADOWING, "Shadow an expert chat agent for two shifts"),
        StepInput(PathStepKind.SUPERVISED, "Handle chats with a coach watching", contacts=30),
        StepInput(PathStepKind.ASSESSMENT, "Chat assessment with the team leader"),
    ]
    created = [path_step_add(actor=manager, path=path, data=step) for step in steps]
    led = set(Person.objects.filter(team__leader=leader.person).values_list("pk", flat=True))
    team_agents = [
        agent for agent in _agents(site) if agent.pk in led and chat not in agent.queues.all()
    ][:ON_PATH]
    # Three agents at different points: just enrolled, past the course, at the assessment.
    for index, agent in enumerate(team_agents):
        start = today - timedelta(days=35 - 7 * index)
        enrolment = path_enrol(actor=leader, path=path, person=agent, enrolled_on=start)
        for number, step in enumerate(created[: [0, 1, 3][index % 3]]):
            path_step_done(
                actor=leader,
                enrolment=enrolment,
                step=step,
                done_on=start + timedelta(days=5 * (number + 1)),
            )
    return len(team_agents)


def skills_clear() -> None:
    """Deletes paths (with their steps and enrolments) and every level with its history, for
    reloading the demo: paths hold their queues and courses."""
    TrainingPath.objects.all().delete()
    SkillLevelChange.objects.all().delete()
    SkillLevel.objects.all().delete()
