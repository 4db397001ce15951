"""Pages of listening: surveys and their results, answering, suggestions, attrition-risk
signals. Thin: the policy decides, the services write, the selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from floorwalk.accounts.policy import (
    attrition_people_for,
    can_answer_pulse,
    can_answer_suggestion,
    can_create_pulse,
    can_note_retention,
    can_read_attrition,
    can_read_pulse_results,
    can_suggest,
    development_teams_for,
    person_for_user_or_404,
    pulse_teams_for,
)
from floorwalk.core.exports import csv_response
from floorwalk.experience import listening_selectors as selectors
from floorwalk.experience.listening_forms import (
    AnswerForm,
    RetentionNoteForm,
    SuggestionAnswerForm,
    SuggestionForm,
    SurveyForm,
)
from floorwalk.experience.listening_services import (
    pulse_answer,
    retention_note_record,
    round_is_answerable,
    suggestion_answer,
    suggestion_create,
    suggestion_mark_seen,
    survey_create,
)
from floorwalk.experience.models.listening import (
    PulseRound,
    PulseSurvey,
    RetentionNote,
    RoundStatus,
    Suggestion,
)
from floorwalk.org.models import PersonStatus, Site


def _add_service_errors(form: Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field_name, field_messages in error.message_dict.items():
        form.add_error(field_name if field_name in form.fields else None, field_messages)


def _survey_or_404(request, pk: int) -> PulseSurvey:
    survey = get_object_or_404(PulseSurvey.objects.select_related("site"), pk=pk)
    if not can_read_pulse_results(request.user, survey.teams.values_list("pk", flat=True)):
        raise Http404
    return survey


@require_GET
def pulse_surveys(request):
    if not can_create_pulse(request.user):
        raise Http404
    surveys = list(selectors.surveys_for(request.user).prefetch_related("teams", "rounds"))
    return render(request, "experience/listening/surveys.html", {"surveys": surveys})


@require_http_methods(["GET", "POST"])
def pulse_new(request):
    if not can_create_pulse(request.user):
        raise Http404
    teams = pulse_teams_for(request.user).select_related("site").order_by("site__name", "name")
    sites = Site.objects.filter(pk__in=teams.values("site_id")).order_by("name")
    form = SurveyForm(request.POST if request.method == "POST" else None, sites=sites, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_create(
                actor=request.user, today=timezone.localdate(), **form.service_kwargs()
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Survey “%(title)s” created.") % {"title": survey.title})
            return redirect("experience:pulse_survey", pk=survey.pk)
    return render(
        request,
        "experience/listening/survey_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _chosen_round(request, survey: PulseSurvey) -> PulseRound | None:
    rounds = survey.rounds.exclude(status=RoundStatus.SCHEDULED).order_by("-number")
    number = request.GET.get("round", "")
    if number.isdigit():
        chosen = rounds.filter(number=int(number)).first()
        if chosen is not None:
            return chosen
    return rounds.first()


@require_GET
def pulse_survey(request, pk: int):
    survey = _survey_or_404(request, pk)
    if request.GET.get("format") == "csv":
        return _results_csv(request, survey)
    chosen = _chosen_round(request, survey)
    results = selectors.round_results(chosen, request.user) if chosen else None
    rounds, trend = selectors.survey_trend(survey, request.user)
    chart = {
        "labels": [f"#{round_.number} {round_.opens_on.isoformat()}" for round_ in rounds],
        "datasets": [
            # A hidden round is a gap in the line, never bridged.
            {
                "label": row.team.name,
                "data": [cell.score for cell in row.values],
                "spanGaps": False,
            }
            for row in trend
        ],
        "yTitle": "eNPS",
        "yMin": -100,
        "yMax": 100,
    }
    return render(
        request,
        "experience/listening/survey.html",
        {
            "survey": survey,
            "results": results,
            "all_rounds": survey.rounds.order_by("number"),
            "trend_rounds": rounds,
            "trend": trend,
            "chart": chart,
            "questions": survey.questions.all(),
        },
    )


def _results_csv(request, survey: PulseSurvey):
    rows = []
    for round_ in survey.rounds.exclude(status=RoundStatus.SCHEDULED).order_by("number"):
        results = selectors.round_results(round_, request.user)
        cells = [*results.teams, *([results.total] if results.total else [])]
        for cell in cells:
            base = [round_.number, round_.opens_on.isoformat(), cell.label]
            if not cell.shown:
                hidden = _hidden_label(cell.respondents, cell.secondary, results.minimum)
                rows.append([*base, hidden, "", "", ""])
                continue
            if cell.enps is not None:
                rows.append([*base, cell.respondents, "eNPS", "eNPS", _round(cell.enps.score)])
            for result in cell.questions:
                text = result.question.text
                if result.average is not None:
                    rows.append(
                        [*base, cell.respondents, text, _("average"), _round(result.average)]
                    )
                for choice, count in result.counts:
                    rows.append([*base, cell.respondents, text, choice, count])
                for answer in result.texts:
                    rows.append([*base, cell.respondents, text, _("answer"), answer])
    return csv_response(
        f"pulse-{survey.pk}-results.csv",
        [
            _("Round"),
            _("Opened on"),
            _("Group"),
            _("Respondents"),
            _("Question"),
            _("Measure"),
            _("Value"),
        ],
        rows,
    )


def _hidden_label(respondents: int, secondary: bool, minimum: int) -> str:
    if respondents == 0:
        return _("no answers")
    if secondary:
        return _("hidden")
    return _("fewer than %(n)d") % {"n": minimum}


def _round(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


@require_GET
def pulse_mine(request):
    person = request.user.person
    if person is None:
        raise Http404
    rounds = selectors.open_rounds_for(person, timezone.localdate())
    return render(request, "experience/listening/mine.html", {"rounds": rounds})


@require_http_methods(["GET", "POST"])
def pulse_answer_view(request, pk: int):
    round_ = get_object_or_404(PulseRound.objects.select_related("survey"), pk=pk)
    survey = round_.survey
    if not can_answer_pulse(request.user, survey.teams.values_list("pk", flat=True)):
        raise Http404
    today = timezone.localdate()
    answered = round_.participations.filter(person_id=request.user.person_id).exists()
    questions = list(survey.questions.all())
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            pulse_answer(actor=request.user, round_=round_, answers=form.answers(), today=today)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answers are in."))
            return redirect("experience:pulse_mine")
    status = 200
    if request.method == "POST":
        status = 409 if answered else 400
    return render(
        request,
        "experience/listening/answer.html",
        {
            "round": round_,
            "survey": survey,
            "form": form,
            "answered": answered,
            "open": round_is_answerable(round_, today),
        },
        status=status,
    )


# ---- Suggestions ------------------------------------------------------------------------


@require_GET
def suggestions(request):
    items = selectors.suggestions_for(request.user)
    if request.GET.get("format") == "csv":
        return csv_response(
            "suggestions.csv",
            [
                _("Date"),
                _("Title"),
                _("Author"),
                _("Team"),
                _("Shared"),
                _("Status"),
                _("Answer"),
                _("Answered on"),
            ],
            (
                [
                    item.created_at.date().isoformat(),
                    item.title,
                    item.author.display_name,
                    item.team.name if item.team else "",
                    _("yes") if item.shared else _("no"),
                    item.get_status_display(),
                    item.answer,
                    item.answered_on.isoformat() if item.answered_on else "",
                ]
                for item in items
            ),
        )
    return render(
        request,
        "experience/listening/suggestions.html",
        {"suggestions": items, "can_suggest": can_suggest(request.user)},
    )


@require_http_methods(["GET", "POST"])
def suggestion_new(request):
    if not can_suggest(request.user):
        raise Http404
    form = SuggestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = suggestion_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your suggestion is sent."))
            return redirect("experience:suggestion", pk=suggestion.pk)
    return render(
        request,
        "experience/listening/suggestion_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _suggestion_or_404(request, pk: int) -> Suggestion:
    suggestion = selectors.suggestions_for(request.user).filter(pk=pk).first()
    if suggestion is None:
        raise Http404
    return suggestion


@require_GET
def suggestion_detail(request, pk: int):
    suggestion = _suggestion_or_404(request, pk)
    suggestion_mark_seen(actor=request.user, suggestion=suggestion)
    may_answer = can_answer_suggestion(request.user, suggestion.team_id, suggestion.site_id)
    form = (
        SuggestionAnswerForm(initial={"status": suggestion.status, "answer": suggestion.answer})
        if may_answer
        else None
    )
    return render(
        request,
        "experience/listening/suggestion.html",
        {"suggestion": suggestion, "form": form},
    )


@require_POST
def suggestion_answer_view(request, pk: int):
    suggestion = _suggestion_or_404(request, pk)
    if not can_answer_suggestion(request.user, suggestion.team_id, suggestion.site_id):
        raise Http404
    form = SuggestionAnswerForm(request.POST)
    if form.is_valid():
        try:
            suggestion_answer(
                actor=request.user,
                suggestion=suggestion,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Answer saved; the author sees it on their page."))
            return redirect("experience:suggestion", pk=suggestion.pk)
    return render(
        request,
        "experience/listening/suggestion.html",
        {"suggestion": suggestion, "form": form},
        status=400,
    )


# ---- Attrition-risk signals ---------------------------------------------------------------


@require_GET
def attrition_team(request, pk: int):
    team = get_object_or_404(development_teams_for(request.user), pk=pk)
    people = (
        attrition_people_for(request.user)
        .filter(team=team)
        .exclude(status=PersonStatus.LEFT)
        .select_related("site")
        .order_by("display_name")
    )
    rows = selectors.people_with_signals(people, timezone.localdate())
    template = (
        "experience/listening/attrition_team.html#signals"
        if request.htmx
        else "experience/listening/attrition_team.html"
    )
    return render(request, template, {"team": team, "rows": rows})


@require_http_methods(["GET", "POST"])
def attrition_person(request, pk: int):
    person = person_for_user_or_404(request.user, pk)
    if not can_read_attrition(request.user, person):
        raise Http404
    today = timezone.localdate()
    may_note = can_note_retention(request.user, person)
    form = (
        RetentionNoteForm(request.POST if request.method == "POST" else None) if may_note else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                retention_note_record(
                    actor=request.user, person=person, today=today, **form.cleaned_data
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("Note saved."))
                return redirect("experience:attrition_person", pk=person.pk)
    template = (
        "experience/listening/attrition_person.html#signals"
        if request.htmx
        else "experience/listening/attrition_person.html"
    )
    return render(
        request,
        template,
        {
            "person": person,
            "risk": selectors.attrition_for(person, today),
            "notes": RetentionNote.objects.filter(person=person).select_related(
                "recorded_by__person"
            ),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )
