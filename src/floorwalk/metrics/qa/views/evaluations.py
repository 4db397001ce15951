"""Evaluating an interaction, an evaluation and its dispute, the lists, and the queue.

Every view asks the access policy first: `_<thing>_for_user_or_404` helpers answer 404 for rows
the user may not see, so nobody learns that they exist.
"""

import math

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from floorwalk.accounts.policy import (
    Feature,
    can_dispute,
    has_feature,
    qa_evaluable_people,
)
from floorwalk.core.decorators import require_feature
from floorwalk.core.exports import csv_response
from floorwalk.core.paging import query_without
from floorwalk.engine.qa import QaAnswerError, qa_score
from floorwalk.metrics.models import Interaction, QaDispute, QaEvaluation, QaForm, QaFormVersion
from floorwalk.metrics.qa import selectors, services
from floorwalk.metrics.qa.forms import (
    NOT_APPLICABLE,
    DisputeDecision,
    DisputeForm,
    DisputeResolutionForm,
    EvaluationFilterForm,
    EvaluationForm,
    InteractionLookupForm,
)
from floorwalk.metrics.qa.views.common import paged, wants_csv

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


@require_GET
def my_evaluations(request):
    person_id = request.user.person_id
    evaluations = (
        selectors.evaluations_of_agent(person_id) if person_id else QaEvaluation.objects.none()
    )
    if wants_csv(request):
        return _evaluation_rows_csv("my-evaluations.csv", evaluations)
    return render(request, "qa/my_evaluations.html", {"page": paged(request, evaluations)})


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
    if wants_csv(request):
        return _evaluation_rows_csv("qa-evaluations.csv", evaluations)
    return render(
        request,
        "qa/evaluations.html",
        {
            "page": paged(request, evaluations),
            "filters": form,
            "query": query_without(request, "page"),
        },
    )


@require_GET
@require_feature(Feature.QA_DISPUTES)
def dispute_list(request):
    disputes = selectors.open_disputes_for(request.user)
    if wants_csv(request):
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
    if wants_csv(request):
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
