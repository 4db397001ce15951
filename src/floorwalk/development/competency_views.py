"""Pages of the competency framework (C1) and of an agent's competency profile (C2, C4)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from floorwalk.accounts.policy import (
    Access,
    Aspect,
    assessable_people,
    assessment_source_for,
    can_access_person,
    can_edit_framework,
    person_for_user_or_404,
)
from floorwalk.development import competency_selectors as selectors
from floorwalk.development.competency_services import (
    IndicatorSpec,
    assessment_record,
    competency_save,
    competency_set_active,
)
from floorwalk.development.forms import AssessmentForm, CompetencyForm, IndicatorFormSet
from floorwalk.development.models import LEVELS, Competency
from floorwalk.engine.metrics import METRICS_BY_CODE
from floorwalk.metrics.formatting import format_metric_value


def _competency_or_404(pk: int) -> Competency:
    competency = selectors.competency_get(pk)
    if competency is None:
        raise Http404
    return competency


def _require_editor(request) -> None:
    if not can_edit_framework(request.user):
        raise PermissionDenied


def competency_list(request):
    """The framework, readable by everyone signed in (agents may read what is expected)."""
    competencies = selectors.competencies_list(include_retired=True)
    return render(
        request,
        "development/competencies.html",
        {
            "active": [c for c in competencies if c.is_active],
            "retired": [c for c in competencies if not c.is_active],
            "can_edit": can_edit_framework(request.user),
        },
    )


def competency_detail(request, pk: int):
    competency = _competency_or_404(pk)
    indicators = list(competency.indicators.all())
    return render(
        request,
        "development/competency.html",
        {
            "competency": competency,
            "metrics": [METRICS_BY_CODE[i.metric] for i in indicators if i.metric],
            "behaviours": [i.behaviour for i in indicators if not i.metric],
            "tools": selectors.development_tool_lines(competency),
            "can_edit": can_edit_framework(request.user),
        },
    )


def _indicator_initial(competency: Competency | None) -> list[dict[str, str]]:
    if competency is None:
        return []
    return [{"metric": i.metric, "behaviour": i.behaviour} for i in competency.indicators.all()]


def _indicator_specs(formset) -> list[IndicatorSpec]:
    return [
        IndicatorSpec(metric=form.cleaned_data["metric"], behaviour=form.cleaned_data["behaviour"])
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank
    ]


@require_http_methods(["GET", "POST"])
def competency_edit(request, pk: int | None = None):
    """Creating or editing a competency and its indicators on one form; its assessments are
    kept whatever changes."""
    _require_editor(request)
    competency = _competency_or_404(pk) if pk is not None else None
    data = request.POST if request.method == "POST" else None
    form = CompetencyForm(data, instance=competency)
    formset = IndicatorFormSet(data, initial=_indicator_initial(competency), prefix="indicators")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = competency_save(
                actor=request.user,
                competency=competency,
                fields={name: form.cleaned_data[name] for name in form.Meta.fields},
                indicators=_indicator_specs(formset),
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved.name})
            return redirect("development:competency", pk=saved.pk)
    return render(
        request,
        "development/competency_form.html",
        {"form": form, "formset": formset, "competency": competency},
        status=400 if request.method == "POST" else 200,
    )


def _attach_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@require_POST
def competency_retire(request, pk: int):
    _require_editor(request)
    competency = _competency_or_404(pk)
    competency_set_active(actor=request.user, competency=competency, active=False)
    messages.success(
        request,
        _("%(name)s is retired: it leaves profiles, its assessments are kept.")
        % {"name": competency.name},
    )
    return redirect("development:competency", pk=competency.pk)


@require_POST
def competency_restore(request, pk: int):
    _require_editor(request)
    competency = _competency_or_404(pk)
    competency_set_active(actor=request.user, competency=competency, active=True)
    messages.success(request, _("%(name)s is in use again.") % {"name": competency.name})
    return redirect("development:competency", pk=competency.pk)


def _chart(profile: Sequence[selectors.CompetencyStanding]) -> dict[str, object]:
    """One line per competency over the days its level changed, for Chart.js."""
    days = sorted({point.on for standing in profile for point in standing.history})
    labels = [day.isoformat() for day in days]
    datasets = []
    for standing in profile:
        by_day = {point.on: point.level for point in standing.history}
        if by_day:
            datasets.append(
                {"label": standing.competency.name, "data": [by_day.get(day) for day in days]}
            )
    return {
        "labels": labels,
        "datasets": datasets,
        "yTitle": _("Level (1–5)"),
        "yMin": LEVELS[0],
        "yMax": LEVELS[1],
        "yStep": 1,
    }


def _shown(value: float | None, unit) -> str:
    return "" if value is None else format_metric_value(value, unit)


def kpi_explanation(details: dict) -> list[dict[str, object]]:
    """A results-derived assessment's metrics as the profile shows them."""
    rows = []
    for item in details.get("metrics", []):
        known = METRICS_BY_CODE.get(item.get("metric", ""))
        if known is None:
            continue
        rows.append(
            {
                "name": _(known.name),
                "value": _shown(item.get("value"), known.unit),
                "sample": item.get("sample"),
                "target": _shown(item.get("target"), known.unit),
                "band": _shown(item.get("amber_band"), known.unit),
                "better": _("higher") if known.direction == "higher" else _("lower"),
                "level": item.get("level"),
                "unused": _(item["unused"]) if item.get("unused") else "",
            }
        )
    return rows


def _standing_rows(profile: Sequence[selectors.CompetencyStanding]) -> list[dict[str, object]]:
    return [
        {
            "standing": standing,
            "assessments": [
                {"assessment": item, "explanation": kpi_explanation(item.details)}
                for item in standing.assessments
            ],
        }
        for standing in profile
    ]


def person_competencies(request, pk: int):
    """An agent's competency profile: levels against targets, how they changed, the
    assessments behind them and what to develop."""
    person = person_for_user_or_404(request.user, pk, Aspect.DEVELOPMENT)
    today = timezone.localdate()
    profile = selectors.competency_profile(person, today)
    return render(
        request,
        "development/profile.html",
        {
            "person": person,
            "profile": profile,
            "rows": _standing_rows(profile),
            "suggestions": selectors.development_suggestions(person, today, profile=profile),
            "chart": _chart(profile),
            "history_rows": [
                (point.on, standing.competency.name, point.level)
                for standing in profile
                for point in standing.history
            ],
            "can_assess": assessment_source_for(request.user, person) is not None,
            "can_set_stage": can_access_person(
                request.user, person, Aspect.DEVELOPMENT, Access.CHANGE
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def assessment_create(request, pk: int):
    """A team leader or QA specialist records a level with the evidence."""
    person = assessable_people(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404
    source = assessment_source_for(request.user, person)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_record(
                actor=request.user,
                person=person,
                competency=form.cleaned_data["competency"],
                level=form.cleaned_data["level"],
                evidence=form.cleaned_data["evidence"],
                assessed_on=form.cleaned_data["assessed_on"],
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(
                request,
                _("Recorded %(competency)s at level %(level)s for %(name)s.")
                % {
                    "competency": form.cleaned_data["competency"].name,
                    "level": form.cleaned_data["level"],
                    "name": person.display_name,
                },
            )
            if can_access_person(request.user, person, Aspect.DEVELOPMENT):
                return redirect("development:person_competencies", pk=person.pk)
            return redirect("development:assessment_create", pk=person.pk)
    return render(
        request,
        "development/assessment_form.html",
        {"person": person, "form": form, "source": source},
        status=400 if request.method == "POST" else 200,
    )
