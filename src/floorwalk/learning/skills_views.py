"""Pages of the skills matrix, the training paths and the skill shortage."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from floorwalk.accounts.policy import (
    Access,
    can_edit_skill_paths,
    can_read_skills_matrix,
    can_set_skill_level,
    skill_matrix_people_for,
    skill_path_queues_for,
    skill_people_for,
    skill_shortage_sites_for,
    teams_for,
)
from floorwalk.core.exports import csv_response
from floorwalk.learning import skills_selectors as selectors
from floorwalk.learning.models import PathEnrolment, PathStep, Proficiency, TrainingPath
from floorwalk.learning.skills_forms import (
    EnrolForm,
    MatrixFilterForm,
    PathStepForm,
    ShortageForm,
    SkillLevelForm,
    StepDoneForm,
    TrainingPathForm,
)
from floorwalk.learning.skills_services import (
    StepInput,
    path_enrol,
    path_step_add,
    path_step_done,
    skill_level_set,
    training_path_create,
)
from floorwalk.org.models import Queue


def _form_errors(form, error: ValidationError) -> None:
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _matrix_for(request):
    if not can_read_skills_matrix(request.user):
        raise Http404
    people = skill_matrix_people_for(request.user)
    teams = teams_for(request.user).filter(members__in=people).distinct().order_by("name")
    form = MatrixFilterForm(request.GET or None, teams=teams)
    team = group = None
    if form.is_valid():
        team, group = form.cleaned_data["team"], form.cleaned_data["group"]
    if team is not None:
        people = people.filter(team=team)
    matrix = selectors.skill_matrix(people, by_skill=group == "skill")
    return form, matrix


@require_GET
def skills_matrix(request):
    form, matrix = _matrix_for(request)
    template = (
        "learning/skills/matrix.html#matrix" if request.htmx else "learning/skills/matrix.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "matrix": matrix,
            "levels": Proficiency.choices,
            "editable": set(
                skill_people_for(request.user, Access.CHANGE).values_list("pk", flat=True)
            ),
        },
    )


@require_GET
def skills_matrix_csv(request):
    _form, matrix = _matrix_for(request)
    queues = matrix.queues
    return csv_response(
        "skills-matrix.csv",
        [_("Employee number"), _("Name"), _("Team"), *(queue.name for queue in queues)],
        (
            [
                row.person.employee_number,
                row.person.display_name,
                row.person.team.name if row.person.team else "",
                *(
                    cell.level if cell.level else (_("serves") if cell.serves else "")
                    for cell in row.cells
                ),
            ]
            for row in matrix.rows
        ),
    )


@require_http_methods(["GET", "POST"])
def skills_cell(request, pk: int, queue_pk: int):
    """One cell of the matrix: its edit form (an htmx fragment on the matrix page), and
    setting the level."""
    person = skill_people_for(request.user, Access.CHANGE).filter(pk=pk).first()
    queue = Queue.objects.filter(pk=queue_pk).first()
    if person is None or queue is None or queue.site_id != person.site_id:
        raise Http404
    cell = selectors.skill_cell(person, queue)
    initial = {"level": cell.level, "assessed_on": timezone.localdate()}
    form = SkillLevelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            skill_level_set(
                actor=request.user,
                person=person,
                queue=queue,
                level=form.cleaned_data["level"],
                assessed_on=form.cleaned_data["assessed_on"],
                note=form.cleaned_data["note"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if request.htmx:
                return render(
                    request,
                    "learning/skills/_cell.html",
                    {"cell": selectors.skill_cell(person, queue), "can_edit": True},
                )
            messages.success(request, _("Level saved."))
            return redirect("learning:skills_matrix")
    template = "learning/skills/cell.html#editor" if request.htmx else "learning/skills/cell.html"
    return render(
        request,
        template,
        {"person": person, "queue": queue, "cell": cell, "form": form},
        # htmx swaps only successful responses: its fragment shows the errors with a 200.
        status=400 if form.errors and not request.htmx else 200,
    )


@require_GET
def skills_person(request, pk: int):
    """An agent's levels, their history and their paths (the agent's "My skills")."""
    person = skill_people_for(request.user, Access.READ).filter(pk=pk).first()
    if person is None:
        raise Http404
    return render(
        request,
        "learning/skills/person.html",
        {
            "person": person,
            "cells": selectors.skill_levels_of(person),
            "history": selectors.skill_history_of(person)[:100],
            "progress": selectors.path_progress(PathEnrolment.objects.filter(person=person)),
            "can_edit": can_set_skill_level(request.user, person),
            "is_self": request.user.person_id == person.pk,
        },
    )


@require_http_methods(["GET", "POST"])
def skills_paths(request):
    queues = skill_path_queues_for(request.user)
    if not can_read_skills_matrix(request.user):
        raise Http404
    editable_queues = Queue.objects.filter(
        pk__in=[
            queue.pk
            for queue in queues.select_related("site")
            if can_edit_skill_paths(request.user, queue.site)
        ]
    ).order_by("name")
    form = TrainingPathForm(request.POST or None, queues=editable_queues)
    if request.method == "POST":
        if not editable_queues.exists():
            raise Http404
        if form.is_valid():
            try:
                path = training_path_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    target_queue=form.cleaned_data["target_queue"],
                    target_level=form.cleaned_data["target_level"],
                    description=form.cleaned_data["description"],
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Path created: now add its steps."))
                return redirect("learning:skills_path", pk=path.pk)
    paths = selectors.training_paths(queues)
    return render(
        request,
        "learning/skills/paths.html",
        {
            "paths": paths,
            "form": form if editable_queues.exists() else None,
        },
        status=400 if form.errors else 200,
    )


def _path_for(request, pk: int) -> TrainingPath:
    path = selectors.training_paths(skill_path_queues_for(request.user)).filter(pk=pk).first()
    if path is None:
        raise Http404
    return path


def _path_page(request, path: TrainingPath, *, step_form=None, enrol_form=None, status=200):
    enrollable = (
        selectors.matrix_agents(skill_people_for(request.user, Access.CHANGE))
        .filter(site_id=path.target_queue.site_id)
        .exclude(path_enrolments__path=path)
    )
    can_edit = can_edit_skill_paths(request.user, path.target_queue.site)
    readable = skill_people_for(request.user, Access.READ)
    editable = set(skill_people_for(request.user, Access.CHANGE).values_list("pk", flat=True))
    return render(
        request,
        "learning/skills/path.html",
        {
            "path": path,
            "steps": path.steps.select_related("course").order_by("position"),
            "progress": selectors.path_progress(path.enrolments.filter(person__in=readable)),
            "editable": editable,
            "step_form": step_form or (PathStepForm() if can_edit else None),
            "enrol_form": enrol_form
            or (
                EnrolForm(people=enrollable, initial={"enrolled_on": timezone.localdate()})
                if enrollable.exists()
                else None
            ),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_GET
def skills_path(request, pk: int):
    return _path_page(request, _path_for(request, pk))


@require_POST
def skills_path_step_add(request, pk: int):
    path = _path_for(request, pk)
    if not can_edit_skill_paths(request.user, path.target_queue.site):
        raise Http404
    form = PathStepForm(request.POST)
    if form.is_valid():
        try:
            path_step_add(
                actor=request.user,
                path=path,
                data=StepInput(
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    course=form.cleaned_data["course"],
                    contacts=form.cleaned_data["contacts"],
                ),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Step added."))
            return redirect("learning:skills_path", pk=path.pk)
    return _path_page(request, path, step_form=form, status=400)


@require_POST
def skills_path_enrol(request, pk: int):
    path = _path_for(request, pk)
    people = selectors.matrix_agents(skill_people_for(request.user, Access.CHANGE)).filter(
        site_id=path.target_queue.site_id
    )
    if not people.exists():
        raise Http404
    form = EnrolForm(request.POST, people=people)
    if form.is_valid():
        try:
            path_enrol(
                actor=request.user,
                path=path,
                person=form.cleaned_data["person"],
                enrolled_on=form.cleaned_data["enrolled_on"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Agent enrolled."))
            return redirect("learning:skills_path", pk=path.pk)
    return _path_page(request, path, enrol_form=form, status=400)


@require_POST
def skills_step_done(request, pk: int, step_pk: int):
    enrolment = (
        PathEnrolment.objects.filter(
            pk=pk, person__in=skill_people_for(request.user, Access.CHANGE)
        )
        .select_related("path")
        .first()
    )
    step = PathStep.objects.filter(pk=step_pk).first()
    if enrolment is None or step is None or step.path_id != enrolment.path_id:
        raise Http404
    form = StepDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the step was done."))
    else:
        try:
            enrolment = path_step_done(
                actor=request.user,
                enrolment=enrolment,
                step=step,
                done_on=form.cleaned_data["done_on"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if enrolment.completed_on:
                messages.success(request, _("Path completed: the level on the queue is set."))
            else:
                messages.success(request, _("Step done."))
    return redirect("learning:skills_path", pk=enrolment.path_id)


def _shortage_for(request):
    sites = skill_shortage_sites_for(request.user)
    site_id = request.GET.get("site") or (request.user.person and request.user.person.site_id)
    site = sites.filter(pk=site_id).first() if str(site_id or "").isdigit() else None
    site = site or sites.order_by("name").first()
    if site is None:
        raise Http404
    form = ShortageForm(request.GET or None)
    weeks = selectors.SHORTAGE_WEEKS
    if form.is_valid() and form.cleaned_data["weeks"]:
        weeks = form.cleaned_data["weeks"]
    shortage = selectors.skill_shortage(
        site=site,
        today=timezone.localdate(),
        weeks=weeks,
        readable=skill_people_for(request.user, Access.READ),
    )
    return sites, form, shortage


@require_GET
def skills_shortage(request):
    sites, form, shortage = _shortage_for(request)
    return render(
        request,
        "learning/skills/shortage.html",
        {
            "sites": sites.order_by("name"),
            "form": form,
            "shortage": shortage,
            "full_time_hours": selectors.FULL_TIME_HOURS,
        },
    )


@require_GET
def skills_shortage_csv(request):
    _sites, _form, shortage = _shortage_for(request)
    return csv_response(
        f"skill-shortage-{shortage.site.pk}.csv",
        [
            _("Queue"),
            _("Week"),
            _("Required hours"),
            _("Available hours"),
            _("Gap (hours)"),
            _("Gap (FTE)"),
            _("Agents able"),
        ],
        (
            [
                week.queue_name,
                week.week.isoformat(),
                f"{week.required_hours:.1f}",
                f"{week.available_hours:.1f}",
                f"{week.gap_hours:.1f}",
                f"{week.gap_fte:.2f}",
                week.agents,
            ]
            for item in shortage.queues
            for week in item.weeks
        ),
    )
