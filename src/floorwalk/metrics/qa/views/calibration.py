"""Calibration sessions: blind scoring, the calibrated answers, and leniency over time."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from floorwalk.accounts.models import Role
from floorwalk.accounts.policy import (
    Feature,
    has_feature,
    qa_dispute_resolvable_people,
    sites_for,
)
from floorwalk.core.decorators import require_feature
from floorwalk.core.exports import csv_response
from floorwalk.metrics.models import Interaction
from floorwalk.metrics.qa import selectors, services
from floorwalk.metrics.qa.forms import (
    CalibrationForm,
    EvaluationForm,
)
from floorwalk.metrics.qa.views.common import wants_csv

# ---- calibration ----------------------------------------------------------------------------

CHART_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000")


def _leniency_chart(points) -> dict[str, object]:
    """Chart.js data: one line per evaluator, months on the x axis, gaps where none."""
    months = sorted({point.month for point in points})
    evaluators = sorted({point.evaluator for point in points}, key=lambda p: p.display_name)
    values = {(point.evaluator.pk, point.month): round(point.leniency, 2) for point in points}
    return {
        "labels": [f"{month:%Y-%m}" for month in months],
        "datasets": [
            {
                "label": evaluator.display_name,
                "data": [values.get((evaluator.pk, month)) for month in months],
                "borderColor": CHART_COLOURS[index % len(CHART_COLOURS)],
                "backgroundColor": CHART_COLOURS[index % len(CHART_COLOURS)],
                "spanGaps": True,
            }
            for index, evaluator in enumerate(evaluators)
        ],
        "yTitle": _("Mean deviation from the calibrated score (points)"),
    }


@require_GET
@require_feature(Feature.QA_EVALUATE)
def calibration_list(request):
    sessions = selectors.calibrations_visible_to(request.user)
    points = selectors.leniency_by_month(sessions)
    if wants_csv(request):
        return csv_response(
            "qa-leniency.csv",
            [_("Evaluator"), _("Month"), _("Mean deviation"), _("Sessions")],
            (
                [p.evaluator.display_name, f"{p.month:%Y-%m}", f"{p.leniency:.2f}", p.sessions]
                for p in points
            ),
        )
    return render(
        request,
        "qa/calibrations.html",
        {
            "sessions": sessions,
            "points": points,
            "chart": _leniency_chart(points),
            "may_run": has_feature(request.user, Feature.QA_DISPUTES),
        },
    )


@require_http_methods(["GET", "POST"])
@require_feature(Feature.QA_DISPUTES)
def calibration_create(request):
    sites = sites_for(request.user)
    evaluators = selectors.site_qa_specialists(
        sites.values_list("pk", flat=True), roles=(Role.QA_SPECIALIST, Role.TEAM_LEADER)
    )
    form = CalibrationForm(request.POST or None, evaluators=evaluators)
    if request.method == "POST" and form.is_valid():
        interaction = (
            Interaction.objects.filter(
                external_id=form.cleaned_data["interaction_id"],
                agent__in=qa_dispute_resolvable_people(request.user),
            )
            .select_related("agent")
            .first()
        )
        if interaction is None:
            form.add_error(
                "interaction_id", _("No interaction with this id among the agents you oversee.")
            )
        else:
            try:
                session = services.qa_calibration_create(
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    interaction=interaction,
                    form_version=selectors.form_version_current(form.cleaned_data["form"]),
                    participants=list(form.cleaned_data["participants"]),
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, _("Calibration started; the evaluators can score it."))
                return redirect("qa:calibration", pk=session.pk)
    return render(request, "qa/calibration_new.html", {"form": form})


def _calibration_for_user_or_404(user, pk: int):
    session = selectors.calibrations_visible_to(user).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def _calibration_roles(user, session) -> dict[str, bool]:
    """What this user may do on the session: score it, see the results, calibrate it."""
    person_id = user.person_id
    invited = session.participants.filter(pk=person_id).exists() if person_id else False
    scored = session.evaluations.filter(
        evaluator_id=person_id, is_calibration_reference=False
    ).exists()
    runs = (
        has_feature(user, Feature.QA_DISPUTES)
        and sites_for(user).filter(pk=session.site_id).exists()
    )
    is_open = session.closed_at is None
    return {
        "may_score": invited and not scored and is_open,
        # Blind: an invited evaluator sees the others' scores only after submitting their own.
        "may_see_results": scored or (runs and not invited) or not is_open,
        "may_calibrate": runs and is_open and (scored or not invited) and person_id is not None,
    }


@require_http_methods(["GET", "POST"])
@require_feature(Feature.QA_EVALUATE)
def calibration_detail(request, pk: int):
    session = _calibration_for_user_or_404(request.user, pk)
    roles = _calibration_roles(request.user, session)
    items = list(session.form_version.items.select_related("section").order_by("position"))
    form = None
    if roles["may_score"]:
        form = EvaluationForm(request.POST or None, items=items)
        if request.method == "POST" and form.is_valid():
            try:
                services.qa_calibration_score(
                    actor=request.user,
                    session=session,
                    evaluator=request.user.person,
                    answers=form.answers(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Your scores are in; here is how the others scored."))
                return redirect("qa:calibration", pk=session.pk)
    elif request.method == "POST":
        raise PermissionDenied
    calibrate_form = None
    if roles["may_calibrate"] and session.evaluations.exists():
        calibrate_form = EvaluationForm(items=items, prefix="calibrated")
    return render(
        request,
        "qa/calibration.html",
        {
            "session": session,
            "form": form,
            "calibrate_form": calibrate_form,
            "results": selectors.calibration_results(session) if roles["may_see_results"] else None,
            **roles,
        },
    )


@require_POST
@require_feature(Feature.QA_DISPUTES)
def calibration_close(request, pk: int):
    session = _calibration_for_user_or_404(request.user, pk)
    if not _calibration_roles(request.user, session)["may_calibrate"]:
        raise PermissionDenied
    items = list(session.form_version.items.select_related("section").order_by("position"))
    form = EvaluationForm(request.POST, items=items, prefix="calibrated")
    if form.is_valid():
        try:
            services.qa_calibration_close(
                actor=request.user,
                session=session,
                facilitator=request.user.person,
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Calibrated answers saved; the session is closed."))
            return redirect("qa:calibration", pk=session.pk)
    return render(
        request,
        "qa/calibration.html",
        {
            "session": session,
            "form": None,
            "calibrate_form": form,
            "results": selectors.calibration_results(session),
            **_calibration_roles(request.user, session),
        },
    )
