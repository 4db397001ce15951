from django.urls import path

from floorwalk.coaching import views

app_name = "coaching"

urlpatterns = [
    path("people/<int:pk>/coaching/", views.person_coaching, name="person"),
    path("people/<int:pk>/coaching/new/", views.session_new, name="session_new"),
    path("people/<int:pk>/coaching/request/", views.request_new, name="request_new"),
    path("coaching/sessions/<int:pk>/", views.session_detail, name="session"),
    path("coaching/sessions/<int:pk>/confirm/", views.session_confirm_view, name="confirm"),
    path("coaching/sessions/<int:pk>/state/", views.session_state, name="state"),
    path("coaching/requests/<int:pk>/status/", views.request_status, name="request_status"),
    path("teams/<int:pk>/coaching/", views.team_board, name="team_board"),
    path("coaching/effects/", views.effects, name="effects"),
]
