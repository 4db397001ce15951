"""Writes for onboarding: templates, starting a new hire's plan (with mentor, stage R1 and ramp
goals), ticking tasks done, the onboarding review and each site's job preview. Each write checks
the access policy, runs in one transaction and leaves its entry in the audit trail."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from floorwalk.accounts.models import Role, RoleAssignment, User
from floorwalk.accounts.policy import (
    can_complete_onboarding_task,
    can_edit_job_preview,
    can_edit_onboarding_template,
    can_start_onboarding,
    is_admin,
    mentoring_people_for,
    onboarding_people_for,
    onboarding_respondent_for,
    onboarding_teams_for,
    onboarding_template_sites_for,
    onboarding_templates_for,
)
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.development.cadence_services import mentorship_assign
from floorwalk.development.models import Stage
from floorwalk.development.services import stage_confirm
from floorwalk.engine.metrics import metric
from floorwalk.experience.models import (
    JobPreview,
    OnboardingPhase,
    OnboardingPlan,
    OnboardingRampGoal,
    OnboardingReviewAnswer,
    OnboardingReviewQuestion,
    OnboardingTask,
    OnboardingTemplate,
    OnboardingTemplateTask,
    OwnerKind,
    QuestionKind,
)
from floorwalk.goals.models import GoalLevel
from floorwalk.goals.selectors import METRIC_CODES
from floorwalk.goals.services import GoalInput, create_goal
from floorwalk.org.models import Person, PersonStatus, Site, Team

EARLIEST_OFFSET = -60
LATEST_OFFSET = 365
MAX_RAMP_WEEKS = 52
SECTION_MAX_LENGTH = 5000
NOTE_MAX_LENGTH = 2000
TEMPLATE_AUDIT_FIELDS = ("name", "site", "description")
TASK_AUDIT_FIELDS = ("title", "due_on", "done_on", "note")
PREVIEW_AUDIT_FIELDS = (*JobPreview.SECTIONS, "published")


# ---- Templates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateTaskInput:
    title: str
    phase: str
    owner_kind: str
    offset_days: int
    description: str = ""
    owner_person: Person | None = None


@dataclass(frozen=True)
class RampGoalInput:
    metric: str
    target: float
    weeks_after_start: int


@dataclass(frozen=True)
class ReviewQuestionInput:
    text: str
    kind: str


@dataclass(frozen=True)
class TemplateInput:
    name: str
    site: Site | None
    description: str = ""
    tasks: Sequence[TemplateTaskInput] = field(default_factory=tuple)
    ramp_goals: Sequence[RampGoalInput] = field(default_factory=tuple)
    questions: Sequence[ReviewQuestionInput] = field(default_factory=tuple)


def _task_problems(number: int, task: TemplateTaskInput, site: Site | None) -> list[str]:
    where = _("Task %(number)s") % {"number": number}
    problems = []
    if not task.title.strip():
        problems.append(_("%(where)s: give it a title.") % {"where": where})
    if task.phase not in OnboardingPhase.values:
        problems.append(_("%(where)s: choose one of the phases.") % {"where": where})
    if task.owner_kind not in OwnerKind.values:
        problems.append(_("%(where)s: choose who does it.") % {"where": where})
    if not EARLIEST_OFFSET <= task.offset_days <= LATEST_OFFSET:
        problems.append(
            _("%(where)s: the offset must lie between %(low)s and %(high)s days.")
            % {"where": where, "low": EARLIEST_OFFSET, "high": LATEST_OFFSET}
        )
    elif task.phase == OnboardingPhase.BEFORE_DAY_ONE and task.offset_days > 0:
        problems.append(
            _("%(where)s: a task before day one is due on the start date or before (0 or less).")
            % {"where": where}
        )
    elif task.phase != OnboardingPhase.BEFORE_DAY_ONE and task.offset_days < 0:
        problems.append(
            _("%(where)s: only tasks before day one are due before the start date.")
            % {"where": where}
        )
    if task.owner_kind == OwnerKind.NAMED:
        person = task.owner_person
        if person is None:
            problems.append(_("%(where)s: name the person who does it.") % {"where": where})
        elif person.status == PersonStatus.LEFT or (site is not None and person.site_id != site.pk):
            problems.append(
                _("%(where)s: %(name)s does not work at the template's site.")
                % {"where": where, "name": person.display_name}
            )
    elif task.owner_person is not None:
        problems.append(
            _("%(where)s: a named person is only given when the owner is a named person.")
            % {"where": where}
        )
    return problems


def _template_errors(
    actor: User, template: OnboardingTemplate | None, data: TemplateInput
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    name = data.name.strip()
    if not name:
        errors["name"] = [_("Give the template a name.")]
    if data.site is None:
        if not is_admin(actor):
            errors["site"] = [_("Only administrators write templates for every site.")]
    elif not onboarding_template_sites_for(actor).filter(pk=data.site.pk).exists():
        errors["site"] = [_("You cannot write templates for %(site)s.") % {"site": data.site}]
    if name and "site" not in errors:
        clash = OnboardingTemplate.objects.filter(name=name, site=data.site)
        if template is not None:
            clash = clash.exclude(pk=template.pk)
        if clash.exists():
            errors["name"] = [_("A template of this name exists already for this site.")]
    tasks: list[str] = []
    if not data.tasks:
        tasks.append(_("Give the template at least one task."))
    for number, task in enumerate(data.tasks, start=1):
        tasks.extend(_task_problems(number, task, data.site))
    if tasks:
        errors["tasks"] = tasks
    goals: list[str] = []
    for number, goal in enumerate(data.ramp_goals, start=1):
        where = _("Ramp goal %(number)s") % {"number": number}
        if goal.metric not in METRIC_CODES:
            goals.append(_("%(where)s: choose a metric from the catalog.") % {"where": where})
        if not 1 <= goal.weeks_after_start <= MAX_RAMP_WEEKS:
            goals.append(
                _("%(where)s: the week must lie between 1 and %(max)s.")
                % {"where": where, "max": MAX_RAMP_WEEKS}
            )
    if goals:
        errors["ramp_goals"] = goals
    questions: list[str] = []
    for number, question in enumerate(data.questions, start=1):
        where = _("Question %(number)s") % {"number": number}
        if not question.text.strip():
            questions.append(_("%(where)s: write the question.") % {"where": where})
        if question.kind not in QuestionKind.values:
            questions.append(_("%(where)s: choose scale or free text.") % {"where": where})
    if questions:
        errors["questions"] = questions
    return errors


@transaction.atomic
def onboarding_template_save(
    *, actor: User, template: OnboardingTemplate | None, data: TemplateInput
) -> OnboardingTemplate:
    """Creates a template or replaces its contents. Tasks keep their identity by position, so
    the on-time rates of the roll-up follow a task that was only reworded."""
    if template is not None and not can_edit_onboarding_template(actor, template):
        raise PermissionDenied
    if template is None and not onboarding_template_sites_for(actor).exists():
        raise PermissionDenied
    errors = _template_errors(actor, template, data)
    if errors:
        raise ValidationError(errors)
    creating = template is None
    if template is None:
        template = OnboardingTemplate()
        before = None
    else:
        template = OnboardingTemplate.objects.select_for_update().get(pk=template.pk)
        before = {**snapshot(template, TEMPLATE_AUDIT_FIELDS), **_contents(template)}
    template.name = data.name.strip()
    template.site = data.site
    template.description = data.description.strip()
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError:
        raise ValidationError(
            {"name": [_("A template of this name exists already for this site.")]}
        ) from None
    _replace_tasks(template, data.tasks)
    template.ramp_goals.all().delete()
    OnboardingRampGoal.objects.bulk_create(
        OnboardingRampGoal(
            template=template,
            metric=goal.metric,
            target=goal.target,
            weeks_after_start=goal.weeks_after_start,
        )
        for goal in data.ramp_goals
    )
    _replace_questions(template, data.questions)
    audit_record(
        actor=actor,
        instance=template,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        before=before,
        after={**snapshot(template, TEMPLATE_AUDIT_FIELDS), **_contents(template)},
    )
    return template


def _contents(template: OnboardingTemplate) -> dict[str, object]:
    return {
        "tasks": [
            f"{task.phase} {task.offset_days:+d} {task.owner_kind}: {task.title}"
            for task in template.tasks.order_by("position", "pk")
        ],
        "ramp_goals": [str(goal) for goal in template.ramp_goals.all()],
        "questions": [f"{q.kind}: {q.text}" for q in template.questions.all()],
    }


def _replace_tasks(template: OnboardingTemplate, tasks: Sequence[TemplateTaskInput]) -> None:
    existing = list(template.tasks.order_by("position", "pk"))
    for position, task in enumerate(tasks):
        row = existing[position] if position < len(existing) else OnboardingTemplateTask()
        row.template = template
        row.title = task.title.strip()
        row.description = task.description.strip()
        row.phase = task.phase
        row.owner_kind = task.owner_kind
        row.owner_person = task.owner_person if task.owner_kind == OwnerKind.NAMED else None
        row.offset_days = task.offset_days
        row.position = position
        row.save()
    for row in existing[len(tasks) :]:
        row.delete()  # the plans keep their copy of the task


def _replace_questions(
    template: OnboardingTemplate, questions: Sequence[ReviewQuestionInput]
) -> None:
    existing = list(template.questions.order_by("position", "pk"))
    for position, question in enumerate(questions):
        row = existing[position] if position < len(existing) else OnboardingReviewQuestion()
        row.template = template
        row.text = question.text.strip()
        row.kind = question.kind
        row.position = position
        row.save()
    for row in existing[len(questions) :]:
        row.delete()  # answers keep the question's text


DEFAULT_TEMPLATE_NAME = "Contact-center agent onboarding"
DEFAULT_TASKS = (
    # (phase, offset, owner, title, description)
    (
        OnboardingPhase.BEFORE_DAY_ONE,
        -5,
        OwnerKind.SITE_MANAGER,
        "Workstation ready",
        "Desk, chair, screens, headset and phone set up and tested.",
    ),
    (
        OnboardingPhase.BEFORE_DAY_ONE,
        -3,
        OwnerKind.SITE_MANAGER,
        "Applications installed",
        "Phone system, CRM, knowledge base and chat tool installed and opening.",
    ),
    (
        OnboardingPhase.BEFORE_DAY_ONE,
        -2,
        OwnerKind.TEAM_LEADER,
        "User accounts ready",
        "Logins created for every application, with first passwords in a sealed envelope.",
    ),
    (
        OnboardingPhase.BEFORE_DAY_ONE,
        -1,
        OwnerKind.TEAM_LEADER,
        "Onboarding plan shared",
        "The plan of the first weeks sent to the new hire, with a word of welcome.",
    ),
    (
        OnboardingPhase.FIRST_DAYS,
        0,
        OwnerKind.TEAM_LEADER,
        "Warm welcome and introductions",
        "Meet at the door, tour the floor, introduce the team and the mentor.",
    ),
    (
        OnboardingPhase.FIRST_DAYS,
        1,
        OwnerKind.MENTOR,
        "The business and its customers",
        "Who our customers are, what they contact us about, the house rules.",
    ),
    (
        OnboardingPhase.FIRST_DAYS,
        2,
        OwnerKind.NEW_HIRE,
        "Read why we measure",
        "The site's job preview and the scorecard: availability, skill, customer experience.",
    ),
    (
        OnboardingPhase.FIRST_WEEKS,
        4,
        OwnerKind.MENTOR,
        "Nesting: listen in beside the mentor",
        "Half-days beside the mentor, talking each contact through afterwards.",
    ),
    (
        OnboardingPhase.FIRST_WEEKS,
        7,
        OwnerKind.TEAM_LEADER,
        "First one-to-one",
        "How the first week went, what is still unclear, the goals for the ramp.",
    ),
    (
        OnboardingPhase.FIRST_SOLO,
        14,
        OwnerKind.SUPPORT,
        "Support at the first solo contacts",
        "The support person sits nearby for the first days of handling contacts alone.",
    ),
    (
        OnboardingPhase.FIRST_SOLO,
        21,
        OwnerKind.TEAM_LEADER,
        "Feedback on the first solo week",
        "Listen to two contacts together; one thing that went well, one to practise.",
    ),
    (
        OnboardingPhase.REVIEW,
        42,
        OwnerKind.NEW_HIRE,
        "Answer the onboarding review",
        "How the onboarding went, so the next one goes better.",
    ),
    (
        OnboardingPhase.REVIEW,
        42,
        OwnerKind.TEAM_LEADER,
        "Onboarding review with the new hire",
        "Go through the review together and agree the next development steps.",
    ),
)
DEFAULT_RAMP_GOALS = (("qa_score", 75.0, 4), ("qa_score", 85.0, 8))
DEFAULT_QUESTIONS = (
    ("The job turned out as the job preview and the interviews described it.", "scale"),
    ("My workstation, applications and accounts were ready on day one.", "scale"),
    ("I had a clear plan for my first weeks.", "scale"),
    ("I had support when I started handling contacts alone.", "scale"),
    ("Overall, the onboarding prepared me well for the work.", "scale"),
    ("What helped you most?", "text"),
    ("What should we change for the next new hire?", "text"),
)


@transaction.atomic
def onboarding_defaults_create() -> tuple[OnboardingTemplate, bool]:
    """The default template for every site, unless one of its name exists already."""
    template, created = OnboardingTemplate.objects.get_or_create(
        name=DEFAULT_TEMPLATE_NAME,
        site=None,
        defaults={
            "description": "Before day one, the first days and weeks, the first solo contacts "
            "with a named support person, and the onboarding review."
        },
    )
    if not created:
        return template, False
    OnboardingTemplateTask.objects.bulk_create(
        OnboardingTemplateTask(
            template=template,
            phase=phase,
            offset_days=offset,
            owner_kind=owner,
            title=title,
            description=description,
            position=position,
        )
        for position, (phase, offset, owner, title, description) in enumerate(DEFAULT_TASKS)
    )
    OnboardingRampGoal.objects.bulk_create(
        OnboardingRampGoal(template=template, metric=code, target=target, weeks_after_start=weeks)
        for code, target, weeks in DEFAULT_RAMP_GOALS
    )
    OnboardingReviewQuestion.objects.bulk_create(
        OnboardingReviewQuestion(template=template, text=text, kind=kind, position=position)
        for position, (text, kind) in enumerate(DEFAULT_QUESTIONS)
    )
    return template, True


# ---- Starting a new hire ----------------------------------------------------------------------


@dataclass(frozen=True)
class NewPersonInput:
    """A person created on the start form: the new hire's employee record."""

    display_name: str
    employee_number: str
    team: Team
    email: str = ""


def _site_manager_of(site_id: int) -> Person | None:
    return (
        Person.objects.filter(
            site_id=site_id,
            status=PersonStatus.ACTIVE,
            role_assignments__role=Role.SITE_MANAGER,
        )
        .order_by("pk")
        .first()
    )


def _new_person(actor: User, data: NewPersonInput, start_date: date) -> Person:
    errors: dict[str, str] = {}
    name, number = data.display_name.strip(), data.employee_number.strip()
    if not name:
        errors["new_name"] = _("Give the new hire's name.")
    if not number:
        errors["new_employee_number"] = _("Give the new hire's employee number.")
    elif Person.objects.filter(employee_number=number).exists():
        errors["new_employee_number"] = _(
            "Employee number %(number)s belongs to someone else already."
        ) % {"number": number}
    if not onboarding_teams_for(actor).filter(pk=data.team.pk).exists():
        errors["new_team"] = _("You cannot add people to %(team)s.") % {"team": data.team.name}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            person = Person.objects.create(
                display_name=name,
                employee_number=number,
                email=data.email.strip(),
                hire_date=start_date,
                site=data.team.site,
                team=data.team,
            )
    except IntegrityError:
        raise ValidationError(
            {"new_employee_number": _("Employee number %(number)s is taken.") % {"number": number}}
        ) from None
    RoleAssignment.objects.create(person=person, role=Role.AGENT)
    audit_record(
        actor=actor,
        instance=person,
        action=AuditAction.CREATE,
        after=snapshot(person, ("display_name", "employee_number", "hire_date", "site", "team")),
        person=person,
    )
    return person


def _helper_problem(label: str, helper: Person | None, person: Person) -> str | None:
    if helper is None:
        return None
    if helper.pk == person.pk:
        return _("The new hire cannot be their own %(role)s.") % {"role": label}
    if helper.status != PersonStatus.ACTIVE:
        return _("%(name)s is not active and cannot be the %(role)s.") % {
            "name": helper.display_name,
            "role": label,
        }
    if helper.site_id != person.site_id:
        return _("%(name)s works at another site than the new hire.") % {
            "name": helper.display_name
        }
    return None


def _resolve_owners(
    template: OnboardingTemplate,
    person: Person,
    mentor: Person | None,
    support_person: Person | None,
) -> list[tuple[OnboardingTemplateTask, Person]]:
    leader = person.team.leader if person.team is not None else None
    manager = _site_manager_of(person.site_id)
    owners: dict[str, Person | None] = {
        OwnerKind.TEAM_LEADER: leader,
        OwnerKind.MENTOR: mentor or leader,  # without a mentor, the team leader guides
        OwnerKind.NEW_HIRE: person,
        OwnerKind.SITE_MANAGER: manager,
        OwnerKind.SUPPORT: support_person,
    }
    missing: dict[str, str] = {
        OwnerKind.TEAM_LEADER: _("%(name)s has no team leader; put them in a led team first."),
        OwnerKind.MENTOR: _(
            "The template gives tasks to a mentor; choose one "
            "(%(name)s has no team leader to take them)."
        ),
        OwnerKind.SITE_MANAGER: _("%(site)s has no active site manager for the site's tasks."),
        OwnerKind.SUPPORT: _("The template gives tasks to a support person; choose one."),
    }
    resolved: list[tuple[OnboardingTemplateTask, Person]] = []
    problems: dict[str, str] = {}
    for task in template.tasks.select_related("owner_person").order_by("position", "pk"):
        owner = task.owner_person if task.owner_kind == OwnerKind.NAMED else owners[task.owner_kind]
        if owner is None or owner.status == PersonStatus.LEFT:
            key = "support_person" if task.owner_kind == OwnerKind.SUPPORT else "mentor"
            if task.owner_kind in (OwnerKind.TEAM_LEADER, OwnerKind.SITE_MANAGER):
                key = "person"
            message = missing.get(
                task.owner_kind,
                _("Task “%(task)s” names someone who has left; update the template."),
            ) % {"name": person.display_name, "site": person.site, "task": task.title}
            problems.setdefault(key, message)
            continue
        resolved.append((task, owner))
    if problems:
        raise ValidationError(problems)
    return resolved


@transaction.atomic
def onboarding_plan_start(
    *,
    actor: User,
    template: OnboardingTemplate,
    start_date: date,
    person: Person | None = None,
    new_person: NewPersonInput | None = None,
    mentor: Person | None = None,
    support_person: Person | None = None,
) -> OnboardingPlan:
    """Starts a new hire's onboarding in one go: the plan with every task owned and dated, the
    mentorship, stage R1 and the ramp goals. Any refusal leaves nothing behind."""
    if not can_start_onboarding(actor):
        raise PermissionDenied
    if not onboarding_templates_for(actor).filter(pk=template.pk).exists():
        raise ValidationError({"template": _("Choose one of the templates you can use.")})
    if (person is None) == (new_person is None):
        raise ValidationError(
            {"person": _("Pick the new hire, or fill in the new person's details (not both).")}
        )
    if person is not None:
        if OnboardingPlan.objects.filter(person=person).exists():
            raise ValidationError(
                {"person": _("%(name)s has an onboarding plan already.") % {"name": person}}
            )
        if not onboarding_people_for(actor).filter(pk=person.pk).exists():
            raise ValidationError(
                {"person": _("You cannot start an onboarding for %(name)s.") % {"name": person}}
            )
    elif new_person is not None:
        person = _new_person(actor, new_person, start_date)
    if person is None:  # unreachable: exactly one of the two was given
        raise ValidationError({"person": _("Pick the new hire.")})
    if template.site_id is not None and template.site_id != person.site_id:
        raise ValidationError(
            {"template": _("This template is for %(site)s only.") % {"site": template.site}}
        )
    problems = {
        name: problem
        for name, problem in (
            ("mentor", _helper_problem(_("mentor"), mentor, person)),
            ("support_person", _helper_problem(_("support person"), support_person, person)),
        )
        if problem
    }
    if (
        mentor is not None
        and "mentor" not in problems
        and not mentoring_people_for(actor).filter(pk=mentor.pk).exists()
    ):
        problems["mentor"] = _(
            "You cannot assign %(name)s as a mentor: they are not among the people you lead."
        ) % {"name": mentor.display_name}
    if problems:
        raise ValidationError(problems)
    owned = _resolve_owners(template, person, mentor, support_person)
    plan = OnboardingPlan.objects.create(
        person=person,
        template=template,
        start_date=start_date,
        leader=person.team.leader if person.team is not None else None,
        mentor=mentor,
        support_person=support_person,
        created_by=actor,
    )
    OnboardingTask.objects.bulk_create(
        OnboardingTask(
            plan=plan,
            template_task=task,
            title=task.title,
            description=task.description,
            phase=task.phase,
            owner_kind=task.owner_kind,
            owner=owner,
            due_on=start_date + timedelta(days=task.offset_days),
        )
        for task, owner in owned
    )
    audit_record(
        actor=actor,
        instance=plan,
        action=AuditAction.CREATE,
        after={
            **snapshot(plan, ("template", "start_date", "mentor", "support_person", "leader")),
            "tasks": len(owned),
        },
        person=person,
    )
    if mentor is not None:
        try:
            mentorship_assign(actor=actor, mentee=person, mentor=mentor)
        except ValidationError as error:
            raise ValidationError({"mentor": error.messages}) from None
    stage_confirm(
        actor=actor, person=person, stage=Stage.R1, reason=_("Starts onboarding as a new hire.")
    )
    _ramp_goals_create(actor, plan)
    return plan


def _ramp_goals_create(actor: User, plan: OnboardingPlan) -> None:
    """Each ramp goal as an individual goal over its week after the start."""
    for ramp in plan.template.ramp_goals.all():
        week_start = plan.start_date + timedelta(days=7 * (ramp.weeks_after_start - 1))
        data = GoalInput(
            level=GoalLevel.INDIVIDUAL,
            title=_("Ramp-up: %(metric)s in week %(week)s")
            % {"metric": _(metric(ramp.metric).name), "week": ramp.weeks_after_start},
            metric=ramp.metric,
            start=week_start,
            end=week_start + timedelta(days=6),
            target=ramp.target,
            person=plan.person,
        )
        try:
            create_goal(actor, data)
        except ValidationError as error:
            raise ValidationError(
                {
                    "template": [
                        _("Ramp goal “%(goal)s”: %(problem)s")
                        % {"goal": ramp, "problem": " ".join(error.messages)}
                    ]
                }
            ) from None


# ---- Tasks and the review ---------------------------------------------------------------------


@transaction.atomic
def onboarding_task_complete(
    *, actor: User, task: OnboardingTask, note: str = "", today: date | None = None
) -> OnboardingTask:
    """Ticks the task done today, with an optional note; the plan is complete with its last."""
    if not can_complete_onboarding_task(actor, task):
        raise PermissionDenied
    task = OnboardingTask.objects.select_for_update().select_related("plan__person").get(pk=task.pk)
    if task.done_on is not None:
        raise ValidationError(
            {"task": _("This task was done on %(day)s already.") % {"day": task.done_on}}
        )
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Keep the note under %(max)s characters.") % {"max": NOTE_MAX_LENGTH}}
        )
    before = snapshot(task, TASK_AUDIT_FIELDS)
    task.done_on = today or timezone.localdate()
    task.done_by = actor
    task.note = note
    task.save(update_fields=["done_on", "done_by", "note"])
    audit_record(
        actor=actor,
        instance=task,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(task, TASK_AUDIT_FIELDS),
        person=task.plan.person,
    )
    plan = task.plan
    if not plan.tasks.filter(done_on__isnull=True).exists():
        plan.completed_on = plan.tasks.aggregate(last=Max("done_on"))["last"]
        OnboardingPlan.objects.filter(pk=plan.pk).update(completed_on=plan.completed_on)
    return task


@transaction.atomic
def onboarding_review_submit(
    *, actor: User, plan: OnboardingPlan, answers: Mapping[int, int | str | None]
) -> list[OnboardingReviewAnswer]:
    """The new hire's (or their team leader's) answers to the template's review questions,
    keyed by question id: a rating 1–5 for every scale question, free text where they wish."""
    respondent = onboarding_respondent_for(actor, plan)
    if respondent is None:
        raise PermissionDenied
    OnboardingPlan.objects.select_for_update().filter(pk=plan.pk).first()
    if plan.answers.filter(respondent=respondent).exists():
        raise ValidationError(
            {"review": _("The review was answered already; the answers stand as given.")}
        )
    questions = list(plan.template.questions.all())
    errors: dict[str, str] = {}
    rows = []
    now = timezone.now()
    for question in questions:
        value = answers.get(question.pk)
        key = f"q{question.pk}"
        if question.kind == QuestionKind.SCALE:
            try:
                rating = int(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                rating = 0
            if rating is None:
                errors[key] = _("Rate “%(question)s” from 1 to 5.") % {"question": question.text}
                continue
            if not 1 <= rating <= 5:
                errors[key] = _("A rating is a whole number from 1 to 5.")
                continue
            scale, text = rating, ""
        else:
            scale, text = None, str(value or "").strip()
            if len(text) > NOTE_MAX_LENGTH:
                errors[key] = _("Keep the answer under %(max)s characters.") % {
                    "max": NOTE_MAX_LENGTH
                }
                continue
        rows.append(
            OnboardingReviewAnswer(
                plan=plan,
                question=question,
                question_text=question.text,
                kind=question.kind,
                respondent=respondent,
                answered_by=actor,
                scale=scale,
                text=text,
                answered_at=now,
            )
        )
    unknown = set(answers) - {question.pk for question in questions}
    if unknown:
        errors["review"] = _("Answer only the questions of this plan's template.")
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError({"review": _("This template has no review questions.")})
    created = OnboardingReviewAnswer.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        instance=plan,
        action=AuditAction.UPDATE,
        before={f"review_{respondent}": None},
        after={f"review_{respondent}": len(created)},
        person=plan.person,
    )
    return created


# ---- The job preview --------------------------------------------------------------------------


def plain_text(value: str) -> str:
    """Plain text with paragraphs: tags dropped, line ends unified, at most one blank line."""
    text = strip_tags(value or "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [
        "\n".join(line.rstrip() for line in block.strip().split("\n"))
        for block in text.split("\n\n")
    ]
    return "\n\n".join(block for block in paragraphs if block)


@transaction.atomic
def job_preview_save(
    *, actor: User, site: Site, sections: Mapping[str, str], published: bool
) -> JobPreview:
    """Writes the site's job preview; a published one has every section filled in."""
    if not can_edit_job_preview(actor, site):
        raise PermissionDenied
    cleaned = {name: plain_text(sections.get(name, "")) for name in JobPreview.SECTIONS}
    errors = {
        name: _("Keep each section under %(max)s characters.") % {"max": SECTION_MAX_LENGTH}
        for name, text in cleaned.items()
        if len(text) > SECTION_MAX_LENGTH
    }
    if published:
        errors.update(
            {
                name: _("Fill in every section before publishing.")
                for name, text in cleaned.items()
                if not text and name not in errors
            }
        )
    if errors:
        raise ValidationError(errors)
    preview, created = JobPreview.objects.select_for_update().get_or_create(site=site)
    before = None if created else snapshot(preview, PREVIEW_AUDIT_FIELDS)
    for name, text in cleaned.items():
        setattr(preview, name, text)
    preview.published = published
    preview.updated_by = actor
    preview.save()
    audit_record(
        actor=actor,
        instance=preview,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        before=before,
        after=snapshot(preview, PREVIEW_AUDIT_FIELDS),
    )
    return preview
