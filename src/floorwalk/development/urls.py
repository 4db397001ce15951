from django.urls import path

from floorwalk.development import cadence_views, views

app_name = "development"

urlpatterns = [
    path("people/<int:pk>/stage/", views.person_stage, name="person_stage"),
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
