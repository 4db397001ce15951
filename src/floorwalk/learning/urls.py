"""Pages of learning: the training catalogue and its transfer, the skills matrix and paths."""

from django.urls import path

from floorwalk.learning import skills_views, training_views

app_name = "learning"

urlpatterns = [
    # Training catalogue, enrolments, reinforcement follow-ups and transfer of training (L2, L3).
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
    # Skills matrix, training paths to new queues, skill shortage.
    path("skills/", skills_views.skills_matrix, name="skills_matrix"),
    path("skills/matrix.csv", skills_views.skills_matrix_csv, name="skills_matrix_csv"),
    path(
        "skills/people/<int:pk>/queues/<int:queue_pk>/",
        skills_views.skills_cell,
        name="skills_cell",
    ),
    path("skills/people/<int:pk>/", skills_views.skills_person, name="skills_person"),
    path("skills/paths/", skills_views.skills_paths, name="skills_paths"),
    path("skills/paths/<int:pk>/", skills_views.skills_path, name="skills_path"),
    path(
        "skills/paths/<int:pk>/steps/",
        skills_views.skills_path_step_add,
        name="skills_path_step_add",
    ),
    path("skills/paths/<int:pk>/enrol/", skills_views.skills_path_enrol, name="skills_path_enrol"),
    path(
        "skills/enrolments/<int:pk>/steps/<int:step_pk>/done/",
        skills_views.skills_step_done,
        name="skills_step_done",
    ),
    path("skills/shortage/", skills_views.skills_shortage, name="skills_shortage"),
    path("skills/shortage.csv", skills_views.skills_shortage_csv, name="skills_shortage_csv"),
]
