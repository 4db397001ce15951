import datetime
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from floorwalk.engine.periods import PeriodKind, custom_period, period_containing
from floorwalk.metrics.models import Outcome
from floorwalk.metrics.selectors import ScorecardScope
from floorwalk.org.models import Channel, Queue

PERIOD_CHOICES = [
    (PeriodKind.DAY.value, _("Day")),
    (PeriodKind.WEEK.value, _("Week")),
    (PeriodKind.MONTH.value, _("Month")),
    (PeriodKind.QUARTER.value, _("Quarter")),
    (PeriodKind.YEAR.value, _("Year")),
    (PeriodKind.CUSTOM.value, _("Custom range")),
]
MAX_CUSTOM_DAYS = 3 * 366


def _add_date_range(form: forms.Form) -> None:
    """`from` and `to` (a keyword can't name a declared field) as the first and last day."""
    for name, label in (("from", _("From")), ("to", _("To"))):
        form.fields[name] = forms.DateField(
            label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
        )


class QueueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Queue) -> str:
        return f"{obj.name} ({obj.get_channel_display()})"


class ScorecardForm(forms.Form):
    """Which period, and optionally which queue or channel, a scorecard shows.

    Every field is optional: an empty form means this month, all queues. The page and the API
    read their query string through this one form.
    """

    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    date = forms.DateField(
        label=_("Date in the period"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    queue = QueueChoiceField(
        label=_("Queue"), queryset=Queue.objects.none(), required=False, empty_label=_("All")
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All")), *Channel.choices], required=False
    )

    def __init__(self, *args, queues: QuerySet[Queue], today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        cast(forms.ModelChoiceField, self.fields["queue"]).queryset = queues.order_by("name", "pk")
        _add_date_range(self)
        self.order_fields(["period", "date", "from", "to", "queue", "channel"])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("period") or PeriodKind.MONTH.value
        cleaned["period"] = kind
        if kind == PeriodKind.CUSTOM:
            self._clean_custom_range(cleaned)
        if cleaned.get("queue") and cleaned.get("channel"):
            self.add_error("channel", _("Pick a queue or a channel, not both."))
        return cleaned

    def _clean_custom_range(self, cleaned: dict) -> None:
        start, end = cleaned.get("from"), cleaned.get("to")
        if start is None and "from" not in self.errors:
            self.add_error("from", _("A custom range needs a first day."))
        if end is None and "to" not in self.errors:
            self.add_error("to", _("A custom range needs a last day."))
        if start is None or end is None:
            return
        if end < start:
            self.add_error("to", _("The last day cannot be before the first day."))
        elif (end - start).days >= MAX_CUSTOM_DAYS:
            self.add_error("to", _("A custom range can cover at most three years."))

    def scope(self) -> ScorecardScope:
        """The scope asked for; call only on a valid form."""
        cleaned = self.cleaned_data
        kind = PeriodKind(cleaned["period"])
        if kind is PeriodKind.CUSTOM:
            period = custom_period(cleaned["from"], cleaned["to"])
        else:
            period = period_containing(kind, cleaned.get("date") or self.today)
        return ScorecardScope(
            period=period, queue=cleaned.get("queue"), channel=cleaned.get("channel") or ""
        )


class InteractionFilterForm(forms.Form):
    """The interactions behind a value: whose, when, and which queue, channel or outcome."""

    agent = forms.CharField(label=_("Employee number"), required=False, max_length=50)
    team = forms.IntegerField(label=_("Team"), required=False, min_value=1)
    site = forms.IntegerField(label=_("Site"), required=False, min_value=1)
    queue = QueueChoiceField(
        label=_("Queue"), queryset=Queue.objects.none(), required=False, empty_label=_("All")
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All")), *Channel.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("All")), *Outcome.choices], required=False
    )

    def __init__(self, *args, queues: QuerySet[Queue], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["queue"]).queryset = queues.order_by("name", "pk")
        _add_date_range(self)
        self.order_fields(["agent", "team", "site", "from", "to", "queue", "channel", "outcome"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error("to", _("The last day cannot be before the first day."))
        return cleaned


ADHERENCE_DEFAULT_DAYS = 28


class AdherenceRangeForm(forms.Form):
    """Which days an agent's adherence list shows: by default the four weeks up to today."""

    def __init__(self, *args, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        _add_date_range(self)

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        end = cleaned.get("to") or self.today
        start = cleaned.get("from") or end - datetime.timedelta(days=ADHERENCE_DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("The first day must not be after the last day."))
        if (end - start).days >= MAX_CUSTOM_DAYS:
            raise forms.ValidationError(
                _("Pick at most %(days)d days.") % {"days": MAX_CUSTOM_DAYS}
            )
        cleaned["from"], cleaned["to"] = start, end
        return cleaned
