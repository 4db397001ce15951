from django.urls import path

from floorwalk.development import views

app_name = "development"

urlpatterns = [
    path("people/<int:pk>/stage/", views.person_stage, name="person_stage"),
    path("teams/<int:pk>/stages/", views.team_stages, name="team_stages"),
    path("me/pulse/", views.pulse, name="pulse"),
    path("development/stage-rules/", views.stage_rules_edit, name="stage_rules"),
]
