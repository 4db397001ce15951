from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.development.models import Stage


class StageConfirmForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the stage differs from the proposal."),
    )
