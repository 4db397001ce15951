import datetime
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.digest.models import Granularity


class DigestForm(forms.Form):
    """Which digest a page shows: a granularity and a day in the period (default: the latest
    complete period)."""

    granularity = forms.ChoiceField(
        label=_("Granularity"), choices=Granularity.choices, required=False
    )
    on = forms.DateField(
        label=_("Day in the period"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the latest complete period."),
    )

    def __init__(self, *args, today: datetime.date, default: Granularity, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.default = default

    def clean_granularity(self) -> Granularity:
        value = self.cleaned_data.get("granularity")
        return Granularity(value) if value else self.default

    def clean_on(self) -> datetime.date | None:
        on: datetime.date | None = self.cleaned_data.get("on")
        if on is not None and on > self.today:
            raise forms.ValidationError(_("A digest covers days up to today, not later."))
        return on


class SubscriptionsForm(forms.Form):
    """Which of the digest emails their roles receive the user keeps."""

    granularities = forms.MultipleChoiceField(
        label=_("Digest emails I receive"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, offered: frozenset[Granularity], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["granularities"])
        field.choices = [(value, label) for value, label in Granularity.choices if value in offered]

    def clean_granularities(self) -> list[Granularity]:
        return [Granularity(value) for value in self.cleaned_data.get("granularities", [])]
