"""Pages of the employee experience: recognition, boundaries, empowerment, onboarding and
listening."""

from django.urls import path

from floorwalk.experience import (
    boundary_views,
    empowerment_views,
    onboarding_views,
    recognition_views,
)
from floorwalk.experience.listening_urls import urlpatterns as listening_urlpatterns

app_name = "experience"

urlpatterns = [
    # Recognition (E6), boundary incidents (L4), empowerment (E5).
    path("recognition/", recognition_views.my_recognition, name="my_recognition"),
    path("recognition/kudos/new/", recognition_views.kudos_new, name="kudos_new"),
    path("recognition/teams/", recognition_views.recognition_walls, name="recognition_walls"),
    path("recognition/teams/<int:pk>/", recognition_views.team_wall, name="team_wall"),
    path(
        "recognition/teams/<int:pk>/wall.csv",
        recognition_views.team_wall_csv,
        name="team_wall_csv",
    ),
    path("recognition/compliments/", recognition_views.compliments, name="compliments"),
    path(
        "recognition/compliments/compliments.csv",
        recognition_views.compliments_csv,
        name="compliments_csv",
    ),
    path("recognition/compliments/new/", recognition_views.compliment_new, name="compliment_new"),
    path("boundaries/", boundary_views.incidents, name="boundary_incidents"),
    path("boundaries/incidents.csv", boundary_views.incidents_csv, name="boundary_incidents_csv"),
    path("boundaries/new/", boundary_views.incident_new, name="boundary_incident_new"),
    path("boundaries/<int:pk>/", boundary_views.incident, name="boundary_incident"),
    path("boundaries/report/", boundary_views.incident_report, name="boundary_report"),
    path(
        "boundaries/report/report.csv",
        boundary_views.incident_report_csv,
        name="boundary_report_csv",
    ),
    path("empowerment/rules/", empowerment_views.latitude_rules, name="latitude_rules"),
    path("empowerment/grants/", empowerment_views.grants, name="grants"),
    path("empowerment/grants/grants.csv", empowerment_views.grants_csv, name="grants_csv"),
    path("empowerment/grants/new/", empowerment_views.grant_new, name="grant_new"),
    path(
        "empowerment/grants/<int:pk>/decision/",
        empowerment_views.grant_decision,
        name="grant_decision",
    ),
    path("empowerment/outcomes/", empowerment_views.grant_outcomes, name="grant_outcomes"),
    path(
        "empowerment/outcomes/outcomes.csv",
        empowerment_views.grant_outcomes_csv,
        name="grant_outcomes_csv",
    ),
    # Onboarding: templates, plans and their tasks, the review and its roll-up, the job preview.
    path("onboarding/", onboarding_views.plans, name="onboarding_plans"),
    path("onboarding/start/", onboarding_views.start, name="onboarding_start"),
    path("onboarding/me/", onboarding_views.mine, name="onboarding_mine"),
    path("onboarding/tasks/", onboarding_views.my_tasks, name="onboarding_my_tasks"),
    path(
        "onboarding/tasks/<int:pk>/done/", onboarding_views.task_done, name="onboarding_task_done"
    ),
    path("onboarding/plans/<int:pk>/", onboarding_views.plan_detail, name="onboarding_plan"),
    path("onboarding/plans/<int:pk>/review/", onboarding_views.review, name="onboarding_review"),
    path("onboarding/templates/", onboarding_views.templates, name="onboarding_templates"),
    path(
        "onboarding/templates/new/",
        onboarding_views.template_edit,
        name="onboarding_template_create",
    ),
    path(
        "onboarding/templates/<int:pk>/",
        onboarding_views.template_detail,
        name="onboarding_template",
    ),
    path(
        "onboarding/templates/<int:pk>/edit/",
        onboarding_views.template_edit,
        name="onboarding_template_edit",
    ),
    path(
        "onboarding/templates/<int:pk>/rollup/",
        onboarding_views.rollup,
        name="onboarding_rollup",
    ),
    path("sites/<int:pk>/job-preview/", onboarding_views.job_preview_edit, name="job_preview_edit"),
    path("job-preview/<int:pk>/", onboarding_views.job_preview, name="job_preview"),
    # Listening: pulse surveys, suggestions, attrition-risk signals.
    *listening_urlpatterns,
]
