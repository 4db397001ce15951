"""The one access policy: who may read or change what about whom.

Every page, API endpoint and export asks this module, and lists are filtered by the
querysets it builds, so a row the user may not see is never loaded.
"""

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from floorwalk.accounts.models import Role, User
from floorwalk.core.models import ImportKind, ImportRun
from floorwalk.development.models import AssessmentSource
from floorwalk.experience.models import (
    OnboardingPlan,
    OnboardingTask,
    OnboardingTemplate,
    Respondent,
)
from floorwalk.goals.models import Goal, GoalLevel
from floorwalk.hiring.models import Candidate
from floorwalk.org.models import Mentorship, Person, PersonStatus, Queue, Site, Team
from floorwalk.reviews.models import ReviewFeedbackKind
from floorwalk.scheduling.models import BiddingStatus, BiddingWindow, CalendarFeed


class Aspect(StrEnum):
    """A kind of data about a person; roles see different kinds."""

    PROFILE = "profile"  # name, team, queues, tenure, status
    METRICS = "metrics"  # interactions, scorecards
    QA = "qa"  # evaluations and disputes
    SCHEDULE = "schedule"  # forecasts, shifts, preferences
    DEVELOPMENT = "development"  # stage, goals, feedback, coaching
    HR_NOTES = "hr_notes"  # private notes, reviews, candidate data


class Access(StrEnum):
    READ = "read"
    CHANGE = "change"


class Scope(StrEnum):
    SELF = "self"
    MENTEES = "mentees"
    LED_TEAMS = "led_teams"
    OWN_SITE = "own_site"
    EVERYONE = "everyone"


class Feature(StrEnum):
    """A part of the product shown in the navigation."""

    MY_TEAM = "my_team"
    SITE = "site"
    ADMIN = "admin"
    IMPORTS = "imports"
    QA_FORMS = "qa_forms"  # write and version evaluation forms
    QA_EVALUATE = "qa_evaluate"  # evaluate interactions, take part in calibrations
    QA_DISPUTES = "qa_disputes"  # resolve agents' disputes, plan samples, run calibrations
    HIRING = "hiring"  # screen candidates of one's site and decide on them
    AUDIT = "audit"  # read the audit trail of changes


R = frozenset({Access.READ})
RW = frozenset({Access.READ, Access.CHANGE})
ALL_ASPECTS_RW = dict.fromkeys(Aspect, RW)


@dataclass(frozen=True)
class Grant:
    scope: Scope
    aspects: dict[Aspect, frozenset[Access]]

    def allows(self, aspect: Aspect, access: Access) -> bool:
        return access in self.aspects.get(aspect, frozenset())


# What everyone with a person record may see of themselves (never private HR notes).
SELF_GRANT = Grant(
    Scope.SELF,
    {
        Aspect.PROFILE: R,
        Aspect.METRICS: R,
        Aspect.QA: R,
        Aspect.SCHEDULE: RW,
        Aspect.DEVELOPMENT: R,
    },
)

PERSON_GRANTS: dict[Role, tuple[Grant, ...]] = {
    Role.AGENT: (),
    Role.MENTOR: (
        Grant(
            Scope.MENTEES,
            {Aspect.PROFILE: R, Aspect.METRICS: R, Aspect.QA: R, Aspect.DEVELOPMENT: R},
        ),
    ),
    Role.TEAM_LEADER: (Grant(Scope.LED_TEAMS, ALL_ASPECTS_RW),),
    Role.QA_SPECIALIST: (
        Grant(Scope.OWN_SITE, {Aspect.PROFILE: R, Aspect.METRICS: R, Aspect.QA: RW}),
    ),
    Role.PLANNER: (
        Grant(Scope.OWN_SITE, {Aspect.PROFILE: R, Aspect.METRICS: R, Aspect.SCHEDULE: RW}),
    ),
    Role.SITE_MANAGER: (Grant(Scope.OWN_SITE, ALL_ASPECTS_RW),),
    Role.ADMIN: (Grant(Scope.EVERYONE, ALL_ASPECTS_RW),),
}

SITE_STAFF = frozenset({Role.QA_SPECIALIST, Role.PLANNER, Role.SITE_MANAGER})

# Who may import which file: interactions feed the leaders' and planners' work, while the
# organisation itself (people, queues) is the administrators' to change.
IMPORT_ROLES: dict[ImportKind, frozenset[Role]] = {
    ImportKind.INTERACTIONS: frozenset({Role.TEAM_LEADER, Role.PLANNER, Role.ADMIN}),
    ImportKind.PEOPLE: frozenset({Role.ADMIN}),
    ImportKind.QUEUES: frozenset({Role.ADMIN}),
    ImportKind.QA_EVALUATIONS: frozenset({Role.QA_SPECIALIST, Role.ADMIN}),
    # Interval history for sites whose records predate Floorwalk: the planners' forecasts.
    ImportKind.VOLUMES: frozenset({Role.PLANNER, Role.ADMIN}),
    # The platform's agent states: adherence to the published schedule.
    ImportKind.AGENT_STATES: frozenset({Role.TEAM_LEADER, Role.PLANNER, Role.ADMIN}),
    # Customer compliments from the feedback channels: those who enter them by hand.
    ImportKind.COMPLIMENTS: frozenset({Role.TEAM_LEADER, Role.QA_SPECIALIST, Role.ADMIN}),
}

FEATURE_ROLES: dict[Feature, frozenset[Role]] = {
    Feature.MY_TEAM: frozenset({Role.TEAM_LEADER}),
    Feature.SITE: SITE_STAFF | {Role.ADMIN},
    Feature.ADMIN: frozenset({Role.ADMIN}),
    Feature.IMPORTS: frozenset().union(*IMPORT_ROLES.values()),
    Feature.QA_FORMS: frozenset({Role.QA_SPECIALIST, Role.ADMIN}),
    Feature.QA_EVALUATE: frozenset({Role.QA_SPECIALIST, Role.TEAM_LEADER, Role.ADMIN}),
    Feature.QA_DISPUTES: frozenset({Role.QA_SPECIALIST, Role.ADMIN}),
    Feature.HIRING: frozenset({Role.TEAM_LEADER, Role.SITE_MANAGER, Role.ADMIN}),
    Feature.AUDIT: frozenset({Role.SITE_MANAGER, Role.ADMIN}),
}


def roles_of(user: User) -> frozenset[Role]:
    """The user's roles, read once per request object."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, "_floorwalk_roles", None)
    if cached is None:
        roles = set()
        if user.person_id is not None:
            roles = {
                Role(code)
                for code in user.person.role_assignments.values_list("role", flat=True)  # type: ignore[union-attr]
            }
        if user.is_superuser:
            roles.add(Role.ADMIN)
        cached = frozenset(roles)
        user._floorwalk_roles = cached  # type: ignore[attr-defined]
    return cached


def is_admin(user: User) -> bool:
    return Role.ADMIN in roles_of(user)


def features_for(user: User) -> frozenset[Feature]:
    roles = roles_of(user)
    return frozenset(feature for feature, allowed in FEATURE_ROLES.items() if roles & allowed)


def has_feature(user: User, feature: Feature) -> bool:
    return feature in features_for(user)


def _scope_q(user: User, scope: Scope) -> Q | None:
    person_id = user.person_id
    if scope is Scope.EVERYONE:
        return Q(pk__isnull=False)  # matches every row, and still ORs (an empty Q would vanish)
    if person_id is None:
        return None
    if scope is Scope.SELF:
        return Q(pk=person_id)
    if scope is Scope.MENTEES:
        today = timezone.localdate()
        active = Mentorship.objects.filter(mentor_id=person_id, started_on__lte=today).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today)
        )
        return Q(pk__in=active.values("mentee_id"))
    if scope is Scope.LED_TEAMS:
        return Q(team__leader_id=person_id)
    if scope is Scope.OWN_SITE:
        return Q(site_id=user.person.site_id)  # type: ignore[union-attr]
    raise AssertionError(scope)


def _grants_for(user: User) -> list[Grant]:
    if not user.is_authenticated or not user.is_active:
        return []
    grants = [SELF_GRANT] if user.person_id else []
    for role in roles_of(user):
        grants.extend(PERSON_GRANTS[role])
    return grants


def person_filter(
    user: User, aspect: Aspect = Aspect.PROFILE, access: Access = Access.READ
) -> Q | None:
    """The condition on Person rows this user may `access` for `aspect`; None means none."""
    conditions = [
        _scope_q(user, grant.scope) for grant in _grants_for(user) if grant.allows(aspect, access)
    ]
    allowed = [condition for condition in conditions if condition is not None]
    if not allowed:
        return None
    combined = allowed[0]
    for condition in allowed[1:]:
        combined |= condition
    return combined


def people_for(
    user: User, aspect: Aspect = Aspect.PROFILE, access: Access = Access.READ
) -> QuerySet[Person]:
    condition = person_filter(user, aspect, access)
    if condition is None:
        return Person.objects.none()
    return Person.objects.filter(condition)


def can_access_person(
    user: User, person: Person, aspect: Aspect = Aspect.PROFILE, access: Access = Access.READ
) -> bool:
    return people_for(user, aspect, access).filter(pk=person.pk).exists()


def person_for_user_or_404(
    user: User, pk: int, aspect: Aspect = Aspect.PROFILE, access: Access = Access.READ
) -> Person:
    """The person, or 404 when they don't exist or the user may not see them (no leak)."""
    person = people_for(user, aspect, access).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def teams_for(user: User, access: Access = Access.READ) -> QuerySet[Team]:
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return Team.objects.all()
    if user.person_id is None:
        return Team.objects.none()
    site_id = user.person.site_id  # type: ignore[union-attr]
    condition = Q(pk__in=[])
    if access is Access.READ:
        if Role.TEAM_LEADER in roles:
            condition |= Q(leader_id=user.person_id)
        if roles & SITE_STAFF:
            condition |= Q(site_id=site_id)
    elif Role.SITE_MANAGER in roles:
        condition |= Q(site_id=site_id)
    return Team.objects.filter(condition)


def development_teams_for(user: User) -> QuerySet[Team]:
    """Teams whose development the user oversees as a whole: the teams they lead, every team
    of their site for site managers, all teams for administrators."""
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return Team.objects.all()
    if user.person_id is None:
        return Team.objects.none()
    condition = Q(pk__in=[])
    if Role.TEAM_LEADER in roles:
        condition |= Q(leader_id=user.person_id)
    if Role.SITE_MANAGER in roles:
        condition |= Q(site_id=user.person.site_id)  # type: ignore[union-attr]
    return Team.objects.filter(condition)


def team_for_user_or_404(user: User, pk: int, access: Access = Access.READ) -> Team:
    team = teams_for(user, access).filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


def sites_for(user: User, access: Access = Access.READ) -> QuerySet[Site]:
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return Site.objects.all()
    if access is Access.READ and roles & SITE_STAFF and user.person_id is not None:
        return Site.objects.filter(pk=user.person.site_id)  # type: ignore[union-attr]
    return Site.objects.none()


def site_for_user_or_404(user: User, pk: int, access: Access = Access.READ) -> Site:
    site = sites_for(user, access).filter(pk=pk).first()
    if site is None:
        raise Http404
    return site


def queues_for(user: User) -> QuerySet[Queue]:
    """The queues of the user's own site (every site's for an administrator)."""
    if is_admin(user):
        return Queue.objects.all()
    if user.person_id is None:
        return Queue.objects.none()
    return Queue.objects.filter(site_id=user.person.site_id)  # type: ignore[union-attr]


def import_kinds_for(user: User) -> list[ImportKind]:
    """The kinds of file this user may import, in the order a new site imports them."""
    roles = roles_of(user)
    return [kind for kind, allowed in IMPORT_ROLES.items() if roles & allowed]


def can_start_import(user: User, kind: ImportKind) -> bool:
    return bool(roles_of(user) & IMPORT_ROLES.get(kind, frozenset()))


def import_runs_for(user: User) -> QuerySet[ImportRun]:
    """Imports the user started; administrators see everyone's.

    A run's files (the upload and its rejected rows) are visible exactly with the run.
    """
    if not user.is_authenticated or not user.is_active:
        return ImportRun.objects.none()
    if is_admin(user):
        return ImportRun.objects.all()
    return ImportRun.objects.filter(created_by=user)


def import_run_for_user_or_404(user: User, pk: int) -> ImportRun:
    run = import_runs_for(user).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


# ---- QA: who may evaluate whom, dispute, and resolve disputes --------------------------------


def _excluding_self(user: User, people: QuerySet[Person]) -> QuerySet[Person]:
    return people if user.person_id is None else people.exclude(pk=user.person_id)


def qa_evaluable_people(user: User) -> QuerySet[Person]:
    """The agents this user may evaluate: QA change access, an evaluator's role, never oneself.

    An evaluation names its evaluator, so a login without a person record evaluates nobody.
    """
    if user.person_id is None or not has_feature(user, Feature.QA_EVALUATE):
        return Person.objects.none()
    return _excluding_self(user, people_for(user, Aspect.QA, Access.CHANGE))


def can_evaluate(user: User, agent: Person) -> bool:
    return qa_evaluable_people(user).filter(pk=agent.pk).exists()


def qa_dispute_resolvable_people(user: User) -> QuerySet[Person]:
    """Agents whose disputes this user may resolve: QA specialists of their site, admins."""
    if not has_feature(user, Feature.QA_DISPUTES):
        return Person.objects.none()
    return _excluding_self(user, people_for(user, Aspect.QA, Access.CHANGE))


def can_resolve_dispute(user: User, agent: Person) -> bool:
    return qa_dispute_resolvable_people(user).filter(pk=agent.pk).exists()


def can_dispute(user: User, agent: Person) -> bool:
    """Only the evaluated agent disputes their own evaluation."""
    return user.is_authenticated and user.is_active and user.person_id == agent.pk


# ---- Competencies: who edits the framework, who assesses whom --------------------------------

FRAMEWORK_EDITORS = frozenset({Role.SITE_MANAGER, Role.ADMIN})


def can_edit_framework(user: User) -> bool:
    """Site managers and administrators shape the competency framework; everyone reads it."""
    return bool(roles_of(user) & FRAMEWORK_EDITORS)


def assessment_source_for(user: User, person: Person) -> AssessmentSource | None:
    """As what this user records a direct competency assessment of `person`, or None when
    they may not: those who lead the agent (team leader, site manager, administrators) as a
    leader's review, QA specialists of the agent's site as QA. Mentors assess through
    observations; nobody assesses themselves, and an assessment names its assessor, so a
    login without a person record assesses nobody."""
    if user.person_id is None or user.person_id == person.pk:
        return None
    return _leading_source(user, person)


def assessable_people(user: User) -> QuerySet[Person]:
    """Everyone `assessment_source_for` gives a source for, as one queryset."""
    if user.person_id is None:
        return Person.objects.none()
    condition = person_filter(user, Aspect.DEVELOPMENT, Access.CHANGE) or Q(pk__in=[])
    if Role.QA_SPECIALIST in roles_of(user):
        condition |= person_filter(user, Aspect.QA, Access.CHANGE) or Q(pk__in=[])
    return Person.objects.filter(condition).exclude(pk=user.person_id)


def _leading_source(user: User, person: Person) -> AssessmentSource | None:
    """LEADER for those who may change the agent's development data, QA for a QA specialist
    who may evaluate them, else None."""
    if can_access_person(user, person, Aspect.DEVELOPMENT, Access.CHANGE):
        return AssessmentSource.LEADER
    if Role.QA_SPECIALIST in roles_of(user) and can_access_person(
        user, person, Aspect.QA, Access.CHANGE
    ):
        return AssessmentSource.QA
    return None


# ---- Development follow-up: observations, one-to-ones, mentorships ---------------------------


def _has_active_mentorship(mentor_id: int, mentee_id: int) -> bool:
    today = timezone.localdate()
    return (
        Mentorship.objects.filter(mentor_id=mentor_id, mentee_id=mentee_id, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .exists()
    )


def observation_source_for(user: User, person: Person) -> AssessmentSource | None:
    """As whom this user observes the agent, or None if they may not: their active mentor
    (MENTOR), those who lead them (LEADER) or a QA specialist of their site (QA). Nobody
    observes themselves. The mentorship is the most specific relation, so it is named first
    when a person holds several."""
    if not user.is_authenticated or not user.is_active or user.person_id == person.pk:
        return None
    if (
        Role.MENTOR in roles_of(user)
        and user.person_id is not None
        and _has_active_mentorship(user.person_id, person.pk)
    ):
        return AssessmentSource.MENTOR
    return _leading_source(user, person)


def can_record_one_to_one(user: User, person: Person) -> bool:
    """One-to-ones are held by those who lead the agent (development change), never with
    oneself."""
    return user.person_id != person.pk and can_access_person(
        user, person, Aspect.DEVELOPMENT, Access.CHANGE
    )


def can_read_one_to_ones(user: User, person: Person) -> bool:
    """A one-to-one is between the agent and those who lead them: the agent reads their own,
    the leaders theirs. A mentor reads the mentee's observations, not these conversations."""
    if user.is_authenticated and user.is_active and user.person_id == person.pk:
        return True
    return can_access_person(user, person, Aspect.DEVELOPMENT, Access.CHANGE)


def can_read_private_one_to_one_notes(user: User, person: Person) -> bool:
    """Private notes of a one-to-one are for those who lead the agent: never the agent
    themselves, whatever other role they hold."""
    return can_record_one_to_one(user, person)


def can_acknowledge_one_to_one(user: User, person: Person) -> bool:
    """Only the agent acknowledges they have read what was shared with them."""
    return user.is_authenticated and user.is_active and user.person_id == person.pk


def feedback_colleagues_for(user: User) -> QuerySet[Person]:
    """Whom this user may give feedback to or ask it from: the active people of their own
    site, never themselves. Someone without a person record takes no part."""
    if not (user.is_authenticated and user.is_active) or user.person_id is None:
        return Person.objects.none()
    own_site = Person.objects.filter(pk=user.person_id).values("site_id")
    return Person.objects.filter(site_id__in=own_site, status=PersonStatus.ACTIVE).exclude(
        pk=user.person_id
    )


def feedback_visible_condition(user: User) -> Q | None:
    """Which feedback this user reads: what they gave, what they received, and what those
    they lead received. None: nothing."""
    if not (user.is_authenticated and user.is_active):
        return None
    led = people_for(user, Aspect.DEVELOPMENT, Access.CHANGE)
    condition = Q(given_to__in=led)
    if user.person_id is not None:
        condition |= Q(given_by_id=user.person_id) | Q(given_to_id=user.person_id)
    return condition


def mentoring_people_for(user: User) -> QuerySet[Person]:
    """Whom this user may assign a mentor to (or take one from), and pick as a mentor: the
    people whose development they may change (team leaders their teams, site managers their
    site, administrators everyone)."""
    return people_for(user, Aspect.DEVELOPMENT, Access.CHANGE)


def can_manage_mentoring(user: User, mentee: Person) -> bool:
    return mentoring_people_for(user).filter(pk=mentee.pk).exists()


def mentorships_for(user: User) -> QuerySet[Mentorship]:
    """Mentorships this user sees: those of mentees whose development they read, and their
    own as a mentor."""
    readable = people_for(user, Aspect.DEVELOPMENT, Access.READ)
    condition = Q(mentee__in=readable)
    if user.is_authenticated and user.person_id is not None:
        condition |= Q(mentor_id=user.person_id)
    return Mentorship.objects.filter(condition)


# ---- hiring: candidate data is HR data of the hiring site ------------------------------------


def hiring_sites_for(user: User) -> QuerySet[Site]:
    """The sites whose candidates this user sees and decides on: the site a manager manages,
    the sites where a team leader leads a team, every site for administrators. Other roles
    (agents, mentors, QA, planners) never see candidate data."""
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return Site.objects.all()
    if user.person_id is None:
        return Site.objects.none()
    condition = Q(pk__in=[])
    if Role.SITE_MANAGER in roles:
        condition |= Q(pk=user.person.site_id)  # type: ignore[union-attr]
    if Role.TEAM_LEADER in roles:
        condition |= Q(teams__leader_id=user.person_id)
    return Site.objects.filter(condition).distinct()


def candidates_for(user: User) -> QuerySet[Candidate]:
    """The candidates this user may read and manage (HR-notes read and change alike)."""
    return Candidate.objects.filter(site__in=hiring_sites_for(user))


def can_manage_candidate(user: User, candidate: Candidate) -> bool:
    return candidates_for(user).filter(pk=candidate.pk).exists()


def candidate_for_user_or_404(user: User, pk: int) -> Candidate:
    """The candidate, or 404 when they don't exist or are outside the user's sites."""
    candidate = candidates_for(user).select_related("site", "team", "person").filter(pk=pk).first()
    if candidate is None:
        raise Http404
    return candidate


def hiring_teams_for(user: User, candidate: Candidate) -> QuerySet[Team]:
    """The teams a candidate may join: those of the hiring site, if the user manages it."""
    if not can_manage_candidate(user, candidate):
        return Team.objects.none()
    return Team.objects.filter(site_id=candidate.site_id)


# ---- reviews: written by those who lead the person, calibrated by managers ------------------


def can_write_review(user: User, person: Person) -> bool:
    """Reviews are HR data: those who may change the person's HR notes (their team leader,
    the site manager, administrators) write and release them; never one's own."""
    return user.person_id != person.pk and can_access_person(
        user, person, Aspect.HR_NOTES, Access.CHANGE
    )


def can_open_review_cycle(user: User) -> bool:
    """Site managers and administrators open review cycles; leaders then start the reviews."""
    return bool(roles_of(user) & {Role.SITE_MANAGER, Role.ADMIN})


def can_calibrate_review(user: User, person: Person) -> bool:
    """Calibration is a manager's: site managers of the person's site and administrators."""
    return bool(roles_of(user) & {Role.SITE_MANAGER, Role.ADMIN}) and can_write_review(user, person)


def review_feedback_kind_for(user: User, person: Person) -> ReviewFeedbackKind | None:
    """Which feedback the user gives for `person`'s review: their own self-assessment, peer
    feedback from a teammate, upward feedback from an agent of a team the person leads."""
    if user.person_id is None or not user.is_active:
        return None
    author = user.person
    if author.pk == person.pk:  # type: ignore[union-attr]
        return ReviewFeedbackKind.SELF
    if author.team_id is not None and author.team_id == person.team_id:  # type: ignore[union-attr]
        return ReviewFeedbackKind.PEER
    if author.team is not None and author.team.leader_id == person.pk:  # type: ignore[union-attr]
        return ReviewFeedbackKind.UPWARD
    return None


# ---- Coaching: who coaches an agent, who reads their sessions, whose effects a user sums ----


def can_coach(user: User, person: Person) -> bool:
    """Coaches are those who may observe the agent: their team leader, their active mentor, a
    QA specialist of their site, their site manager and administrators; never oneself."""
    return observation_source_for(user, person) is not None


def can_read_coaching(user: User, person: Person) -> bool:
    """The agent reads their own sessions; whoever reads their development or may coach them
    reads them too. No other agent ever does."""
    return can_access_person(user, person, Aspect.DEVELOPMENT, Access.READ) or can_coach(
        user, person
    )


def can_request_coaching(user: User, person: Person) -> bool:
    """Only the agent asks for coaching for themselves."""
    return user.is_authenticated and user.is_active and user.person_id == person.pk


COACHING_SUMMARY_ROLES = frozenset({Role.TEAM_LEADER, Role.SITE_MANAGER, Role.ADMIN})


def can_read_coaching_summary(user: User) -> bool:
    return bool(roles_of(user) & COACHING_SUMMARY_ROLES)


def coaching_summary_filter(user: User) -> Q | None:
    """Which coaching sessions a user's effect summary covers (on CoachingSession rows):
    administrators every session, site managers those of their site's agents, team leaders
    the sessions they held themselves; None for everyone else."""
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return Q(pk__isnull=False)
    condition = Q(pk__in=[])
    if Role.SITE_MANAGER in roles and user.person_id is not None:
        condition |= Q(agent__site_id=user.person.site_id)  # type: ignore[union-attr]
    if Role.TEAM_LEADER in roles:
        condition |= Q(coach_id=user.pk)
    return condition if roles & COACHING_SUMMARY_ROLES else None


# --------------------------------------------------------------------------------------------
# Goals
# --------------------------------------------------------------------------------------------

GOAL_SETTER_ROLES = frozenset({Role.TEAM_LEADER, Role.SITE_MANAGER, Role.ADMIN})
OBJECTIVE_SETTER_ROLES = frozenset({Role.SITE_MANAGER, Role.ADMIN})


def can_set_goals(user: User) -> bool:
    """Team leaders, site managers and administrators set goals (agents never their own)."""
    return bool(roles_of(user) & GOAL_SETTER_ROLES)


def can_set_objectives(user: User) -> bool:
    return bool(roles_of(user) & OBJECTIVE_SETTER_ROLES)


def can_export_bonuses(user: User) -> bool:
    """Bonuses go to payroll from the site managers (their site's goals) and administrators."""
    return bool(roles_of(user) & {Role.SITE_MANAGER, Role.ADMIN})


def goal_queues_for(user: User) -> QuerySet[Queue]:
    """Queues whose goals the user sets: their site's, for leaders and managers."""
    return queues_for(user) if can_set_goals(user) else Queue.objects.none()


def goals_for(user: User) -> QuerySet[Goal]:
    """The goals this user may read: organisation objectives (everyone with a person record),
    team goals of the teams whose people's development they read or oversee, individual goals
    of the people whose development they read (self, mentees, led teams, site), and queue
    goals of their site for leaders and managers."""
    if is_admin(user):
        return Goal.objects.all()
    if user.person_id is None:
        return Goal.objects.none()
    readable_people = people_for(user, Aspect.DEVELOPMENT, Access.READ)
    condition = Q(level=GoalLevel.OBJECTIVE, team__isnull=True, queue__isnull=True)
    condition |= Q(team__in=development_teams_for(user))
    condition |= Q(level=GoalLevel.TEAM, team_id__in=readable_people.values("team_id"))
    condition |= Q(person__in=readable_people)
    condition |= Q(queue__in=goal_queues_for(user))
    return Goal.objects.filter(condition).distinct()


def can_change_goal(user: User, goal: Goal) -> bool:
    """Who may change a goal: objectives their setters; a team goal whoever oversees the
    team; an individual goal whoever may change the agent's development (never the agent);
    a queue goal leaders and managers of the queue's site."""
    if is_admin(user):
        return True
    if not can_set_goals(user):
        return False
    if goal.person_id is not None:
        return goal_people_for(user).filter(pk=goal.person_id).exists()
    if goal.team_id is not None:
        return development_teams_for(user).filter(pk=goal.team_id).exists()
    if goal.queue_id is not None:
        return goal_queues_for(user).filter(pk=goal.queue_id).exists()
    return can_set_objectives(user)


def goal_for_user_or_404(user: User, pk: int) -> Goal:
    """The goal, or 404 when it doesn't exist or the user may not read it (no leak)."""
    goal = goals_for(user).select_related("person", "team", "queue", "parent").filter(pk=pk).first()
    if goal is None:
        raise Http404
    return goal


def goal_people_for(user: User) -> QuerySet[Person]:
    """Agents whose individual goals the user sets: whose development they may change."""
    if not can_set_goals(user):
        return Person.objects.none()
    people = people_for(user, Aspect.DEVELOPMENT, Access.CHANGE)
    return people.exclude(pk=user.person_id) if user.person_id else people


# Development plans ---------------------------------------------------------------------------


def can_edit_development_plan(user: User, person: Person) -> bool:
    """A plan is built and updated by those who lead the agent, never by the agent."""
    return user.person_id != person.pk and can_access_person(
        user, person, Aspect.DEVELOPMENT, Access.CHANGE
    )


def can_read_development_plan(user: User, person: Person) -> bool:
    """The agent, their mentor and those who lead them read the plan."""
    return can_access_person(user, person, Aspect.DEVELOPMENT, Access.READ)


def can_acknowledge_review(user: User, person: Person) -> bool:
    """Only the reviewed person acknowledges they have read their released review."""
    return user.is_authenticated and user.is_active and user.person_id == person.pk


def can_write_reviews(user: User) -> bool:
    """Whether the user writes anyone's review at all (see `can_write_review`)."""
    people = people_for(user, Aspect.HR_NOTES, Access.CHANGE)
    return people.exclude(pk=user.person_id or 0).exists()


# Digest ----------------------------------------------------------------------------------------

DIGEST_ROLES = frozenset({Role.TEAM_LEADER, Role.SITE_MANAGER, Role.ADMIN})


def can_read_digests(user: User) -> bool:
    """Team leaders, site managers and administrators get team digests; QA specialists and
    planners read teams for their own work, not their leaders' follow-up."""
    return bool(roles_of(user) & DIGEST_ROLES)


def digest_teams_for(user: User) -> QuerySet[Team]:
    """The teams whose digest the user reads: those they lead, every team of their site for a
    site manager, all teams for administrators."""
    if not can_read_digests(user):
        return Team.objects.none()
    return development_teams_for(user)


def digest_team_for_user_or_404(user: User, pk: int) -> Team:
    team = digest_teams_for(user).select_related("site", "leader").filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


# Workforce planning: forecasts, staffing targets, required staff ------------------------------

WORKFORCE_PLANNER_ROLES = frozenset({Role.PLANNER, Role.SITE_MANAGER})


def wfm_queues_for(user: User) -> QuerySet[Queue]:
    """Queues whose forecast, required staff and expected service level the user reads:
    everyone reads their own site's (a good service level is a shared success), an
    administrator every site's."""
    return queues_for(user)


def wfm_sites_for(user: User) -> QuerySet[Site]:
    """Sites whose planning (special days, history) the user reads: their own, or every site
    for an administrator."""
    if is_admin(user):
        return Site.objects.all()
    if user.person_id is None:
        return Site.objects.none()
    return Site.objects.filter(pk=user.person.site_id)  # type: ignore[union-attr]


def can_plan_workforce(user: User, site: Site) -> bool:
    """Run forecasts, adjust them, set staffing targets, special days and history: the site's
    planners and manager, and administrators."""
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return True
    if not roles & WORKFORCE_PLANNER_ROLES or user.person_id is None:
        return False
    return user.person.site_id == site.pk  # type: ignore[union-attr]


def planned_queues_for(user: User) -> QuerySet[Queue]:
    """Queues whose forecasts and targets the user changes."""
    if is_admin(user):
        return Queue.objects.all()
    if not roles_of(user) & WORKFORCE_PLANNER_ROLES:
        return Queue.objects.none()
    return queues_for(user)


def wfm_queue_for_user_or_404(user: User, pk: int) -> Queue:
    """The queue, or 404 when it doesn't exist or its site's planning isn't the user's."""
    queue = wfm_queues_for(user).select_related("site").filter(pk=pk).first()
    if queue is None:
        raise Http404
    return queue


def wfm_site_for_user_or_404(user: User, pk: int) -> Site:
    site = wfm_sites_for(user).filter(pk=pk).first()
    if site is None:
        raise Http404
    return site


# Scheduling -----------------------------------------------------------------------------------
# Shift templates, labour rules and contracts are the planners' (and administrators') to set;
# leaders and managers of the site read them. Constraints and preferences follow the schedule
# aspect: the agent enters their own, whoever may change the agent's schedule decides on them.

SCHEDULE_SETUP_EDITORS = frozenset({Role.PLANNER})
SCHEDULE_SETUP_READERS = frozenset({Role.TEAM_LEADER, Role.PLANNER, Role.SITE_MANAGER})
SCHEDULE_EDITORS = frozenset({Role.PLANNER, Role.SITE_MANAGER})


def schedule_setup_sites_for(user: User, access: Access = Access.READ) -> QuerySet[Site]:
    """Sites whose shift templates, labour rules and contracts the user reads (leaders,
    planners, managers of their own site) or changes (planners of their own site); all sites
    for administrators."""
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return Site.objects.all()
    allowed = SCHEDULE_SETUP_READERS if access is Access.READ else SCHEDULE_SETUP_EDITORS
    if user.person_id is None or not roles & allowed:
        return Site.objects.none()
    return Site.objects.filter(pk=user.person.site_id)  # type: ignore[union-attr]


def can_manage_schedule_setup(user: User, site: Site) -> bool:
    return schedule_setup_sites_for(user, Access.CHANGE).filter(pk=site.pk).exists()


def schedule_sites_for(user: User, access: Access = Access.READ) -> QuerySet[Site]:
    """Sites whose schedules the user reads (leaders, planners, managers: their own site) or
    drafts and changes (planners and managers of their site); all for administrators."""
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return Site.objects.all()
    allowed = SCHEDULE_SETUP_READERS if access is Access.READ else SCHEDULE_EDITORS
    if user.person_id is None or not roles & allowed:
        return Site.objects.none()
    return Site.objects.filter(pk=user.person.site_id)  # type: ignore[union-attr]


def schedule_people_for(user: User, access: Access = Access.READ) -> QuerySet[Person]:
    """Whose shifts, constraints and preferences the user reads or changes."""
    return people_for(user, Aspect.SCHEDULE, access)


def can_decide_schedule_requests(user: User, person: Person) -> bool:
    """Who approves, rejects or directly sets an agent's constraints and preferences: those
    who may change the agent's schedule (their team leader, the site's planners and manager,
    administrators), never the agent themselves."""
    return user.person_id != person.pk and can_access_person(
        user, person, Aspect.SCHEDULE, Access.CHANGE
    )


def schedule_deciders_people_for(user: User) -> QuerySet[Person]:
    """Everyone whose requests the user decides on (see `can_decide_schedule_requests`)."""
    people = schedule_people_for(user, Access.CHANGE)
    return people.exclude(pk=user.person_id) if user.person_id else people


def can_enter_own_schedule_requests(user: User, person: Person) -> bool:
    """An agent enters their own constraints and preferences, pending their leader's word."""
    return user.is_authenticated and user.is_active and user.person_id == person.pk


def can_publish_schedule(user: User, site: Site, people: QuerySet[Person]) -> bool:
    """Humans decide: planners and managers of the site and administrators publish a
    schedule, and so does a team leader of the site whose team has shifts in it (`people`:
    those with shifts)."""
    if schedule_sites_for(user, Access.CHANGE).filter(pk=site.pk).exists():
        return True
    return (
        Role.TEAM_LEADER in roles_of(user)
        and user.person_id is not None
        and user.person.site_id == site.pk  # type: ignore[union-attr]
        and people.filter(team__leader_id=user.person_id).exists()
    )


def can_change_scheduled_shift(user: User, site: Site, person: Person) -> bool:
    """A shift is changed by the site's schedulers (planners, managers, administrators) or by
    whoever may change the agent's schedule, never by the agent on their own shift."""
    if schedule_sites_for(user, Access.CHANGE).filter(pk=site.pk).exists():
        return True
    return can_decide_schedule_requests(user, person)


def calendar_feed_person_or_404(token: str) -> Person:
    """Whose calendar a feed token opens. The token is the credential (no session): unknown,
    reset (revoked) tokens and people who have left or lost their login give a 404."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    feed = (
        CalendarFeed.objects.select_related("person")
        .filter(token_hash=digest, person__status__in=[PersonStatus.ACTIVE, PersonStatus.ON_LEAVE])
        .first()
    )
    if feed is None or not hmac.compare_digest(feed.token_hash, digest):
        raise Http404
    login = User.objects.filter(person_id=feed.person_id, is_active=True).first()
    if login is None or not can_access_person(login, feed.person, Aspect.SCHEDULE, Access.READ):
        raise Http404
    return feed.person


def can_read_schedules(user: User) -> bool:
    """Whether the user reads site schedules and their set-up at all (the navigation asks)."""
    return bool(roles_of(user) & (SCHEDULE_SETUP_READERS | {Role.ADMIN}))


def can_generate_schedule(user: User, site: Site) -> bool:
    """Who runs the generator on a site's draft and reads its runs and fairness ledger: those
    who draft the site's schedules (planners and managers of the site, administrators)."""
    return schedule_sites_for(user, Access.CHANGE).filter(pk=site.pk).exists()


# Self-scheduling ------------------------------------------------------------------------------
# A bidding window is opened and closed by those who draft the site's schedules; the site's
# leaders read it; an agent sees their own site's open windows and picks in those where they
# have a turn.


def bidding_windows_for(user: User) -> QuerySet[BiddingWindow]:
    """Windows the user sees: every window of the sites whose schedules they read, and the
    open windows of their own site for anyone else working there (agents)."""
    readable = Q(schedule__site__in=schedule_sites_for(user))
    if user.person_id is not None:
        readable |= Q(
            schedule__site_id=user.person.site_id,  # type: ignore[union-attr]
            status=BiddingStatus.OPEN,
        )
    return BiddingWindow.objects.filter(readable).select_related("schedule__site")


def can_manage_bidding(user: User, site: Site) -> bool:
    """Opening and closing a window: those who generate the site's schedules."""
    return can_generate_schedule(user, site)


def can_bid(user: User, window: BiddingWindow) -> bool:
    """Picking and dropping in a window: an agent with a turn in it, while it is open."""
    return (
        user.person_id is not None
        and window.status == BiddingStatus.OPEN
        and window.turns.filter(person_id=user.person_id).exists()
    )


# Shift swaps and offers ------------------------------------------------------------------------
# An agent trades their own published shifts with colleagues of their site who are agents too;
# nobody's shift changes without its owner's consent. A trade that cannot be approved by itself
# goes to whoever may change the schedules of both agents (their team leader when they share
# one, the site's planners and manager, administrators).


def can_trade_shifts(user: User, person: Person) -> bool:
    """The agent offers, swaps, takes and accepts for themselves only."""
    return (
        user.is_authenticated
        and user.is_active
        and user.person_id == person.pk
        and person.status == PersonStatus.ACTIVE
        and Role.AGENT in roles_of(user)
    )


def shift_trade_colleagues(person: Person) -> QuerySet[Person]:
    """Whom an agent may trade with: the other active agents of their site."""
    return (
        Person.objects.filter(
            site_id=person.site_id,
            status=PersonStatus.ACTIVE,
            role_assignments__role=Role.AGENT,
        )
        .exclude(pk=person.pk)
        .distinct()
    )


def can_decide_shift_trade(user: User, people: Iterable[Person]) -> bool:
    """Who approves or rejects a swap or offer the checks sent to a human: someone who may
    decide on the schedule requests of every agent it moves a shift between."""
    return all(can_decide_schedule_requests(user, person) for person in people)


# ---- Recognition: kudos, customer compliments, team walls -----------------------------------

COMPLIMENT_ENTERERS = frozenset({Role.TEAM_LEADER, Role.QA_SPECIALIST, Role.ADMIN})


def kudos_recipients_for(user: User) -> QuerySet[Person]:
    """Whom this user may send kudos: the active colleagues of their site, never themselves."""
    return feedback_colleagues_for(user)


def recognition_teams_for(user: User) -> QuerySet[Team]:
    """Whose team wall this user reads: their own team's, the teams they lead, every team of
    their site for site managers, all teams for administrators."""
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return Team.objects.all()
    if user.person_id is None:
        return Team.objects.none()
    own_team = Person.objects.filter(pk=user.person_id).values("team_id")
    condition = Q(leader_id=user.person_id) | Q(pk__in=own_team)
    if Role.SITE_MANAGER in roles:
        condition |= Q(site_id=user.person.site_id)  # type: ignore[union-attr]
    return Team.objects.filter(condition)


def recognition_team_for_user_or_404(user: User, pk: int) -> Team:
    team = recognition_teams_for(user).filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


def recognition_visible_condition(user: User, field: str) -> Q | None:
    """Which recognition rows (kudos by their recipient `field`, compliments by their agent)
    this user reads: their own, and those of the members of the teams whose wall they read.
    None: nothing."""
    if not (user.is_authenticated and user.is_active):
        return None
    condition = Q(**{f"{field}__team__in": recognition_teams_for(user)})
    if user.person_id is not None:
        condition |= Q(**{f"{field}_id": user.person_id})
    return condition


def compliment_agents_for(user: User) -> QuerySet[Person]:
    """For whom this user may enter a customer compliment: team leaders their teams, QA
    specialists their site, administrators everyone; never themselves."""
    if not (roles_of(user) & COMPLIMENT_ENTERERS):
        return Person.objects.none()
    return _excluding_self(user, people_for(user, Aspect.METRICS))


def can_enter_compliments(user: User) -> bool:
    return bool(roles_of(user) & COMPLIMENT_ENTERERS)


def can_compare_recognition(user: User, team: Team) -> bool:
    """Agents are compared (compliments per 100 contacts, within one stage) only for those who
    read every member's metrics as their leader: the team leader, site managers, admins."""
    if not (roles_of(user) & {Role.TEAM_LEADER, Role.SITE_MANAGER, Role.ADMIN}):
        return False
    members = Person.objects.filter(team=team)
    return not members.exclude(pk__in=people_for(user, Aspect.DEVELOPMENT, Access.CHANGE)).exists()


# ---- Boundary incidents: the agent, their leader, site manager and admins -------------------


def boundary_incident_condition(user: User) -> Q | None:
    """Which incidents this user sees: their own, and those of the agents whose development
    they change (team leaders their teams, site managers their site, admins all). Peers,
    mentors, QA and planners see none. None: nothing."""
    if not (user.is_authenticated and user.is_active):
        return None
    condition = Q(agent__in=people_for(user, Aspect.DEVELOPMENT, Access.CHANGE))
    if user.person_id is not None:
        condition |= Q(agent_id=user.person_id)
    return condition


def can_handle_boundary_incident(user: User, agent: Person) -> bool:
    """Whoever leads the agent records the support and closes the incident; never the agent."""
    if user.person_id == agent.pk:
        return False
    return can_access_person(user, agent, Aspect.DEVELOPMENT, Access.CHANGE)


def can_flag_boundary_incident(user: User) -> bool:
    """Anyone with a person record flags their own contacts."""
    return user.is_authenticated and user.is_active and user.person_id is not None


def boundary_report_teams_for(user: User) -> QuerySet[Team]:
    """Whose monthly incident counts this user reads: the teams they lead, their site's teams
    for site managers, all teams for administrators."""
    return development_teams_for(user)


# ---- Empowerment: latitude rules and grants --------------------------------------------------

LATITUDE_EDITORS = frozenset({Role.SITE_MANAGER, Role.ADMIN})


def latitude_sites_for(user: User, access: Access = Access.READ) -> QuerySet[Site]:
    """Sites whose latitude rules this user reads (their own site, every site for admins) or
    changes (site managers their site, admins every site)."""
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return Site.objects.all()
    if user.person_id is None:
        return Site.objects.none()
    if access is Access.CHANGE and Role.SITE_MANAGER not in roles:
        return Site.objects.none()
    return Site.objects.filter(pk=user.person.site_id)  # type: ignore[union-attr]


def can_manage_latitude(user: User) -> bool:
    return bool(roles_of(user) & LATITUDE_EDITORS)


def grant_condition(user: User) -> Q | None:
    """Which grants this user sees: their own, and those of the agents they lead (team
    leaders, site managers, admins). None: nothing."""
    return boundary_incident_condition(user)


def can_decide_grant(user: User, agent: Person) -> bool:
    """The agent's leader (site manager, admins) approves or rejects; never the agent."""
    return can_handle_boundary_incident(user, agent)


def can_read_grant_outcomes(user: User) -> bool:
    return bool(roles_of(user) & {Role.TEAM_LEADER, Role.SITE_MANAGER, Role.ADMIN})


def grant_outcome_people_for(user: User) -> QuerySet[Person]:
    """Whose grant outcomes this user reads: the agents whose development they change."""
    if not can_read_grant_outcomes(user):
        return Person.objects.none()
    return people_for(user, Aspect.DEVELOPMENT, Access.CHANGE)


# Skills matrix and training paths ------------------------------------------------------------
# An agent's levels say which queues they may be scheduled on, so they are read with the
# schedule (the agent, their team leader, the site's planners and manager, administrators)
# and changed by those who lead the agent's development (team leader, site manager,
# administrators), never by the agent. Planners read the matrix and the shortage.

SKILLS_MATRIX_ROLES = frozenset({Role.TEAM_LEADER, Role.PLANNER, Role.SITE_MANAGER, Role.ADMIN})
SKILL_PATH_EDITORS = frozenset({Role.SITE_MANAGER, Role.ADMIN})


def can_read_skills_matrix(user: User) -> bool:
    """Whether the user opens the matrix, the paths and the shortage at all."""
    return bool(roles_of(user) & SKILLS_MATRIX_ROLES)


def skill_people_for(user: User, access: Access = Access.READ) -> QuerySet[Person]:
    """Whose levels the user reads (schedule read) or sets (development change, not oneself)."""
    if access is Access.READ:
        return people_for(user, Aspect.SCHEDULE, Access.READ)
    people = people_for(user, Aspect.DEVELOPMENT, Access.CHANGE)
    return people.exclude(pk=user.person_id) if user.person_id else people


def can_set_skill_level(user: User, person: Person) -> bool:
    return skill_people_for(user, Access.CHANGE).filter(pk=person.pk).exists()


def skill_matrix_people_for(user: User) -> QuerySet[Person]:
    """The rows of the matrix page: the people the user reads, for matrix readers only."""
    if not can_read_skills_matrix(user):
        return Person.objects.none()
    return skill_people_for(user, Access.READ)


def skill_path_queues_for(user: User) -> QuerySet[Queue]:
    """Queues whose training paths the user reads: their site's (every site's for admins)."""
    if not can_read_skills_matrix(user):
        return Queue.objects.none()
    return queues_for(user)


def can_edit_skill_paths(user: User, site: Site) -> bool:
    """Paths are written by the site's manager and administrators."""
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return True
    return (
        Role.SITE_MANAGER in roles and user.person_id is not None and user.person.site_id == site.pk  # type: ignore[union-attr]
    )


def skill_shortage_sites_for(user: User) -> QuerySet[Site]:
    """Sites whose skill shortage the user reads: their own for matrix readers, all for
    administrators."""
    if is_admin(user):
        return Site.objects.all()
    if not can_read_skills_matrix(user) or user.person_id is None:
        return Site.objects.none()
    return Site.objects.filter(pk=user.person.site_id)  # type: ignore[union-attr]


# Listening: pulse surveys, suggestions, attrition-risk signals ---------------------------------


def pulse_teams_for(user: User) -> QuerySet[Team]:
    """Teams a user surveys and reads the pulse results of: the teams they lead, every team
    of their site for site managers, all teams for administrators."""
    return development_teams_for(user)


def can_create_pulse(user: User) -> bool:
    return bool(roles_of(user) & {Role.TEAM_LEADER, Role.SITE_MANAGER, Role.ADMIN})


def can_read_pulse_results(user: User, team_ids: Iterable[int]) -> bool:
    """A survey's results are read by whoever oversees at least one of its target teams."""
    return pulse_teams_for(user).filter(pk__in=list(team_ids)).exists()


def can_answer_pulse(user: User, team_ids: Iterable[int]) -> bool:
    """The active members of a target team answer, each for themselves."""
    if not user.is_authenticated or not user.is_active or user.person_id is None:
        return False
    person = user.person
    return (
        person is not None
        and person.status != PersonStatus.LEFT
        and person.team_id is not None
        and person.team_id in set(team_ids)
    )


def suggestion_filter(user: User) -> Q | None:
    """Which suggestions a user reads (on Suggestion rows): their own, the shared ones of their
    team, those of the teams they lead (all of their site for a site manager), every one for
    an administrator; None for nobody."""
    if is_admin(user):
        return Q(pk__isnull=False)
    if user.person_id is None or not user.is_active:
        return None
    person = user.person
    condition = Q(author_id=user.person_id)
    if person is not None and person.team_id is not None:
        condition |= Q(shared=True, team_id=person.team_id)
    roles = roles_of(user)
    if Role.TEAM_LEADER in roles:
        condition |= Q(team__leader_id=user.person_id)
    if Role.SITE_MANAGER in roles and person is not None:
        condition |= Q(site_id=person.site_id)
    return condition


def can_answer_suggestion(user: User, team_id: int | None, site_id: int) -> bool:
    """The leader of the suggestion's team, the site's manager and administrators answer."""
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return True
    if user.person_id is None:
        return False
    if Role.SITE_MANAGER in roles and user.person.site_id == site_id:  # type: ignore[union-attr]
        return True
    return (
        Role.TEAM_LEADER in roles
        and team_id is not None
        and Team.objects.filter(pk=team_id, leader_id=user.person_id).exists()
    )


def can_suggest(user: User) -> bool:
    """Everyone with a person record may make a suggestion."""
    return user.is_authenticated and user.is_active and user.person_id is not None


def can_read_attrition(user: User, person: Person) -> bool:
    """Attrition-risk signals are HR notes: those who read the agent's HR notes (their leader,
    their site manager, administrators), never the agent themself, peers or mentors."""
    return user.person_id != person.pk and can_access_person(
        user, person, Aspect.HR_NOTES, Access.READ
    )


def can_note_retention(user: User, person: Person) -> bool:
    return user.person_id != person.pk and can_access_person(
        user, person, Aspect.HR_NOTES, Access.CHANGE
    )


def attrition_people_for(user: User) -> QuerySet[Person]:
    people = people_for(user, Aspect.HR_NOTES, Access.READ)
    return people.exclude(pk=user.person_id) if user.person_id else people


# Onboarding ------------------------------------------------------------------------------------
# Team leaders start new hires of their teams, site managers of their site, administrators
# anyone's; templates are the site managers' (their site's) and administrators' (all) to edit
# and the leaders' to read. A plan is read by whoever reads the new hire's development (the new
# hire, their mentor, leader, site manager, administrators); a task's owner ticks it done.

ONBOARDING_STARTERS = frozenset({Role.TEAM_LEADER, Role.SITE_MANAGER, Role.ADMIN})
ONBOARDING_TEMPLATE_EDITORS = frozenset({Role.SITE_MANAGER, Role.ADMIN})


def can_start_onboarding(user: User) -> bool:
    return bool(roles_of(user) & ONBOARDING_STARTERS)


def onboarding_templates_for(user: User) -> QuerySet[OnboardingTemplate]:
    """Templates the user reads: those of every site and those of the sites where they lead
    or manage (every template for administrators)."""
    if not can_start_onboarding(user):
        return OnboardingTemplate.objects.none()
    if is_admin(user):
        return OnboardingTemplate.objects.all()
    return OnboardingTemplate.objects.filter(
        Q(site__isnull=True) | Q(site__in=hiring_sites_for(user))
    )


def onboarding_template_sites_for(user: User) -> QuerySet[Site]:
    """Sites whose templates the user writes: their own site for site managers, every site
    for administrators (who alone write the templates of all sites)."""
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return Site.objects.all()
    if Role.SITE_MANAGER in roles and user.person_id is not None:
        return Site.objects.filter(pk=user.person.site_id)  # type: ignore[union-attr]
    return Site.objects.none()


def can_edit_onboarding_templates(user: User) -> bool:
    return bool(roles_of(user) & ONBOARDING_TEMPLATE_EDITORS)


def can_edit_onboarding_template(user: User, template: OnboardingTemplate) -> bool:
    if is_admin(user):
        return True
    if template.site_id is None:
        return False
    return onboarding_template_sites_for(user).filter(pk=template.site_id).exists()


def onboarding_people_for(user: User) -> QuerySet[Person]:
    """People the user may start an onboarding for: those whose development they change (never
    themselves), not gone, without a plan yet."""
    if not can_start_onboarding(user):
        return Person.objects.none()
    return _excluding_self(user, people_for(user, Aspect.DEVELOPMENT, Access.CHANGE)).filter(
        status__in=[PersonStatus.ACTIVE, PersonStatus.ON_LEAVE], onboarding_plan__isnull=True
    )


def onboarding_teams_for(user: User) -> QuerySet[Team]:
    """Teams a person created on the start form may join."""
    if not can_start_onboarding(user):
        return Team.objects.none()
    return development_teams_for(user)


def onboarding_plans_for(user: User) -> QuerySet[OnboardingPlan]:
    return OnboardingPlan.objects.filter(
        person__in=people_for(user, Aspect.DEVELOPMENT, Access.READ)
    )


def onboarding_plan_for_user_or_404(user: User, pk: int) -> OnboardingPlan:
    plan = (
        onboarding_plans_for(user)
        .select_related("person__team__leader", "template", "mentor", "support_person", "leader")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def can_manage_onboarding_plan(user: User, plan: OnboardingPlan) -> bool:
    """Those who may start the new hire's onboarding manage it: tick any task, answer for it."""
    return (
        can_start_onboarding(user)
        and user.person_id != plan.person_id
        and can_access_person(user, plan.person, Aspect.DEVELOPMENT, Access.CHANGE)
    )


def can_complete_onboarding_task(user: User, task: OnboardingTask) -> bool:
    """The task's owner, and those who manage the plan."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.person_id is not None and task.owner_id == user.person_id:
        return True
    return can_manage_onboarding_plan(user, task.plan)


def onboarding_respondent_for(user: User, plan: OnboardingPlan) -> Respondent | None:
    """Who the user answers the onboarding review as: the new hire, or their team leader."""
    if not user.is_authenticated or not user.is_active or user.person_id is None:
        return None
    if user.person_id == plan.person_id:
        return Respondent.NEW_HIRE
    team = plan.person.team
    if team is not None and team.leader_id == user.person_id:
        return Respondent.LEADER
    return None


def job_preview_sites_for(user: User) -> QuerySet[Site]:
    """Sites whose job preview the user writes: their own for site managers, all for admins."""
    return onboarding_template_sites_for(user)


def can_edit_job_preview(user: User, site: Site) -> bool:
    return job_preview_sites_for(user).filter(pk=site.pk).exists()


def onboarding_supporters_for(user: User) -> QuerySet[Person]:
    """Who may be named a new hire's support person: the active people of the sites where the
    user starts onboardings (a senior agent of another team as well as one's own)."""
    if not can_start_onboarding(user):
        return Person.objects.none()
    return Person.objects.filter(site__in=hiring_sites_for(user), status=PersonStatus.ACTIVE)


# ---- Training: the catalogue, sessions, enrolments and follow-ups ---------------------------

TRAINER_ROLES = frozenset({Role.TEAM_LEADER, Role.SITE_MANAGER, Role.ADMIN})
CATALOGUE_READER_ROLES = TRAINER_ROLES | {Role.QA_SPECIALIST}


def can_manage_trainings(user: User) -> bool:
    """Team leaders, site managers and administrators run the catalogue and its sessions."""
    return bool(roles_of(user) & TRAINER_ROLES)


def can_read_catalogue(user: User) -> bool:
    """The trainers, and QA specialists, who link QA items to courses, read the catalogue."""
    return bool(roles_of(user) & CATALOGUE_READER_ROLES)


def training_sites_for(user: User) -> QuerySet[Site]:
    """Sites where the user may run sessions: their own site for leaders and managers."""
    if is_admin(user):
        return Site.objects.all()
    if user.person_id is None or not can_manage_trainings(user):
        return Site.objects.none()
    return Site.objects.filter(pk=user.person.site_id)  # type: ignore[union-attr]


def training_people_for(user: User) -> QuerySet[Person]:
    """Whose trainings, follow-ups and transfer the user reads: whoever reads their
    development (themselves, their mentor, team leader, site manager, administrators), and
    QA specialists for the agents whose QA they read."""
    condition = person_filter(user, Aspect.DEVELOPMENT, Access.READ)
    if Role.QA_SPECIALIST in roles_of(user):
        qa = person_filter(user, Aspect.QA, Access.READ)
        condition = qa if condition is None else (condition | qa if qa is not None else condition)
    if condition is None:
        return Person.objects.none()
    return Person.objects.filter(condition)


def training_enrollable_people(user: User) -> QuerySet[Person]:
    """Whom the user may enrol and whose attendance they mark: trainers, for the people whose
    development they may change (a leader's team, a manager's site, everyone for admins)."""
    if not can_manage_trainings(user):
        return Person.objects.none()
    return people_for(user, Aspect.DEVELOPMENT, Access.CHANGE)


def can_enrol(user: User, person: Person) -> bool:
    return training_enrollable_people(user).filter(pk=person.pk).exists()


def can_record_training_follow_up(user: User, person: Person, owner_id: int | None) -> bool:
    """The follow-up's owner (team leader or mentor) records it, and so does whoever may
    change the trainee's development; never the trainee."""
    if not user.is_authenticated or not user.is_active or user.person_id == person.pk:
        return False
    if owner_id is not None and user.person_id == owner_id:
        return True
    return can_access_person(user, person, Aspect.DEVELOPMENT, Access.CHANGE)
