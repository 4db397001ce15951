"""Forms of the hiring pages. They parse what was typed; the services decide what is valid."""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from floorwalk.development.models import LEVELS, Competency
from floorwalk.hiring.models import CandidateStatus, Recommendation
from floorwalk.hiring.services import HireDetails, RatingInput
from floorwalk.org.models import Site, Team

LEVEL_CHOICES = [
    ("", _("Not rated")),
    *[(str(level), str(level)) for level in range(LEVELS[0], LEVELS[1] + 1)],
]


class DateInput(forms.DateInput):
    input_type = "date"


class StyledForm(forms.Form):
    """Gives every widget the page's classes, so templates render fields as they are."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Puts a service's refusal on the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class CandidateFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *CandidateStatus.choices], required=False
    )
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), required=False, empty_label=_("Any site")
    )

    def __init__(self, *args, sites: QuerySet[Site], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]


class CandidateForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    site = forms.ModelChoiceField(label=_("Hiring site"), queryset=Site.objects.none())
    team = forms.ModelChoiceField(
        label=_("Team they would join"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Not decided yet"),
    )
    applied_on = forms.DateField(label=_("Applied on"), widget=DateInput)

    def __init__(self, *args, sites: QuerySet[Site], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]
        self.fields["team"].queryset = Team.objects.filter(  # type: ignore[attr-defined]
            site__in=sites
        ).select_related("site")
        self.fields["team"].label_from_instance = lambda team: f"{team.name} ({team.site.name})"  # type: ignore[attr-defined]
        if len(sites) == 1:
            self.fields["site"].initial = sites[0]
        self.fields["applied_on"].initial = timezone.localdate()


class InterviewForm(StyledForm):
    """The interview, and a level and evidence for every screening competency (each optional)."""

    held_on = forms.DateField(label=_("Held on"), widget=DateInput)
    recommendation = forms.ChoiceField(
        label=_("Your recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, competencies: Iterable[Competency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        self.fields["held_on"].initial = timezone.localdate()
        for competency in self.competencies:
            self.fields[self.level_field(competency)] = forms.TypedChoiceField(
                label=_("Level of %(name)s") % {"name": competency.name},
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[self.evidence_field(competency)] = forms.CharField(
                label=_("Evidence for %(name)s") % {"name": competency.name},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.style_widgets()

    @staticmethod
    def level_field(competency: Competency) -> str:
        return f"level_{competency.pk}"

    @staticmethod
    def evidence_field(competency: Competency) -> str:
        return f"evidence_{competency.pk}"

    def rows(self) -> list[tuple[Competency, forms.BoundField, forms.BoundField]]:
        return [
            (competency, self[self.level_field(competency)], self[self.evidence_field(competency)])
            for competency in self.competencies
        ]

    def clean(self):
        data = super().clean()
        for competency in self.competencies:
            if (
                data.get(self.evidence_field(competency))
                and data.get(self.level_field(competency)) is None
            ):
                self.add_error(
                    self.level_field(competency), _("Give a level for the evidence you wrote.")
                )
        if not self.errors and not self.ratings() and not (data.get("notes") or "").strip():
            raise ValidationError(
                _("Rate at least one competency or write notes on the interview.")
            )
        return data

    def ratings(self) -> list[RatingInput]:
        data = self.cleaned_data
        return [
            RatingInput(
                competency=competency,
                level=data[self.level_field(competency)],
                evidence=data.get(self.evidence_field(competency), ""),
            )
            for competency in self.competencies
            if data.get(self.level_field(competency)) is not None
        ]


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to reject or hold: say why, for the record."),
    )
    employee_number = forms.CharField(label=_("Employee number"), max_length=50, required=False)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("No team yet")
    )
    hire_date = forms.DateField(label=_("Hire date"), required=False, widget=DateInput)
    email = forms.EmailField(label=_("Work email"), required=False)

    def __init__(self, *args, teams: QuerySet[Team], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        if data.get("decision") == Recommendation.HIRE:
            if not (data.get("employee_number") or "").strip():
                self.add_error("employee_number", _("A hire needs the employee number."))
            if data.get("hire_date") is None and "hire_date" not in self.errors:
                self.add_error("hire_date", _("A hire needs the hire date."))
        return data

    def hire_details(self) -> HireDetails | None:
        data = self.cleaned_data
        if data["decision"] != Recommendation.HIRE:
            return None
        return HireDetails(
            employee_number=data["employee_number"],
            hire_date=data["hire_date"],
            team=data.get("team"),
            email=data.get("email", ""),
        )
