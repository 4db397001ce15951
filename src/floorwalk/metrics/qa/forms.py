"""Forms of the QA pages. They only parse what was typed; the services decide what is valid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from floorwalk.metrics.models import QaForm, QaFormVersion, QaItem
from floorwalk.metrics.qa.services import Answer, ItemSpec, item_error_key
from floorwalk.org.models import Person, Site

StrOrPromise = str | Promise
# Until development stages set it per agent, every agent gets the same monthly sample.
DEFAULT_SAMPLE_PER_AGENT = 4
NOT_APPLICABLE = "na"
ANSWER_CHOICES = [("1", _("Met")), ("0.5", _("Partly met")), ("0", _("Not met"))]


class QaFormHeaderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QaItemForm(forms.Form):
    section = forms.CharField(label=_("Section"), max_length=200)
    key = forms.SlugField(
        label=_("Key"), max_length=50, help_text=_("Letters, digits, - or _; used in imports.")
    )
    text = forms.CharField(label=_("Question"), max_length=500)
    weight = forms.FloatField(label=_("Weight"), min_value=0.01, initial=1)
    critical = forms.BooleanField(label=_("Critical"), required=False)
    bonus = forms.BooleanField(label=_("Bonus"), required=False)
    allows_na = forms.BooleanField(label=_("N/A allowed"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if data.get("critical") and data.get("bonus"):
            raise ValidationError(_("An item cannot be both critical and a bonus."))
        return data


QaItemFormSet = forms.formset_factory(QaItemForm, extra=0, can_delete=True, min_num=1)


def item_initial(version: QaFormVersion) -> list[dict[str, object]]:
    return [
        {
            "section": item.section.title,
            "key": item.key,
            "text": item.text,
            "weight": item.weight,
            "critical": item.critical,
            "bonus": item.bonus,
            "allows_na": item.allows_na,
        }
        for item in version.items.select_related("section").order_by("position")
    ]


def item_specs(formset: forms.BaseFormSet) -> list[ItemSpec]:
    """The items in the order typed, leaving out rows marked for deletion and blank new rows."""
    return [
        ItemSpec(
            section=form.cleaned_data["section"],
            key=form.cleaned_data["key"],
            text=form.cleaned_data["text"],
            weight=form.cleaned_data["weight"],
            critical=form.cleaned_data["critical"],
            bonus=form.cleaned_data["bonus"],
            allows_na=form.cleaned_data["allows_na"],
        )
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _answer_text(value: float | None) -> str:
    if value is None:
        return NOT_APPLICABLE
    return f"{value:g}"


class EvaluationForm(forms.Form):
    """One answer (a choice) and one comment per item of a form version, and a comment."""

    comment = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args,
        items: Sequence[QaItem],
        current: dict[str, tuple[float | None, str]] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            choices: list[tuple[str, str | StrOrPromise]] = list(ANSWER_CHOICES)
            if item.allows_na:
                choices.append((NOT_APPLICABLE, _("N/A")))
            known = current.get(item.key) if current else None
            if known is not None:
                # An imported answer can be any value from 0 to 1; keep it selectable.
                text = _answer_text(known[0])
                if text not in {value for value, _label in choices}:
                    choices.insert(0, (text, text))
                self.initial[self.answer_field(item)] = text
                self.initial[self.comment_field(item)] = known[1]
            self.fields[self.answer_field(item)] = forms.ChoiceField(
                label=item.text,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer this item (or mark it N/A).")},
            )
            self.fields[self.comment_field(item)] = forms.CharField(
                label=_("Comment on “%(item)s”") % {"item": item.text},
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    @staticmethod
    def answer_field(item: QaItem) -> str:
        return f"answer_{item.key}"

    @staticmethod
    def comment_field(item: QaItem) -> str:
        return f"comment_{item.key}"

    def rows(self):
        """(item, answer field, comment field) per item, for the template."""
        return [
            (item, self[self.answer_field(item)], self[self.comment_field(item)])
            for item in self.items
        ]

    def answers(self) -> dict[str, Answer]:
        result = {}
        for item in self.items:
            raw = self.cleaned_data[self.answer_field(item)]
            value = None if raw == NOT_APPLICABLE else float(raw)
            result[item.key] = Answer(value, self.cleaned_data[self.comment_field(item)])
        return result

    def add_service_error(self, error: ValidationError) -> None:
        """Shows a service's error next to the item or field it names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        fields_by_key = {item_error_key(item.key): self.answer_field(item) for item in self.items}
        for key, messages in error.message_dict.items():
            field = fields_by_key.get(key, key if key in self.fields else None)
            for message in messages:
                self.add_error(field, message)


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("What do you disagree with, and why?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DisputeDecision:
    ACCEPT = "accept"
    REJECT = "reject"


class DisputeResolutionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (DisputeDecision.ACCEPT, _("Accept: re-score with the answers above")),
            (DisputeDecision.REJECT, _("Reject: the score stands")),
        ],
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(
        label=_("Reason given to the agent"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InteractionLookupForm(forms.Form):
    interaction_id = forms.CharField(label=_("Interaction id"), max_length=100)


class SamplePlanForm(forms.Form):
    """The site comes from the view (the user's sites); evaluators are its QA specialists."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("The interactions of this month are sampled."),
    )
    per_agent = forms.IntegerField(
        label=_("Evaluations per agent"),
        min_value=1,
        max_value=100,
        initial=DEFAULT_SAMPLE_PER_AGENT,
        help_text=_("Counted with the evaluations the month already has."),
    )
    by_stage = forms.BooleanField(
        label=_("Take each agent's number from their stage's playbook"),
        required=False,
        initial=True,
        help_text=_("Agents without a stage get the number above."),
    )
    evaluators = forms.ModelMultipleChoiceField(
        label=_("Evaluators"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one evaluator.")},
    )

    def __init__(self, *args, sites, evaluators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = sites
        cast(forms.ModelMultipleChoiceField, self.fields["evaluators"]).queryset = evaluators


class CalibrationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    interaction_id = forms.CharField(
        label=_("Interaction id"),
        max_length=100,
        help_text=_("The interaction everyone scores, as the platform names it."),
    )
    form = forms.ModelChoiceField(label=_("Form"), queryset=QaForm.objects.all())
    participants = forms.ModelMultipleChoiceField(
        label=_("Evaluators"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each scores blind: they see the others' scores only after submitting."),
    )

    def __init__(self, *args, evaluators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["participants"]).queryset = evaluators


class EvaluationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Agent, employee number or interaction id"), required=False, max_length=100
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end is before the start."))
        return data
