from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.wfm.models import (
    MAX_CONCURRENCY,
    MAX_RESPONSE_HOURS,
    ForecastModel,
    SpecialDayKind,
)


class StyledForm(forms.Form):
    """Gives every widget the page's classes, so templates render fields as they are."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class ForecastRunForm(StyledForm):
    horizon_days = forms.IntegerField(
        label=_("Horizon (days)"), min_value=1, max_value=56, initial=56
    )
    model = forms.ChoiceField(
        label=_("Model"), choices=ForecastModel.choices, initial=ForecastModel.BEST
    )


class AdjustmentForm(StyledForm):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("Interval starting at (empty: the whole day)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    percent = forms.FloatField(
        label=_("Change (%)"),
        min_value=-100,
        max_value=1000,
        help_text=_("+15 for 15 % more contacts, −20 for 20 % fewer."),
    )
    reason = forms.CharField(label=_("Why"), max_length=500)


class AdjustmentRemoveForm(StyledForm):
    reason = forms.CharField(label=_("Why"), max_length=500, required=False)


class TargetKind:
    SERVICE_LEVEL = "service_level"
    ASA = "asa"


class StaffingTargetForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Target"),
        choices=[
            (TargetKind.SERVICE_LEVEL, _("Service level: X % answered within T seconds")),
            (TargetKind.ASA, _("Average speed of answer")),
        ],
        widget=forms.RadioSelect,
    )
    service_level_percent = forms.FloatField(
        label=_("Answered within the time (%)"),
        min_value=1,
        max_value=99.9,
        required=False,
        help_text=_(
            "Email, back office and messaging answered within hours: the share answered within "
            "the response target below."
        ),
    )
    answer_within_seconds = forms.IntegerField(
        label=_("Within (seconds)"), min_value=0, max_value=3600, initial=20
    )
    asa_seconds = forms.FloatField(
        label=_("ASA target (seconds)"), min_value=1, max_value=3600, required=False
    )
    max_occupancy_percent = forms.FloatField(
        label=_("Maximum occupancy (%)"), min_value=1, max_value=100, initial=85
    )
    shrinkage_percent = forms.FloatField(
        label=_("Shrinkage (%)"),
        min_value=0,
        max_value=95,
        initial=30,
        help_text=_("Paid time off the phones: breaks, training, meetings, absence."),
    )
    patience_seconds = forms.FloatField(
        label=_("Mean caller patience (seconds, optional)"),
        min_value=1,
        required=False,
        help_text=_("With a patience estimate, staffing uses Erlang A (callers who hang up)."),
    )
    concurrency = forms.IntegerField(
        label=_("Contacts an agent handles at once (optional)"),
        min_value=1,
        max_value=MAX_CONCURRENCY,
        required=False,
        help_text=_("Chat and messaging only. Empty: 2 for chat, 3 for messaging."),
    )
    response_hours = forms.FloatField(
        label=_("Answered within (hours, optional)"),
        min_value=0.25,
        max_value=MAX_RESPONSE_HOURS,
        required=False,
        help_text=_(
            "Work answered later rather than live. Empty: 24 h for email, 48 h for back office; "
            "a messaging queue with hours is staffed as deferred work."
        ),
    )

    def __init__(self, *args, deferred: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if deferred:
            # Work answered within hours: the share answered within the response target; the
            # seconds do not apply.
            self.fields["service_level_percent"].label = _(
                "Answered within the response target (%)"
            )
            self.fields["answer_within_seconds"].required = False
            self.fields["answer_within_seconds"].help_text = _(
                "Not used for work answered within hours."
            )

    def clean(self):
        data = super().clean()
        if data.get("answer_within_seconds") is None and "answer_within_seconds" in data:
            data["answer_within_seconds"] = 0
        if (
            data.get("kind") == TargetKind.SERVICE_LEVEL
            and data.get("service_level_percent") is None
        ):
            self.add_error("service_level_percent", _("Give the share to answer in time."))
        if data.get("kind") == TargetKind.ASA and data.get("asa_seconds") is None:
            self.add_error("asa_seconds", _("Give the ASA target in seconds."))
        return data


class SpecialDayForm(StyledForm):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SpecialDayKind.choices)
    volume_percent = forms.FloatField(
        label=_("Expected volume (% of a normal day)"),
        min_value=0,
        max_value=1000,
        initial=100,
        help_text=_("0 when closed, 60 for a quiet holiday, 130 for a campaign."),
    )


class HistoryRebuildForm(StyledForm):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end is before the start."))
        return data


class HistoryFilterForm(StyledForm):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
