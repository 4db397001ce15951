"""Forms of the training catalogue. Lists (QA items, behaviours, follow-up days) are typed as
plain text, one entry per line or separated by commas, and checked entry by entry."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from floorwalk.coaching.forms import DateInput
from floorwalk.coaching.models import SessionKind
from floorwalk.development.models import Competency
from floorwalk.learning.models import (
    DEFAULT_REINFORCEMENT_OFFSETS,
    Course,
    Delivery,
    EnrolmentStatus,
    ObservedLevel,
)
from floorwalk.metrics.models import QaForm
from floorwalk.metrics.models.interactions import METRIC_CHOICES
from floorwalk.org.models import Person, Site


def _styled(form: forms.Form) -> None:
    for bound_field in form.fields.values():
        widget = bound_field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


def _entries(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()]


class CourseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    delivery = forms.ChoiceField(label=_("Delivery"), choices=Delivery.choices)
    duration_hours = forms.DecimalField(
        label=_("Duration (hours)"), min_value=0.5, max_value=999, decimal_places=1
    )
    target_metric = forms.ChoiceField(
        label=_("Target metric"),
        choices=[("", "—"), *METRIC_CHOICES],
        required=False,
        help_text=_("Compared before and after the training to measure its transfer."),
    )
    target_competencies = forms.ModelMultipleChoiceField(
        label=_("Target competencies"), queryset=Competency.objects.none(), required=False
    )
    qa_form = forms.ModelChoiceField(
        label=_("QA form"), queryset=QaForm.objects.order_by("name"), required=False
    )
    qa_item_keys = forms.CharField(
        label=_("QA items"),
        required=False,
        help_text=_("Keys of the form's items, separated by commas, e.g. empathy, needs."),
    )
    target_behaviours = forms.CharField(
        label=_("Target behaviours"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: what the trainee should do on the job. Rated at follow-ups."),
    )
    reinforcement_offsets = forms.CharField(
        label=_("Follow-ups (days after the training)"),
        initial=", ".join(str(day) for day in DEFAULT_REINFORCEMENT_OFFSETS),
        help_text=_("Days after completion, in increasing order, e.g. 2, 7, 14, 28, 56."),
    )
    active = forms.BooleanField(label=_("In the catalogue"), required=False, initial=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_competencies"].queryset = Competency.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("name")
        _styled(self)

    @classmethod
    def initial_of(cls, course: Course) -> dict[str, object]:
        return {
            "name": course.name,
            "description": course.description,
            "delivery": course.delivery,
            "duration_hours": course.duration_hours,
            "target_metric": course.target_metric,
            "target_competencies": list(course.target_competencies.all()),
            "qa_form": course.qa_form,
            "qa_item_keys": ", ".join(course.qa_item_keys),
            "target_behaviours": "\n".join(course.target_behaviours),
            "reinforcement_offsets": ", ".join(str(day) for day in course.reinforcement_offsets),
            "active": course.active,
        }

    def clean_qa_item_keys(self) -> list[str]:
        return _entries(self.cleaned_data["qa_item_keys"])

    def clean_target_behaviours(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data["target_behaviours"].splitlines()
            if line.strip()
        ]

    def clean_reinforcement_offsets(self) -> list[int]:
        days = []
        for entry in _entries(self.cleaned_data["reinforcement_offsets"]):
            if not entry.isdigit() or not 1 <= int(entry) <= 365:
                raise forms.ValidationError(
                    _("%(entry)s: each follow-up is a whole number of days from 1 to 365.")
                    % {"entry": entry}
                )
            days.append(int(entry))
        if not days:
            raise forms.ValidationError(
                _("Give at least one follow-up, in days after the training.")
            )
        if sorted(set(days)) != days:
            raise forms.ValidationError(_("Give the follow-ups in increasing order, each once."))
        return days


class TrainingSessionForm(forms.Form):
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=Person.objects.none())
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500, initial=12)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    def __init__(self, *args, trainers, sites, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainers  # type: ignore[attr-defined]
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]
        _styled(self)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return cleaned


class EnrolForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Trainee"),
        queryset=Person.objects.none(),
        error_messages={"invalid_choice": _("Choose someone of your scope.")},
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        _styled(self)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=[
            (EnrolmentStatus.COMPLETED, EnrolmentStatus.COMPLETED.label),
            (EnrolmentStatus.NO_SHOW, EnrolmentStatus.NO_SHOW.label),
            (EnrolmentStatus.CANCELLED, EnrolmentStatus.CANCELLED.label),
        ],
    )
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class FollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, behaviours: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.behaviours = behaviours
        for index, behaviour in enumerate(behaviours):
            self.fields[f"behaviour_{index}"] = forms.ChoiceField(
                label=behaviour,
                choices=ObservedLevel.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Say how often you observed this behaviour.")},
            )
        _styled(self)

    def clean_done_on(self) -> date:
        day = self.cleaned_data["done_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def behaviour_fields(self) -> list[forms.BoundField]:
        return [self[f"behaviour_{index}"] for index in range(len(self.behaviours))]

    def observations(self) -> dict[str, str]:
        return {
            behaviour: self.cleaned_data[f"behaviour_{index}"]
            for index, behaviour in enumerate(self.behaviours)
        }


class BookCoachingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class RuleForm(forms.Form):
    qa_item_key = forms.SlugField(
        label=_("QA item"), max_length=50, help_text=_("The key of a QA form item, e.g. empathy.")
    )
    consecutive_fails = forms.IntegerField(
        label=_("Consecutive fails"),
        min_value=1,
        max_value=20,
        initial=3,
        help_text=_("An answer below fully met fails; N/A answers are skipped."),
    )
    cooldown_days = forms.IntegerField(
        label=_("Cool-down (days)"),
        min_value=0,
        max_value=3650,
        initial=90,
        help_text=_("No new enrolment in the course within this many days of the last one."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)
