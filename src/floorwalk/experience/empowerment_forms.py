"""Forms of empowerment: a latitude rule, a grant, a leader's decision."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.accounts.models import Role
from floorwalk.development.models import Stage
from floorwalk.experience.boundary_forms import OwnInteractionForm
from floorwalk.experience.models import GrantKind
from floorwalk.org.models import Site


class LatitudeRuleForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("Every stage")), *list(Stage.choices)], required=False
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Every role")), *list(Role.choices)], required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=GrantKind.choices)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    limit = forms.DecimalField(
        label=_("Limit without approval"), min_value=0, max_digits=10, decimal_places=2
    )

    def __init__(self, *args, sites, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites.order_by("name")  # type: ignore[attr-defined]


class GrantForm(OwnInteractionForm):
    kind = forms.ChoiceField(label=_("What you granted"), choices=GrantKind.choices)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    amount = forms.DecimalField(
        label=_("Amount"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2
    )
    reason = forms.CharField(
        label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class GrantDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000)
