from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from floorwalk.accounts.models import Role
from floorwalk.accounts.policy import (
    Feature,
    can_read_coaching_summary,
    can_read_digests,
    can_set_goals,
    features_for,
    roles_of,
)

# The roles whose contacts QA evaluates: they get a link to their own evaluations.
EVALUATED_ROLES = frozenset({Role.AGENT, Role.MENTOR})


def navigation(request):
    """The navigation links this user's roles allow, in display order."""
    user = request.user
    if not user.is_authenticated:
        return {}
    features = features_for(user)
    links = [(_("Home"), reverse("home"))]
    if user.person_id:
        links.append((_("My profile"), reverse("org:person", args=[user.person_id])))
        links.append((_("My scorecard"), reverse("metrics:my_scorecard")))
        links.append((_("Feedback"), reverse("development:my_feedback")))
    if Feature.MY_TEAM in features:
        links.append((_("My team"), reverse("org:my_team")))
    if Feature.SITE in features:
        links.append((_("Site"), reverse("org:my_site")))
    if Feature.IMPORTS in features:
        links.append((_("Imports"), reverse("imports:list")))
    if Feature.QA_EVALUATE in features:
        links.append((_("Quality"), reverse("qa:queue")))
    elif roles_of(user) & EVALUATED_ROLES:
        links.append((_("My evaluations"), reverse("qa:my_evaluations")))
    links.append((_("Competencies"), reverse("development:competencies")))
    if can_read_coaching_summary(user):
        links.append((_("Coaching"), reverse("coaching:effects")))
    if can_read_digests(user):
        links.append((_("Digest"), reverse("digest:home")))
    # Goals: the cascade for those who set goals, one's own goals for everyone else.
    if can_set_goals(user):
        links.append((_("Goals"), reverse("goals:tree")))
    elif user.person_id:
        links.append((_("My goals"), reverse("goals:mine")))
    if Feature.HIRING in features:
        links.append((_("Hiring"), reverse("hiring:candidates")))
    links.append((_("Reviews"), reverse("reviews:home")))
    if Feature.AUDIT in features:
        links.append((_("Audit trail"), reverse("audit:list")))
    if Feature.ADMIN in features:
        links.append((_("Administration"), reverse("admin:index")))
    links.append((_("API"), reverse("api-docs")))
    return {
        "nav_links": [
            {"label": label, "url": url, "active": _is_current(request.path, url)}
            for label, url in links
        ],
        "nav_roles": sorted(role.label for role in roles_of(user)),
        "qa_features": {
            "evaluate": Feature.QA_EVALUATE in features,
            "disputes": Feature.QA_DISPUTES in features,
            "forms": Feature.QA_FORMS in features,
        },
    }


def _is_current(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))
