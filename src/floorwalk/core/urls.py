from django.urls import path

from floorwalk.core import import_views as views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="list"),
    path("imports.csv", views.import_list_csv, name="list_csv"),
    path("new/<str:kind>/", views.import_new, name="new"),
    path("<int:pk>/", views.import_run, name="run"),
    path("<int:pk>/file", views.import_run_file, name="run_file"),
    path("<int:pk>/rejected.csv", views.import_run_rejected, name="run_rejected"),
    path("<int:pk>/errors.csv", views.import_run_errors_csv, name="run_errors_csv"),
]
