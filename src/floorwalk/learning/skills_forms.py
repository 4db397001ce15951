"""Forms of the skills matrix and the training paths."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from floorwalk.learning.models import SERVING_LEVEL, Course, PathStepKind, Proficiency
from floorwalk.org.models import Person, Queue, Team

REMOVE = ""


class MatrixFilterForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    group = forms.ChoiceField(
        label=_("Columns"),
        choices=[("queue", _("By queue")), ("skill", _("Grouped by skill"))],
        required=False,
    )

    def __init__(self, *args, teams: QuerySet[Team], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        team: forms.ModelChoiceField = self.fields["team"]  # type: ignore[assignment]
        team.queryset = teams


class SkillLevelForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=[(REMOVE, _("— no level (does not serve) —")), *Proficiency.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class TrainingPathForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    target_queue = forms.ModelChoiceField(label=_("Target queue"), queryset=Queue.objects.none())
    target_level = forms.TypedChoiceField(
        label=_("Target level"),
        choices=[choice for choice in Proficiency.choices if choice[0] >= SERVING_LEVEL],
        coerce=int,
        initial=SERVING_LEVEL,
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, queues: QuerySet[Queue], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        queue: forms.ModelChoiceField = self.fields["target_queue"]  # type: ignore[assignment]
        queue.queryset = queues


class PathStepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PathStepKind.choices)
    title = forms.CharField(label=_("Step"), max_length=200)
    course = forms.ModelChoiceField(
        label=_("Course (for a course step)"),
        queryset=Course.objects.filter(active=True),
        required=False,
    )
    contacts = forms.IntegerField(
        label=_("Supervised contacts (for a supervised step)"),
        min_value=1,
        max_value=10000,
        required=False,
    )


class EnrolForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Agent"), queryset=Person.objects.none())
    enrolled_on = forms.DateField(
        label=_("Enrolled on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, people: QuerySet[Person], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        person: forms.ModelChoiceField = self.fields["person"]  # type: ignore[assignment]
        person.queryset = people


class StepDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}))


class ShortageForm(forms.Form):
    weeks = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=8, required=False)
