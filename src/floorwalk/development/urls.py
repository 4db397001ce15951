from django.urls import path

from floorwalk.development import views

app_name = "development"

urlpatterns = [
    path("people/<int:pk>/stage/", views.person_stage, name="person_stage"),
]
