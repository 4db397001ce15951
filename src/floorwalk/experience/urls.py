from django.urls import path

app_name = "experience"

urlpatterns: list = []

# Recognition (E6), boundary incidents (L4), empowerment (E5).
from floorwalk.experience import (  # noqa: E402
    boundary_views,
    empowerment_views,
    recognition_views,
)

urlpatterns += [
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
]
# Listening: pulse surveys, suggestions, attrition-risk signals.
from floorwalk.experience.listening_urls import urlpatterns as listening_urlpatterns  # noqa: E402

urlpatterns += listening_urlpatterns
