from django.urls import path

from floorwalk.learning import skills_views

app_name = "learning"

urlpatterns: list = []

# Skills matrix, training paths to new queues, skill shortage.
urlpatterns += [
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
