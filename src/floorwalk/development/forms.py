from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.development.models import LEVELS, Competency, Stage
from floorwalk.metrics.models import METRIC_CHOICES


class StageConfirmForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the stage differs from the proposal."),
    )


# ---- The competency framework and assessments ------------------------------------------------


class StyledFieldsMixin:
    """Bootstrap classes on every widget, and the invalid mark on fields with errors, so the
    templates render each field with `as_field_group`."""

    def full_clean(self):
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            is_select = isinstance(field.widget, forms.Select)
            is_check = isinstance(field.widget, forms.CheckboxInput)
            css = "form-select" if is_select else "form-check-input" if is_check else "form-control"
            field.widget.attrs.setdefault("class", css)


class CompetencyForm(StyledFieldsMixin, forms.ModelForm):
    class Meta:
        model = Competency
        fields = [
            "name",
            "definition",
            "benefit",
            "assessment_methods",
            "development_tools",
            "use",
            "target_level",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "benefit": forms.Textarea(attrs={"rows": 3}),
            "assessment_methods": forms.Textarea(attrs={"rows": 3}),
            "development_tools": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "development_tools": _("One action a line: each shows as a suggestion on profiles."),
        }


class IndicatorForm(StyledFieldsMixin, forms.Form):
    """One indicator row: a catalog metric or an observable behaviour."""

    metric = forms.ChoiceField(
        label=_("Metric"), choices=[("", "—"), *METRIC_CHOICES], required=False
    )
    behaviour = forms.CharField(label=_("Observable behaviour"), required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        metric, behaviour = cleaned.get("metric"), (cleaned.get("behaviour") or "").strip()
        if metric and behaviour:
            raise forms.ValidationError(
                _("An indicator is a metric or a behaviour, not both: use two rows.")
            )
        cleaned["behaviour"] = behaviour
        return cleaned

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("metric") and not data.get("behaviour")


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=3, can_delete=True)


class AssessmentForm(StyledFieldsMixin, forms.Form):
    competency = forms.ModelChoiceField(
        label=_("Competency"), queryset=Competency.objects.filter(is_active=True)
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        coerce=int,
        choices=[(level, str(level)) for level in range(LEVELS[0], LEVELS[1] + 1)],
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you saw or heard that shows this level."),
    )
    assessed_on = forms.DateField(
        label=_("Assessed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )
