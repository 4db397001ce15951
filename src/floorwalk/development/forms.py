from itertools import pairwise
from typing import cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from floorwalk.development.competency_services import COMPETENCY_FIELDS
from floorwalk.development.models import LEVELS, Competency, Stage, StageRequirement
from floorwalk.development.selectors import requirements_by_stage
from floorwalk.engine.stages import (
    RULES,
    Comparison,
    StageRequirements,
    StageRules,
    easier_than_below,
)
from floorwalk.engine.stages import Stage as EngineStage
from floorwalk.metrics.models import METRIC_CHOICES
from floorwalk.org.models import Organisation

RULED_STAGES = (Stage.R2, Stage.R3, Stage.R4)


class StageConfirmForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the stage differs from the proposal."),
    )


class StageRulesForm(forms.Form):
    """Every threshold of R2, R3 and R4 and the engagement floors on one form, checked by the
    engine: a stage may never ask less than the stage below it."""

    engagement_floor = Organisation._meta.get_field("engagement_floor").formfield(
        min_value=0.0, max_value=100.0
    )
    engagement_trend_floor = Organisation._meta.get_field("engagement_trend_floor").formfield()

    def __init__(self, *args, rules: StageRules, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.initial.setdefault("engagement_floor", rules.engagement_floor)
        self.initial.setdefault("engagement_trend_floor", rules.engagement_trend_floor)
        for stage in RULED_STAGES:
            requirements = requirements_by_stage(rules)[stage]
            for rule in RULES:
                name = field_name(stage, rule.threshold_field)
                self.fields[name] = threshold_field(
                    rule.threshold_field, label=f"{stage} · {gettext(rule.label)}"
                )
                self.initial.setdefault(name, getattr(requirements, rule.threshold_field))

    def rows(self) -> list[dict]:
        """The form as the page lays it out: a row per rule, a column per stage."""
        return [
            {
                "label": gettext(rule.label),
                "comparison": "≥" if rule.comparison is Comparison.AT_LEAST else "≤",
                "fields": [self[field_name(stage, rule.threshold_field)] for stage in RULED_STAGES],
            }
            for rule in RULES
        ]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        requirements = {}
        for stage in RULED_STAGES:
            values = {
                rule.threshold_field: cleaned[field_name(stage, rule.threshold_field)]
                for rule in RULES
            }
            try:
                requirements[stage] = StageRequirements(**values)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from error
        for (below, lower), (stage, higher) in pairwise(requirements.items()):
            for problem in easier_than_below(EngineStage[stage], higher, EngineStage[below], lower):
                field = next(r.threshold_field for r in RULES if r.key is problem.rule)
                self.add_error(
                    field_name(stage, field),
                    gettext("%(stage)s may not ask less than %(below)s, which asks %(lower)s.")
                    % {"stage": stage, "below": below, "lower": f"{problem.lower:g}"},
                )
        if self.errors:
            return cleaned
        self.rules = StageRules(
            r2=requirements[Stage.R2],
            r3=requirements[Stage.R3],
            r4=requirements[Stage.R4],
            engagement_floor=cleaned["engagement_floor"],
            engagement_trend_floor=cleaned["engagement_trend_floor"],
        )
        return cleaned


def field_name(stage: str, threshold_field: str) -> str:
    return f"{stage.lower()}_{threshold_field}"


def threshold_field(name: str, **kwargs) -> forms.Field:
    """The form field of a stage requirement, with the model's bounds checked on the form."""
    model_field = cast(models.Field, StageRequirement._meta.get_field(name))
    for validator in model_field.validators:
        if isinstance(validator, MinValueValidator):
            kwargs["min_value"] = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            kwargs["max_value"] = validator.limit_value
    return cast(forms.Field, model_field.formfield(**kwargs))  # a number column: never None


class PulseForm(forms.Form):
    """How engaged an agent feels, on five steps (stored as 0–100)."""

    answer = forms.TypedChoiceField(
        label=_("How do you feel about your work this week?"),
        coerce=int,
        choices=[
            (1, _("1 · Drained, I'd rather be elsewhere")),
            (2, _("2 · Low, it's a struggle")),
            (3, _("3 · OK")),
            (4, _("4 · Good, I'm into it")),
            (5, _("5 · Great, I'm energised")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Pick one of the five answers.")},
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
        fields = list(COMPETENCY_FIELDS)
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
