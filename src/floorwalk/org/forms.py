from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.org.models import PersonStatus


class RosterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *PersonStatus.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("tenure", _("Tenure")),
            ("status", _("Status")),
            ("employee_number", _("Employee number")),
        ],
    )
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("asc", _("Ascending")), ("desc", _("Descending"))],
    )
