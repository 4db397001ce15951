from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.development.forms import StyledFieldsMixin
from floorwalk.org.models import Person
from floorwalk.reviews.models import ReviewTemplate


def rating_field(label, **kwargs) -> forms.FloatField:
    """An optional rating on the 1–5 scale."""
    return forms.FloatField(label=label, min_value=1.0, max_value=5.0, required=False, **kwargs)


class ReviewScoreForm(StyledFieldsMixin, forms.Form):
    goal_attainment = forms.FloatField(
        label=_("Goal attainment (%)"),
        required=False,
        help_text=_("Filled from the agent's goals; below 0 when results moved away."),
    )
    competencies_score = rating_field(_("Competencies (1–5)"))
    leader_score = rating_field(_("Your rating (1–5)"))
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class CalibrateForm(StyledFieldsMixin, forms.Form):
    overall = rating_field(
        _("Calibrated overall rating (1–5)"),
        help_text=_("Leave empty to confirm the computed rating."),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FeedbackForm(StyledFieldsMixin, forms.Form):
    rating = forms.FloatField(label=_("Rating (1–5)"), min_value=1.0, max_value=5.0)
    text = forms.CharField(label=_("What it rests on"), widget=forms.Textarea(attrs={"rows": 3}))


class StartReviewForm(StyledFieldsMixin, forms.Form):
    person: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.none()
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ReviewCycleForm(StyledFieldsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    template: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Template"),
        queryset=ReviewTemplate.objects.filter(is_active=True),
        help_text=_("What the reviews are made of and how the parts weigh."),
    )
    period_start = forms.DateField(
        label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"})
    )
