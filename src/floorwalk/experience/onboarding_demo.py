"""Onboarding for the demo floor, through the same services as the pages: the default template;
in the demo leader's team a new hire who started ten days ago (one task overdue, login
"newhire"), the hired candidate starting in three days, and a new hire who finished eight
weeks of onboarding and answered its review, so the roll-up shows numbers; a published job
preview for the demo site."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from floorwalk.accounts.models import Role, User
from floorwalk.development.cadence_selectors import MENTOR_STAGES, current_mentorships
from floorwalk.development.selectors import current_stage
from floorwalk.experience.models import (
    OnboardingPlan,
    OnboardingTask,
    QuestionKind,
    Respondent,
)
from floorwalk.experience.onboarding_services import (
    NewPersonInput,
    job_preview_save,
    onboarding_defaults_create,
    onboarding_plan_start,
    onboarding_review_submit,
    onboarding_task_complete,
)
from floorwalk.hiring.demo import DEMO_EMPLOYEE_NUMBER
from floorwalk.org.models import Person, PersonStatus, Team
from floorwalk.org.selectors import organisation

DEMO_LEADER, DEMO_MANAGER = "leader", "manager"
NEW_HIRE_LOGIN = "newhire"
COMPLETED_LOGIN = "sofia"
RECENT = ("Elin Virtanen", "ONB-0001", 10)  # name, employee number, days since the start
COMPLETED = ("Sofia Lind", "ONB-0002", 56)
UPCOMING_START_IN = 3
PREVIEW = {
    "work": (
        "You answer customers' calls and chats about their bills, contracts and moves. Most "
        "contacts are routine; some are upset people who need you to stay calm and kind.\n\n"
        "You work at a desk on the floor with your team, headset on, with a knowledge base "
        "and your team leader a raised hand away."
    ),
    "typical_day": (
        "A shift is eight hours with a lunch and two short breaks. You log in, read the "
        "day's notes, and take contacts as they come: 40 to 60 on a normal day.\n\n"
        "Once a week you sit down with your team leader or mentor to listen to a few "
        "contacts together."
    ),
    "best_sides": (
        "The feeling when an angry customer leaves happy because you fixed it. Thanks from "
        "customers, colleagues who help, and solving something new every day."
    ),
    "workload": (
        "Mondays and the days after bills go out are busy, and the queue can stay long for "
        "hours. Quieter afternoons leave time for training and follow-ups. You choose your "
        "shifts within the needs of the week."
    ),
    "measurement": (
        "Everything is measured because customers need us to be there (availability), to "
        "know the answer (skill) and to leave them better off (customer experience).\n\n"
        "When the forecast or staffing fails, the work becomes rushed and tiring; the "
        "numbers are how we see that early and fix it together, not a way to blame you."
    ),
}


@dataclass(frozen=True)
class OnboardingDemoResult:
    plans: int
    in_progress: int
    completed: int
    tasks_done: int
    overdue: int
    review_answers: int
    preview_site: str


def _mentor_candidates(team: Team, exclude: set[int]) -> list[Person]:
    """The team's active agents at R2 or above with room for one more mentee."""
    limit = organisation().max_mentees_per_mentor
    people = []
    for person in (
        Person.objects.filter(
            team=team, status=PersonStatus.ACTIVE, role_assignments__role=Role.AGENT
        )
        .exclude(pk__in=exclude)
        .order_by("pk")
        .distinct()
    ):
        stage = current_stage(person)
        if (
            stage is not None
            and stage.stage in MENTOR_STAGES
            and current_mentorships().filter(mentor=person).count() < limit
        ):
            people.append(person)
    return people


def _login_for(person: Person, username: str, like: User) -> User:
    """A login for the demo new hire with the demo's password (copied, already hashed)."""
    user, _created = User.objects.get_or_create(
        username=username, defaults={"person": person, "password": like.password}
    )
    return user


def _tick(leader: User, task: OnboardingTask, day: date, note: str = "") -> None:
    actor = getattr(task.owner, "user", None) or leader
    onboarding_task_complete(actor=actor, task=task, note=note, today=day)


@transaction.atomic
def onboarding_demo_load(*, today: date, seed: int) -> OnboardingDemoResult:
    template, _created = onboarding_defaults_create()
    leader = User.objects.filter(username=DEMO_LEADER, person__isnull=False).first()
    manager = User.objects.filter(username=DEMO_MANAGER, person__isnull=False).first()
    if leader is None or manager is None or leader.person is None:
        return OnboardingDemoResult(0, 0, 0, 0, 0, 0, "")
    team = leader.person.led_teams.order_by("pk").first()
    if team is None:
        return OnboardingDemoResult(0, 0, 0, 0, 0, 0, "")
    rng = random.Random(seed)  # noqa: S311  (a demo's reproducible choices)
    site = team.site
    job_preview_save(actor=manager, site=site, sections=PREVIEW, published=True)

    helpers = _mentor_candidates(team, exclude=set())
    # The most experienced agents of the team support the first solo contacts.
    supporters = list(
        Person.objects.filter(
            team=team, status=PersonStatus.ACTIVE, role_assignments__role=Role.AGENT
        )
        .order_by("hire_date", "pk")
        .distinct()
    )

    def start(*, start_date: date, person=None, new_person=None, index: int) -> OnboardingPlan:
        # Without a mentor at R2 or above with room for a mentee, the leader takes the tasks.
        mentor = helpers[index] if index < len(helpers) else None
        taken = {p.pk for p in (mentor, person) if p is not None}
        support = next((p for p in supporters if p.pk not in taken), None)
        return onboarding_plan_start(
            actor=leader,
            template=template,
            start_date=start_date,
            person=person,
            new_person=new_person,
            mentor=mentor,
            support_person=support,
        )

    # Finished eight weeks ago, tasks done (some late), the review answered by both.
    name, number, days = COMPLETED
    completed = start(
        start_date=today - timedelta(days=days),
        new_person=NewPersonInput(display_name=name, employee_number=number, team=team),
        index=0,
    )
    completed_user = _login_for(completed.person, COMPLETED_LOGIN, leader)
    for task in completed.tasks.select_related("owner__user").order_by("due_on", "pk"):
        late = rng.random() < 0.25
        _tick(leader, task, task.due_on + timedelta(days=rng.randint(1, 4) if late else 0))
    completed.refresh_from_db()
    answers = 0
    for user, respondent in ((completed_user, Respondent.NEW_HIRE), (leader, Respondent.LEADER)):
        given: dict[int, int | str | None] = {}
        for question in template.questions.all():
            if question.kind == QuestionKind.SCALE:
                given[question.pk] = rng.choice((3, 4, 4, 5, 5))
            elif respondent == Respondent.NEW_HIRE:
                given[question.pk] = rng.choice(
                    (
                        "The mentor's half-days beside me; I never felt alone.",
                        "Having the support person next to me on my first solo day.",
                    )
                    if "helped" in question.text
                    else (
                        "My accounts for the knowledge base came on day three.",
                        "More practice calls before going solo.",
                    )
                )
            else:
                given[question.pk] = ""
        answers += len(onboarding_review_submit(actor=user, plan=completed, answers=given))

    # Started ten days ago: everything due so far done, except the first one-to-one.
    name, number, days = RECENT
    recent = start(
        start_date=today - timedelta(days=days),
        new_person=NewPersonInput(display_name=name, employee_number=number, team=team),
        index=1,
    )
    _login_for(recent.person, NEW_HIRE_LOGIN, leader)
    for task in recent.tasks.select_related("owner__user").filter(due_on__lt=today):
        if task.title != "First one-to-one":
            _tick(leader, task, task.due_on)

    # The hired candidate starts in three days: the workstation is ready already.
    hired = Person.objects.filter(employee_number=DEMO_EMPLOYEE_NUMBER, team=team).first()
    upcoming_start = today + timedelta(days=UPCOMING_START_IN)
    if hired is not None and not OnboardingPlan.objects.filter(person=hired).exists():
        upcoming = start(start_date=upcoming_start, person=hired, index=2)
    else:
        upcoming = start(
            start_date=upcoming_start,
            new_person=NewPersonInput(
                display_name="Noah Berg", employee_number="ONB-0003", team=team
            ),
            index=2,
        )
    for task in upcoming.tasks.select_related("owner__user").filter(due_on__lt=today):
        _tick(leader, task, task.due_on)

    plans = OnboardingPlan.objects.filter(pk__in=[completed.pk, recent.pk, upcoming.pk])
    tasks = OnboardingTask.objects.filter(plan__in=plans)
    return OnboardingDemoResult(
        plans=plans.count(),
        in_progress=plans.filter(completed_on__isnull=True).count(),
        completed=plans.filter(completed_on__isnull=False).count(),
        tasks_done=tasks.filter(done_on__isnull=False).count(),
        overdue=tasks.filter(done_on__isnull=True, due_on__lt=today).count(),
        review_answers=answers,
        preview_site=site.name,
    )
