"""Attrition-risk panels for the person and team pages, loaded after the page by htmx and
shown only to those who read the agents' HR notes."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from floorwalk.accounts.policy import can_read_attrition, development_teams_for

register = template.Library()


def _panel(url: str, title: str, link_text: str) -> str:
    return format_html(
        '<section class="mt-3" aria-label="{}"><div hx-get="{}" hx-trigger="load" '
        'hx-swap="innerHTML"><p class="fw-muted">{}</p></div>'
        '<a class="btn btn-outline-primary btn-sm" href="{}">{}</a></section>',
        title,
        url,
        _("Loading the attrition-risk signals…"),
        url,
        link_text,
    )


@register.simple_tag(takes_context=True)
def attrition_panel(context, person) -> str:
    if not can_read_attrition(context["request"].user, person):
        return ""
    url = reverse("experience:attrition_person", args=[person.pk])
    return _panel(url, _("Attrition-risk signals"), _("Retention notes"))


@register.simple_tag(takes_context=True)
def attrition_team_panel(context, team) -> str:
    if not development_teams_for(context["request"].user).filter(pk=team.pk).exists():
        return ""
    url = reverse("experience:attrition_team", args=[team.pk])
    return _panel(url, _("Attrition-risk signals"), _("All signals of the team"))
