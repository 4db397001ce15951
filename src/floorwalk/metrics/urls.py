from django.urls import path

from floorwalk.metrics import views

app_name = "metrics"

urlpatterns = [
    path("scorecards/me/", views.my_scorecard, name="my_scorecard"),
    path("scorecards/agents/<int:pk>/", views.agent_scorecard, name="agent_scorecard"),
    path(
        "scorecards/agents/<int:pk>/scorecard.csv",
        views.agent_scorecard_csv,
        name="agent_scorecard_csv",
    ),
    path("scorecards/agents/<int:pk>/adherence/", views.agent_adherence, name="agent_adherence"),
    path(
        "scorecards/agents/<int:pk>/adherence/adherence.csv",
        views.agent_adherence_csv,
        name="agent_adherence_csv",
    ),
    path(
        "scorecards/agents/<int:pk>/adherence/<str:day>/",
        views.agent_adherence_day,
        name="agent_adherence_day",
    ),
    path(
        "scorecards/agents/<int:pk>/adherence/<str:day>/spans.csv",
        views.agent_adherence_day_csv,
        name="agent_adherence_day_csv",
    ),
    path("scorecards/teams/<int:pk>/", views.team_scorecard, name="team_scorecard"),
    path(
        "scorecards/teams/<int:pk>/scorecard.csv",
        views.team_scorecard_csv,
        name="team_scorecard_csv",
    ),
    path("scorecards/sites/<int:pk>/", views.site_scorecard, name="site_scorecard"),
    path(
        "scorecards/sites/<int:pk>/scorecard.csv",
        views.site_scorecard_csv,
        name="site_scorecard_csv",
    ),
    path("interactions/", views.interactions, name="interactions"),
    path("interactions/interactions.csv", views.interactions_csv, name="interactions_csv"),
]
