from django.urls import path

from floorwalk.org import views

app_name = "org"

urlpatterns = [
    path("my-team/", views.my_team, name="my_team"),
    path("teams/<int:pk>/", views.team_detail, name="team"),
    path("teams/<int:pk>/roster.csv", views.team_roster_csv, name="team_roster_csv"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("site/", views.my_site, name="my_site"),
    path("sites/<int:pk>/", views.site_detail, name="site"),
    path("sites/<int:pk>/teams.csv", views.site_teams_csv, name="site_teams_csv"),
]
