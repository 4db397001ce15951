"""The REST API, version 1. DRF authenticates (token or session) and the policy filters."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from floorwalk.accounts import api as accounts_api
from floorwalk.coaching import api as coaching_api
from floorwalk.core import api as core_api
from floorwalk.development import api as development_api
from floorwalk.development import cadence_api, competency_api, feedback_api, plan_api
from floorwalk.experience import (
    boundary_api,
    empowerment_api,
    listening_api,
    onboarding_api,
    recognition_api,
)
from floorwalk.goals import api as goals_api
from floorwalk.hiring import api as hiring_api
from floorwalk.learning import skills_api, training_api
from floorwalk.metrics import api as metrics_api
from floorwalk.metrics.qa import api as qa_api
from floorwalk.org import api as org_api
from floorwalk.reviews import api as reviews_api
from floorwalk.scheduling import api as scheduling_api
from floorwalk.wfm import api as wfm_api


def _api(view_class):
    # DRF authenticates API calls itself (tokens too), so the site-wide login redirect is skipped.
    return login_not_required(view_class.as_view())


urlpatterns = [
    path("v1/auth/token/", _api(accounts_api.TokenView), name="api-token"),
    path("v1/me/", _api(accounts_api.MeView), name="api-me"),
    path("v1/people/", _api(org_api.PersonList), name="api-people"),
    path("v1/people/<int:pk>/", _api(org_api.PersonDetail), name="api-person"),
    path("v1/teams/", _api(org_api.TeamList), name="api-teams"),
    path("v1/teams/<int:pk>/", _api(org_api.TeamDetail), name="api-team"),
    path("v1/sites/", _api(org_api.SiteList), name="api-sites"),
    path("v1/sites/<int:pk>/", _api(org_api.SiteDetail), name="api-site"),
    path(
        "v1/people/<int:pk>/stage/",
        _api(development_api.PersonStageView),
        name="api-person-stage",
    ),
    # An agent's follow-up: observations, one-to-ones, cadence; mentorships.
    path(
        "v1/people/<int:pk>/observations/",
        _api(cadence_api.PersonObservationList),
        name="api-person-observations",
    ),
    path(
        "v1/people/<int:pk>/one-to-ones/",
        _api(cadence_api.PersonOneToOneList),
        name="api-person-one-to-ones",
    ),
    path(
        "v1/people/<int:pk>/one-to-ones/<int:talk>/acknowledge/",
        _api(cadence_api.OneToOneAcknowledge),
        name="api-one-to-one-acknowledge",
    ),
    path(
        "v1/people/<int:pk>/cadence/",
        _api(cadence_api.PersonCadenceView),
        name="api-person-cadence",
    ),
    path("v1/mentorships/", _api(cadence_api.MentorshipList), name="api-mentorships"),
    path(
        "v1/mentorships/<int:pk>/end/",
        _api(cadence_api.MentorshipEnd),
        name="api-mentorship-end",
    ),
    # Coaching sessions and their measured effect.
    path(
        "v1/people/<int:pk>/coaching-sessions/",
        _api(coaching_api.PersonSessionList),
        name="api-person-coaching-sessions",
    ),
    path(
        "v1/coaching-sessions/<int:pk>/",
        _api(coaching_api.SessionDetail),
        name="api-coaching-session",
    ),
    path(
        "v1/coaching-sessions/<int:pk>/confirm/",
        _api(coaching_api.SessionConfirm),
        name="api-coaching-session-confirm",
    ),
    # Goals: the cascade with progress.
    path("v1/goals/", _api(goals_api.GoalList), name="api-goals"),
    path("v1/goals/<int:pk>/", _api(goals_api.GoalDetail), name="api-goal"),
    # Continuous feedback between colleagues.
    path("v1/feedback/", _api(feedback_api.FeedbackList), name="api-feedback"),
    path(
        "v1/feedback-requests/",
        _api(feedback_api.FeedbackRequestList),
        name="api-feedback-requests",
    ),
    path("v1/queues/", _api(metrics_api.QueueList), name="api-queues"),
    path("v1/interactions/", _api(metrics_api.InteractionList), name="api-interactions"),
    path(
        "v1/scorecards/agents/<str:employee_number>/",
        _api(metrics_api.AgentScorecardView),
        name="api-agent-scorecard",
    ),
    path(
        "v1/scorecards/teams/<int:pk>/",
        _api(metrics_api.TeamScorecardView),
        name="api-team-scorecard",
    ),
    path(
        "v1/imports/interactions/",
        _api(core_api.InteractionImportCreate),
        name="api-imports-interactions",
    ),
    path("v1/imports/<int:pk>/", _api(core_api.ImportRunDetail), name="api-import"),
    path("v1/qa/evaluations/", _api(qa_api.EvaluationList), name="api-qa-evaluations"),
    path("v1/qa/evaluations/<int:pk>/", _api(qa_api.EvaluationDetail), name="api-qa-evaluation"),
    path(
        "v1/qa/evaluations/<int:pk>/dispute/",
        _api(qa_api.EvaluationDispute),
        name="api-qa-evaluation-dispute",
    ),
    # The competency framework and agents' assessments.
    path("v1/competencies/", _api(competency_api.CompetencyList), name="api-competencies"),
    path(
        "v1/competencies/<int:pk>/",
        _api(competency_api.CompetencyDetail),
        name="api-competency",
    ),
    path(
        "v1/people/<int:pk>/assessments/",
        _api(competency_api.PersonAssessments),
        name="api-person-assessments",
    ),
    path("v1/candidates/", _api(hiring_api.CandidateList), name="api-candidates"),
    path("v1/candidates/<int:pk>/", _api(hiring_api.CandidateDetail), name="api-candidate"),
    path(
        "v1/candidates/<int:pk>/interviews/",
        _api(hiring_api.CandidateInterviewCreate),
        name="api-candidate-interviews",
    ),
    path(
        "v1/candidates/<int:pk>/decision/",
        _api(hiring_api.CandidateDecision),
        name="api-candidate-decision",
    ),
    # Development plans and activities.
    path("v1/people/<int:pk>/plan/", _api(plan_api.PersonPlanView), name="api-person-plan"),
    path(
        "v1/people/<int:pk>/plan/actions/",
        _api(plan_api.PlanActionCreate),
        name="api-person-plan-actions",
    ),
    path("v1/plan-actions/<int:pk>/", _api(plan_api.PlanActionDetail), name="api-plan-action"),
    path(
        "v1/people/<int:pk>/activities/",
        _api(plan_api.PersonActivityList),
        name="api-person-activities",
    ),
    path(
        "v1/activities/<int:pk>/evaluation/",
        _api(plan_api.ActivityEvaluation),
        name="api-activity-evaluation",
    ),
    # Reviews: cycles, a review as its reader may see it, calibration, release, acknowledgement.
    path("v1/review-cycles/", _api(reviews_api.CycleList), name="api-review-cycles"),
    path("v1/review-cycles/<int:pk>/", _api(reviews_api.CycleDetail), name="api-review-cycle"),
    path(
        "v1/review-cycles/<int:pk>/reviews/",
        _api(reviews_api.CycleReviewCreate),
        name="api-review-cycle-reviews",
    ),
    path("v1/reviews/<int:pk>/", _api(reviews_api.ReviewDetail), name="api-review"),
    path(
        "v1/reviews/<int:pk>/feedback/",
        _api(reviews_api.ReviewFeedbackCreate),
        name="api-review-feedback",
    ),
    path(
        "v1/reviews/<int:pk>/calibrate/",
        _api(reviews_api.ReviewCalibrate),
        name="api-review-calibrate",
    ),
    path(
        "v1/reviews/<int:pk>/release/",
        _api(reviews_api.ReviewRelease),
        name="api-review-release",
    ),
    path(
        "v1/reviews/<int:pk>/acknowledge/",
        _api(reviews_api.ReviewAcknowledge),
        name="api-review-acknowledge",
    ),
    # Forecasts and staffing: read by everyone at the site, run and adjusted by its planners.
    path(
        "v1/queues/<int:pk>/forecast/",
        _api(wfm_api.QueueForecastView),
        name="api-queue-forecast",
    ),
    path(
        "v1/queues/<int:pk>/forecast/adjustments/",
        _api(wfm_api.QueueAdjustmentCreate),
        name="api-queue-forecast-adjustments",
    ),
    path(
        "v1/forecast-adjustments/<int:pk>/",
        _api(wfm_api.AdjustmentDetail),
        name="api-forecast-adjustment",
    ),
    # Scheduling: the agent's week, constraints and preferences, schedules and publishing.
    path("v1/schedule/week/", _api(scheduling_api.MyScheduleWeek), name="api-schedule-week"),
    path(
        "v1/schedule/constraints/",
        _api(scheduling_api.ConstraintList),
        name="api-schedule-constraints",
    ),
    path(
        "v1/schedule/preferences/",
        _api(scheduling_api.PreferenceList),
        name="api-schedule-preferences",
    ),
    path(
        "v1/schedule/<str:kind>/<int:pk>/decision/",
        _api(scheduling_api.RequestDecision),
        name="api-schedule-request-decision",
    ),
    path("v1/schedules/", _api(scheduling_api.ScheduleList), name="api-schedules"),
    path("v1/schedules/<int:pk>/", _api(scheduling_api.ScheduleDetail), name="api-schedule"),
    path(
        "v1/schedules/<int:pk>/publish/",
        _api(scheduling_api.SchedulePublish),
        name="api-schedule-publish",
    ),
    # Self-scheduling: bidding windows, their pool and picks.
    path(
        "v1/bidding/windows/",
        _api(scheduling_api.BiddingWindowList),
        name="api-bidding-windows",
    ),
    path(
        "v1/bidding/windows/<int:pk>/",
        _api(scheduling_api.BiddingWindowDetail),
        name="api-bidding-window",
    ),
    path(
        "v1/bidding/windows/<int:pk>/pool/",
        _api(scheduling_api.BiddingPool),
        name="api-bidding-pool",
    ),
    path(
        "v1/bidding/windows/<int:pk>/picks/",
        _api(scheduling_api.BiddingPickList),
        name="api-bidding-picks",
    ),
    path(
        "v1/bidding/windows/<int:pk>/close/",
        _api(scheduling_api.BiddingClose),
        name="api-bidding-close",
    ),
    path(
        "v1/bidding/picks/<int:pk>/",
        _api(scheduling_api.BiddingPickDetail),
        name="api-bidding-pick",
    ),
    # Shift swaps and offers.
    path("v1/schedule/trades/", _api(scheduling_api.ShiftTradeList), name="api-schedule-trades"),
    path(
        "v1/schedule/trades/<int:pk>/<str:action>/",
        _api(scheduling_api.ShiftTradeAction),
        name="api-schedule-trade-action",
    ),
    # Recognition, boundary incidents, empowerment.
    path("v1/kudos/", _api(recognition_api.KudosList), name="api-kudos"),
    path("v1/compliments/", _api(recognition_api.ComplimentList), name="api-compliments"),
    path(
        "v1/boundary-incidents/",
        _api(boundary_api.IncidentList),
        name="api-boundary-incidents",
    ),
    path(
        "v1/boundary-incidents/<int:pk>/close/",
        _api(boundary_api.IncidentClose),
        name="api-boundary-incident-close",
    ),
    path("v1/grants/", _api(empowerment_api.GrantList), name="api-grants"),
    path(
        "v1/grants/<int:pk>/decision/",
        _api(empowerment_api.GrantDecision),
        name="api-grant-decision",
    ),
    # Skills matrix, training paths to new queues, skill shortage.
    path("v1/skills/matrix/", _api(skills_api.SkillMatrixView), name="api-skills-matrix"),
    path("v1/skills/levels/", _api(skills_api.SkillLevelSet), name="api-skills-levels"),
    path("v1/skills/people/<int:pk>/", _api(skills_api.PersonSkills), name="api-skills-person"),
    path("v1/skills/paths/", _api(skills_api.TrainingPathList), name="api-skills-paths"),
    path("v1/skills/paths/<int:pk>/", _api(skills_api.TrainingPathDetail), name="api-skills-path"),
    path(
        "v1/skills/paths/<int:pk>/enrolments/",
        _api(skills_api.PathEnrolmentCreate),
        name="api-skills-path-enrolments",
    ),
    path(
        "v1/skills/enrolments/<int:pk>/steps/",
        _api(skills_api.EnrolmentStepDone),
        name="api-skills-enrolment-steps",
    ),
    path("v1/skills/shortage/", _api(skills_api.SkillShortageView), name="api-skills-shortage"),
    # Onboarding: templates, plans, their tasks and the review.
    path(
        "v1/onboarding/templates/",
        _api(onboarding_api.TemplateList),
        name="api-onboarding-templates",
    ),
    path("v1/onboarding/plans/", _api(onboarding_api.PlanList), name="api-onboarding-plans"),
    path(
        "v1/onboarding/plans/<int:pk>/",
        _api(onboarding_api.PlanDetail),
        name="api-onboarding-plan",
    ),
    path(
        "v1/onboarding/plans/<int:pk>/review/",
        _api(onboarding_api.ReviewSubmit),
        name="api-onboarding-review",
    ),
    path(
        "v1/onboarding/tasks/<int:pk>/complete/",
        _api(onboarding_api.TaskComplete),
        name="api-onboarding-task-complete",
    ),
    # Listening: pulse surveys, suggestions, attrition-risk signals under the person.
    path("v1/pulse/surveys/", _api(listening_api.PulseSurveyList), name="api-pulse-surveys"),
    path(
        "v1/pulse/surveys/<int:pk>/results/",
        _api(listening_api.PulseSurveyResults),
        name="api-pulse-survey-results",
    ),
    path("v1/pulse/mine/", _api(listening_api.MyPulseRounds), name="api-pulse-mine"),
    path(
        "v1/pulse/rounds/<int:pk>/answers/",
        _api(listening_api.PulseRoundAnswer),
        name="api-pulse-round-answer",
    ),
    path("v1/suggestions/", _api(listening_api.SuggestionList), name="api-suggestions"),
    path("v1/suggestions/<int:pk>/", _api(listening_api.SuggestionDetail), name="api-suggestion"),
    path(
        "v1/suggestions/<int:pk>/answer/",
        _api(listening_api.SuggestionAnswer),
        name="api-suggestion-answer",
    ),
    path(
        "v1/people/<int:pk>/attrition/",
        _api(listening_api.PersonAttrition),
        name="api-person-attrition",
    ),
    # Training catalogue, enrolments, follow-ups and transfer of training.
    path("v1/training/courses/", _api(training_api.CourseList), name="api-training-courses"),
    path(
        "v1/training/courses/<int:pk>/",
        _api(training_api.CourseDetail),
        name="api-training-course",
    ),
    path(
        "v1/training/courses/<int:pk>/transfer/",
        _api(training_api.CourseTransfer),
        name="api-training-transfer",
    ),
    path(
        "v1/training/courses/<int:pk>/sessions/",
        _api(training_api.CourseSessionList),
        name="api-training-sessions",
    ),
    path(
        "v1/training/sessions/<int:pk>/enrolments/",
        _api(training_api.SessionEnrolmentList),
        name="api-training-enrolments",
    ),
    path(
        "v1/training/enrolments/<int:pk>/",
        _api(training_api.EnrolmentDetail),
        name="api-training-enrolment",
    ),
    path(
        "v1/training/enrolments/<int:pk>/complete/",
        _api(training_api.EnrolmentComplete),
        name="api-training-complete",
    ),
    path(
        "v1/training/follow-ups/<int:pk>/",
        _api(training_api.FollowUpDetail),
        name="api-training-follow-up",
    ),
    path("schema/", _api(SpectacularAPIView), name="api-schema"),
    path(
        "docs/",
        # Swagger UI sets style attributes from its script; scripts stay locked down.
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
]
