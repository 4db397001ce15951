from django.urls import path

from floorwalk.learning import training_views

app_name = "learning"

urlpatterns: list = []

# Training catalogue, enrolments, reinforcement follow-ups and transfer of training (L2, L3).
urlpatterns += [
    path("training/courses/", training_views.course_list, name="training_courses"),
    path("training/courses/new/", training_views.course_new, name="training_course_new"),
    path("training/courses/<int:pk>/", training_views.course_detail, name="training_course"),
    path(
        "training/courses/<int:pk>/edit/", training_views.course_edit, name="training_course_edit"
    ),
    path(
        "training/courses/<int:pk>/sessions/new/",
        training_views.session_new,
        name="training_session_new",
    ),
    path(
        "training/courses/<int:pk>/waiting/",
        training_views.waiting_new,
        name="training_waiting_new",
    ),
    path("training/courses/<int:pk>/rules/new/", training_views.rule_new, name="training_rule_new"),
    path("training/rules/<int:pk>/edit/", training_views.rule_edit, name="training_rule_edit"),
    path("training/sessions/<int:pk>/", training_views.session_detail, name="training_session"),
    path(
        "training/sessions/<int:pk>/enrol/",
        training_views.session_enrol,
        name="training_session_enrol",
    ),
    path(
        "training/enrolments/<int:pk>/",
        training_views.enrolment_detail,
        name="training_enrolment",
    ),
    path(
        "training/enrolments/<int:pk>/status/",
        training_views.enrolment_status,
        name="training_enrolment_status",
    ),
    path(
        "training/follow-ups/<int:pk>/",
        training_views.follow_up_detail,
        name="training_follow_up",
    ),
    path(
        "training/follow-ups/<int:pk>/book/",
        training_views.follow_up_book,
        name="training_follow_up_book",
    ),
    path("training/mine/", training_views.my_trainings, name="training_mine"),
]
