"""The form a leader adds a development plan action with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.development.models import PlanActionKind, PlanActionStatus

TYPED_GAP = ""


class PlanActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanActionKind.choices)
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    listed_gap = forms.ChoiceField(label=_("Gap it answers"), required=False)
    typed_gap = forms.CharField(label=_("Or name another gap"), required=False, max_length=300)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, gaps: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(TYPED_GAP, _("— none or typed below —"))]
        listed: forms.ChoiceField = self.fields["listed_gap"]  # type: ignore[assignment]
        listed.choices = choices + [(gap, gap) for gap in gaps]

    def gap(self) -> str:
        """The typed gap wins over the listed one: the leader wrote it on purpose."""
        return self.cleaned_data["typed_gap"].strip() or self.cleaned_data["listed_gap"]


class PlanActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PlanActionStatus.choices)
