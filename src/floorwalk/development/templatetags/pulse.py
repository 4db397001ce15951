"""The engagement pulse card an agent answers on their home page."""

from django import template
from django.utils import timezone

from floorwalk.accounts.policy import Role, roles_of
from floorwalk.development.forms import PulseForm
from floorwalk.development.selectors import latest_pulse

register = template.Library()

# Front-line roles, whose engagement the stage engine reads.
PULSE_ROLES = frozenset({Role.AGENT, Role.MENTOR})


@register.inclusion_tag("development/_pulse.html", takes_context=True)
def pulse_card(context) -> dict:
    user = context["request"].user
    if user.person_id is None or not roles_of(user) & PULSE_ROLES:
        return {"show": False}
    latest = latest_pulse(user.person)
    return {
        "show": True,
        "latest": latest,
        "answered_today": latest is not None and latest.measured_on == timezone.localdate(),
        "form": PulseForm(),
        "csrf_token": context.get("csrf_token"),
    }
