"""Forms of continuous feedback: giving it to a colleague, asking a colleague for it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.development.cadence_forms import SBI_LABELS
from floorwalk.development.followup_services import FeedbackItem
from floorwalk.development.models import FeedbackKind
from floorwalk.org.models import Person


class ColleagueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return obj.display_name


class FeedbackGiveForm(forms.Form):
    given_to = ColleagueChoiceField(label=_("To"), queryset=Person.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=FeedbackKind.choices)
    text = forms.CharField(
        label=_("Feedback"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    situation = forms.CharField(label=SBI_LABELS["situation"], max_length=2000, required=False)
    behaviour = forms.CharField(label=SBI_LABELS["behaviour"], max_length=2000, required=False)
    impact = forms.CharField(label=SBI_LABELS["impact"], max_length=2000, required=False)

    def __init__(self, *args, colleagues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_to"].queryset = colleagues.order_by("display_name")  # type: ignore[attr-defined]

    def item(self) -> FeedbackItem:
        data = self.cleaned_data
        return FeedbackItem(
            kind=data["kind"],
            text=data["text"],
            situation=data["situation"],
            behaviour=data["behaviour"],
            impact=data["impact"],
        )


class FeedbackRequestForm(forms.Form):
    asked = ColleagueChoiceField(label=_("Ask"), queryset=Person.objects.none())
    topic = forms.CharField(label=_("About"), max_length=500)

    def __init__(self, *args, colleagues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["asked"].queryset = colleagues.order_by("display_name")  # type: ignore[attr-defined]
