from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from floorwalk.accounts.models import Role
from floorwalk.accounts.policy import (
    Feature,
    can_create_pulse,
    can_generate_schedule,
    can_read_catalogue,
    can_read_coaching_summary,
    can_read_digests,
    can_read_schedules,
    can_read_skills_matrix,
    can_set_goals,
    can_start_onboarding,
    features_for,
    roles_of,
)
from floorwalk.experience.onboarding_selectors import has_onboarding_plan, owns_onboarding_tasks

# The roles whose contacts QA evaluates: they get a link to their own evaluations.
EVALUATED_ROLES = frozenset({Role.AGENT, Role.MENTOR})


@dataclass
class NavEntry:
    """A link of the navigation, or a menu of links when `links` is set."""

    label: str
    url: str = ""
    active: bool = False
    links: list["NavEntry"] = field(default_factory=list)


def navigation(request):
    """The navigation this user's roles allow, in display order: the daily pages at the top,
    people development and tools in two menus, the user's own pages under their name."""
    user = request.user
    if not user.is_authenticated:
        return {}
    features = features_for(user)
    top = [(_("Home"), reverse("home"))]
    mine = []
    if user.person_id:
        top.append((_("My scorecard"), reverse("metrics:my_scorecard")))
        mine.append((_("My profile"), reverse("org:person", args=[user.person_id])))
        mine.append(
            (
                _("My constraints and preferences"),
                reverse("scheduling:person_requests", args=[user.person_id]),
            )
        )
    mine.append((_("Preferences"), reverse("preferences")))
    if Feature.MY_TEAM in features:
        top.append((_("My team"), reverse("org:my_team")))
    if Feature.SITE in features:
        top.append((_("Site"), reverse("org:my_site")))
    if Feature.QA_EVALUATE in features:
        top.append((_("Quality"), reverse("qa:queue")))
    elif roles_of(user) & EVALUATED_ROLES:
        top.append((_("My evaluations"), reverse("qa:my_evaluations")))
    # Goals: the cascade for those who set goals, one's own goals for everyone else.
    if can_set_goals(user):
        top.append((_("Goals"), reverse("goals:tree")))
    elif user.person_id:
        top.append((_("My goals"), reverse("goals:mine")))
    top.append((_("Reviews"), reverse("reviews:home")))
    # Forecast and required staff: everyone at a site reads their site's.
    if user.person_id or Feature.ADMIN in features:
        top.append((_("Forecast"), reverse("wfm:home")))
    # Scheduling: one's own week for everyone with a person record; schedules, the approval
    # queue and the shift set-up for those who lead, plan or manage.
    if user.person_id:
        top.append((_("My schedule"), reverse("scheduling:my_week")))
    schedules = []
    if can_read_schedules(user):
        schedules.append((_("Schedules"), reverse("scheduling:schedules")))
        schedules.append((_("Approvals"), reverse("scheduling:approvals")))
        if user.person_id:
            schedules.append(
                (_("Shift set-up"), reverse("scheduling:setup", args=[user.person.site_id]))
            )
            if can_generate_schedule(user, user.person.site):
                schedules.append(
                    (
                        _("Fairness ledger"),
                        reverse("scheduling:fairness_ledger", args=[user.person.site_id]),
                    )
                )
    # Self-scheduling: the site's bidding windows for those who read its schedules.
    if can_read_schedules(user):
        schedules.append((_("Shift bidding"), reverse("scheduling:bidding_windows")))

    development = []
    if user.person_id:
        development.append((_("Feedback"), reverse("development:my_feedback")))
    development.append((_("Competencies"), reverse("development:competencies")))
    if can_read_coaching_summary(user):
        development.append((_("Coaching"), reverse("coaching:effects")))
    if can_read_digests(user):
        development.append((_("Digest"), reverse("digest:home")))
    if Feature.HIRING in features:
        development.append((_("Hiring"), reverse("hiring:candidates")))
    # Learning: the training catalogue, the skills matrix and onboarding of new hires.
    if can_read_catalogue(user):
        development.append((_("Training"), reverse("learning:training_courses")))
    if can_read_skills_matrix(user):
        development.append((_("Skills matrix"), reverse("learning:skills_matrix")))
    if can_start_onboarding(user):
        development.append((_("Onboarding"), reverse("experience:onboarding_plans")))
    if user.person_id:
        mine.append((_("My skills"), reverse("learning:skills_person", args=[user.person_id])))
        mine.append((_("My trainings"), reverse("learning:training_mine")))
        if has_onboarding_plan(user.person_id):
            mine.append((_("My onboarding"), reverse("experience:onboarding_mine")))
        if owns_onboarding_tasks(user.person_id):
            mine.append((_("My onboarding tasks"), reverse("experience:onboarding_my_tasks")))

    # Experience: recognition, listening, boundaries and empowerment on the floor.
    experience = []
    if user.person_id:
        mine.append((_("My recognition"), reverse("experience:my_recognition")))
        mine.append((_("My surveys"), reverse("experience:pulse_mine")))
        experience.append((_("Recognition walls"), reverse("experience:recognition_walls")))
    experience.append((_("Customer compliments"), reverse("experience:compliments")))
    if user.person_id:
        experience.append((_("Suggestions"), reverse("experience:suggestions")))
    if can_create_pulse(user):
        experience.append((_("Pulse surveys"), reverse("experience:pulse_surveys")))
    if user.person_id:
        experience.append((_("Boundary incidents"), reverse("experience:boundary_incidents")))
        experience.append((_("Grants to customers"), reverse("experience:grants")))

    tools = []
    if Feature.IMPORTS in features:
        tools.append((_("Imports"), reverse("imports:list")))
    if Feature.AUDIT in features:
        tools.append((_("Audit trail"), reverse("audit:list")))
    if Feature.ADMIN in features:
        tools.append((_("Administration"), reverse("admin:index")))
    tools.append((_("API"), reverse("api-docs")))

    path = request.path
    return {
        "nav": [
            *(_entry(path, label, url) for label, url in top),
            *([_menu(path, _("Scheduling"), schedules)] if schedules else []),
            _menu(path, _("Development"), development),
            _menu(path, _("Experience"), experience),
            _menu(path, _("Tools"), tools),
        ],
        "nav_mine": _menu(path, user.display_name, mine),
        "nav_roles": sorted(role.label for role in roles_of(user)),
        "qa_features": {
            "evaluate": Feature.QA_EVALUATE in features,
            "disputes": Feature.QA_DISPUTES in features,
            "forms": Feature.QA_FORMS in features,
        },
    }


def _entry(path: str, label, url: str) -> NavEntry:
    return NavEntry(label=label, url=url, active=_is_current(path, url))


def _menu(path: str, label, links: list[tuple]) -> NavEntry:
    entries = [_entry(path, link_label, url) for link_label, url in links]
    return NavEntry(label=label, links=entries, active=any(entry.active for entry in entries))


def _is_current(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))
