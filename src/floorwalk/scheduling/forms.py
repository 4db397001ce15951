"""Forms for scheduling pages; each builds the service's input, the service validates."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from floorwalk.org.models import Queue, Site
from floorwalk.scheduling.models import (
    MAX_SCHEDULE_DAYS,
    PREFERENCE_POINTS,
    RULE_FIELDS,
    BiddingPolicy,
    BreakKind,
    ConstraintKind,
    LabourRules,
    PreferenceKind,
    ShiftTemplate,
    WeekendPattern,
)
from floorwalk.scheduling.services import (
    CONTRACT_OVERRIDES,
    BreakSpec,
    ConstraintInput,
    ContractInput,
    PreferenceInput,
    ShiftTemplateInput,
)

WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def rule_label(name: str) -> str:
    """A labour rule's name as its model field calls it."""
    return str(getattr(LabourRules._meta.get_field(name), "verbose_name", name))


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, which reads and writes 2026-12-07T09:00."""

    input_type = "datetime-local"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class StyledForm(forms.Form):
    """Gives every widget the page's classes, so templates render fields as they are."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Puts a service's refusal on the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ConstraintForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ConstraintKind.choices)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “every week” and “must leave by”."),
    )
    start_date = forms.DateField(
        label=_("First date"), required=False, widget=DateInput, help_text=_("For dates and leave.")
    )
    end_date = forms.DateField(label=_("Last date"), required=False, widget=DateInput)
    start_time = forms.TimeField(label=_("From"), required=False, widget=TimeInput)
    end_time = forms.TimeField(
        label=_("To / leave by"), required=False, widget=TimeInput, help_text=_("HH:MM")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def to_input(self) -> ConstraintInput:
        data = self.cleaned_data
        return ConstraintInput(
            kind=data["kind"],
            weekdays=tuple(data.get("weekdays") or ()),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            start_time=data.get("start_time"),
            end_time=data.get("end_time"),
            note=data.get("note", ""),
        )


class PreferenceForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PreferenceKind.choices)
    weight = forms.IntegerField(
        label=_("Points"),
        min_value=1,
        max_value=PREFERENCE_POINTS,
        help_text=_("How much it matters to you; your preferences share %(points)d points.")
        % {"points": PREFERENCE_POINTS},
    )
    template = forms.ModelChoiceField(
        label=_("Shift template"), queryset=ShiftTemplate.objects.none(), required=False
    )
    start_time = forms.TimeField(label=_("Start from"), required=False, widget=TimeInput)
    end_time = forms.TimeField(label=_("Start by"), required=False, widget=TimeInput)
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[("", "—"), *WEEKDAY_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    on_date = forms.DateField(label=_("Date"), required=False, widget=DateInput)
    weekend_pattern = forms.ChoiceField(
        label=_("Weekend pattern"),
        choices=[("", "—"), *WeekendPattern.choices],
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, site: Site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ShiftTemplate.objects.filter(  # type: ignore[attr-defined]
            site=site, is_active=True
        )

    def to_input(self) -> PreferenceInput:
        data = self.cleaned_data
        template = data.get("template")
        return PreferenceInput(
            kind=data["kind"],
            weight=data["weight"],
            template_id=template.pk if template else None,
            start_time=data.get("start_time"),
            end_time=data.get("end_time"),
            weekday=data.get("weekday"),
            on_date=data.get("on_date"),
            weekend_pattern=data.get("weekend_pattern") or "",
            note=data.get("note", ""),
        )


class DecideForm(StyledForm):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ShiftTemplateForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    earliest_start = forms.TimeField(label=_("Earliest start"), widget=TimeInput)
    latest_start = forms.TimeField(label=_("Latest start"), widget=TimeInput)
    start_step_minutes = forms.IntegerField(label=_("Start step (minutes)"), min_value=5)
    paid_minutes = forms.IntegerField(label=_("Paid minutes"), min_value=30, max_value=16 * 60)
    queues = forms.ModelMultipleChoiceField(
        label=_("Queues served"),
        queryset=Queue.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every queue of the site."),
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, site: Site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["queues"].queryset = Queue.objects.filter(site=site)  # type: ignore[attr-defined]


class BreakForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=BreakKind.choices)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=5)
    paid = forms.BooleanField(label=_("Paid"), required=False)
    window_start = forms.IntegerField(label=_("From minute"), min_value=0)
    window_end = forms.IntegerField(label=_("To minute"), min_value=0)


BreakFormSet = forms.formset_factory(BreakForm, extra=2, can_delete=True)


def template_input(form: ShiftTemplateForm, breaks) -> ShiftTemplateInput:
    data = form.cleaned_data
    return ShiftTemplateInput(
        name=data["name"],
        earliest_start=data["earliest_start"],
        latest_start=data["latest_start"],
        start_step_minutes=data["start_step_minutes"],
        paid_minutes=data["paid_minutes"],
        breaks=tuple(
            BreakSpec(
                kind=item["kind"],
                minutes=item["minutes"],
                paid=item.get("paid", False),
                window_start=item["window_start"],
                window_end=item["window_end"],
            )
            for item in breaks.cleaned_data
            if item and not item.get("DELETE")
        ),
        queue_ids=tuple(queue.pk for queue in data["queues"]),
        is_active=data["is_active"],
    )


class LabourRulesForm(StyledForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in RULE_FIELDS:
            self.fields[name] = forms.IntegerField(label=rule_label(name), min_value=0)
            self.fields[name].widget.attrs["class"] = "form-control"


class ContractForm(StyledForm):
    min_minutes_per_week = forms.IntegerField(label=_("Least minutes a week"), min_value=0)
    max_minutes_per_week = forms.IntegerField(label=_("Most minutes a week"), min_value=0)
    allowed_templates = forms.ModelMultipleChoiceField(
        label=_("Allowed shift templates"),
        queryset=ShiftTemplate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every template of the site."),
    )

    def __init__(self, *args, site: Site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["allowed_templates"].queryset = ShiftTemplate.objects.filter(site=site)  # type: ignore[attr-defined]
        for name in CONTRACT_OVERRIDES:
            self.fields[name] = forms.IntegerField(
                label=rule_label(name),
                min_value=0,
                required=False,
                help_text=_("Empty: the site's rule."),
            )
            self.fields[name].widget.attrs["class"] = "form-control"

    def to_input(self) -> ContractInput:
        data = self.cleaned_data
        return ContractInput(
            min_minutes_per_week=data["min_minutes_per_week"],
            max_minutes_per_week=data["max_minutes_per_week"],
            template_ids=tuple(item.pk for item in data["allowed_templates"]),
            overrides={name: data.get(name) for name in CONTRACT_OVERRIDES},
        )


class ScheduleNewForm(StyledForm):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    start_date = forms.DateField(label=_("First day"), widget=DateInput)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=MAX_SCHEDULE_DAYS, initial=28)

    def __init__(self, *args, sites, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]


class ShiftEditForm(StyledForm):
    """A shift's new times, as wall-clock times at the site."""

    start = forms.DateTimeField(label=_("Start"), widget=LocalDateTimeInput)
    end = forms.DateTimeField(label=_("End"), widget=LocalDateTimeInput)
    queue = forms.ModelChoiceField(label=_("Queue"), queryset=Queue.objects.none(), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, site: Site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(site.time_zone)
        self.fields["queue"].queryset = Queue.objects.filter(site=site)  # type: ignore[attr-defined]

    def _aware(self, value: datetime) -> datetime:
        # The browser sends the site's wall-clock time; Django parsed it in UTC (USE_TZ).
        return value.replace(tzinfo=None).replace(tzinfo=self.zone)

    def clean(self):
        cleaned = super().clean()
        for name in ("start", "end"):
            if cleaned.get(name) is not None:
                cleaned[name] = self._aware(cleaned[name])
        return cleaned


# ---- self-scheduling --------------------------------------------------------------------------


class BiddingWindowForm(StyledForm):
    """A bidding window's times as wall-clock times at the site, its order and turns."""

    opens_at = forms.DateTimeField(label=_("Opens at"), widget=LocalDateTimeInput)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=LocalDateTimeInput)
    policy = forms.ChoiceField(label=_("Pick order"), choices=BiddingPolicy.choices)
    turn_minutes = forms.IntegerField(
        label=_("Minutes between turns"),
        min_value=0,
        max_value=7 * 24 * 60,
        initial=60,
        help_text=_(
            "The first agent's turn starts when the window opens, each next one this much "
            "later (0: everyone at once). Agents pick from their turn until the close."
        ),
    )

    def __init__(self, *args, site: Site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(site.time_zone)

    def clean(self):
        cleaned = super().clean()
        for name in ("opens_at", "closes_at"):
            if cleaned.get(name) is not None:
                # The browser sends the site's wall-clock time; Django parsed it in UTC.
                cleaned[name] = cleaned[name].replace(tzinfo=None).replace(tzinfo=self.zone)
        return cleaned


# ---- shift swaps and offers -------------------------------------------------------------------


def shift_label(shift, zone: ZoneInfo, *, with_person: bool = False) -> str:
    """'Monday 07.12.2026 08:00–16:00' on the site's clock, in the user's date format."""
    from django.utils.formats import date_format

    start, end = shift.start.astimezone(zone), shift.end.astimezone(zone)
    text = f"{date_format(start, 'l')} {date_format(start, 'SHORT_DATE_FORMAT')} "
    text += f"{start:%H:%M}–{end:%H:%M}"
    return f"{shift.person.display_name} · {text}" if with_person else text


class ColleagueShiftField(forms.ModelChoiceField):
    def __init__(self, *args, zone: ZoneInfo, **kwargs) -> None:
        self.zone = zone
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return shift_label(obj, self.zone, with_person=True)


class OfferForm(StyledForm):
    colleague: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Offer to"),
        queryset=None,
        required=False,
        empty_label=_("Anyone at the site who can serve it"),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, colleagues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = colleagues.order_by(  # type: ignore[attr-defined]
            "display_name"
        )


class SwapForm(StyledForm):
    other_shift = ColleagueShiftField(
        label=_("Their shift you would work instead"),
        queryset=None,
        zone=ZoneInfo("UTC"),
        help_text=_("Your colleague is asked to accept; nothing changes before."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, shifts, zone: ZoneInfo, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["other_shift"]
        field.queryset = shifts  # type: ignore[attr-defined]
        field.zone = zone  # type: ignore[attr-defined]
