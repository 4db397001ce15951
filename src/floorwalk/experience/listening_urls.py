"""Pages of listening: pulse surveys, suggestions, attrition-risk signals."""

from django.urls import path

from floorwalk.experience import listening_views

urlpatterns = [
    path("pulse/", listening_views.pulse_surveys, name="pulse_surveys"),
    path("pulse/new/", listening_views.pulse_new, name="pulse_new"),
    path("pulse/mine/", listening_views.pulse_mine, name="pulse_mine"),
    path("pulse/<int:pk>/", listening_views.pulse_survey, name="pulse_survey"),
    path("pulse/rounds/<int:pk>/answer/", listening_views.pulse_answer_view, name="pulse_answer"),
    path("suggestions/", listening_views.suggestions, name="suggestions"),
    path("suggestions/new/", listening_views.suggestion_new, name="suggestion_new"),
    path("suggestions/<int:pk>/", listening_views.suggestion_detail, name="suggestion"),
    path(
        "suggestions/<int:pk>/answer/",
        listening_views.suggestion_answer_view,
        name="suggestion_answer",
    ),
    path("teams/<int:pk>/attrition/", listening_views.attrition_team, name="attrition_team"),
    path("people/<int:pk>/attrition/", listening_views.attrition_person, name="attrition_person"),
]
