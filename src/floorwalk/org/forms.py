from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.org.models import PersonStatus
from floorwalk.org.selectors import ALL_STATUSES


class RosterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Current (active or on leave)")),
            *PersonStatus.choices,
            (ALL_STATUSES, _("Everyone, leavers included")),
        ],
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
