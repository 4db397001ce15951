"""Forms of boundary incidents: the agent's flag, the leader's follow-up."""

from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.experience.models import CustomerAction, IncidentKind
from floorwalk.metrics.models import Interaction


class OwnInteractionForm(forms.Form):
    """Picks one of the user's own contacts: from their latest, or by the platform's id."""

    interaction = forms.ChoiceField(label=_("Interaction"), required=False)
    interaction_id = forms.CharField(
        label=_("Or the interaction id"),
        max_length=100,
        required=False,
        help_text=_("The platform's id of the contact, when it is not among your latest."),
    )

    def __init__(self, *args, user, recent, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        choices = [("", _("Pick a recent contact"))] + [
            (
                str(item.pk),
                f"{item.started_at:%Y-%m-%d %H:%M} · {item.queue.name} · {item.external_id}",
            )
            for item in recent
        ]
        self.fields["interaction"].choices = choices  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        own = Interaction.objects.filter(agent_id=self.user.person_id)
        typed = (data.get("interaction_id") or "").strip()
        picked = data.get("interaction") or ""
        found = None
        if typed:
            found = own.filter(external_id=typed).first()
            if found is None:
                self.add_error("interaction_id", _("None of your interactions has this id."))
        elif picked:
            found = own.filter(pk=picked).first()
        else:
            self.add_error("interaction", _("Pick the contact, or type its id."))
        data["interaction_object"] = found
        return data


class IncidentFlagForm(OwnInteractionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    description = forms.CharField(
        label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class IncidentCloseForm(forms.Form):
    support_given = forms.CharField(
        label=_("Support given"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    customer_action = forms.ChoiceField(
        label=_("Customer-side action"), choices=CustomerAction.choices
    )
