from django.urls import path

from floorwalk.goals import views

app_name = "goals"

urlpatterns = [
    path("goals/", views.goal_tree_page, name="tree"),
    path("goals/mine/", views.my_goals, name="mine"),
    path("goals/bonuses/", views.bonuses_page, name="bonuses"),
    path("goals/bonuses.csv", views.bonuses_csv, name="bonuses_csv"),
    path("goals/new/", views.goal_create, name="create"),
    path("goals/<int:pk>/", views.goal_detail, name="detail"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="edit"),
    path("goals/<int:pk>/roll-over/", views.goal_roll_over, name="roll_over"),
    path("teams/<int:pk>/goals/apply/", views.apply_to_team, name="apply"),
]
