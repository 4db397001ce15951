"""Reads for onboarding: a plan by phase, the owners' due tasks, the leaders' overview of plans
and the roll-up of reviews and on-time rates per template."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet

from floorwalk.experience.models import (
    PHASE_ORDER,
    OnboardingPhase,
    OnboardingPlan,
    OnboardingReviewAnswer,
    OnboardingTask,
    OnboardingTemplate,
    QuestionKind,
    Respondent,
)
from floorwalk.org.models import Person

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class PhaseTasks:
    phase: str
    label: str
    tasks: list[OnboardingTask]


def plan_tasks(plan: OnboardingPlan) -> list[OnboardingTask]:
    return list(plan.tasks.select_related("owner", "done_by__person").order_by("due_on", "pk"))


def plan_phases(plan: OnboardingPlan) -> list[PhaseTasks]:
    """The plan's tasks grouped by phase, phases in the order the new hire lives them."""
    grouped: dict[str, list[OnboardingTask]] = defaultdict(list)
    for task in plan_tasks(plan):
        grouped[task.phase].append(task)
    return [
        PhaseTasks(phase, str(OnboardingPhase(phase).label), grouped[phase])
        for phase in sorted(grouped, key=PHASE_ORDER.__getitem__)
    ]


def owner_open_tasks(
    person: Person, today: date, *, due_within: int | None = None
) -> QuerySet[OnboardingTask]:
    """The person's open onboarding tasks, overdue first; only those due within `due_within`
    days when given (the home page)."""
    tasks = OnboardingTask.objects.filter(owner=person, done_on__isnull=True).select_related(
        "plan__person"
    )
    if due_within is not None:
        tasks = tasks.filter(due_on__lte=today + timedelta(days=due_within))
    return tasks.order_by("due_on", "pk")


def has_onboarding_plan(person_id: int) -> bool:
    """Whether the person was onboarded with a plan (their own plan page then exists)."""
    return OnboardingPlan.objects.filter(person_id=person_id).exists()


def owns_onboarding_tasks(person_id: int) -> bool:
    """Whether the person owns any task of a new hire's plan, done or not."""
    return OnboardingTask.objects.filter(owner_id=person_id).exists()


@dataclass(frozen=True)
class PlanProgress:
    plan: OnboardingPlan
    tasks: int
    done: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.tasks) if self.tasks else 0


def plans_progress(plans: QuerySet[OnboardingPlan], today: date) -> list[PlanProgress]:
    """Each plan with its task count, tasks done and tasks overdue, newest start first."""
    rows = (
        plans.select_related("person__team", "template", "mentor", "support_person")
        .annotate(
            task_count=Count("tasks"),
            done_count=Count("tasks", filter=Q(tasks__done_on__isnull=False)),
            overdue_count=Count(
                "tasks", filter=Q(tasks__done_on__isnull=True, tasks__due_on__lt=today)
            ),
        )
        .order_by("-start_date", "person__display_name")
    )
    return [
        PlanProgress(plan, plan.task_count, plan.done_count, plan.overdue_count)  # type: ignore[attr-defined]
        for plan in rows
    ]


def plan_progress(plan: OnboardingPlan, today: date) -> PlanProgress:
    return plans_progress(OnboardingPlan.objects.filter(pk=plan.pk), today)[0]


def review_answers(plan: OnboardingPlan) -> dict[str, list[OnboardingReviewAnswer]]:
    """The plan's review answers by respondent (new hire, leader)."""
    answers: dict[str, list[OnboardingReviewAnswer]] = {value: [] for value in Respondent.values}
    for answer in plan.answers.order_by("respondent", "question__position", "pk"):
        answers[answer.respondent].append(answer)
    return answers


# ---- The roll-up per template -----------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRollup:
    text: str
    kind: str
    respondent: str
    answers: int
    average: float | None  # scale questions
    texts: list[str]  # free-text questions, non-empty answers


@dataclass(frozen=True)
class TaskRollup:
    title: str
    phase: str
    done: int
    on_time: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.done if self.done else None


@dataclass(frozen=True)
class TemplateRollup:
    template: OnboardingTemplate
    plans: int
    completed: int
    reviews: int
    questions: list[QuestionRollup]
    tasks: list[TaskRollup]


def template_rollup(
    template: OnboardingTemplate, plans: QuerySet[OnboardingPlan]
) -> TemplateRollup:
    """What the template's plans (those in `plans`, i.e. those the reader may read) say about
    it: the average rating of each scale question with how many answered, the free-text
    answers, and how often each of its tasks was done on time (of those done)."""
    plans = plans.filter(template=template)
    answers = list(OnboardingReviewAnswer.objects.filter(plan__in=plans))
    questions = []
    for question in template.questions.order_by("position", "pk"):
        for respondent in Respondent:
            rows = [
                a for a in answers if a.question_id == question.pk and a.respondent == respondent
            ]
            if question.kind == QuestionKind.SCALE:
                ratings = [row.scale for row in rows if row.scale is not None]
                average = sum(ratings) / len(ratings) if ratings else None
                texts: list[str] = []
                count = len(ratings)
            else:
                average = None
                texts = [row.text for row in rows if row.text]
                count = len(texts)
            questions.append(
                QuestionRollup(
                    question.text, question.kind, respondent.value, count, average, texts
                )
            )
    task_rows = (
        OnboardingTask.objects.filter(plan__in=plans, template_task__template=template)
        .values("template_task")
        .annotate(
            done=Count("pk", filter=Q(done_on__isnull=False)),
            in_time=Count("pk", filter=Q(done_on__isnull=False, done_on__lte=F("due_on"))),
        )
    )
    by_task: dict[int, tuple[int, int]] = {
        row["template_task"]: (row["done"], row["in_time"]) for row in task_rows
    }
    tasks = [
        TaskRollup(
            task.title,
            task.phase,
            *by_task.get(task.pk, (0, 0)),
        )
        for task in template.tasks.order_by("position", "pk")
    ]
    return TemplateRollup(
        template=template,
        plans=plans.count(),
        completed=plans.filter(completed_on__isnull=False).count(),
        reviews=plans.filter(answers__respondent=Respondent.NEW_HIRE).distinct().count(),
        questions=questions,
        tasks=tasks,
    )


def rollup_csv_rows(rollup: TemplateRollup) -> list[list[object]]:
    """One row per question and respondent, then one per task: kind, item, n, value."""
    rows: list[list[object]] = []
    for question in rollup.questions:
        if question.kind == QuestionKind.SCALE:
            value: object = "" if question.average is None else f"{question.average:.2f}"
        else:
            value = " | ".join(question.texts)
        rows.append(["question", question.text, question.respondent, question.answers, value])
    for task in rollup.tasks:
        rate = "" if task.on_time_rate is None else f"{task.on_time_rate:.2f}"
        rows.append(["task on time", task.title, "", task.done, rate])
    return rows
