"""Candidates of the test floor: North hires through Lena (leader) and Max (manager); South's
candidates belong to Fay (far_leader), whom nobody at North may see past."""

from datetime import date

import pytest

from floorwalk.accounts.models import User
from floorwalk.development.models import Competency, CompetencyUse
from floorwalk.hiring.models import Candidate, Interview, InterviewRating, Recommendation
from floorwalk.org.models import Site

APPLIED_ON = date(2025, 3, 3)
INTERVIEWED_ON = date(2025, 3, 10)


def make_competency(name: str, use: str = CompetencyUse.BOTH, *, active: bool = True):
    return Competency.objects.create(
        name=name, definition=f"What {name.lower()} means.", use=use, is_active=active
    )


def make_candidate(site: Site, *, name: str = "Cleo Candidate", **fields) -> Candidate:
    fields.setdefault("applied_on", APPLIED_ON)
    fields.setdefault("created_by", User.objects.get(username="admin"))
    return Candidate.objects.create(name=name, site=site, **fields)


def north_candidate(floor) -> Candidate:
    return make_candidate(floor.north, team=floor.alpha)


def south_candidate(floor) -> Candidate:
    return make_candidate(floor.south, name="Sol Southcandidate", team=floor.gamma)


def make_interview(candidate, interviewer, levels: dict, *, held_on=INTERVIEWED_ON, **fields):
    """An interview with a level per competency (written directly, as history)."""
    fields.setdefault("recommendation", Recommendation.HIRE)
    interview = Interview.objects.create(
        candidate=candidate, interviewer=interviewer, held_on=held_on, **fields
    )
    for competency, level in levels.items():
        InterviewRating.objects.create(
            interview=interview,
            competency=competency,
            level=level,
            evidence=f"{competency.name} at {level}",
        )
    return interview


@pytest.fixture
def screening(db):
    """Two screening competencies (one for both uses), one for development only, one retired."""
    return {
        "listening": make_competency("Active listening", CompetencyUse.BOTH),
        "resilience": make_competency("Resilience", CompetencyUse.SCREEN),
        "product": make_competency("Product knowledge", CompetencyUse.DEVELOP),
        "retired": make_competency("Typing", CompetencyUse.SCREEN, active=False),
    }
