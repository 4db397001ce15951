from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.development.forms import StyledFieldsMixin

RATING = {"min_value": 1.0, "max_value": 5.0, "required": False}


class ReviewScoreForm(StyledFieldsMixin, forms.Form):
    goal_attainment = forms.FloatField(
        label=_("Goal attainment (%)"), min_value=0.0, required=False
    )
    competencies_score = forms.FloatField(label=_("Competencies (1–5)"), **RATING)
    leader_score = forms.FloatField(label=_("Your rating (1–5)"), **RATING)
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class CalibrateForm(StyledFieldsMixin, forms.Form):
    overall = forms.FloatField(
        label=_("Calibrated overall rating (1–5)"),
        help_text=_("Leave empty to confirm the computed rating."),
        **RATING,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FeedbackForm(StyledFieldsMixin, forms.Form):
    rating = forms.FloatField(label=_("Rating (1–5)"), min_value=1.0, max_value=5.0)
    text = forms.CharField(label=_("What it rests on"), widget=forms.Textarea(attrs={"rows": 3}))


class StartReviewForm(StyledFieldsMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
