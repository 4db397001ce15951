"""Pages of coaching: an agent's sessions, topics and requests; a session with its effect; the
team board; the effect summary per coach and per focus."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from floorwalk.accounts.policy import (
    Aspect,
    can_coach,
    can_read_coaching,
    can_read_coaching_summary,
    can_request_coaching,
    coaching_summary_filter,
    development_teams_for,
    people_for,
    person_for_user_or_404,
)
from floorwalk.coaching import selectors
from floorwalk.coaching.forms import (
    ConfirmForm,
    RequestForm,
    RequestStatusForm,
    SessionForm,
    TopicStateForm,
)
from floorwalk.coaching.models import CoachingRequest, CoachingSession, TopicState
from floorwalk.coaching.services import (
    request_create,
    request_set_status,
    session_confirm,
    session_record,
    session_set_state,
)
from floorwalk.org.models import Person, PersonStatus


def _add_service_errors(form: Form, error: ValidationError) -> None:
    for field_name, field_messages in error.message_dict.items():
        form.add_error(field_name if field_name in form.fields else None, field_messages)


def _coaching_person_or_404(request, pk: int) -> Person:
    person = person_for_user_or_404(request.user, pk)
    if not can_read_coaching(request.user, person):
        raise Http404
    return person


def _session_or_404(request, pk: int) -> CoachingSession:
    session = get_object_or_404(
        CoachingSession.objects.select_related("agent", "coach__person", "focus_competency"),
        pk=pk,
    )
    _coaching_person_or_404(request, session.agent_id)
    return session


@require_http_methods(["GET"])
def person_coaching(request, pk: int):
    person = _coaching_person_or_404(request, pk)
    today = timezone.localdate()
    sessions = list(selectors.person_sessions(person))
    board = selectors.coaching_board([person])
    return render(
        request,
        "coaching/person.html",
        {
            "person": person,
            "rows": [(session, selectors.session_effect(session, today)) for session in sessions],
            "topics": board[0].topics,
            "states": TopicState.choices,
            "requests": selectors.person_requests(person),
            "can_coach": can_coach(request.user, person),
            "can_request": can_request_coaching(request.user, person),
            "status_form": RequestStatusForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def session_new(request, pk: int):
    person = person_for_user_or_404(request.user, pk)
    if not can_coach(request.user, person):
        raise Http404
    form = SessionForm(
        request.POST or None, agent=person, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = session_record(actor=request.user, agent=person, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request, _("Coaching session with %(name)s saved.") % {"name": person.display_name}
            )
            return redirect("coaching:session", pk=session.pk)
    return render(
        request,
        "coaching/session_new.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
def session_detail(request, pk: int):
    session = _session_or_404(request, pk)
    is_agent = request.user.person_id == session.agent_id
    return render(
        request,
        "coaching/session.html",
        {
            "session": session,
            "person": session.agent,
            "effect": selectors.session_effect(session, timezone.localdate()),
            "interactions": session.interactions.order_by("started_at"),
            "confirm_form": ConfirmForm(initial={"usefulness": session.usefulness})
            if is_agent
            else None,
            "state_form": TopicStateForm(initial={"topic_state": session.topic_state})
            if can_coach(request.user, session.agent)
            else None,
        },
    )


@require_POST
def session_confirm_view(request, pk: int):
    session = _session_or_404(request, pk)
    if request.user.person_id != session.agent_id:
        raise Http404
    form = ConfirmForm(request.POST)
    if form.is_valid():
        session_confirm(
            actor=request.user, session=session, usefulness=form.cleaned_data["usefulness"]
        )
        messages.success(request, _("Thank you: the session is confirmed."))
        return redirect("coaching:session", pk=session.pk)
    messages.error(request, _("Rate the session from 1 (not useful) to 5 (very useful)."))
    return redirect("coaching:session", pk=session.pk)


@require_POST
def session_state(request, pk: int):
    session = _session_or_404(request, pk)
    if not can_coach(request.user, session.agent):
        raise Http404
    form = TopicStateForm(request.POST)
    if form.is_valid():
        session_set_state(
            actor=request.user, session=session, state=form.cleaned_data["topic_state"]
        )
        messages.success(request, _("Topic state updated."))
    else:
        messages.error(request, _("Choose one of the listed states."))
    return redirect("coaching:session", pk=session.pk)


@require_http_methods(["GET", "POST"])
def request_new(request, pk: int):
    person = person_for_user_or_404(request.user, pk)
    if not can_request_coaching(request.user, person):
        raise Http404
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_create(actor=request.user, agent=person, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Your request for coaching is sent."))
            return redirect("coaching:person", pk=person.pk)
    return render(
        request,
        "coaching/request_new.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def request_status(request, pk: int):
    coaching_request = get_object_or_404(CoachingRequest.objects.select_related("agent"), pk=pk)
    agent = person_for_user_or_404(request.user, coaching_request.agent_id)
    if not can_coach(request.user, agent):
        raise Http404
    form = RequestStatusForm(request.POST)
    if form.is_valid():
        request_set_status(
            actor=request.user,
            coaching_request=coaching_request,
            status=form.cleaned_data["status"],
        )
        messages.success(request, _("Request updated."))
    else:
        messages.error(request, _("Choose one of the listed statuses."))
    return redirect("coaching:person", pk=agent.pk)


@require_http_methods(["GET"])
def team_board(request, pk: int):
    team = get_object_or_404(development_teams_for(request.user), pk=pk)
    agents = (
        people_for(request.user, Aspect.DEVELOPMENT)
        .filter(team=team)
        .exclude(status=PersonStatus.LEFT)
        .exclude(pk__in=[team.leader_id] if team.leader_id else [])
        .order_by("display_name")
    )
    return render(
        request,
        "coaching/board.html",
        {"team": team, "rows": selectors.coaching_board(agents), "states": TopicState.choices},
    )


@require_http_methods(["GET"])
def effects(request):
    condition = coaching_summary_filter(request.user)
    if condition is None or not can_read_coaching_summary(request.user):
        raise Http404
    sessions = (
        CoachingSession.objects.filter(condition)
        .select_related("coach__person", "focus_competency")
        .order_by("-held_on")
    )
    by_coach, by_focus = selectors.effect_summary(sessions, timezone.localdate())
    return render(request, "coaching/effects.html", {"by_coach": by_coach, "by_focus": by_focus})
