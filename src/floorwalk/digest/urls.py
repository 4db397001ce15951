from django.urls import path

from floorwalk.digest import views

app_name = "digest"

urlpatterns = [
    path("", views.digest_home, name="home"),
    path("teams/<int:pk>/", views.team_digest_page, name="team"),
    path("emails/", views.subscriptions, name="subscriptions"),
]
