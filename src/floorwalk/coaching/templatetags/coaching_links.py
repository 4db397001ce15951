"""A link to an agent's coaching page, shown only to those the policy lets read it."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from floorwalk.accounts.policy import can_read_coaching

register = template.Library()


@register.simple_tag(takes_context=True)
def coaching_link(context, person) -> str:
    user = context["request"].user
    if not can_read_coaching(user, person):
        return ""
    return format_html(
        '<a class="btn btn-outline-primary btn-sm" href="{}">{}</a>',
        reverse("coaching:person", args=[person.pk]),
        _("Coaching"),
    )
