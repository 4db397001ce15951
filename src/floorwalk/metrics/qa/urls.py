from django.urls import path

from floorwalk.metrics.qa import views

app_name = "qa"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("forms/", views.form_list, name="forms"),
    path("forms/new/", views.form_create, name="form_create"),
    path("forms/<int:pk>/", views.form_edit, name="form_edit"),
    path("interactions/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("evaluations/", views.evaluation_list, name="evaluations"),
    path("evaluations/mine/", views.my_evaluations, name="my_evaluations"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/dispute/", views.dispute_create, name="dispute_create"),
    path("sampling/", views.sampling, name="sampling"),
    path("calibrations/", views.calibration_list, name="calibrations"),
    path("calibrations/new/", views.calibration_create, name="calibration_create"),
    path("calibrations/<int:pk>/", views.calibration_detail, name="calibration"),
    path("calibrations/<int:pk>/calibrate/", views.calibration_close, name="calibration_close"),
    path("disputes/", views.dispute_list, name="disputes"),
    path("disputes/<int:pk>/", views.dispute_resolve, name="dispute_resolve"),
]
