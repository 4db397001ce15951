from django.urls import path

from floorwalk.development import (
    activity_views,
    cadence_views,
    competency_views,
    feedback_views,
    followup_views,
    plan_views,
    views,
)

app_name = "development"

urlpatterns = [
    path("people/<int:pk>/stage/", views.person_stage, name="person_stage"),
    path("teams/<int:pk>/stages/", views.team_stages, name="team_stages"),
    path("me/pulse/", views.pulse, name="pulse"),
    path("development/stage-rules/", views.stage_rules_edit, name="stage_rules"),
    # Follow-up: observations, one-to-ones and mentoring.
    path(
        "people/<int:pk>/observations/",
        cadence_views.person_observations,
        name="person_observations",
    ),
    path(
        "people/<int:pk>/observations/new/", cadence_views.observation_new, name="observation_new"
    ),
    path(
        "people/<int:pk>/one-to-ones/", cadence_views.person_one_to_ones, name="person_one_to_ones"
    ),
    path("people/<int:pk>/one-to-ones/new/", cadence_views.one_to_one_new, name="one_to_one_new"),
    path("people/<int:pk>/mentor/", cadence_views.person_mentorship, name="person_mentorship"),
    path("mentorships/<int:pk>/end/", cadence_views.mentorship_end_view, name="mentorship_end"),
]

# The competency framework and agents' competency profiles.
urlpatterns += [
    path("competencies/", competency_views.competency_list, name="competencies"),
    path("competencies/new/", competency_views.competency_edit, name="competency_create"),
    path("competencies/<int:pk>/", competency_views.competency_detail, name="competency"),
    path("competencies/<int:pk>/edit/", competency_views.competency_edit, name="competency_edit"),
    path(
        "competencies/<int:pk>/retire/",
        competency_views.competency_retire,
        name="competency_retire",
    ),
    path(
        "competencies/<int:pk>/restore/",
        competency_views.competency_restore,
        name="competency_restore",
    ),
    path(
        "people/<int:pk>/competencies/",
        competency_views.person_competencies,
        name="person_competencies",
    ),
    path(
        "people/<int:pk>/competencies/assess/",
        competency_views.assessment_create,
        name="assessment_create",
    ),
]

# One-to-ones in detail: items, agreed actions carried forward, the agent's acknowledgement.
urlpatterns += [
    path(
        "people/<int:pk>/one-to-ones/<int:talk>/",
        followup_views.one_to_one_detail,
        name="one_to_one_detail",
    ),
    path(
        "people/<int:pk>/one-to-ones/<int:talk>/acknowledge/",
        followup_views.one_to_one_acknowledge_view,
        name="one_to_one_acknowledge",
    ),
    path(
        "agreed-actions/<int:pk>/status/",
        followup_views.action_status_view,
        name="action_status",
    ),
]

# Continuous feedback between colleagues, at any time.
urlpatterns += [
    path("feedback/", feedback_views.my_feedback, name="my_feedback"),
    path("feedback/give/", feedback_views.feedback_give_view, name="feedback_give"),
    path("feedback/request/", feedback_views.feedback_request_view, name="feedback_request"),
]

# Development plans: actions answering the agent's gaps.
urlpatterns += [
    path("people/<int:pk>/plan/", plan_views.person_plan, name="person_plan"),
    path(
        "people/<int:pk>/activities/",
        activity_views.person_activities,
        name="person_activities",
    ),
    path(
        "plan-actions/<int:pk>/status/",
        plan_views.plan_action_status_view,
        name="plan_action_status",
    ),
]
