app_name = "experience"

urlpatterns: list = []

# Onboarding: templates, plans and their tasks, the review and its roll-up, the job preview.
from django.urls import path  # noqa: E402

from floorwalk.experience import onboarding_views  # noqa: E402

urlpatterns += [
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
]
