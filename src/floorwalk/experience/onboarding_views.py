"""Onboarding pages: templates, starting a new hire, plans and their tasks, the review and its
roll-up, and each site's realistic job preview (public once published)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from floorwalk.accounts.policy import (
    Access,
    Aspect,
    can_complete_onboarding_task,
    can_edit_onboarding_template,
    can_edit_onboarding_templates,
    can_manage_onboarding_plan,
    can_start_onboarding,
    job_preview_sites_for,
    mentoring_people_for,
    onboarding_people_for,
    onboarding_plan_for_user_or_404,
    onboarding_plans_for,
    onboarding_respondent_for,
    onboarding_supporters_for,
    onboarding_teams_for,
    onboarding_template_sites_for,
    onboarding_templates_for,
    people_for,
)
from floorwalk.core.exports import csv_response
from floorwalk.experience import onboarding_selectors as selectors
from floorwalk.experience.models import (
    JobPreview,
    OnboardingPlan,
    OnboardingTask,
    OnboardingTemplate,
    Respondent,
)
from floorwalk.experience.onboarding_forms import (
    JobPreviewForm,
    QuestionFormSet,
    RampGoalFormSet,
    ReviewForm,
    StartForm,
    TaskDoneForm,
    TaskFormSet,
    TemplateForm,
    template_initial,
    template_input,
)
from floorwalk.experience.onboarding_services import (
    job_preview_save,
    onboarding_plan_start,
    onboarding_review_submit,
    onboarding_task_complete,
    onboarding_template_save,
)
from floorwalk.org.models import Person, PersonStatus


def _add_service_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


# ---- Plans ------------------------------------------------------------------------------------


@require_GET
def plans(request):
    """The plans of the new hires the user leads or manages, with progress and overdue counts."""
    if not can_start_onboarding(request.user):
        raise Http404
    today = timezone.localdate()
    readable = onboarding_plans_for(request.user).filter(
        person__in=people_for(request.user, Aspect.DEVELOPMENT, Access.CHANGE)
    )
    rows = selectors.plans_progress(readable, today)
    if _wants_csv(request):
        return csv_response(
            "onboarding-plans.csv",
            [
                "new hire",
                "team",
                "template",
                "start date",
                "tasks",
                "done",
                "overdue",
                "completed on",
            ],
            (
                [
                    row.plan.person.display_name,
                    row.plan.person.team.name if row.plan.person.team else "",
                    row.plan.template.name,
                    row.plan.start_date.isoformat(),
                    row.tasks,
                    row.done,
                    row.overdue,
                    row.plan.completed_on.isoformat() if row.plan.completed_on else "",
                ]
                for row in rows
            ),
        )
    return render(
        request,
        "experience/onboarding/plans.html",
        {
            "rows": rows,
            "today": today,
            "can_edit_templates": can_edit_onboarding_templates(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def start(request):
    user = request.user
    if not can_start_onboarding(user):
        raise Http404
    people = onboarding_people_for(user).order_by("display_name")
    active = Q(status=PersonStatus.ACTIVE)
    initial = {"start_date": timezone.localdate()}
    if request.GET.get("person", "").isdigit():
        initial["person"] = int(request.GET["person"])
    form = StartForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        people=people,
        teams=onboarding_teams_for(user).select_related("site").order_by("name"),
        templates=onboarding_templates_for(user).order_by("name"),
        mentors=mentoring_people_for(user)
        .filter(active)
        .exclude(pk=user.person_id)
        .order_by("display_name"),
        supporters=onboarding_supporters_for(user).order_by("display_name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = onboarding_plan_start(
                actor=user,
                template=data["template"],
                start_date=data["start_date"],
                person=data["person"],
                new_person=form.new_person(),
                mentor=data["mentor"],
                support_person=data["support_person"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Onboarding started for %(name)s.") % {"name": plan.person.display_name},
            )
            return redirect("experience:onboarding_plan", pk=plan.pk)
    return render(
        request,
        "experience/onboarding/start.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_GET
def plan_detail(request, pk: int):
    plan = onboarding_plan_for_user_or_404(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "experience/onboarding/plan.html",
        {
            "plan": plan,
            "phases": selectors.plan_phases(plan),
            "progress": selectors.plan_progress(plan, today),
            "today": today,
            "can_manage": can_manage_onboarding_plan(request.user, plan),
            "respondent": onboarding_respondent_for(request.user, plan),
            "answers": selectors.review_answers(plan),
            "done_form": TaskDoneForm(),
            "viewer_person_id": request.user.person_id,
        },
    )


@require_GET
def mine(request):
    """The new hire's own plan: phases, who does what and when, their support person."""
    plan = None
    if request.user.person_id is not None:
        plan = OnboardingPlan.objects.filter(person_id=request.user.person_id).first()
    if plan is None:
        return render(request, "experience/onboarding/mine.html", {"plan": None})
    return plan_detail(request, plan.pk)


@require_GET
def my_tasks(request):
    person_id = request.user.person_id
    today = timezone.localdate()
    tasks = (
        list(selectors.owner_open_tasks(request.user.person, today))
        if person_id is not None
        else []
    )
    # A support person of another team ticks their task without reading the whole plan.
    readable_plans = set(
        onboarding_plans_for(request.user)
        .filter(pk__in={task.plan_id for task in tasks})
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "experience/onboarding/my_tasks.html",
        {
            "tasks": tasks,
            "today": today,
            "done_form": TaskDoneForm(),
            "viewer_person_id": person_id,
            "readable_plans": readable_plans,
        },
    )


@require_POST
def task_done(request, pk: int):
    """Ticks the task done (htmx swaps the task's row; without htmx, back to the page)."""
    task = (
        OnboardingTask.objects.select_related("plan__person__team", "owner").filter(pk=pk).first()
    )
    if task is None or not can_complete_onboarding_task(request.user, task):
        raise Http404
    form = TaskDoneForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            task = onboarding_task_complete(
                actor=request.user, task=task, note=form.cleaned_data["note"]
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as problem:
            error = " ".join(problem.messages)
    else:
        error = " ".join(str(message) for errors in form.errors.values() for message in errors)
    if request.htmx:
        return render(
            request,
            "experience/onboarding/_task.html",
            {
                "task": task,
                "today": timezone.localdate(),
                "error": error,
                "can_tick": True,
                "done_form": form,
                "show_person": request.POST.get("show_person") == "1",
            },
            # htmx swaps only successful responses: the row shows the refusal itself.
            status=200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Task done: %(title)s.") % {"title": task.title})
    if request.POST.get("back") == "tasks":
        return redirect("experience:onboarding_my_tasks")
    return redirect("experience:onboarding_plan", pk=task.plan_id)


@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    plan = onboarding_plan_for_user_or_404(request.user, pk)
    respondent = onboarding_respondent_for(request.user, plan)
    if respondent is None:
        raise Http404
    if plan.answers.filter(respondent=respondent).exists():
        messages.info(request, _("You answered this onboarding review already."))
        return redirect("experience:onboarding_plan", pk=plan.pk)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        questions=list(plan.template.questions.all()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            onboarding_review_submit(actor=request.user, plan=plan, answers=form.answers())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answers help the next onboarding."))
            return redirect("experience:onboarding_plan", pk=plan.pk)
    return render(
        request,
        "experience/onboarding/review.html",
        {"plan": plan, "form": form, "as_leader": respondent == Respondent.LEADER},
        status=400 if form.errors else 200,
    )


# ---- Templates --------------------------------------------------------------------------------


@require_GET
def templates(request):
    if not can_start_onboarding(request.user):
        raise Http404
    rows = onboarding_templates_for(request.user).select_related("site").order_by("name")
    return render(
        request,
        "experience/onboarding/templates.html",
        {
            "templates": [
                (template, can_edit_onboarding_template(request.user, template))
                for template in rows
            ],
            "can_create": can_edit_onboarding_templates(request.user),
        },
    )


def _template_or_404(request, pk: int) -> OnboardingTemplate:
    return get_object_or_404(onboarding_templates_for(request.user).select_related("site"), pk=pk)


@require_GET
def template_detail(request, pk: int):
    template = _template_or_404(request, pk)
    return render(
        request,
        "experience/onboarding/template.html",
        {
            "template": template,
            "tasks": template.tasks.select_related("owner_person").order_by("position", "pk"),
            "ramp_goals": template.ramp_goals.all(),
            "questions": template.questions.order_by("position", "pk"),
            "can_edit": can_edit_onboarding_template(request.user, template),
        },
    )


@require_http_methods(["GET", "POST"])
def template_edit(request, pk: int | None = None):
    user = request.user
    template = _template_or_404(request, pk) if pk is not None else None
    if template is not None and not can_edit_onboarding_template(user, template):
        raise Http404
    if template is None and not can_edit_onboarding_templates(user):
        raise Http404
    sites = onboarding_template_sites_for(user)
    people = Person.objects.filter(site__in=sites, status=PersonStatus.ACTIVE).order_by(
        "display_name"
    )
    initial: dict[str, Any] = template_initial(template)
    data = request.POST if request.method == "POST" else None
    form = TemplateForm(data, initial=initial.get("form"), sites=sites)
    tasks = TaskFormSet(
        data, initial=initial.get("tasks"), prefix="tasks", form_kwargs={"people": people}
    )
    ramp_goals = RampGoalFormSet(data, initial=initial.get("ramp_goals"), prefix="ramp")
    questions = QuestionFormSet(data, initial=initial.get("questions"), prefix="questions")
    service_errors: list[str] = []
    if request.method == "POST" and all(
        part.is_valid() for part in (form, tasks, ramp_goals, questions)
    ):
        try:
            saved = onboarding_template_save(
                actor=user,
                template=template,
                data=template_input(form, tasks, ramp_goals, questions),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                if field in form.fields:
                    form.add_error(field, errors)
                else:
                    service_errors.extend(errors)
        else:
            messages.success(request, _("Template saved."))
            return redirect("experience:onboarding_template", pk=saved.pk)
    invalid = request.method == "POST"
    return render(
        request,
        "experience/onboarding/template_form.html",
        {
            "template": template,
            "form": form,
            "tasks": tasks,
            "ramp_goals": ramp_goals,
            "questions": questions,
            "service_errors": service_errors,
        },
        status=400 if invalid else 200,
    )


@require_GET
def rollup(request, pk: int):
    """What the template's reviews and on-time rates say, over the plans the user may read."""
    template = _template_or_404(request, pk)
    result = selectors.template_rollup(template, onboarding_plans_for(request.user))
    if _wants_csv(request):
        return csv_response(
            f"onboarding-rollup-{template.pk}.csv",
            ["kind", "item", "respondent", "n", "value"],
            selectors.rollup_csv_rows(result),
        )
    return render(
        request, "experience/onboarding/rollup.html", {"template": template, "rollup": result}
    )


# ---- The job preview --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def job_preview_edit(request, pk: int):
    site = get_object_or_404(job_preview_sites_for(request.user), pk=pk)
    preview = JobPreview.objects.filter(site=site).first()
    initial = (
        {name: getattr(preview, name) for name in (*JobPreview.SECTIONS, "published")}
        if preview
        else {}
    )
    form = JobPreviewForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job_preview_save(
                actor=request.user,
                site=site,
                sections={name: data[name] for name in JobPreview.SECTIONS},
                published=data["published"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Job preview saved."))
            return redirect("experience:job_preview_edit", pk=site.pk)
    return render(
        request,
        "experience/onboarding/job_preview_form.html",
        {"site": site, "preview": preview, "form": form},
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def job_preview(request, pk: int):
    """The site's job preview as candidates read it; there only once published."""
    preview = get_object_or_404(
        JobPreview.objects.select_related("site"), site_id=pk, published=True
    )
    sections = [
        (JobPreview._meta.get_field(name).verbose_name, getattr(preview, name))  # type: ignore[union-attr]
        for name in JobPreview.SECTIONS
    ]
    return render(
        request,
        "experience/onboarding/job_preview.html",
        {"preview": preview, "sections": sections},
    )
