from django.urls import path

from floorwalk.hiring import views

app_name = "hiring"

urlpatterns = [
    path("", views.candidate_list, name="candidates"),
    path("new/", views.candidate_create, name="candidate_create"),
    path("<int:pk>/", views.candidate_detail, name="candidate"),
    path("<int:pk>/interviews/new/", views.interview_create, name="interview_create"),
    path("<int:pk>/decide/", views.candidate_decide, name="candidate_decide"),
]
