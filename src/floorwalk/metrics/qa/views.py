"""QA pages: forms, evaluating an interaction, an agent's evaluations and disputes, the queue.

Every view asks the access policy first: `_<thing>_for_user_or_404` helpers answer 404 for rows
the user may not see, so nobody learns that they exist.
"""

import math
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from floorwalk.accounts.models import Role
from floorwalk.accounts.policy import (
    Feature,
    can_dispute,
    has_feature,
    qa_dispute_resolvable_people,
    qa_evaluable_people,
    sites_for,
)
from floorwalk.core.decorators import require_feature
from floorwalk.core.exports import csv_response
from floorwalk.engine.qa import QaAnswerError, qa_score
from floorwalk.metrics.models import Interaction, QaDispute, QaEvaluation, QaForm, QaFormVersion
from floorwalk.metrics.qa import selectors, services
from floorwalk.metrics.qa.forms import (
    NOT_APPLICABLE,
    CalibrationForm,
    DisputeDecision,
    DisputeForm,
    DisputeResolutionForm,
    EvaluationFilterForm,
    EvaluationForm,
    InteractionLookupForm,
    QaFormHeaderForm,
    QaItemFormSet,
    SamplePlanForm,
    item_initial,
    item_specs,
)

PAGE_SIZE = 50


def _wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


# ---- forms ----------------------------------------------------------------------------------


@require_GET
@require_feature(Feature.QA_FORMS)
def form_list(request):
    rows = selectors.forms_with_current_version()
    if _wants_csv(request):
        return csv_response(
            "qa-forms.csv",
            [_("Form"), _("Version"), _("Items"), _("Evaluations")],
            (
                [form.name, version.number, version.items.count(), used]
                for form, version, used in rows
            ),
        )
    return render(request, "qa/forms.html", {"rows": rows})


def _save_form(request, form: QaForm | None):
    version = selectors.form_version_current(form) if form else None
    header = QaFormHeaderForm(
        request.POST or None,
        initial={"name": form.name, "description": form.description} if form else None,
    )
    items = QaItemFormSet(
        request.POST or None,
        prefix="items",
        initial=item_initial(version) if version else [{"allows_na": True, "weight": 1}],
    )
    if request.method == "POST" and header.is_valid() and items.is_valid():
        fields = {
            "actor": request.user,
            "name": header.cleaned_data["name"],
            "description": header.cleaned_data["description"],
            "items": item_specs(items),
        }
        try:
            if form is None:
                form = services.qa_form_create(**fields)
                messages.success(request, _("The form is saved."))
            else:
                saved = services.qa_form_update(form=form, **fields)
                if saved.number != version.number:  # type: ignore[union-attr]
                    messages.success(
                        request,
                        _(
                            "Saved as version %(number)d; earlier evaluations keep the version "
                            "they were scored on."
                        )
                        % {"number": saved.number},
                    )
                else:
                    messages.success(request, _("The form is saved."))
            return redirect("qa:forms")
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                target = header if field in header.fields else None
                for problem in problems:
                    if target is not None:
                        target.add_error(field, problem)
                    else:
                        header.add_error(None, problem)
    return render(
        request,
        "qa/form_edit.html",
        {"form": form, "version": version, "header": header, "items": items},
    )


@require_http_methods(["GET", "POST"])
@require_feature(Feature.QA_FORMS)
def form_create(request):
    return _save_form(request, None)


@require_http_methods(["GET", "POST"])
@require_feature(Feature.QA_FORMS)
def form_edit(request, pk: int):
    return _save_form(request, get_object_or_404(QaForm, pk=pk))


# ---- evaluating -----------------------------------------------------------------------------


def _interaction_to_evaluate_or_404(user, pk: int) -> Interaction:
    interaction = (
        Interaction.objects.filter(pk=pk, agent__in=qa_evaluable_people(user))
        .select_related("agent", "queue")
        .first()
    )
    if interaction is None:
        raise Http404
    return interaction


def _chosen_version(request, forms: list[QaForm]) -> QaFormVersion | None:
    wanted = request.POST.get("form") or request.GET.get("form")
    chosen = next((form for form in forms if str(form.pk) == wanted), forms[0] if forms else None)
    return selectors.form_version_current(chosen) if chosen else None


def _preview(version: QaFormVersion, items, data) -> dict[str, object]:
    """The score of what is answered so far, by the engine, for the live preview."""
    answered: dict[str, float | None] = {}
    for item in items:
        raw = data.get(EvaluationForm.answer_field(item), "")
        if raw:
            answered[item.key] = None if raw == NOT_APPLICABLE else _number_or_nan(raw)
    left = len(items) - len(answered)
    if left:
        return {"left": left}
    try:
        result = qa_score(selectors.engine_items(version), answered)
    except (QaAnswerError, ValueError) as error:
        return {"error": str(error)}
    return {"result": result}


def _number_or_nan(text: str) -> float:
    """A typed answer as a number; NaN (which the engine refuses, naming the item) if not."""
    try:
        return float(text)
    except ValueError:
        return math.nan


@require_http_methods(["GET", "POST"])
@require_feature(Feature.QA_EVALUATE)
def evaluate(request, pk: int):
    interaction = _interaction_to_evaluate_or_404(request.user, pk)
    existing = selectors.standing_evaluation_of(interaction)
    if existing is not None:
        messages.info(request, _("This interaction has been evaluated already."))
        return redirect("qa:evaluation", pk=existing.pk)
    forms = list(QaForm.objects.all())
    version = _chosen_version(request, forms)
    if version is None:
        return render(request, "qa/evaluate.html", {"interaction": interaction, "forms": forms})
    items = list(version.items.select_related("section").order_by("position"))
    if request.htmx and request.POST.get("preview"):
        return render(request, "qa/_score_preview.html", _preview(version, items, request.POST))
    form = EvaluationForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.qa_evaluation_record(
                actor=request.user,
                interaction=interaction,
                form_version=version,
                evaluator=request.user.person,
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Evaluation saved: %(score)s.") % {"score": _score_text(evaluation.score)},
            )
            return redirect("qa:evaluation", pk=evaluation.pk)
    context = {
        "interaction": interaction,
        "forms": forms,
        "version": version,
        "form": form,
        "preview": _preview(version, items, request.POST) if request.method == "POST" else {},
    }
    return render(request, "qa/evaluate.html", context)


def _score_text(score: float | None) -> str:
    return _("no score (every item N/A)") if score is None else f"{score:.1f}"


# ---- evaluations and disputes ---------------------------------------------------------------


def _evaluation_for_user_or_404(user, pk: int) -> QaEvaluation:
    evaluation = selectors.evaluations_visible_to(user).filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    return evaluation


def _evaluation_page(request, evaluation: QaEvaluation, dispute_form: DisputeForm | None = None):
    agent = evaluation.interaction.agent
    disputed = QaDispute.objects.filter(evaluation=evaluation).first()
    return render(
        request,
        "qa/evaluation.html",
        {
            "evaluation": evaluation,
            "sections": selectors.evaluation_answers(evaluation),
            "dispute": disputed,
            "dispute_form": dispute_form or DisputeForm(),
            "may_dispute": disputed is None and can_dispute(request.user, agent),
            "may_resolve": disputed is not None
            and disputed.status == "open"
            and selectors.open_disputes_for(request.user).filter(pk=disputed.pk).exists(),
            "events": evaluation.events.select_related("actor__person"),
        },
    )


@require_GET
def evaluation_detail(request, pk: int):
    return _evaluation_page(request, _evaluation_for_user_or_404(request.user, pk))


@require_POST
def dispute_create(request, pk: int):
    evaluation = _evaluation_for_user_or_404(request.user, pk)
    if not can_dispute(request.user, evaluation.interaction.agent):
        raise PermissionDenied
    form = DisputeForm(request.POST)
    if form.is_valid():
        try:
            services.qa_dispute_raise(
                actor=request.user, evaluation=evaluation, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error("reason", error.message_dict.get("reason", []))
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Your dispute is sent; QA will answer it."))
            return redirect("qa:evaluation", pk=evaluation.pk)
    return _evaluation_page(request, evaluation, dispute_form=form)


def _evaluation_rows_csv(filename: str, evaluations):
    return csv_response(
        filename,
        [
            _("Evaluated at"),
            _("Agent"),
            _("Interaction"),
            _("Queue"),
            _("Form"),
            _("Evaluator"),
            _("Score"),
            _("Dispute"),
        ],
        (
            [
                evaluation.evaluated_at.isoformat(),
                evaluation.interaction.agent.display_name,
                evaluation.interaction.external_id,
                evaluation.interaction.queue.name,
                str(evaluation.form_version),
                evaluation.evaluator.display_name,
                "" if evaluation.score is None else f"{evaluation.score:.1f}",
                _dispute_status(evaluation),
            ]
            for evaluation in evaluations
        ),
    )


def _dispute_status(evaluation: QaEvaluation) -> str:
    dispute = getattr(evaluation, "dispute", None)
    return dispute.get_status_display() if dispute else ""


def _paged(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
def my_evaluations(request):
    person_id = request.user.person_id
    evaluations = (
        selectors.evaluations_of_agent(person_id) if person_id else QaEvaluation.objects.none()
    )
    if _wants_csv(request):
        return _evaluation_rows_csv("my-evaluations.csv", evaluations)
    return render(request, "qa/my_evaluations.html", {"page": _paged(request, evaluations)})


@require_GET
@require_feature(Feature.QA_EVALUATE)
def evaluation_list(request):
    form = EvaluationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    evaluations = selectors.evaluations_filtered(
        selectors.evaluations_visible_to(request.user),
        search=filters.get("q", ""),
        start=filters.get("start"),
        end=filters.get("end"),
    )
    if _wants_csv(request):
        return _evaluation_rows_csv("qa-evaluations.csv", evaluations)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "qa/evaluations.html",
        {"page": _paged(request, evaluations), "filters": form, "query": query.urlencode()},
    )


@require_GET
@require_feature(Feature.QA_DISPUTES)
def dispute_list(request):
    disputes = selectors.open_disputes_for(request.user)
    if _wants_csv(request):
        return csv_response(
            "qa-disputes.csv",
            [_("Raised at"), _("Agent"), _("Evaluator"), _("Score"), _("Reason")],
            (
                [
                    dispute.created_at.isoformat(),
                    dispute.evaluation.interaction.agent.display_name,
                    dispute.evaluation.evaluator.display_name,
                    _score_text(dispute.evaluation.score),
                    dispute.reason,
                ]
                for dispute in disputes
            ),
        )
    return render(request, "qa/disputes.html", {"disputes": disputes})


def _current_answers(evaluation: QaEvaluation) -> dict[str, tuple[float | None, str]]:
    return {
        score.item.key: (score.answer, score.comment)
        for score in evaluation.answers.select_related("item")
    }


@require_http_methods(["GET", "POST"])
@require_feature(Feature.QA_DISPUTES)
def dispute_resolve(request, pk: int):
    dispute = selectors.open_disputes_for(request.user).filter(pk=pk).first()
    if dispute is None:
        raise Http404
    evaluation = dispute.evaluation
    items = list(evaluation.form_version.items.select_related("section").order_by("position"))
    data = request.POST or None
    answers_form = EvaluationForm(
        data,
        items=items,
        current=_current_answers(evaluation),
        initial={"comment": evaluation.comment},
    )
    decision = DisputeResolutionForm(data)
    if request.method == "POST" and decision.is_valid():
        resolution = decision.cleaned_data["resolution"]
        try:
            if decision.cleaned_data["decision"] == DisputeDecision.REJECT:
                services.qa_dispute_reject(
                    actor=request.user, dispute=dispute, resolution=resolution
                )
                messages.success(request, _("Dispute rejected; the score stands."))
                return redirect("qa:disputes")
            if answers_form.is_valid():
                services.qa_dispute_accept(
                    actor=request.user,
                    dispute=dispute,
                    resolution=resolution,
                    answers=answers_form.answers(),
                    comment=answers_form.cleaned_data["comment"],
                )
                messages.success(request, _("Dispute accepted; the new score stands."))
                return redirect("qa:disputes")
        except ValidationError as error:
            if hasattr(error, "error_dict") and "resolution" in error.message_dict:
                decision.add_error("resolution", error.message_dict["resolution"])
            else:
                answers_form.add_service_error(error)
    return render(
        request,
        "qa/dispute_resolve.html",
        {"dispute": dispute, "evaluation": evaluation, "form": answers_form, "decision": decision},
    )


# ---- the evaluator's queue ------------------------------------------------------------------


@require_GET
@require_feature(Feature.QA_EVALUATE)
def queue(request):
    lookup = InteractionLookupForm(request.GET or None)
    if lookup.is_valid():
        found = list(
            Interaction.objects.filter(
                external_id=lookup.cleaned_data["interaction_id"],
                agent__in=qa_evaluable_people(request.user),
            )[:2]
        )
        if len(found) == 1:
            return redirect(reverse("qa:evaluate", args=[found[0].pk]))
        lookup.add_error(
            "interaction_id",
            _("No interaction with this id among the agents you evaluate.")
            if not found
            else _("Several platforms use this id; open the interaction from the queue."),
        )
    assignments = selectors.assignments_for(request.user.person_id)
    if _wants_csv(request):
        return csv_response(
            "qa-queue.csv",
            [_("Month"), _("Agent"), _("Interaction"), _("Started at"), _("Queue"), _("Done")],
            (
                [
                    row.assignment.month.strftime("%Y-%m"),
                    row.assignment.agent.display_name,
                    row.assignment.interaction.external_id,
                    row.assignment.interaction.started_at.isoformat(),
                    row.assignment.interaction.queue.name,
                    _("yes") if row.evaluation_id else _("no"),
                ]
                for row in assignments
            ),
        )
    return render(
        request,
        "qa/queue.html",
        {
            "lookup": lookup,
            "assignments": assignments,
            "may_plan": has_feature(request.user, Feature.QA_DISPUTES),
        },
    )


# ---- sampling -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require_feature(Feature.QA_DISPUTES)
def sampling(request):
    sites = sites_for(request.user)
    today = timezone.localdate()
    evaluators = selectors.site_qa_specialists(sites.values_list("pk", flat=True))
    form = SamplePlanForm(
        request.POST or None,
        sites=sites,
        evaluators=evaluators,
        initial={
            "site": sites.first(),
            "month": services.month_start(today),
            "evaluators": list(evaluators),
        },
    )
    if request.method == "POST" and form.is_valid():
        site = form.cleaned_data["site"]
        evaluators = [p for p in form.cleaned_data["evaluators"] if p.site_id == site.pk]
        month = form.cleaned_data["month"]
        try:
            report = services.qa_sample_plan(
                actor=request.user,
                agents=selectors.sample_agents(request.user, site),
                evaluators=evaluators,
                month=month,
                per_agent=form.cleaned_data["per_agent"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _sample_message(report))
            return redirect(f"{reverse('qa:sampling')}?site={site.pk}&month={month:%Y-%m}")
    shown_site, shown_month = _shown_plan(request, sites, today)
    progress = (
        selectors.sample_progress(selectors.sample_agents(request.user, shown_site), shown_month)
        if shown_site
        else []
    )
    if _wants_csv(request):
        return csv_response(
            f"qa-sample-{shown_month:%Y-%m}.csv",
            [_("Agent"), _("Planned"), _("Evaluated")],
            ([row.agent.display_name, row.planned, row.evaluated] for row in progress),
        )
    return render(
        request,
        "qa/sampling.html",
        {"form": form, "progress": progress, "shown_site": shown_site, "shown_month": shown_month},
    )


def _shown_plan(request, sites, today):
    """The site and month whose progress the page shows: from the query, else the defaults."""
    site = sites.filter(pk=request.GET.get("site") or 0).first() or sites.first()
    try:
        month = datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()  # noqa: DTZ007
    except ValueError:
        month = services.month_start(today)
    return site, month


def _sample_message(report: services.SampleReport) -> str:
    text = _(
        "%(planned)d interactions put in the evaluators' queues for %(agents)d agents; "
        "%(complete)d already had their sample."
    ) % {"planned": report.planned, "agents": report.agents, "complete": report.complete}
    if report.short:
        text += " " + _(
            "%(short)d agents had fewer interactions than the sample asks; all of theirs were "
            "taken."
        ) % {"short": report.short}
    return text


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
    if _wants_csv(request):
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
