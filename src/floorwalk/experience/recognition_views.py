"""Pages of recognition: my recognition (kudos received and given, compliments), sending
kudos, the team walls, customer compliments and entering one."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from floorwalk.accounts.policy import (
    can_compare_recognition,
    can_enter_compliments,
    compliment_agents_for,
    kudos_recipients_for,
    recognition_team_for_user_or_404,
    recognition_teams_for,
)
from floorwalk.core.exports import csv_response
from floorwalk.experience import recognition_selectors as selectors
from floorwalk.experience.recognition_forms import ComplimentForm, KudosForm
from floorwalk.experience.recognition_services import compliment_record, kudos_give

LIST_LIMIT = 200


def service_errors(form: Form, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names when the form has it, above
    the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


def _person_or_404(request) -> None:
    if request.user.person_id is None:
        raise Http404


@require_http_methods(["GET"])
def my_recognition(request):
    _person_or_404(request)
    user = request.user
    return render(
        request,
        "experience/recognition/mine.html",
        {
            "received": selectors.kudos_received(user)[:50],
            "given": selectors.kudos_given(user)[:50],
            "compliments": selectors.compliments_for(user).filter(agent_id=user.person_id)[:50],
            "own_team_id": user.person.team_id,
        },
    )


@require_http_methods(["GET", "POST"])
def kudos_new(request):
    _person_or_404(request)
    form = KudosForm(
        request.POST if request.method == "POST" else None,
        recipients=kudos_recipients_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            kudos_give(
                actor=request.user,
                to=form.cleaned_data["given_to"],
                value=form.cleaned_data["value"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("Kudos sent. It shows on their team's wall."))
            return redirect("experience:my_recognition")
    return render(
        request,
        "experience/recognition/kudos_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
def recognition_walls(request):
    teams = (
        recognition_teams_for(request.user).select_related("site").order_by("site__name", "name")
    )
    return render(request, "experience/recognition/walls.html", {"teams": teams})


def _comparison(request, team):
    if not can_compare_recognition(request.user, team):
        return None, None
    today = timezone.localdate()
    start = today - timedelta(days=selectors.COMPARISON_DAYS)
    end = today - timedelta(days=1)
    return selectors.compliments_by_stage(team, start=start, end=end), (start, end)


@require_http_methods(["GET"])
def team_wall(request, pk: int):
    team = recognition_team_for_user_or_404(request.user, pk)
    comparison, window = _comparison(request, team)
    return render(
        request,
        "experience/recognition/wall.html",
        {
            "wall": selectors.team_wall(team, today=timezone.localdate()),
            "comparison": comparison,
            "window": window,
        },
    )


@require_http_methods(["GET"])
def team_wall_csv(request, pk: int):
    team = recognition_team_for_user_or_404(request.user, pk)
    wall = selectors.team_wall(team, today=timezone.localdate())
    return csv_response(
        f"recognition-{team.pk}.csv",
        ["team", "month", "kudos", "compliments"],
        [
            [team.name, row.month.strftime("%Y-%m"), row.kudos, row.compliments]
            for row in wall.months
        ],
    )


def _compliment_rows(compliments):
    return [
        [
            item.received_on.isoformat(),
            item.agent.employee_number,
            item.agent.display_name,
            item.interaction.external_id if item.interaction else "",
            item.get_source_display(),
            item.text,
        ]
        for item in compliments
    ]


@require_http_methods(["GET"])
def compliments(request):
    return render(
        request,
        "experience/recognition/compliments.html",
        {
            "compliments": selectors.compliments_for(request.user)[:LIST_LIMIT],
            "can_enter": can_enter_compliments(request.user),
        },
    )


@require_http_methods(["GET"])
def compliments_csv(request):
    return csv_response(
        "compliments.csv",
        ["received_on", "agent", "name", "interaction_id", "source", "text"],
        _compliment_rows(selectors.compliments_for(request.user)),
    )


@require_http_methods(["GET", "POST"])
def compliment_new(request):
    if not can_enter_compliments(request.user):
        raise PermissionDenied
    form = ComplimentForm(
        request.POST if request.method == "POST" else None,
        agents=compliment_agents_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            compliment_record(
                actor=request.user,
                agent=data["agent"],
                received_on=data["received_on"],
                text=data["text"],
                interaction=data["interaction_object"],
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("Compliment recorded. The agent and their team see it."))
            return redirect("experience:compliments")
    return render(
        request,
        "experience/recognition/compliment_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
