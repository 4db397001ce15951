"""An agent's stage: the proposal with its evidence, and the leader's confirmation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from floorwalk.accounts.policy import (
    Access,
    Aspect,
    Feature,
    development_teams_for,
    has_feature,
    people_for,
    person_for_user_or_404,
)
from floorwalk.core.decorators import require_feature
from floorwalk.development import selectors
from floorwalk.development.cadence_selectors import cadence_for, due_and_overdue
from floorwalk.development.cadence_views import cadence_rows
from floorwalk.development.evidence import stage_review
from floorwalk.development.forms import PulseForm, StageConfirmForm, StageRulesForm
from floorwalk.development.models import Stage
from floorwalk.development.services import (
    StageReasonRequiredError,
    engagement_pulse_record,
    stage_confirm,
    stage_rules_update,
)
from floorwalk.development.team import stage_distribution, team_development
from floorwalk.engine.stages import Comparison, RuleCheck, RuleKey
from floorwalk.engine.stages import Stage as EngineStage
from floorwalk.org.models import PersonStatus


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
            "can_edit_rules": has_feature(request.user, Feature.ADMIN),
            "cadence": cadence_rows(
                request.user, person, cadence_for([person], timezone.localdate())[person.pk]
            ),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def team_stages(request, pk: int):
    """The team's development for its leader: stage distribution, agents the evidence
    proposes a higher stage for, and R2 agents whose engagement dips."""
    team = get_object_or_404(development_teams_for(request.user), pk=pk)
    members = list(
        people_for(request.user, Aspect.DEVELOPMENT)
        .filter(team=team)
        .exclude(status=PersonStatus.LEFT)
        .exclude(pk__in=[team.leader_id] if team.leader_id else [])
        .order_by("display_name")
    )
    today = timezone.localdate()
    rows = team_development(members, today=today)
    distribution = stage_distribution(rows)
    return render(
        request,
        "development/team_stages.html",
        {
            "team": team,
            "rows": rows,
            "distribution": distribution,
            "largest": max((count for _label, count in distribution), default=0),
            "ready": [row for row in rows if row.ready_for_next],
            "unstaged": [row for row in rows if row.current is None],
            "engagement_falling": [row for row in rows if row.engagement_falling_at_r2],
            "due": due_and_overdue(members, today),
        },
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


@require_feature(Feature.ADMIN)
@require_http_methods(["GET", "POST"])
def stage_rules_edit(request):
    """The organisation's stage rules: every threshold of R2–R4 and the engagement floors."""
    form = StageRulesForm(request.POST or None, rules=selectors.stage_rules())
    if request.method == "POST" and form.is_valid():
        stage_rules_update(actor=request.user, rules=form.rules)
        messages.success(request, _("Stage rules saved; proposals use them from now on."))
        return redirect("development:stage_rules")
    return render(
        request,
        "development/stage_rules.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def pulse(request):
    """The signed-in agent answers the engagement pulse; back to their home page."""
    if request.user.person_id is None:
        raise PermissionDenied
    form = PulseForm(request.POST)
    if form.is_valid():
        engagement_pulse_record(
            actor=request.user, answer=form.cleaned_data["answer"], on=timezone.localdate()
        )
        messages.success(request, _("Thank you: your team leader sees how the team feels."))
    else:
        messages.error(request, " ".join(form.errors["answer"]))
    return redirect("home")
