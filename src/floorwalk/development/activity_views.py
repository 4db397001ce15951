"""An agent's activities: the list, assigning one, and evaluating one, on one page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from floorwalk.accounts.policy import (
    Access,
    Aspect,
    can_edit_development_plan,
    person_for_user_or_404,
)
from floorwalk.development.activity_services import activity_assign, activity_evaluate
from floorwalk.development.models import Activity, ActivityKind

DATE = forms.DateInput(attrs={"type": "date"})


class ActivityForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ActivityKind.choices)
    description = forms.CharField(label=gettext_lazy("Description"), required=False)
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DATE)


class EvaluationForm(forms.Form):
    activity = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Rating"), choices=[(n, n) for n in range(1, 6)], coerce=int
    )
    evaluation = forms.CharField(label=gettext_lazy("Why"))


@require_http_methods(["GET", "POST"])
def person_activities(request, pk: int):
    person = person_for_user_or_404(request.user, pk, Aspect.DEVELOPMENT, Access.READ)
    can_edit = can_edit_development_plan(request.user, person)
    if request.method == "POST" and not can_edit:
        raise Http404
    evaluating = request.method == "POST" and "activity" in request.POST
    form = ActivityForm(request.POST if request.method == "POST" and not evaluating else None)
    evaluation = EvaluationForm(request.POST if evaluating else None)
    bound = evaluation if evaluating else form
    if request.method == "POST" and bound.is_valid():
        try:
            _save(request, person, bound)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                bound.add_error(field if field in bound.fields else None, errors)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("development:person_activities", pk=person.pk)
    return render(
        request,
        "development/activities.html",
        {
            "person": person,
            "activities": Activity.objects.filter(person=person),
            "form": form if can_edit else None,
            "evaluation": evaluation,
            "can_edit": can_edit,
        },
        status=400 if bound.errors else 200,
    )


def _save(request, person, form: forms.Form) -> None:
    data = form.cleaned_data
    if isinstance(form, EvaluationForm):
        activity = Activity.objects.filter(person=person, pk=data["activity"]).first()
        if activity is None:
            raise ValidationError({"activity": _("No such activity of this agent.")})
        activity_evaluate(
            actor=request.user,
            activity=activity,
            rating=data["rating"],
            comment=data["evaluation"],
        )
        return
    activity_assign(
        actor=request.user,
        person=person,
        title=data["title"],
        kind=data["kind"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        description=data["description"],
    )
