"""Writes of an agent's follow-up: logging observations (with the competency levels they
showed), recording one-to-ones, and assigning and ending mentorships. The page and the API
call these, so the rules and the access checks live here once."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from floorwalk.accounts.models import Role, RoleAssignment, User
from floorwalk.accounts.policy import (
    can_manage_mentoring,
    can_record_one_to_one,
    observation_source_for,
)
from floorwalk.development.cadence_selectors import MENTOR_STAGES, current_mentorships
from floorwalk.development.models import (
    LEVELS,
    Assessment,
    Competency,
    Observation,
    OneToOne,
)
from floorwalk.development.selectors import current_stage
from floorwalk.development.services import check_day
from floorwalk.org.models import Mentorship, Person, PersonStatus
from floorwalk.org.selectors import organisation


@dataclass(frozen=True)
class Rating:
    """A competency level an observation showed, with what showed it."""

    competency: Competency
    level: int
    evidence: str


def _checked_ratings(ratings: Sequence[Rating]) -> None:
    seen: set[int] = set()
    for rating in ratings:
        name = rating.competency.name
        if not rating.competency.is_active:
            raise ValidationError(
                {
                    "ratings": _("%(name)s is no longer in use; rate active competencies.")
                    % {"name": name}
                }
            )
        if rating.competency.pk in seen:
            raise ValidationError(
                {
                    "ratings": _("%(name)s is rated twice; rate each competency once.")
                    % {"name": name}
                }
            )
        seen.add(rating.competency.pk)
        if not LEVELS[0] <= rating.level <= LEVELS[1]:
            raise ValidationError(
                {"ratings": _("The level of %(name)s must be from 1 to 5.") % {"name": name}}
            )
        if not rating.evidence.strip():
            raise ValidationError(
                {
                    "ratings": _("Say what showed level %(level)s of %(name)s.")
                    % {"level": rating.level, "name": name}
                }
            )


@transaction.atomic
def observation_log(
    *,
    actor: User,
    person: Person,
    observed_on: date,
    notes: str,
    ratings: Sequence[Rating] = (),
) -> Observation:
    """Records what the observer saw; each rating becomes an assessment of the agent dated
    the day of the observation, from the source the observer observes as (mentor, leader or
    QA). All or nothing: a bad rating saves neither the observation nor the other ratings."""
    source = observation_source_for(actor, person)
    if source is None:
        raise PermissionDenied
    check_day("observed_on", observed_on, person)
    notes = notes.strip()
    if not notes:
        raise ValidationError({"notes": _("Say what you observed.")})
    _checked_ratings(ratings)
    observation = Observation.objects.create(
        person=person, observer=actor, source=source, observed_on=observed_on, notes=notes
    )
    Assessment.objects.bulk_create(
        Assessment(
            person=person,
            competency=rating.competency,
            level=rating.level,
            source=source,
            evidence=rating.evidence.strip(),
            assessed_by=actor,
            assessed_on=observed_on,
            observation=observation,
        )
        for rating in ratings
    )
    return observation


@transaction.atomic
def one_to_one_record(*, actor: User, person: Person, held_on: date, notes: str = "") -> OneToOne:
    """Records a one-to-one the actor held with the agent; it counts for the cadence."""
    if not can_record_one_to_one(actor, person):
        raise PermissionDenied
    check_day("held_on", held_on, person)
    return OneToOne.objects.create(
        person=person, held_by=actor, held_on=held_on, notes=notes.strip()
    )


def _mentor_problem(mentor: Person, mentee: Person) -> str | None:
    """Why `mentor` may not take `mentee` on, or None: the D5 rules, in the order a leader
    would fix them."""
    if mentor.pk == mentee.pk:
        return _("Nobody can mentor themselves; pick someone else.")
    if mentor.status != PersonStatus.ACTIVE:
        return _("%(name)s is not active (on leave or left) and cannot mentor.") % {
            "name": mentor.display_name
        }
    stage = current_stage(mentor)
    if stage is None:
        return _("%(name)s has no stage yet; mentors must be at R2 or above.") % {
            "name": mentor.display_name
        }
    if stage.stage not in MENTOR_STAGES:
        return _("%(name)s is at %(stage)s; mentors must be at R2 or above.") % {
            "name": mentor.display_name,
            "stage": stage.stage,
        }
    limit = organisation().max_mentees_per_mentor
    guiding = current_mentorships().filter(mentor=mentor).count()
    if guiding >= limit:
        return ngettext(
            "%(name)s already mentors %(count)s person, the most the organisation allows "
            "(%(limit)s).",
            "%(name)s already mentors %(count)s people, the most the organisation allows "
            "(%(limit)s).",
            guiding,
        ) % {"name": mentor.display_name, "count": guiding, "limit": limit}
    return None


@transaction.atomic
def mentorship_assign(*, actor: User, mentee: Person, mentor: Person) -> Mentorship:
    """Makes `mentor` the mentee's mentor from today. The mentor gets the mentor role if they
    lack it: the access policy lets mentors read their mentees through that role."""
    if not can_manage_mentoring(actor, mentee) or not can_manage_mentoring(actor, mentor):
        raise PermissionDenied
    # Lock both people so two leaders assigning at once cannot break the limits.
    list(Person.objects.select_for_update().filter(pk__in=[mentor.pk, mentee.pk]))
    problem = _mentor_problem(mentor, mentee)
    if problem:
        raise ValidationError({"mentor": problem})
    current = current_mentorships().filter(mentee=mentee).select_related("mentor").first()
    if current is not None:
        raise ValidationError(
            {
                "mentee": _(
                    "%(mentee)s already has a mentor (%(mentor)s); end that mentorship first."
                )
                % {"mentee": mentee.display_name, "mentor": current.mentor.display_name}
            }
        )
    RoleAssignment.objects.get_or_create(person=mentor, role=Role.MENTOR)
    return Mentorship.objects.create(mentor=mentor, mentee=mentee, started_on=timezone.localdate())


@transaction.atomic
def mentorship_end(*, actor: User, mentorship: Mentorship) -> Mentorship:
    """Ends the mentorship today; the mentor reads the mentee until the end of the day."""
    if not can_manage_mentoring(actor, mentorship.mentee):
        raise PermissionDenied
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if locked.ended_on is not None:
        raise ValidationError(
            {"ended_on": _("This mentorship already ended on %(day)s.") % {"day": locked.ended_on}}
        )
    locked.ended_on = max(timezone.localdate(), locked.started_on)
    locked.save(update_fields=["ended_on", "updated_at"])
    return locked
