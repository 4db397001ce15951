"""A new hire at North for onboarding tests: Nina Newhire joins Alpha (led by Lena Leader);
Mira Mentor (at R2) mentors her, Oskar Otheragent supports her first solo contacts. The default
template serves every site.
"""

from datetime import date, timedelta

from django.utils import timezone

from floorwalk.accounts.models import Role
from floorwalk.development.models import Stage, StageAssignment
from floorwalk.experience.models import JobPreview, OnboardingPlan, OnboardingTemplate
from floorwalk.experience.onboarding_services import (
    onboarding_defaults_create,
    onboarding_plan_start,
)
from floorwalk.org.models import Person
from tests.factories import make_person


def default_template() -> OnboardingTemplate:
    return onboarding_defaults_create()[0]


def mentor_at_r2(floor) -> Person:
    StageAssignment.objects.get_or_create(
        person=floor.mentor,
        defaults={"stage": Stage.R2, "set_by": floor.user("leader"), "set_at": timezone.now()},
    )
    return floor.mentor


def new_hire(floor) -> Person:
    existing = Person.objects.filter(display_name="Nina Newhire").first()
    if existing is not None:
        return existing
    return make_person(
        "newhire", Role.AGENT, site=floor.north, team=floor.alpha, display_name="Nina Newhire"
    )


def start_day() -> date:
    return timezone.localdate() - timedelta(days=10)


def ninas_plan(floor, start: date | None = None) -> OnboardingPlan:
    existing = OnboardingPlan.objects.filter(person__display_name="Nina Newhire").first()
    if existing is not None:
        return existing
    return onboarding_plan_start(
        actor=floor.user("leader"),
        template=default_template(),
        start_date=start or start_day(),
        person=new_hire(floor),
        mentor=mentor_at_r2(floor),
        support_person=floor.other_agent,
    )


def north_preview(floor, *, published: bool) -> JobPreview:
    preview, _ = JobPreview.objects.update_or_create(
        site=floor.north,
        defaults={
            "work": "Calls and chats about bills.",
            "typical_day": "Eight hours, two breaks.",
            "best_sides": "Solving things for people.",
            "workload": "Busy Mondays.",
            "measurement": "Availability, skill, customer experience.",
            "published": published,
        },
    )
    return preview
