"""Forms of recognition: kudos to a colleague, a customer compliment for an agent."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from floorwalk.experience.models import KudosValue
from floorwalk.metrics.models import Interaction
from floorwalk.org.models import Person


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return obj.display_name


class KudosForm(forms.Form):
    given_to = PersonChoiceField(label=_("To"), queryset=Person.objects.none())
    value = forms.ChoiceField(label=_("For"), choices=KudosValue.choices)
    message = forms.CharField(
        label=_("What they did"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, recipients, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_to"].queryset = recipients.order_by("display_name")  # type: ignore[attr-defined]


class ComplimentForm(forms.Form):
    agent = PersonChoiceField(label=_("Agent"), queryset=Person.objects.none())
    received_on = forms.DateField(label=_("Received on"))
    text = forms.CharField(
        label=_("What the customer said"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    interaction = forms.CharField(
        label=_("Interaction id (optional)"),
        max_length=100,
        required=False,
        help_text=_("The platform's id of the contact, as the interactions list shows it."),
    )

    def __init__(self, *args, agents, **kwargs) -> None:
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents.order_by("display_name")  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        reference = (data.get("interaction") or "").strip()
        data["interaction_object"] = None
        if reference and data.get("agent") is not None:
            found = Interaction.objects.filter(agent=data["agent"], external_id=reference).first()
            if found is None:
                self.add_error("interaction", _("No interaction of this agent has this id."))
            data["interaction_object"] = found
        return data
