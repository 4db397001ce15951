"""Every URL pattern × every role: allowed, or refused without showing anyone's data.

A new URL pattern fails `test_every_url_pattern_is_in_the_matrix` until it gets a row here.
Admin pages all pass through the admin site's policy check and are walked generically.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROLE_USERS, client_for
from tests.factories import make_import_run
from tests.hiring.conftest import north_candidate, south_candidate
from tests.metrics.qa.conftest import (
    calibration_of,
    evaluated_interaction,
    make_interaction,
    open_dispute,
    qa_form_of,
)

ANONYMOUS = None
ROLES = (ANONYMOUS, *ROLE_USERS)
EVERYONE = frozenset(ROLE_USERS)
SITE_STAFF = frozenset({"qa", "planner", "manager", "admin"})
INTERACTION_IMPORTERS = frozenset({"leader", "planner", "admin"})
IMPORTERS = INTERACTION_IMPORTERS | {"qa"}  # QA specialists import QA evaluations
QA_EVALUATORS = frozenset({"leader", "qa", "admin"})
QA_RESOLVERS = frozenset({"qa", "admin"})
# Candidates of North: its leaders and manager, and admins (South's: only admins here).
HIRERS = frozenset({"leader", "manager", "admin"})
# Who reads Ada's QA: herself, her mentor, her team leader, her site's QA and manager, admins.
READS_ADAS_QA = frozenset({"agent", "mentor", "leader", "qa", "manager", "admin"})


@dataclass(frozen=True)
class Case:
    name: str
    allowed: frozenset[str | None]
    kwargs: Callable = lambda floor: {}
    method: str = "get"
    data: dict = field(default_factory=dict)
    ok_status: int = 200
    label: str = ""
    status_for: dict = field(default_factory=dict)  # a role's own allowed status

    def expected_status(self, role) -> int:
        return self.status_for.get(role, self.ok_status)

    def __str__(self) -> str:
        return f"{self.name}{'[' + self.label + ']' if self.label else ''}"


def pk_of(attribute: str) -> Callable:
    return lambda floor: {"pk": getattr(floor, attribute).pk}


def a_day_of(attribute: str) -> Callable:
    return lambda floor: {"pk": getattr(floor, attribute).pk, "day": "2026-10-05"}


def employee_number_of(attribute: str) -> Callable:
    return lambda floor: {"employee_number": getattr(floor, attribute).employee_number}


# ---- Competencies: a competency with a known id, so POST data can name it -------------------
FRAMEWORK_EDITORS = frozenset({"manager", "admin"})
READS_ADAS_DEVELOPMENT = frozenset({"agent", "mentor", "leader", "manager", "admin"})
ASSESSES_ADA = frozenset({"leader", "qa", "manager", "admin"})
COMPETENCY_ID = 9001


def a_competency(floor) -> dict:
    from floorwalk.development.models import Competency

    Competency.objects.get_or_create(
        pk=COMPETENCY_ID, defaults={"name": "Product knowledge", "definition": "Knows"}
    )
    return {"pk": COMPETENCY_ID}


def ada_with_a_competency(floor) -> dict:
    a_competency(floor)
    return {"pk": floor.agent.pk}


NEW_COMPETENCY = {
    "name": "Written style",
    "definition": "Writes clearly",
    "use": "develop",
    "target_level": 4,
    "indicators-TOTAL_FORMS": 1,
    "indicators-INITIAL_FORMS": 0,
    "indicators-0-metric": "csat",
}
ASSESSMENT = {"competency": COMPETENCY_ID, "level": 3, "evidence": "Calm with an angry caller"}


def a_review_cycle(floor) -> dict:
    from floorwalk.reviews.models import ReviewCycle, ReviewTemplate

    template, _ = ReviewTemplate.objects.get_or_create(name="Half-year")
    cycle, _ = ReviewCycle.objects.get_or_create(
        name="H2",
        template=template,
        defaults={
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "created_by": floor.user("admin"),
        },
    )
    return {"pk": cycle.pk}


REVIEW_TEMPLATE_ID = 9101
A_REVIEW_CYCLE = {
    "name": "Second half",
    "template": REVIEW_TEMPLATE_ID,
    "period_start": "2026-07-01",
    "period_end": "2026-12-31",
}


def a_review_template(floor) -> dict:
    from floorwalk.reviews.models import ReviewTemplate

    ReviewTemplate.objects.get_or_create(pk=REVIEW_TEMPLATE_ID, defaults={"name": "Yearly"})
    return {}


def adas_draft_review(floor) -> dict:
    from floorwalk.reviews.models import Review, ReviewCycle

    cycle = ReviewCycle.objects.get(pk=a_review_cycle(floor)["pk"])
    review, _ = Review.objects.get_or_create(
        cycle=cycle, person=floor.agent, defaults={"reviewer": floor.user("leader")}
    )
    return {"pk": review.pk}


def adas_mentorship(floor) -> dict:
    return {"pk": floor.agent.mentored_by.get().pk}


# Follow-up of Ada (READS_ADAS_DEVELOPMENT above reads her development): who observes her
# (her mentor, her leaders, her site's QA), who leads her (one-to-ones, mentoring).
OBSERVES_ADA = frozenset({"mentor", "leader", "qa", "manager", "admin"})
LEADS_ADA = frozenset({"leader", "manager", "admin"})
AN_OBSERVATION = {"observed_on": "2025-06-02", "notes": "Calm with an angry caller."}
A_ONE_TO_ONE = {"held_on": "2025-06-02", "notes": "Agreed on two goals."}


def leaders_import_run(floor) -> dict:
    return {"pk": make_import_run(floor.user("leader")).pk}


# ---- Coaching of Ada: her coaches (who observe her), her readers (her development, her coaches)
COACHES_ADA = OBSERVES_ADA
READS_ADAS_COACHING = frozenset({"agent", *READS_ADAS_DEVELOPMENT, *COACHES_ADA})
SUMMARISES_COACHING = frozenset({"leader", "manager", "admin"})
A_COACHING_SESSION = {
    "kind": "call_review",
    "held_on": "2025-06-02",
    "focus_metric": "aht",
    "keep_doing": "Warm greeting",
    "to_change": "Summarise before closing",
    "topic_state": "initial_feedback",
    "window_weeks": 4,
}


def adas_coaching_session(floor) -> dict:
    from datetime import date

    from floorwalk.coaching.models import CoachingSession

    session = CoachingSession.objects.create(
        agent=floor.agent,
        coach=floor.user("leader"),
        kind="call_review",
        held_on=date(2025, 6, 2),
        focus_metric="aht",
        keep_doing="Warm greeting",
        to_change="Summarise before closing",
    )
    return {"pk": session.pk}


def adas_coaching_request(floor) -> dict:
    from floorwalk.coaching.models import CoachingRequest

    return {"pk": CoachingRequest.objects.create(agent=floor.agent, topic="Hold time").pk}


COACHING_CASES = [
    Case("coaching:person", READS_ADAS_COACHING, pk_of("agent")),
    Case("coaching:person", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case("coaching:session_new", COACHES_ADA, pk_of("agent")),
    Case(
        "coaching:session_new",
        COACHES_ADA,
        pk_of("agent"),
        method="post",
        data=A_COACHING_SESSION,
        ok_status=302,
        label="log",
    ),
    Case(
        "coaching:session_new",
        COACHES_ADA,
        pk_of("agent"),
        method="post",
        data={"kind": "role_play"},
        ok_status=400,
        label="incomplete",
    ),
    Case("coaching:request_new", frozenset({"agent"}), pk_of("agent")),
    Case(
        "coaching:request_new",
        frozenset({"agent"}),
        pk_of("agent"),
        method="post",
        data={"topic": "Calming angry callers"},
        ok_status=302,
        label="send",
    ),
    Case("coaching:session", READS_ADAS_COACHING, adas_coaching_session),
    Case(
        "coaching:confirm",
        frozenset({"agent"}),
        adas_coaching_session,
        method="post",
        data={"usefulness": 4},
        ok_status=302,
    ),
    Case(
        "coaching:state",
        COACHES_ADA,
        adas_coaching_session,
        method="post",
        data={"topic_state": "follow_up"},
        ok_status=302,
    ),
    Case(
        "coaching:request_status",
        COACHES_ADA,
        adas_coaching_request,
        method="post",
        data={"status": "scheduled"},
        ok_status=302,
    ),
    Case("coaching:team_board", frozenset({"leader", "manager", "admin"}), pk_of("alpha")),
    Case("coaching:team_board", frozenset({"admin"}), pk_of("gamma"), label="far"),
    Case("coaching:effects", SUMMARISES_COACHING),
    Case("api-person-coaching-sessions", READS_ADAS_COACHING, pk_of("agent")),
    Case(
        "api-person-coaching-sessions",
        COACHES_ADA,
        pk_of("agent"),
        method="post",
        data=A_COACHING_SESSION,
        ok_status=201,
        label="log",
    ),
    Case("api-coaching-session", READS_ADAS_COACHING, adas_coaching_session),
    Case(
        "api-coaching-session-confirm",
        frozenset({"agent"}),
        adas_coaching_session,
        method="post",
        data={"usefulness": 4},
    ),
]


# ---- Goals: an individual goal for Ada, set by her leader ------------------------------------
SETS_GOALS = frozenset({"leader", "manager", "admin"})


def adas_goal(floor) -> dict:
    from datetime import date

    from floorwalk.goals.models import Goal, GoalLevel

    goal = Goal.objects.create(
        level=GoalLevel.INDIVIDUAL,
        title="Resolve first time",
        metric="fcr",
        person=floor.agent,
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        target=85.0,
    )
    return {"pk": goal.pk}


CASES = [
    Case("home", EVERYONE),
    Case("health", frozenset(ROLES)),
    Case("favicon", frozenset(ROLES), ok_status=302),
    Case("login", frozenset(ROLES), status_for=dict.fromkeys(ROLE_USERS, 302)),
    Case("logout", EVERYONE, method="post", ok_status=302),
    Case("preferences", EVERYONE),
    Case("org:my_team", frozenset({"leader"}), ok_status=302),
    Case("org:team", frozenset({"leader", *SITE_STAFF}), pk_of("alpha")),
    Case("org:team", frozenset({"admin"}), pk_of("gamma"), label="other site"),
    Case("org:team_roster_csv", frozenset({"leader", *SITE_STAFF}), pk_of("alpha")),
    Case("org:team_roster_csv", frozenset({"admin"}), pk_of("gamma"), label="other site"),
    Case("org:person", EVERYONE, pk_of("agent"), label="an agent"),
    Case(
        "org:person",
        frozenset({"mentor", "leader", *SITE_STAFF}),
        pk_of("mentor"),
        label="a mentor",
    ),
    Case(
        "org:person",
        frozenset({"qa", "planner", "manager", "admin"}),
        pk_of("other_agent"),
        label="another team",
    ),
    Case("org:person", frozenset({"admin"}), pk_of("far_agent"), label="another site"),
    # One site redirects to it; an admin over two sites gets the list.
    Case("org:my_site", SITE_STAFF, ok_status=302, status_for={"admin": 200}),
    Case("org:site", SITE_STAFF, pk_of("north")),
    Case("org:site", frozenset({"admin"}), pk_of("south"), label="other site"),
    Case("org:site_teams_csv", SITE_STAFF, pk_of("north")),
    Case("metrics:my_scorecard", EVERYONE, ok_status=302),
    # Setting stages: whoever may change the agent's development data.
    Case("development:person_stage", frozenset({"leader", "manager", "admin"}), pk_of("agent")),
    Case(
        "development:person_stage",
        frozenset({"leader", "manager", "admin"}),
        pk_of("agent"),
        method="post",
        ok_status=302,
        data={"stage": "R1"},
        label="confirm",
    ),
    Case("development:person_stage", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    # A team's development: its leader, the site's manager, administrators.
    Case("development:team_stages", frozenset({"leader", "manager", "admin"}), pk_of("alpha")),
    Case("development:team_stages", frozenset({"admin"}), pk_of("gamma"), label="other site"),
    # Everyone with a person record answers their own engagement pulse.
    Case("development:pulse", EVERYONE, method="post", data={"answer": "3"}, ok_status=302),
    # Reviews: everyone has the reviews page (their own, feedback asked of them); a review is
    # read by those who lead the person, and by the person once released.
    Case("reviews:home", EVERYONE),
    Case("reviews:cycle", EVERYONE, a_review_cycle),
    # Review cycles are opened by site managers and administrators.
    Case("reviews:cycle_new", frozenset({"manager", "admin"})),
    Case(
        "reviews:cycle_new",
        frozenset({"manager", "admin"}),
        a_review_template,
        method="post",
        data=A_REVIEW_CYCLE,
        ok_status=302,
        label="open",
    ),
    Case(
        "reviews:cycle_new",
        frozenset({"manager", "admin"}),
        a_review_template,
        method="post",
        data={**A_REVIEW_CYCLE, "period_end": "2026-06-30"},
        ok_status=400,
        label="ends before it starts",
    ),
    Case("reviews:review", frozenset({"leader", "manager", "admin"}), adas_draft_review),
    Case(
        "reviews:feedback",
        frozenset({"agent", "mentor"}),  # Ada herself (self), her teammate (peer)
        adas_draft_review,
        method="post",
        data={"rating": "4", "text": "Calm"},
        ok_status=302,
    ),
    # The audit trail: site managers (their site) and administrators.
    Case("audit:list", frozenset({"manager", "admin"})),
    # The organisation's stage rules: administrators only.
    Case("development:stage_rules", frozenset({"admin"})),
    Case("development:person_observations", READS_ADAS_DEVELOPMENT, pk_of("agent")),
    Case("development:person_observations", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case("development:observation_new", OBSERVES_ADA, pk_of("agent")),
    Case(
        "development:observation_new",
        OBSERVES_ADA,
        pk_of("agent"),
        method="post",
        data=AN_OBSERVATION,
        ok_status=302,
        label="log",
    ),
    Case("development:person_one_to_ones", frozenset({"agent", *LEADS_ADA}), pk_of("agent")),
    Case("development:one_to_one_new", LEADS_ADA, pk_of("agent")),
    Case(
        "development:one_to_one_new",
        LEADS_ADA,
        pk_of("agent"),
        method="post",
        data=A_ONE_TO_ONE,
        ok_status=302,
        label="record",
    ),
    Case("development:person_mentorship", LEADS_ADA, pk_of("agent")),
    Case("development:person_mentorship", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case("development:mentorship_end", LEADS_ADA, adas_mentorship, method="post", ok_status=302),
    Case("metrics:agent_scorecard", EVERYONE, pk_of("agent"), label="an agent"),
    Case(
        "metrics:agent_scorecard",
        frozenset({"qa", "planner", "manager", "admin"}),
        pk_of("other_agent"),
        label="another team",
    ),
    Case("metrics:agent_scorecard", frozenset({"admin"}), pk_of("far_agent"), label="another site"),
    Case("metrics:agent_scorecard_csv", EVERYONE, pk_of("agent"), label="an agent"),
    Case(
        "metrics:agent_scorecard_csv",
        frozenset({"qa", "planner", "manager", "admin"}),
        pk_of("other_agent"),
        label="another team",
    ),
    # Adherence drill-down: whoever sees the agent's metrics (Aspect.METRICS), like the scorecard.
    *(
        case
        for name, kwargs in (
            ("metrics:agent_adherence", lambda attribute: pk_of(attribute)),
            ("metrics:agent_adherence_csv", lambda attribute: pk_of(attribute)),
            ("metrics:agent_adherence_day", lambda attribute: a_day_of(attribute)),
            ("metrics:agent_adherence_day_csv", lambda attribute: a_day_of(attribute)),
        )
        for case in (
            Case(name, EVERYONE, kwargs("agent"), label="an agent"),
            Case(name, SITE_STAFF, kwargs("other_agent"), label="another team"),
            Case(name, frozenset({"admin"}), kwargs("far_agent"), label="another site"),
        )
    ),
    Case("metrics:team_scorecard", frozenset({"leader", *SITE_STAFF}), pk_of("alpha")),
    Case("metrics:team_scorecard", frozenset({"admin"}), pk_of("gamma"), label="other site"),
    Case("metrics:team_scorecard_csv", frozenset({"leader", *SITE_STAFF}), pk_of("alpha")),
    Case("metrics:team_scorecard_csv", frozenset({"admin"}), pk_of("gamma"), label="other site"),
    Case("metrics:site_scorecard", SITE_STAFF, pk_of("north")),
    Case("metrics:site_scorecard", frozenset({"admin"}), pk_of("south"), label="other site"),
    Case("metrics:site_scorecard_csv", SITE_STAFF, pk_of("north")),
    # Lists of interactions are open to everyone and filtered by the policy (tested apart).
    Case("metrics:interactions", EVERYONE),
    Case("metrics:interactions_csv", EVERYONE),
    Case("imports:list", IMPORTERS),
    Case("imports:list_csv", IMPORTERS),
    Case(
        "imports:new",
        INTERACTION_IMPORTERS,
        lambda floor: {"kind": "interactions"},
        label="interactions",
    ),
    Case(
        "imports:new",
        frozenset({"qa", "admin"}),
        lambda floor: {"kind": "qa_evaluations"},
        label="QA evaluations",
    ),
    Case("imports:new", frozenset({"admin"}), lambda floor: {"kind": "people"}, label="people"),
    Case("imports:new", frozenset({"admin"}), lambda floor: {"kind": "queues"}, label="queues"),
    # Refused uploads get the form again with its error; the others never see the form.
    Case(
        "imports:new",
        INTERACTION_IMPORTERS,
        lambda floor: {"kind": "interactions"},
        method="post",
        label="upload without a file",
    ),
    Case(
        "imports:new",
        frozenset({"admin"}),
        lambda floor: {"kind": "people"},
        method="post",
        label="people upload without a file",
    ),
    # A run, its files and its errors: whoever started it, and administrators.
    Case("imports:run", frozenset({"leader", "admin"}), leaders_import_run),
    Case("imports:run_file", frozenset({"leader", "admin"}), leaders_import_run),
    Case("imports:run_rejected", frozenset({"leader", "admin"}), leaders_import_run),
    Case("imports:run_errors_csv", frozenset({"leader", "admin"}), leaders_import_run),
    Case(
        "api-token",
        frozenset(ROLES),
        method="post",
        data={"username": "agent", "password": "wrong"},
        ok_status=400,
        label="bad password",
    ),
    Case("qa:queue", QA_EVALUATORS),
    Case("qa:forms", QA_RESOLVERS),
    Case("qa:form_create", QA_RESOLVERS),
    Case("qa:form_edit", QA_RESOLVERS, lambda floor: {"pk": qa_form_of(floor).pk}),
    Case(
        "qa:evaluate",
        QA_EVALUATORS,
        lambda floor: {"pk": make_interaction(floor.agent).pk},
        label="Ada's interaction",
    ),
    Case(
        "qa:evaluate",
        frozenset({"admin"}),
        lambda floor: {"pk": make_interaction(floor.far_agent, queue=None).pk},
        label="another site",
    ),
    Case("qa:evaluations", QA_EVALUATORS),
    Case("qa:my_evaluations", EVERYONE),
    Case(
        "qa:evaluation",
        READS_ADAS_QA,
        lambda floor: {"pk": evaluated_interaction(floor).pk},
        label="Ada's",
    ),
    Case(
        "qa:dispute_create",
        frozenset({"agent"}),
        lambda floor: {"pk": evaluated_interaction(floor).pk},
        method="post",
        data={"reason": "I verified the caller"},
        ok_status=302,
    ),
    Case("qa:disputes", QA_RESOLVERS),
    Case("qa:sampling", QA_RESOLVERS),
    Case("qa:calibrations", QA_EVALUATORS),
    Case("qa:calibration_create", QA_RESOLVERS),
    # Lena and Quinn are invited; admins of the site see every session.
    Case("qa:calibration", QA_EVALUATORS, lambda floor: {"pk": calibration_of(floor).pk}),
    Case(
        "qa:calibration",
        frozenset({"qa", "admin"}),
        lambda floor: {"pk": calibration_of(floor, floor.other_leader, floor.admin).pk},
        label="Lena not invited",
    ),
    # Blind: Quinn, invited and not yet scored, cannot set the calibrated answers.
    Case(
        "qa:calibration_close",
        frozenset({"admin"}),
        lambda floor: {"pk": calibration_of(floor).pk},
        method="post",
        label="nobody scored yet",
    ),
    Case("qa:dispute_resolve", QA_RESOLVERS, lambda floor: {"pk": open_dispute(floor).pk}),
    Case("api-me", EVERYONE),
    Case("api-people", EVERYONE),
    Case("api-person", EVERYONE, pk_of("agent"), label="an agent"),
    Case("api-person", frozenset({"admin"}), pk_of("far_agent"), label="another site"),
    Case("api-teams", EVERYONE),
    Case("api-team", frozenset({"leader", *SITE_STAFF}), pk_of("alpha")),
    Case("api-sites", EVERYONE),
    Case("api-site", SITE_STAFF, pk_of("north")),
    # Ada's stage: whoever reads her development; setting it: whoever leads her.
    Case(
        "api-person-stage",
        frozenset({"agent", "mentor", "leader", "manager", "admin"}),
        pk_of("agent"),
    ),
    Case(
        "api-person-stage",
        frozenset({"leader", "manager", "admin"}),
        pk_of("agent"),
        method="post",
        data={"stage": "R1"},
        ok_status=201,
        label="confirm",
    ),
    Case("api-person-observations", READS_ADAS_DEVELOPMENT, pk_of("agent")),
    Case(
        "api-person-observations",
        OBSERVES_ADA,
        pk_of("agent"),
        method="post",
        data=AN_OBSERVATION,
        ok_status=201,
        label="log",
    ),
    Case("api-person-one-to-ones", frozenset({"agent", *LEADS_ADA}), pk_of("agent")),
    Case(
        "api-person-one-to-ones",
        LEADS_ADA,
        pk_of("agent"),
        method="post",
        data=A_ONE_TO_ONE,
        ok_status=201,
        label="record",
    ),
    Case("api-person-cadence", READS_ADAS_DEVELOPMENT, pk_of("agent")),
    Case("api-person-cadence", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case("api-mentorships", EVERYONE),
    Case("api-mentorships", EVERYONE, method="post", ok_status=400, label="without data"),
    Case("api-mentorship-end", LEADS_ADA, adas_mentorship, method="post"),
    Case("api-queues", EVERYONE),
    Case("api-interactions", EVERYONE),
    Case("api-agent-scorecard", EVERYONE, employee_number_of("agent"), label="an agent"),
    Case(
        "api-agent-scorecard",
        frozenset({"qa", "planner", "manager", "admin"}),
        employee_number_of("other_agent"),
        label="another team",
    ),
    Case(
        "api-agent-scorecard",
        frozenset({"admin"}),
        employee_number_of("far_agent"),
        label="another site",
    ),
    Case("api-team-scorecard", frozenset({"leader", *SITE_STAFF}), pk_of("alpha")),
    Case("api-team-scorecard", frozenset({"admin"}), pk_of("gamma"), label="other site"),
    Case(
        "api-imports-interactions",
        INTERACTION_IMPORTERS,
        method="post",
        ok_status=400,
        label="without a file",
    ),
    Case("api-import", frozenset({"leader", "admin"}), leaders_import_run),
    Case("api-qa-evaluations", EVERYONE),
    Case(
        "api-qa-evaluation",
        READS_ADAS_QA,
        lambda floor: {"pk": evaluated_interaction(floor).pk},
        label="Ada's",
    ),
    Case(
        "api-qa-evaluation-dispute",
        frozenset({"agent"}),
        lambda floor: {"pk": evaluated_interaction(floor).pk},
        method="post",
        data={"reason": "I verified the caller"},
        ok_status=201,
    ),
    # The competency framework: everyone reads it, site managers and admins shape it.
    Case("development:competencies", EVERYONE),
    Case("development:competency", EVERYONE, a_competency),
    Case("development:competency_create", FRAMEWORK_EDITORS),
    Case(
        "development:competency_create",
        FRAMEWORK_EDITORS,
        method="post",
        data=NEW_COMPETENCY,
        ok_status=302,
        label="save",
    ),
    Case("development:competency_edit", FRAMEWORK_EDITORS, a_competency),
    Case(
        "development:competency_retire",
        FRAMEWORK_EDITORS,
        a_competency,
        method="post",
        ok_status=302,
    ),
    Case(
        "development:competency_restore",
        FRAMEWORK_EDITORS,
        a_competency,
        method="post",
        ok_status=302,
    ),
    # Ada's competency profile: whoever reads her development; assessing: who leads or QAs her.
    Case("development:person_competencies", READS_ADAS_DEVELOPMENT, pk_of("agent")),
    Case("development:person_competencies", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case("development:assessment_create", ASSESSES_ADA, ada_with_a_competency),
    Case(
        "development:assessment_create",
        ASSESSES_ADA,
        ada_with_a_competency,
        method="post",
        data=ASSESSMENT,
        ok_status=302,
        label="record",
    ),
    Case("development:assessment_create", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case("api-competencies", EVERYONE),
    Case("api-competency", EVERYONE, a_competency),
    Case("api-person-assessments", READS_ADAS_DEVELOPMENT, pk_of("agent")),
    Case(
        "api-person-assessments",
        ASSESSES_ADA,
        ada_with_a_competency,
        method="post",
        data=ASSESSMENT,
        ok_status=201,
        label="record",
    ),
    # ---- hiring ----
    Case("hiring:candidates", HIRERS),
    Case("hiring:candidate_create", HIRERS),
    Case("hiring:candidate_create", HIRERS, method="post", ok_status=400, label="without a name"),
    Case("hiring:candidate", HIRERS, lambda floor: {"pk": north_candidate(floor).pk}),
    Case(
        "hiring:candidate",
        frozenset({"admin"}),
        lambda floor: {"pk": south_candidate(floor).pk},
        label="other site",
    ),
    Case("hiring:interview_create", HIRERS, lambda floor: {"pk": north_candidate(floor).pk}),
    Case(
        "hiring:interview_create",
        HIRERS,
        lambda floor: {"pk": north_candidate(floor).pk},
        method="post",
        data={"held_on": "2025-03-10", "recommendation": "hold", "notes": "Calm"},
        ok_status=302,
        label="record",
    ),
    Case(
        "hiring:interview_create",
        frozenset({"admin"}),
        lambda floor: {"pk": south_candidate(floor).pk},
        label="other site",
    ),
    Case("hiring:candidate_decide", HIRERS, lambda floor: {"pk": north_candidate(floor).pk}),
    Case(
        "hiring:candidate_decide",
        HIRERS,
        lambda floor: {"pk": north_candidate(floor).pk},
        method="post",
        data={"decision": "reject", "note": "Not a fit"},
        ok_status=302,
        label="reject",
    ),
    Case(
        "hiring:candidate_decide",
        frozenset({"admin"}),
        lambda floor: {"pk": south_candidate(floor).pk},
        label="other site",
    ),
    Case("api-candidates", HIRERS),
    Case("api-candidates", HIRERS, method="post", ok_status=400, label="without a name"),
    Case("api-candidate", HIRERS, lambda floor: {"pk": north_candidate(floor).pk}),
    Case(
        "api-candidate",
        frozenset({"admin"}),
        lambda floor: {"pk": south_candidate(floor).pk},
        label="other site",
    ),
    Case(
        "api-candidate-interviews",
        HIRERS,
        lambda floor: {"pk": north_candidate(floor).pk},
        method="post",
        data={"held_on": "2025-03-10", "recommendation": "hold", "notes": "Calm"},
        ok_status=201,
    ),
    Case(
        "api-candidate-decision",
        HIRERS,
        lambda floor: {"pk": north_candidate(floor).pk},
        method="post",
        data={"decision": "reject", "note": "Not a fit"},
        ok_status=201,
    ),
    Case(
        "api-candidate-decision",
        frozenset({"admin"}),
        lambda floor: {"pk": south_candidate(floor).pk},
        method="post",
        data={"decision": "reject", "note": "Not a fit"},
        ok_status=201,
        label="other site",
    ),
    # Goals: everyone reads the goals the policy lets them see; leaders, managers, admins set them.
    Case("goals:tree", EVERYONE),
    # Bonuses for payroll: site managers and administrators (a bad or missing month is a 400).
    Case(
        "goals:bonuses_csv",
        frozenset({"manager", "admin"}),
        data={"month": "2026-11"},
    ),
    Case("goals:bonuses", frozenset({"manager", "admin"}), data={"month": "2026-11"}),
    Case("goals:bonuses", frozenset({"manager", "admin"}), ok_status=302, label="last month"),
    Case("goals:mine", EVERYONE),
    Case("goals:create", SETS_GOALS),
    Case("goals:create", SETS_GOALS, method="post", data={"action": "save"}, label="invalid"),
    Case("goals:detail", READS_ADAS_DEVELOPMENT, adas_goal),
    Case("goals:edit", SETS_GOALS, adas_goal),
    Case("goals:roll_over", SETS_GOALS, adas_goal, method="post", ok_status=302),
    Case("goals:apply", SETS_GOALS, pk_of("alpha")),
    Case("goals:apply", frozenset({"admin"}), pk_of("gamma"), label="other site"),
    Case("api-goals", EVERYONE),
    Case("api-goals", SETS_GOALS, method="post", ok_status=400, label="without data"),
    Case("api-goal", READS_ADAS_DEVELOPMENT, adas_goal),
    Case("api-schema", EVERYONE),
    Case("api-docs", EVERYONE),
    *COACHING_CASES,
]

# ---- One-to-ones in detail: Ada's one-to-one with an agreed action ---------------------------


def adas_one_to_one(floor) -> dict:
    from floorwalk.development.models import OneToOne

    talk = OneToOne.objects.create(
        person=floor.agent, held_by=floor.user("leader"), held_on=floor.agent.hire_date
    )
    return {"pk": floor.agent.pk, "talk": talk.pk}


def adas_agreed_action(floor) -> dict:
    from floorwalk.development.models import AgreedAction, OneToOne

    talk = OneToOne.objects.get(pk=adas_one_to_one(floor)["talk"])
    action = AgreedAction.objects.create(
        person=floor.agent,
        agreed_in=talk,
        description="Shadow Mira",
        owner="agent",
        due_on=talk.held_on,
    )
    return {"pk": action.pk}


CASES += [
    Case("development:one_to_one_detail", frozenset({"agent", *LEADS_ADA}), adas_one_to_one),
    Case(
        "development:one_to_one_acknowledge",
        frozenset({"agent"}),
        adas_one_to_one,
        method="post",
        ok_status=302,
    ),
    Case(
        "development:action_status",
        LEADS_ADA,
        adas_agreed_action,
        method="post",
        data={"status": "done"},
        ok_status=302,
    ),
    Case(
        "api-one-to-one-acknowledge",
        frozenset({"agent"}),
        adas_one_to_one,
        method="post",
    ),
]

# ---- Continuous feedback: everyone with a person record (every role user of the floor) -----
CASES += [
    Case("development:my_feedback", EVERYONE),
    Case("development:feedback_give", EVERYONE),
    Case(
        "development:feedback_give",
        EVERYONE,
        method="post",
        data={"given_to": 0, "kind": "recognition", "text": "Thanks"},
        ok_status=400,
        label="nobody to give to",
    ),
    Case("development:feedback_request", EVERYONE),
    Case("api-feedback", EVERYONE),
    Case("api-feedback-requests", EVERYONE),
    Case("api-feedback", EVERYONE, method="post", ok_status=400, label="without data"),
    Case("api-feedback-requests", EVERYONE, method="post", ok_status=400, label="without data"),
]

# Names whose data must never show on a refused response.
SECRET_NAMES = ("Ada Agent", "Faro Faragent", "Oskar Otheragent", "Mira Mentor")


def pattern_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= pattern_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


# Development plans: Ada's plan is read by her, her mentor and her leaders; her leaders edit it.
A_PLAN_ACTION = {"kind": "training", "description": "Product course", "due_on": "2099-01-05"}


def adas_plan_action(floor) -> dict:
    from floorwalk.development.models import DevelopmentPlan, PlanAction

    plan = DevelopmentPlan.objects.create(person=floor.agent)
    action = PlanAction.objects.create(
        plan=plan, kind="coaching", description="Call review", due_on="2099-01-05"
    )
    return {"pk": action.pk}


CASES += [
    Case("development:person_plan", READS_ADAS_DEVELOPMENT, pk_of("agent")),
    Case("development:person_plan", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case(
        "development:person_plan",
        LEADS_ADA,
        pk_of("agent"),
        method="post",
        data=A_PLAN_ACTION,
        ok_status=302,
        label="add",
    ),
    Case("development:person_activities", READS_ADAS_DEVELOPMENT, pk_of("agent")),
    Case(
        "development:person_activities",
        LEADS_ADA,
        pk_of("agent"),
        method="post",
        data={
            "title": "Special queue",
            "kind": "special_queue",
            "starts_on": "2099-01-05",
            "ends_on": "2099-02-05",
        },
        ok_status=302,
        label="assign",
    ),
    Case(
        "development:plan_action_status",
        LEADS_ADA,
        adas_plan_action,
        method="post",
        data={"status": "done"},
        ok_status=302,
    ),
]


# ---- The API of plans, activities and reviews ------------------------------------------------


def adas_activity(floor) -> dict:
    from floorwalk.development.models import Activity

    activity = Activity.objects.create(
        person=floor.agent,
        title="VIP queue",
        kind="special_queue",
        starts_on="2099-01-05",
        ends_on="2099-02-05",
        assigned_by=floor.user("leader"),
    )
    return {"pk": activity.pk}


def adas_review_in(floor, cycle_name: str, status: str) -> dict:
    from floorwalk.reviews.models import Review, ReviewCycle, ReviewTemplate

    template, _ = ReviewTemplate.objects.get_or_create(name="Half-year")
    cycle = ReviewCycle.objects.create(
        name=cycle_name,
        template=template,
        period_start="2025-01-01",
        period_end="2025-06-30",
        created_by=floor.user("admin"),
    )
    review = Review.objects.create(
        cycle=cycle, person=floor.agent, reviewer=floor.user("leader"), status=status, overall=3.5
    )
    return {"pk": review.pk}


def adas_calibrated_review(floor) -> dict:
    return adas_review_in(floor, "H1 2025", "calibrated")


def adas_released_review(floor) -> dict:
    return adas_review_in(floor, "H1 2025", "released")


READS_ADAS_REVIEW = frozenset({"leader", "manager", "admin"})
CALIBRATES_ADAS_REVIEW = frozenset({"manager", "admin"})

CASES += [
    Case("api-person-plan", READS_ADAS_DEVELOPMENT, pk_of("agent")),
    Case("api-person-plan", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case(
        "api-person-plan-actions",
        LEADS_ADA,
        pk_of("agent"),
        method="post",
        data=A_PLAN_ACTION,
        ok_status=201,
    ),
    Case(
        "api-plan-action",
        LEADS_ADA,
        adas_plan_action,
        method="patch",
        data={"status": "done"},
    ),
    Case("api-person-activities", READS_ADAS_DEVELOPMENT, pk_of("agent")),
    Case("api-person-activities", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case(
        "api-person-activities",
        LEADS_ADA,
        pk_of("agent"),
        method="post",
        data={
            "title": "Special queue",
            "kind": "special_queue",
            "starts_on": "2099-01-05",
            "ends_on": "2099-02-05",
        },
        ok_status=201,
        label="assign",
    ),
    Case(
        "api-activity-evaluation",
        LEADS_ADA,
        adas_activity,
        method="post",
        data={"rating": 4, "comment": "Calm with every VIP"},
    ),
    Case("api-review-cycles", EVERYONE),
    Case(
        "api-review-cycles",
        frozenset({"manager", "admin"}),
        a_review_template,
        method="post",
        data=A_REVIEW_CYCLE,
        ok_status=201,
        label="open",
    ),
    Case("api-review-cycle", EVERYONE, a_review_cycle),
    Case("api-review", READS_ADAS_REVIEW, adas_draft_review, label="draft"),
    Case("api-review", READS_ADAS_REVIEW | {"agent"}, adas_released_review, label="released"),
    Case(
        "api-review-calibrate",
        CALIBRATES_ADAS_REVIEW,
        adas_draft_review,
        method="post",
        data={"overall": "4", "reason": "In line with the site"},
    ),
    Case("api-review-release", READS_ADAS_REVIEW, adas_calibrated_review, method="post"),
    Case(
        "api-review",
        READS_ADAS_REVIEW,
        adas_draft_review,
        method="patch",
        data={"leader_score": 4, "narrative": "Steady"},
        label="score",
    ),
    Case(
        "api-review-cycle-reviews",
        READS_ADAS_REVIEW,
        a_review_cycle,
        method="post",
        data={"person": 0},
        ok_status=400,
        label="nobody by that id",
    ),
    Case(
        "api-review-feedback",
        frozenset({"agent", "mentor"}),  # Ada herself (self), her teammate (peer)
        adas_draft_review,
        method="post",
        data={"rating": "4", "text": "Calm"},
        ok_status=201,
    ),
    Case("api-review-acknowledge", frozenset({"agent"}), adas_released_review, method="post"),
]


# ---- Digest: team leaders their teams, site managers their site's, administrators all ------
DIGEST_READERS = frozenset({"leader", "manager", "admin"})

CASES += [
    Case("digest:home", DIGEST_READERS),
    Case("digest:team", DIGEST_READERS, pk_of("alpha")),
    Case("digest:team", frozenset({"manager", "admin"}), pk_of("beta"), label="other team"),
    Case("digest:team", frozenset({"admin"}), pk_of("gamma"), label="far"),
    Case("digest:subscriptions", DIGEST_READERS),
    Case(
        "digest:subscriptions",
        DIGEST_READERS,
        method="post",
        data={"granularities": []},
        ok_status=302,
        label="save",
    ),
]


# ---- Forecast and staffing: everyone at the site reads; its planners and manager plan -------
PLANNERS = frozenset({"planner", "manager", "admin"})


def north_forecast(floor) -> dict:
    from floorwalk.org.models import Queue
    from floorwalk.wfm.models import ForecastRun
    from floorwalk.wfm.services import forecast_run_create
    from tests.wfm.conftest import make_history

    queue = Queue.objects.get(name="Billing voice", site=floor.north)
    if not ForecastRun.objects.filter(queue=queue).exists():
        make_history(queue)
        forecast_run_create(actor=None, queue=queue, horizon_days=7)
    return {"pk": queue.pk}


def north_forecast_day(floor) -> dict:
    from floorwalk.wfm.models import ForecastRun

    kwargs = north_forecast(floor)
    run = ForecastRun.objects.get(queue_id=kwargs["pk"])
    return {**kwargs, "day": run.first_day.isoformat()}


def south_forecast(floor) -> dict:
    from floorwalk.org.models import Queue
    from floorwalk.wfm.services import forecast_run_create
    from tests.wfm.conftest import make_history

    queue, created = Queue.objects.get_or_create(
        name="South voice", site=floor.south, defaults={"channel": "voice"}
    )
    if created:
        make_history(queue)
        forecast_run_create(actor=None, queue=queue, horizon_days=7)
    return {"pk": queue.pk}


def north_adjustment(floor) -> dict:
    from floorwalk.org.models import Queue
    from floorwalk.wfm.models import ForecastRun
    from floorwalk.wfm.services import forecast_adjustment_create

    north_forecast(floor)
    queue = Queue.objects.get(name="Billing voice", site=floor.north)
    run = ForecastRun.objects.get(queue=queue)
    adjustment = forecast_adjustment_create(
        actor=None, queue=queue, day=run.first_day, percent=10, reason="Mailing"
    )
    return {"pk": adjustment.pk}


def north_special_day(floor) -> dict:
    from datetime import date

    from floorwalk.wfm.services import special_day_set

    special = special_day_set(
        actor=None,
        site=floor.north,
        day=date(2026, 12, 25),
        name="Christmas",
        kind="closure",
        volume_factor=0,
    )
    return {"pk": special.pk}


A_FORECAST_RUN = {"horizon_days": 7, "model": "best"}
A_REBUILD = {"start": "2026-10-01", "end": "2026-10-07"}

CASES += [
    Case("wfm:home", EVERYONE),
    Case("wfm:forecast", EVERYONE, north_forecast),
    Case("wfm:forecast", frozenset({"admin"}), south_forecast, label="other site"),
    Case("wfm:day", EVERYONE, north_forecast_day),
    Case("wfm:day_csv", EVERYONE, north_forecast_day),
    Case("wfm:history", EVERYONE, north_forecast),
    Case("wfm:history_csv", EVERYONE, north_forecast),
    Case("wfm:history", frozenset({"admin"}), south_forecast, label="other site"),
    Case("wfm:run", PLANNERS, north_forecast, method="post", data=A_FORECAST_RUN, ok_status=302),
    Case(
        "wfm:run",
        frozenset({"admin"}),
        south_forecast,
        method="post",
        data=A_FORECAST_RUN,
        ok_status=302,
        label="other site",
    ),
    Case("wfm:adjust", PLANNERS, north_forecast, method="post", ok_status=400, label="invalid"),
    Case("wfm:adjustment_remove", PLANNERS, north_adjustment, method="post", ok_status=302),
    Case("wfm:target", PLANNERS, north_forecast),
    Case("wfm:target", PLANNERS, north_forecast, method="post", ok_status=400, label="invalid"),
    Case("wfm:target", frozenset({"admin"}), south_forecast, label="other site"),
    Case(
        "wfm:history_rebuild",
        PLANNERS,
        north_forecast,
        method="post",
        data=A_REBUILD,
        ok_status=302,
    ),
    Case("wfm:special_days", EVERYONE, pk_of("north")),
    Case("wfm:special_days", frozenset({"admin"}), pk_of("south"), label="other site"),
    Case(
        "wfm:special_days", PLANNERS, pk_of("north"), method="post", ok_status=400, label="invalid"
    ),
    Case("wfm:special_day_remove", PLANNERS, north_special_day, method="post", ok_status=302),
    Case(
        "imports:new",
        frozenset({"planner", "admin"}),
        lambda floor: {"kind": "volumes"},
        label="volumes",
    ),
    Case("api-queue-forecast", EVERYONE, north_forecast),
    Case("api-queue-forecast", frozenset({"admin"}), south_forecast, label="other site"),
    Case(
        "api-queue-forecast",
        PLANNERS,
        north_forecast,
        method="post",
        data=A_FORECAST_RUN,
        ok_status=201,
        label="run",
    ),
    Case(
        "api-queue-forecast-adjustments",
        PLANNERS,
        north_forecast,
        method="post",
        ok_status=400,
        label="without data",
    ),
    Case("api-forecast-adjustment", PLANNERS, north_adjustment, method="delete"),
]


# ---- Scheduling: the agent's own week and wishes; leaders their teams', planners and managers
# their site's schedules; planners (and admins) the shift set-up; the calendar feed by token.
READS_ADAS_SCHEDULE = frozenset({"agent", "leader", "planner", "manager", "admin"})
DECIDES_FOR_ADA = frozenset({"leader", "planner", "manager", "admin"})
SCHEDULE_READERS = frozenset({"leader", "planner", "manager", "admin"})
SCHEDULERS = frozenset({"planner", "manager", "admin"})
SHIFT_SETUP = frozenset({"planner", "admin"})


def north_generation(floor) -> dict:
    from floorwalk.scheduling.models import GenerationRun

    schedule = draft_for_generation(floor)
    run = GenerationRun.objects.create(schedule_id=schedule["pk"], time_limit_seconds=10)
    return {"pk": run.pk}


def draft_for_generation(floor) -> dict:
    from floorwalk.scheduling.services import schedule_create_draft
    from tests.scheduling.conftest import MONDAY

    schedule = schedule_create_draft(
        actor=floor.user("planner"), site=floor.north, start_date=MONDAY, days=7
    )
    return {"pk": schedule.pk}


def north_schedule(floor) -> dict:
    from tests.scheduling.conftest import draft_with_shifts

    return {"pk": draft_with_shifts(floor).pk}


def adas_published_shift(floor) -> dict:
    from tests.scheduling.conftest import MONDAY, at, published_schedule

    schedule = published_schedule(floor)
    return {"pk": schedule.shifts.get(person=floor.agent, start=at(MONDAY, 8)).pk}


def adas_pending_preference(floor) -> dict:
    from floorwalk.scheduling.services import PreferenceInput, agent_preference_create

    item = agent_preference_create(
        actor=floor.user("agent"),
        person=floor.agent,
        data=PreferenceInput(kind="day_off_weekday", weight=40, weekday=1),
    )
    return {"kind": "preference", "pk": item.pk}


def north_template(floor) -> dict:
    from tests.scheduling.conftest import early_template

    return {"pk": early_template(floor).pk}


def adas_feed(floor) -> dict:
    from floorwalk.scheduling.services import calendar_feed_reset

    return {"token": calendar_feed_reset(actor=floor.user("agent"), person=floor.agent)}


def adas_revoked_feed(floor) -> dict:
    from floorwalk.scheduling.services import calendar_feed_reset

    old = adas_feed(floor)
    calendar_feed_reset(actor=floor.user("agent"), person=floor.agent)
    return old


CASES += [
    Case("scheduling:my_week", EVERYONE),
    Case("scheduling:calendar_link", EVERYONE),
    Case("scheduling:calendar_link", EVERYONE, method="post", label="reset"),
    # The token is the credential: anyone holding it reads the feed, nobody a revoked one.
    Case("scheduling:feed", EVERYONE | {ANONYMOUS}, adas_feed),
    Case(
        "scheduling:feed",
        EVERYONE | {ANONYMOUS},
        adas_revoked_feed,
        ok_status=404,
        label="revoked",
    ),
    Case("scheduling:person_requests", READS_ADAS_SCHEDULE, pk_of("agent")),
    Case("scheduling:person_requests", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case(
        "scheduling:constraint_new",
        READS_ADAS_SCHEDULE,
        pk_of("agent"),
        method="post",
        ok_status=400,
        label="invalid",
    ),
    Case(
        "scheduling:preference_new",
        READS_ADAS_SCHEDULE,
        pk_of("agent"),
        method="post",
        ok_status=400,
        label="invalid",
    ),
    Case("scheduling:contract_edit", SHIFT_SETUP, pk_of("agent")),
    Case(
        "scheduling:request_withdraw",
        READS_ADAS_SCHEDULE,
        adas_pending_preference,
        method="post",
        ok_status=302,
    ),
    Case(
        "scheduling:request_decide",
        DECIDES_FOR_ADA,
        adas_pending_preference,
        method="post",
        data={"decision": "approve"},
        ok_status=302,
    ),
    Case("scheduling:approvals", DECIDES_FOR_ADA),
    Case("scheduling:setup", SCHEDULE_READERS, pk_of("north")),
    Case("scheduling:setup", frozenset({"admin"}), pk_of("south"), label="far"),
    Case("scheduling:template_new", SHIFT_SETUP, pk_of("north")),
    Case("scheduling:template_edit", SHIFT_SETUP, north_template),
    Case("scheduling:rules_edit", SHIFT_SETUP, pk_of("north")),
    Case("scheduling:rules_edit", frozenset({"admin"}), pk_of("south"), label="far"),
    # The generator runs on a draft for those who draft the site's schedules.
    Case(
        "scheduling:schedule_generate",
        SCHEDULERS,
        draft_for_generation,
        method="post",
        data={"time_limit": 10},
        ok_status=302,
    ),
    Case("scheduling:generation_detail", SCHEDULERS, north_generation),
    Case("scheduling:fairness_ledger", SCHEDULERS, pk_of("north")),
    Case("scheduling:fairness_ledger", frozenset({"admin"}), pk_of("south"), label="far"),
    Case("scheduling:schedules", SCHEDULE_READERS),
    Case("scheduling:schedule_new", SCHEDULERS),
    Case("scheduling:schedule_detail", SCHEDULE_READERS, north_schedule),
    # Humans decide: Ada's leader (her team has shifts in it), the site's planners and managers.
    Case(
        "scheduling:schedule_publish",
        SCHEDULE_READERS,
        north_schedule,
        method="post",
        ok_status=302,
    ),
    Case("scheduling:schedule_versions", SCHEDULE_READERS, north_schedule),
    Case("scheduling:shift_edit", DECIDES_FOR_ADA, adas_published_shift),
    Case(
        "scheduling:shift_remove",
        DECIDES_FOR_ADA,
        adas_published_shift,
        method="post",
        ok_status=302,
    ),
    Case("api-schedule-week", EVERYONE),
    Case("api-schedule-constraints", EVERYONE),
    Case("api-schedule-constraints", EVERYONE, method="post", ok_status=400, label="without data"),
    Case("api-schedule-preferences", EVERYONE),
    Case("api-schedule-preferences", EVERYONE, method="post", ok_status=400, label="without data"),
    Case(
        "api-schedule-request-decision",
        DECIDES_FOR_ADA,
        adas_pending_preference,
        method="post",
        data={"approve": True},
    ),
    Case("api-schedules", SCHEDULE_READERS),
    Case("api-schedule", SCHEDULE_READERS, north_schedule),
    Case("api-schedule-publish", SCHEDULE_READERS, north_schedule, method="post"),
]


# ---- Self-scheduling: a bidding window is read by everyone at its site while open (its
# planners, leaders and managers always), picked in by agents with a turn, opened and closed by
# those who draft the site's schedules.
BIDDERS = frozenset({"agent"})


def _bidding_window(floor, site=None):
    from datetime import timedelta

    from django.utils import timezone

    from floorwalk.scheduling.models import BiddingWindow, BidSlot, BidTurn, Schedule
    from tests.scheduling.conftest import MONDAY, at, early_template

    site = site or floor.north
    schedule = Schedule.objects.create(site=site, start_date=MONDAY, days=7)
    now = timezone.now()
    window = BiddingWindow.objects.create(
        schedule=schedule,
        policy="rotation",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=2),
        turn_minutes=0,
    )
    template = early_template(floor) if site == floor.north else None
    if template is not None:
        BidTurn.objects.create(window=window, person=floor.agent, position=1, starts_at=now)
        voice = floor.agent.queues.first()
        BidSlot.objects.create(
            window=window,
            template=template,
            queue=voice,
            start=at(MONDAY, 8),
            end=at(MONDAY, 16),
            capacity=2,
        )
    return window


def north_bidding_window(floor) -> dict:
    return {"pk": _bidding_window(floor).pk}


def south_bidding_window(floor) -> dict:
    return {"pk": _bidding_window(floor, floor.south).pk}


def north_bidding_slot(floor) -> dict:
    window = _bidding_window(floor)
    return {"pk": window.pk, "slot": window.slots.get().pk}


def adas_bid_pick(floor) -> dict:
    from floorwalk.scheduling.models import BidPick

    window = _bidding_window(floor)
    pick = BidPick.objects.create(window=window, slot=window.slots.get(), person=floor.agent)
    return {"pk": pick.pk}


CASES += [
    Case("scheduling:bidding_windows", EVERYONE),
    Case("scheduling:bidding_open", SCHEDULERS, draft_for_generation),
    Case(
        "scheduling:bidding_open",
        SCHEDULERS,
        draft_for_generation,
        method="post",
        ok_status=400,
        label="invalid",
    ),
    Case("scheduling:bidding_window", EVERYONE, north_bidding_window),
    Case("scheduling:bidding_window", frozenset({"admin"}), south_bidding_window, label="far"),
    # The pick is judged (here refused: no forecast) and the agent is sent back to the window.
    Case("scheduling:bidding_pick", BIDDERS, north_bidding_slot, method="post", ok_status=302),
    Case("scheduling:bidding_drop", BIDDERS, adas_bid_pick, method="post", ok_status=302),
    Case(
        "scheduling:bidding_close", SCHEDULERS, north_bidding_window, method="post", ok_status=302
    ),
    Case("api-bidding-windows", EVERYONE),
    Case("api-bidding-windows", SCHEDULERS, method="post", ok_status=400, label="without data"),
    Case("api-bidding-window", EVERYONE, north_bidding_window),
    Case("api-bidding-window", frozenset({"admin"}), south_bidding_window, label="far"),
    Case("api-bidding-pool", EVERYONE, north_bidding_window),
    Case("api-bidding-picks", EVERYONE, north_bidding_window),
    Case(
        "api-bidding-picks",
        BIDDERS,
        north_bidding_window,
        method="post",
        data={"slot": 0},
        ok_status=400,
        label="unknown slot",
    ),
    Case("api-bidding-pick", BIDDERS, adas_bid_pick, method="delete", ok_status=204),
    Case("api-bidding-close", SCHEDULERS, north_bidding_window, method="post", ok_status=202),
]


# ---- Shift swaps and offers: each agent trades their own future shifts with colleagues of
# their site (Ada and Mira are agents at North); a leader deciding for both agents, or the
# site's planners and managers, decide what the checks send to a human.
TRADERS = frozenset({"agent", "mentor"})


def adas_future_shift(floor) -> dict:
    from tests.scheduling.swaps_setup import future_week, shift_of

    schedule = future_week(floor)
    return {"pk": shift_of(schedule, floor.agent, schedule.start_date).pk}


def oskars_open_offer(floor) -> dict:
    from floorwalk.scheduling.services import shift_offer
    from tests.scheduling.swaps_setup import future_week, shift_of

    schedule = future_week(floor)
    shift = shift_of(schedule, floor.other_agent, schedule.start_date + timedelta(days=2))
    return {"pk": shift_offer(actor=floor.user("other_agent"), shift=shift).pk}


def adas_offer_taken_by_mira(floor) -> dict:
    """Waits for a human: there is no forecast to check it against."""
    from floorwalk.scheduling.models import ShiftTrade
    from floorwalk.scheduling.services import shift_offer, shift_trade_accept
    from tests.scheduling.swaps_setup import future_week, shift_of

    schedule = future_week(floor)
    offer = shift_offer(
        actor=floor.user("agent"), shift=shift_of(schedule, floor.agent, schedule.start_date)
    )
    shift_trade_accept(actor=floor.user("mentor"), trade=ShiftTrade.objects.get(pk=offer.pk))
    return {"pk": offer.pk}


def _take(case_kwargs: Callable) -> Callable:
    return lambda floor: {**case_kwargs(floor), "action": "take"}


CASES += [
    Case("scheduling:shift_offer", frozenset({"agent"}), adas_future_shift),
    Case(
        "scheduling:shift_offer",
        frozenset({"agent"}),
        adas_future_shift,
        method="post",
        ok_status=302,
        label="offer",
    ),
    Case("scheduling:shift_swap", frozenset({"agent"}), adas_future_shift),
    Case(
        "scheduling:shift_swap",
        frozenset({"agent"}),
        adas_future_shift,
        method="post",
        ok_status=400,
        label="without a shift",
    ),
    Case("scheduling:trades", EVERYONE),
    Case("scheduling:offer_board", EVERYONE),
    Case(
        "scheduling:trade_action",
        TRADERS,
        _take(oskars_open_offer),
        method="post",
        ok_status=302,
    ),
    # Both agents are Alpha's, so their leader decides, as do the site's planners and manager.
    Case(
        "scheduling:trade_decide",
        DECIDES_FOR_ADA,
        adas_offer_taken_by_mira,
        method="post",
        data={"decision": "approve"},
        ok_status=302,
    ),
    Case("api-schedule-trades", EVERYONE),
    Case("api-schedule-trades", EVERYONE, method="post", ok_status=400, label="without data"),
    Case("api-schedule-trade-action", TRADERS, _take(oskars_open_offer), method="post"),
    Case(
        "api-schedule-trade-action",
        DECIDES_FOR_ADA,
        lambda floor: {**adas_offer_taken_by_mira(floor), "action": "approve"},
        method="post",
        label="approve",
    ),
]


# ---- Recognition, boundary incidents, empowerment -------------------------------------------
# Alpha's wall: its members (Ada, Mira), its leader, the site's manager, admins.
READS_ALPHAS_WALL = frozenset({"agent", "mentor", "leader", "manager", "admin"})
COMPLIMENT_ENTERERS = frozenset({"leader", "qa", "admin"})
# Ada's incidents and grants: Ada, her team leader, her site manager, admins (not her mentor).
SEES_ADAS_INCIDENTS = frozenset({"agent", "leader", "manager", "admin"})


def adas_open_incident(floor) -> dict:
    from floorwalk.experience.models import BoundaryIncident

    incident = BoundaryIncident.objects.create(
        agent=floor.agent,
        interaction=make_interaction(floor.agent),
        kind="abuse",
        description="Shouted and swore",
    )
    return {"pk": incident.pk}


def adas_pending_grant(floor) -> dict:
    from decimal import Decimal

    from floorwalk.experience.models import EmpowermentGrant

    grant = EmpowermentGrant.objects.create(
        agent=floor.agent,
        interaction=make_interaction(floor.agent),
        kind="compensation",
        currency="EUR",
        amount=Decimal("50"),
        limit_applied=Decimal("20"),
        reason="Parcel lost twice",
        status="pending",
    )
    return {"pk": grant.pk}


CLOSE_INCIDENT = {"support_given": "Talked it through", "customer_action": "warning"}
DECIDE_GRANT = {"decision": "approve", "reason": "Fair for a lost parcel"}

CASES += [
    Case("experience:my_recognition", EVERYONE),
    Case("experience:kudos_new", EVERYONE),
    Case("experience:kudos_new", EVERYONE, method="post", ok_status=400, label="without data"),
    Case("experience:recognition_walls", EVERYONE),
    Case("experience:team_wall", READS_ALPHAS_WALL, pk_of("alpha")),
    Case("experience:team_wall_csv", READS_ALPHAS_WALL, pk_of("alpha")),
    Case("experience:compliments", EVERYONE),
    Case("experience:compliments_csv", EVERYONE),
    Case("experience:compliment_new", COMPLIMENT_ENTERERS),
    Case(
        "experience:compliment_new",
        COMPLIMENT_ENTERERS,
        method="post",
        ok_status=400,
        label="without data",
    ),
    Case("experience:boundary_incidents", EVERYONE),
    Case("experience:boundary_incidents_csv", EVERYONE),
    Case("experience:boundary_incident_new", EVERYONE),
    Case(
        "experience:boundary_incident_new",
        EVERYONE,
        method="post",
        ok_status=400,
        label="without data",
    ),
    Case("experience:boundary_incident", SEES_ADAS_INCIDENTS, adas_open_incident),
    Case(
        "experience:boundary_incident",
        LEADS_ADA,
        adas_open_incident,
        method="post",
        data=CLOSE_INCIDENT,
        ok_status=302,
        label="close",
    ),
    Case("experience:boundary_report", LEADS_ADA),
    Case("experience:boundary_report_csv", LEADS_ADA),
    Case("experience:latitude_rules", EVERYONE),
    Case(
        "experience:latitude_rules",
        frozenset({"manager", "admin"}),
        method="post",
        ok_status=400,
        label="without data",
    ),
    Case("experience:grants", EVERYONE),
    Case("experience:grants_csv", EVERYONE),
    Case("experience:grant_new", EVERYONE),
    Case("experience:grant_new", EVERYONE, method="post", ok_status=400, label="without data"),
    Case(
        "experience:grant_decision",
        LEADS_ADA,
        adas_pending_grant,
        method="post",
        data=DECIDE_GRANT,
        ok_status=302,
    ),
    Case("experience:grant_outcomes", LEADS_ADA),
    Case("experience:grant_outcomes_csv", LEADS_ADA),
    Case("api-kudos", EVERYONE),
    Case("api-kudos", EVERYONE, method="post", ok_status=400, label="without data"),
    Case("api-compliments", EVERYONE),
    Case(
        "api-compliments", COMPLIMENT_ENTERERS, method="post", ok_status=400, label="without data"
    ),
    Case("api-boundary-incidents", EVERYONE),
    Case("api-boundary-incidents", EVERYONE, method="post", ok_status=400, label="without data"),
    Case(
        "api-boundary-incident-close",
        LEADS_ADA,
        adas_open_incident,
        method="post",
        data=CLOSE_INCIDENT,
    ),
    Case("api-grants", EVERYONE),
    Case("api-grants", EVERYONE, method="post", ok_status=400, label="without data"),
    Case("api-grant-decision", LEADS_ADA, adas_pending_grant, method="post", data=DECIDE_GRANT),
]


# ---- Skills matrix, training paths, skill shortage ---------------------------------------------
# The matrix, paths and shortage: leaders, planners, managers, admins. Ada's levels are read with
# her schedule and set by those who lead her; paths are written by the site's manager.
READS_SKILLS = frozenset({"leader", "planner", "manager", "admin"})
READS_ADAS_SKILLS = frozenset({"agent", "leader", "planner", "manager", "admin"})
SETS_ADAS_SKILLS = LEADS_ADA
WRITES_PATHS = frozenset({"manager", "admin"})
SKILLS_QUEUE_ID = 9301


def a_chat_queue(floor) -> dict:
    from floorwalk.org.models import Queue

    Queue.objects.get_or_create(
        pk=SKILLS_QUEUE_ID, defaults={"name": "Chat", "channel": "chat", "site": floor.north}
    )
    return {}


def a_chat_path(floor) -> dict:
    from floorwalk.learning.models import PathStep, TrainingPath
    from floorwalk.org.models import Queue

    a_chat_queue(floor)
    path = TrainingPath.objects.create(
        name="Chat for voice agents", target_queue=Queue.objects.get(pk=SKILLS_QUEUE_ID)
    )
    PathStep.objects.create(path=path, position=1, kind="shadowing", title="Shadow")
    return {"pk": path.pk}


def adas_chat_enrolment(floor) -> dict:
    from floorwalk.learning.models import PathEnrolment, PathStep

    path_pk = a_chat_path(floor)["pk"]
    enrolment = PathEnrolment.objects.create(
        path_id=path_pk, person=floor.agent, enrolled_on="2025-06-02"
    )
    step = PathStep.objects.get(path_id=path_pk)
    return {"pk": enrolment.pk, "step_pk": step.pk}


def adas_voice_cell(floor) -> dict:
    return {"pk": floor.agent.pk, "queue_pk": floor.agent.queues.get().pk}


CASES += [
    Case("learning:skills_matrix", READS_SKILLS),
    Case("learning:skills_matrix_csv", READS_SKILLS),
    Case("learning:skills_cell", SETS_ADAS_SKILLS, adas_voice_cell),
    Case(
        "learning:skills_cell",
        SETS_ADAS_SKILLS,
        adas_voice_cell,
        method="post",
        data={"level": "4", "assessed_on": "2025-06-02"},
        ok_status=302,
        label="set",
    ),
    Case("learning:skills_person", READS_ADAS_SKILLS, pk_of("agent")),
    Case("learning:skills_person", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case("learning:skills_paths", READS_SKILLS),
    Case(
        "learning:skills_paths",
        WRITES_PATHS,
        lambda floor: a_chat_queue(floor),
        method="post",
        data={"name": "Chat path", "target_queue": SKILLS_QUEUE_ID, "target_level": "2"},
        ok_status=302,
        label="create",
    ),
    Case("learning:skills_path", READS_SKILLS, a_chat_path),
    Case(
        "learning:skills_path_step_add",
        WRITES_PATHS,
        a_chat_path,
        method="post",
        data={"kind": "assessment", "title": "Chat assessment"},
        ok_status=302,
    ),
    Case(
        "learning:skills_path_enrol",
        SETS_ADAS_SKILLS,
        a_chat_path,
        method="post",
        ok_status=400,
        label="without data",
    ),
    Case(
        "learning:skills_step_done",
        SETS_ADAS_SKILLS,
        adas_chat_enrolment,
        method="post",
        data={"done_on": "2025-06-03"},
        ok_status=302,
    ),
    Case("learning:skills_shortage", READS_SKILLS),
    Case("learning:skills_shortage_csv", READS_SKILLS),
    Case("api-skills-matrix", READS_SKILLS),
    Case(
        "api-skills-levels",
        SETS_ADAS_SKILLS,
        method="post",
        ok_status=400,
        label="without data",
    ),
    Case("api-skills-person", READS_ADAS_SKILLS, pk_of("agent")),
    Case("api-skills-person", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case("api-skills-paths", READS_SKILLS),
    Case("api-skills-paths", WRITES_PATHS, method="post", ok_status=400, label="without data"),
    Case("api-skills-path", READS_SKILLS, a_chat_path),
    Case(
        "api-skills-path",
        WRITES_PATHS,
        a_chat_path,
        method="post",
        data={"kind": "assessment", "title": "Chat assessment"},
        ok_status=201,
        label="add step",
    ),
    Case(
        "api-skills-path-enrolments",
        SETS_ADAS_SKILLS,
        a_chat_path,
        method="post",
        ok_status=400,
        label="without data",
    ),
    Case(
        "api-skills-enrolment-steps",
        SETS_ADAS_SKILLS,
        lambda floor: {"pk": adas_chat_enrolment(floor)["pk"]},
        method="post",
        ok_status=400,
        label="without data",
    ),
    Case("api-skills-shortage", READS_SKILLS),
]


# ---- Listening: pulse surveys (Alpha's, by the manager), suggestions, attrition signals ------
PULSE_RUNNERS = frozenset({"leader", "manager", "admin"})
ALPHA_MEMBERS = frozenset({"agent", "mentor"})
# Ada's unshared suggestion: herself and those who lead or manage her team.
READS_ADAS_SUGGESTION = frozenset({"agent", "leader", "manager", "admin"})
# Ada's HR notes: her leader, her site manager, administrators; never herself or her mentor.
READS_ADAS_HR_NOTES = frozenset({"leader", "manager", "admin"})


def alphas_survey(floor) -> dict:
    from django.utils import timezone

    from floorwalk.experience.listening_services import ENPS_TEXT, QuestionSpec, survey_create

    survey = survey_create(
        actor=floor.user("manager"),
        title="Pulse",
        site=floor.north,
        teams=[floor.alpha],
        questions=[QuestionSpec("enps", ENPS_TEXT)],
        opens_on=timezone.localdate(),
        today=timezone.localdate(),
    )
    return {"pk": survey.pk}


def alphas_round(floor) -> dict:
    from floorwalk.experience.models.listening import PulseRound

    return {"pk": PulseRound.objects.get(survey_id=alphas_survey(floor)["pk"]).pk}


def adas_suggestion(floor) -> dict:
    from floorwalk.experience.models.listening import Suggestion

    suggestion = Suggestion.objects.create(
        author=floor.agent, team=floor.alpha, site=floor.north, title="Quiet room"
    )
    return {"pk": suggestion.pk}


A_RETENTION_NOTE = {"noted_on": "2026-11-01", "said": "Has an offer elsewhere"}
AN_ANSWER = {"status": "planned", "answer": "In January"}

CASES += [
    Case("experience:pulse_surveys", PULSE_RUNNERS),
    Case("experience:pulse_new", PULSE_RUNNERS),
    Case("experience:pulse_new", PULSE_RUNNERS, method="post", ok_status=400, label="empty"),
    Case("experience:pulse_mine", EVERYONE),
    Case("experience:pulse_survey", PULSE_RUNNERS, alphas_survey),
    Case("experience:pulse_answer", ALPHA_MEMBERS, alphas_round),
    Case(
        "experience:pulse_answer",
        ALPHA_MEMBERS,
        alphas_round,
        method="post",
        ok_status=400,
        label="without an answer",
    ),
    Case("experience:suggestions", EVERYONE),
    Case("experience:suggestion_new", EVERYONE),
    Case("experience:suggestion_new", EVERYONE, method="post", ok_status=400, label="empty"),
    Case("experience:suggestion", READS_ADAS_SUGGESTION, adas_suggestion),
    Case(
        "experience:suggestion_answer",
        PULSE_RUNNERS,
        adas_suggestion,
        method="post",
        data=AN_ANSWER,
        ok_status=302,
    ),
    Case("experience:attrition_team", READS_ADAS_HR_NOTES, pk_of("alpha")),
    Case("experience:attrition_team", frozenset({"admin"}), pk_of("gamma"), label="far"),
    Case("experience:attrition_person", READS_ADAS_HR_NOTES, pk_of("agent")),
    Case("experience:attrition_person", frozenset({"admin"}), pk_of("far_agent"), label="far"),
    Case(
        "experience:attrition_person",
        READS_ADAS_HR_NOTES,
        pk_of("agent"),
        method="post",
        data=A_RETENTION_NOTE,
        ok_status=302,
        label="note",
    ),
    Case("api-pulse-surveys", EVERYONE),
    Case("api-pulse-surveys", PULSE_RUNNERS, method="post", ok_status=400, label="empty"),
    Case("api-pulse-survey-results", PULSE_RUNNERS, alphas_survey),
    Case("api-pulse-mine", EVERYONE),
    Case("api-pulse-round-answer", ALPHA_MEMBERS, alphas_round, method="post", ok_status=400),
    Case("api-suggestions", EVERYONE),
    Case("api-suggestions", EVERYONE, method="post", ok_status=400, label="empty"),
    Case("api-suggestion", READS_ADAS_SUGGESTION, adas_suggestion),
    Case("api-suggestion-answer", PULSE_RUNNERS, adas_suggestion, method="post", data=AN_ANSWER),
    Case("api-person-attrition", READS_ADAS_HR_NOTES, pk_of("agent")),
    Case(
        "api-person-attrition",
        READS_ADAS_HR_NOTES,
        pk_of("agent"),
        method="post",
        data=A_RETENTION_NOTE,
        ok_status=201,
        label="note",
    ),
]


def test_every_url_pattern_is_in_the_matrix():
    own = {name for name in pattern_names() if not name.startswith("admin:")}

    assert own - {case.name for case in CASES} == set()


def test_every_url_pattern_of_ours_has_a_name():
    def unnamed(resolver):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace != "admin":
                    yield from unnamed(entry)
            elif not entry.name:
                yield str(entry.pattern)

    assert list(unnamed(get_resolver())) == []


def is_denied(role, response) -> bool:
    if role is ANONYMOUS:
        if response.status_code == 302:
            return "/login/" in response["Location"]
        return response.status_code in (401, 403)
    return response.status_code in (403, 404)


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
@pytest.mark.parametrize("case", CASES, ids=str)
def test_role_url_matrix(floor, case, role):
    client = client_for(role)
    url = reverse(case.name, kwargs=case.kwargs(floor))

    # A PATCH or DELETE carries JSON (test clients encode only GET and POST data themselves).
    extra = {"content_type": "application/json"} if case.method in ("patch", "delete") else {}
    response = getattr(client, case.method)(url, case.data, **extra)

    if role in case.allowed:
        assert response.status_code == case.expected_status(role), response.content[:300]
    else:
        assert is_denied(role, response), (response.status_code, response.content[:300])
        body = response.content.decode(errors="replace")
        own_name = getattr(floor, role).display_name if role else None
        assert [name for name in SECRET_NAMES if name in body and name != own_name] == []


def admin_urls(floor):
    """Each admin page with sample arguments: an existing object wherever one is needed."""
    urls = []

    def walk(resolver, namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
                continue
            name = f"{namespace}{entry.name}"
            if not entry.name or not name.startswith("admin:"):
                continue
            kwargs = {}
            for key in entry.pattern.converters:
                model_admin = getattr(entry.callback, "model_admin", None)
                if key == "object_id" and model_admin is not None:
                    obj = model_admin.model.objects.order_by("pk").first()
                    kwargs[key] = str(obj.pk) if obj else "1"
                elif key == "app_label":
                    kwargs[key] = "org"
                elif key == "content_type_id":
                    kwargs[key] = "1"
                else:
                    kwargs[key] = "1"
            regex_args = entry.pattern.regex.groupindex
            if "app_label" in regex_args:
                kwargs["app_label"] = "org"
            urls.append((name, reverse(name, kwargs=kwargs)))

    walk(get_resolver())
    return urls


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_admin_pages_only_for_administrators(floor, role):
    client = client_for(role)
    checked = 0
    for name, url in admin_urls(floor):
        if name in ("admin:login", "admin:logout"):
            continue
        response = client.get(url)
        if role == "admin":
            assert response.status_code < 500, (name, url, response.status_code)
            assert not (response.status_code == 302 and "/admin/login/" in response["Location"])
        else:
            assert response.status_code == 302, (name, url, response.status_code)
            assert "/login/" in response["Location"], (name, url)
        checked += 1
    assert checked > 50


# ---- Onboarding: leaders start their teams' new hires, site managers and admins too; site
# managers write their site's templates and job preview, admins every one. Nina Newhire (Alpha)
# has a plan from the default template (all sites), mentored by Mira; the job preview of North
# is public once published.
ONBOARDING_STARTERS = frozenset({"leader", "manager", "admin"})
ONBOARDING_EDITORS = frozenset({"manager", "admin"})
READS_NINAS_PLAN = frozenset({"mentor", "leader", "manager", "admin"})


def ninas_plan_kwargs(floor) -> dict:
    from tests.experience.onboarding_setup import ninas_plan

    return {"pk": ninas_plan(floor).pk}


def a_leader_task_of_ninas_plan(floor) -> dict:
    from floorwalk.experience.models import OwnerKind
    from tests.experience.onboarding_setup import ninas_plan

    plan = ninas_plan(floor)
    return {"pk": plan.tasks.filter(owner_kind=OwnerKind.TEAM_LEADER).order_by("pk").first().pk}


def the_default_template(floor) -> dict:
    from tests.experience.onboarding_setup import default_template

    return {"pk": default_template().pk}


def a_north_template(floor) -> dict:
    from floorwalk.experience.models import OnboardingTemplate, OnboardingTemplateTask

    template, created = OnboardingTemplate.objects.get_or_create(
        name="North basics", site=floor.north
    )
    if created:
        OnboardingTemplateTask.objects.create(
            template=template,
            title="Desk ready",
            phase="before_day_one",
            owner_kind="team_leader",
            offset_days=-1,
        )
    return {"pk": template.pk}


def north_published_preview(floor) -> dict:
    from tests.experience.onboarding_setup import north_preview

    return {"pk": north_preview(floor, published=True).site_id}


def north_draft_preview(floor) -> dict:
    from tests.experience.onboarding_setup import north_preview

    return {"pk": north_preview(floor, published=False).site_id}


CASES += [
    Case("experience:onboarding_plans", ONBOARDING_STARTERS),
    Case("experience:onboarding_start", ONBOARDING_STARTERS),
    Case(
        "experience:onboarding_start",
        ONBOARDING_STARTERS,
        method="post",
        ok_status=400,
        label="without data",
    ),
    Case("experience:onboarding_mine", EVERYONE),
    Case("experience:onboarding_my_tasks", EVERYONE),
    Case(
        "experience:onboarding_task_done",
        ONBOARDING_STARTERS,
        a_leader_task_of_ninas_plan,
        method="post",
        ok_status=302,
    ),
    Case("experience:onboarding_plan", READS_NINAS_PLAN, ninas_plan_kwargs),
    Case("experience:onboarding_review", frozenset({"leader"}), ninas_plan_kwargs),
    Case("experience:onboarding_templates", ONBOARDING_STARTERS),
    Case("experience:onboarding_template_create", ONBOARDING_EDITORS),
    Case(
        "experience:onboarding_template_create",
        ONBOARDING_EDITORS,
        method="post",
        ok_status=400,
        label="without data",
    ),
    Case("experience:onboarding_template", ONBOARDING_STARTERS, the_default_template),
    Case("experience:onboarding_template_edit", frozenset({"admin"}), the_default_template),
    Case(
        "experience:onboarding_template_edit",
        ONBOARDING_EDITORS,
        a_north_template,
        label="North's",
    ),
    Case("experience:onboarding_rollup", ONBOARDING_STARTERS, the_default_template),
    Case("experience:job_preview_edit", ONBOARDING_EDITORS, pk_of("north")),
    Case("experience:job_preview_edit", frozenset({"admin"}), pk_of("south"), label="far"),
    Case("experience:job_preview", frozenset(ROLES), north_published_preview),
    Case(
        "experience:job_preview",
        frozenset(ROLES),
        north_draft_preview,
        ok_status=404,
        label="unpublished",
    ),
]

CASES += [
    Case("api-onboarding-templates", EVERYONE),
    Case("api-onboarding-plans", EVERYONE),
    Case(
        "api-onboarding-plans",
        ONBOARDING_STARTERS,
        method="post",
        ok_status=400,
        label="without data",
    ),
    Case("api-onboarding-plan", READS_NINAS_PLAN, ninas_plan_kwargs),
    Case(
        "api-onboarding-review",
        frozenset({"leader"}),
        ninas_plan_kwargs,
        method="post",
        ok_status=400,
        label="without answers",
    ),
    Case(
        "api-onboarding-task-complete",
        ONBOARDING_STARTERS,
        a_leader_task_of_ninas_plan,
        method="post",
    ),
]


# ---- Training: the catalogue for trainers (leaders, managers, admins) and QA; Ada's
# enrolment and follow-ups for whoever reads her development or QA; her follow-ups recorded by
# her mentor (their owner) and those who may change her development.
TRAINERS = frozenset({"leader", "manager", "admin"})
CATALOGUE_READERS = TRAINERS | {"qa"}
READS_ADAS_TRAINING = frozenset({"agent", "mentor", "leader", "qa", "manager", "admin"})
RECORDS_ADAS_FOLLOW_UP = frozenset({"mentor", "leader", "manager", "admin"})
COACHES_ADA_AFTER_TRAINING = frozenset({"mentor", "leader", "qa", "manager", "admin"})


def _training_course(floor):
    from tests.learning.training.conftest import course_of

    return course_of(floor)


def a_training_course(floor) -> dict:
    return {"pk": _training_course(floor).pk}


def a_training_session(floor) -> dict:
    from tests.learning.training.conftest import session_of

    return {"pk": session_of(floor, _training_course(floor), days_from_today=-20).pk}


def adas_training_enrolment(floor) -> dict:
    from floorwalk.learning.models import Enrolment
    from tests.learning.training.conftest import session_of

    course = _training_course(floor)
    session = session_of(floor, course, days_from_today=-20)
    return {"pk": Enrolment.objects.create(course=course, session=session, person=floor.agent).pk}


def adas_training_follow_up(floor, *, done: bool = False) -> dict:
    from floorwalk.learning.models import Enrolment, FollowUp
    from floorwalk.learning.training_services import enrolment_set_status, follow_up_record
    from tests.learning.training.conftest import BEHAVIOURS

    enrolment = Enrolment.objects.get(pk=adas_training_enrolment(floor)["pk"])
    enrolment = enrolment_set_status(
        actor=floor.user("admin"),
        enrolment=enrolment,
        status="completed",
        completed_on=enrolment.session.starts_on,
    )
    follow_up = FollowUp.objects.get(enrolment=enrolment, offset_days=2)
    if done:
        follow_up_record(
            actor=floor.user("admin"),
            follow_up=follow_up,
            done_on=follow_up.due_on,
            observations=dict.fromkeys(BEHAVIOURS, "sometimes"),
        )
    return {"pk": follow_up.pk}


def adas_done_training_follow_up(floor) -> dict:
    return adas_training_follow_up(floor, done=True)


def a_training_rule(floor) -> dict:
    from floorwalk.learning.models import AutoAssignRule

    rule = AutoAssignRule.objects.create(
        course=_training_course(floor), qa_item_key="upsell", consecutive_fails=3
    )
    return {"pk": rule.pk}


CASES += [
    Case("learning:training_courses", CATALOGUE_READERS),
    Case("learning:training_course_new", TRAINERS),
    Case(
        "learning:training_course_new",
        TRAINERS,
        method="post",
        data={
            "name": "Calm closings",
            "delivery": "virtual",
            "duration_hours": "2",
            "reinforcement_offsets": "2, 7",
            "active": "on",
        },
        ok_status=302,
        label="add",
    ),
    Case("learning:training_course", CATALOGUE_READERS, a_training_course),
    Case("learning:training_course_edit", TRAINERS, a_training_course),
    Case("learning:training_session_new", TRAINERS, a_training_course),
    Case(
        "learning:training_waiting_new",
        TRAINERS,
        a_training_course,
        method="post",
        data={"person": 0},
        ok_status=302,
    ),
    Case("learning:training_rule_new", TRAINERS, a_training_course),
    Case("learning:training_rule_edit", TRAINERS, a_training_rule),
    Case(
        "learning:training_rule_edit",
        TRAINERS,
        a_training_rule,
        method="post",
        data={"qa_item_key": "upsell", "consecutive_fails": 4, "cooldown_days": 30},
        ok_status=302,
        label="deactivate",
    ),
    Case("learning:training_session", CATALOGUE_READERS, a_training_session),
    Case(
        "learning:training_session_enrol",
        TRAINERS,
        a_training_session,
        method="post",
        ok_status=302,
    ),
    Case("learning:training_enrolment", READS_ADAS_TRAINING, adas_training_enrolment),
    Case(
        "learning:training_enrolment_status",
        TRAINERS,
        adas_training_enrolment,
        method="post",
        data={"status": "no_show"},
        ok_status=302,
    ),
    Case("learning:training_follow_up", READS_ADAS_TRAINING, adas_training_follow_up),
    Case(
        "learning:training_follow_up",
        RECORDS_ADAS_FOLLOW_UP,
        adas_training_follow_up,
        method="post",
        data={"done_on": "2020-01-01"},
        ok_status=400,
        label="incomplete",
    ),
    Case(
        "learning:training_follow_up_book",
        COACHES_ADA_AFTER_TRAINING,
        adas_done_training_follow_up,
        method="post",
        data={"kind": "side_by_side"},
        ok_status=302,
    ),
    Case("learning:training_mine", EVERYONE),
    Case("api-training-courses", CATALOGUE_READERS),
    Case(
        "api-training-courses",
        TRAINERS,
        method="post",
        data={"name": "Calm closings", "delivery": "virtual"},
        ok_status=201,
        label="add",
    ),
    Case("api-training-course", CATALOGUE_READERS, a_training_course),
    Case("api-training-transfer", CATALOGUE_READERS, a_training_course),
    Case("api-training-sessions", CATALOGUE_READERS, a_training_course),
    Case("api-training-enrolments", CATALOGUE_READERS, a_training_session),
    Case(
        "api-training-enrolments",
        TRAINERS,
        a_training_session,
        method="post",
        ok_status=400,
        label="without a person",
    ),
    Case("api-training-enrolment", READS_ADAS_TRAINING, adas_training_enrolment),
    Case(
        "api-training-complete",
        TRAINERS,
        adas_training_enrolment,
        method="post",
        data={"status": "no_show"},
    ),
    Case("api-training-follow-up", READS_ADAS_TRAINING, adas_training_follow_up),
    Case(
        "api-training-follow-up",
        RECORDS_ADAS_FOLLOW_UP,
        adas_training_follow_up,
        method="post",
        ok_status=400,
        label="without data",
    ),
]
