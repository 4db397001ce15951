"""The onboarding block of a candidate's page: start the hired person's onboarding, and the
site's job preview (read-only: the links only)."""

from django import template

from floorwalk.accounts.policy import (
    can_edit_job_preview,
    can_manage_candidate,
    onboarding_people_for,
)
from floorwalk.experience.models import JobPreview
from floorwalk.hiring.models import Candidate

register = template.Library()


@register.inclusion_tag("experience/onboarding/_candidate_links.html", takes_context=True)
def onboarding_candidate_links(context, candidate: Candidate) -> dict[str, object]:
    user = context["request"].user
    if not can_manage_candidate(user, candidate):
        return {"visible": False}
    person = candidate.person
    can_start = person is not None and onboarding_people_for(user).filter(pk=person.pk).exists()
    return {
        "visible": True,
        "candidate": candidate,
        "start_for": person if can_start else None,
        "preview_published": JobPreview.objects.filter(
            site_id=candidate.site_id, published=True
        ).exists(),
        "can_edit_preview": can_edit_job_preview(user, candidate.site),
    }
