"""An agent's stage: the proposal with its evidence, and the leader's confirmation."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from floorwalk.accounts.policy import Access, Aspect, person_for_user_or_404
from floorwalk.development import selectors
from floorwalk.development.cadence_selectors import cadence_for
from floorwalk.development.cadence_views import cadence_rows
from floorwalk.development.evidence import stage_review
from floorwalk.development.forms import StageConfirmForm
from floorwalk.development.models import Stage
from floorwalk.development.services import StageReasonRequiredError, stage_confirm
from floorwalk.engine.stages import Comparison, RuleCheck, RuleKey
from floorwalk.engine.stages import Stage as EngineStage


@require_http_methods(["GET", "POST"])
def person_stage(request, pk: int):
    """What the evidence proposes for the agent and why; the leader confirms or overrides."""
    person = person_for_user_or_404(request.user, pk, Aspect.DEVELOPMENT, Access.CHANGE)
    review = stage_review(person, today=timezone.localdate())
    evidence, proposal, proposed = review.evidence, review.proposal, review.proposed
    current = selectors.current_stage(person)
    form = StageConfirmForm(request.POST or None, initial={"stage": proposed})
    if request.method == "POST" and form.is_valid():
        try:
            stage_confirm(
                actor=request.user,
                person=person,
                stage=Stage(form.cleaned_data["stage"]),
                proposed_stage=proposed,
                evidence=review.record(),
                reason=form.cleaned_data["reason"],
            )
        except StageReasonRequiredError as error:
            form.add_error("reason", error.messages)
        else:
            messages.success(
                request,
                _("%(name)s is now at %(stage)s.")
                % {"name": person.display_name, "stage": form.cleaned_data["stage"]},
            )
            return redirect("org:person", pk=person.pk)
    return render(
        request,
        "development/stage.html",
        {
            "person": person,
            "evidence": evidence,
            "proposal": proposal,
            "proposed": proposed,
            "stages": [
                (stage.name, [_check_row(check) for check in proposal.checks_for(stage)])
                for stage in (EngineStage.R2, EngineStage.R3, EngineStage.R4)
            ],
            "current": current,
            "history": selectors.stage_history(person),
            "form": form,
            "cadence": cadence_rows(
                request.user, person, cadence_for([person], timezone.localdate())[person.pk]
            ),
        },
        status=400 if form.errors else 200,
    )


# Shares are kept 0–1 by the engine and read as percentages.
PERCENT_RULES = frozenset({RuleKey.STANDARDS_MET})


def _check_row(check: RuleCheck) -> dict[str, object]:
    """A rule check as the page shows it: the evidence and threshold in the reader's terms."""

    def shown(value: float | None) -> str:
        if value is None:
            return ""
        if check.rule in PERCENT_RULES:
            return f"{floatformat(value * 100, 0)} %"
        return floatformat(value, -2)

    return {
        "label": check.label,
        "observed": shown(check.observed),
        "threshold": ("≥ " if check.comparison is Comparison.AT_LEAST else "≤ ")
        + shown(check.threshold),
        "outcome": check.outcome.value,
    }
