"""Forms of coaching. The session form asks what to keep doing and what to change, never for
a score: coaching is a conversation about behaviour, not a judgement of the person."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from floorwalk.coaching.models import USEFULNESS_RANGE, RequestStatus, SessionKind, TopicState
from floorwalk.development.models import Competency
from floorwalk.metrics.models.interactions import METRIC_CHOICES, Interaction
from floorwalk.org.models import Person

LINKABLE_DAYS = 60  # interactions of the last two months may be linked to a session


class DateInput(forms.DateInput):
    input_type = "date"


def _styled(form: forms.Form) -> None:
    """Bootstrap classes on every widget, so templates can render fields as they are."""
    for bound_field in form.fields.values():
        widget = bound_field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput)
    focus_metric = forms.ChoiceField(
        label=_("Focus metric"),
        choices=[("", "—"), *METRIC_CHOICES],
        required=False,
        help_text=_("Pick a metric or a competency as the focus."),
    )
    focus_competency = forms.ModelChoiceField(
        label=_("Focus competency"), queryset=Competency.objects.none(), required=False
    )
    interactions = forms.ModelMultipleChoiceField(
        label=_("Linked interactions"),
        queryset=Interaction.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    observations = forms.CharField(
        label=_("What you observed"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    keep_doing = forms.CharField(
        label=_("What to keep doing"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the agent should keep doing.")},
    )
    to_change = forms.CharField(
        label=_("What to change"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the agent could do differently.")},
    )
    agreed_behaviours = forms.CharField(
        label=_("Agreed behaviours"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up_on = forms.DateField(label=_("Follow-up date"), required=False, widget=DateInput)
    topic_state = forms.ChoiceField(
        label=_("Topic state"), choices=TopicState.choices, initial=TopicState.INITIAL_FEEDBACK
    )
    window_weeks = forms.IntegerField(
        label=_("Weeks compared before and after"),
        min_value=1,
        max_value=26,
        initial=4,
        help_text=_("The effect compares the focus metric over this many weeks on each side."),
    )

    def __init__(self, *args, agent: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        since = timezone.localdate() - timedelta(days=LINKABLE_DAYS)
        self.fields["focus_competency"].queryset = Competency.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("name")
        self.fields["interactions"].queryset = Interaction.objects.filter(  # type: ignore[attr-defined]
            agent=agent, local_date__gte=since
        ).order_by("-started_at")
        _styled(self)

    def clean_held_on(self) -> date:
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class ConfirmForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("How useful was it?"),
        coerce=int,
        choices=[
            (value, str(value)) for value in range(USEFULNESS_RANGE[0], USEFULNESS_RANGE[1] + 1)
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Rate the session from 1 (not useful) to 5 (very useful).")},
    )


class TopicStateForm(forms.Form):
    topic_state = forms.ChoiceField(label=_("Topic state"), choices=TopicState.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class RequestForm(forms.Form):
    topic = forms.CharField(
        label=_("Topic"),
        max_length=200,
        error_messages={"required": _("Name the topic you would like coaching on.")},
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class RequestStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RequestStatus.choices)
