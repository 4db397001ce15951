from django.urls import path

from floorwalk.metrics.qa.views import calibration, evaluations, form_editor, sampling

app_name = "qa"

urlpatterns = [
    path("", evaluations.queue, name="queue"),
    path("forms/", form_editor.form_list, name="forms"),
    path("forms/new/", form_editor.form_create, name="form_create"),
    path("forms/<int:pk>/", form_editor.form_edit, name="form_edit"),
    path("interactions/<int:pk>/evaluate/", evaluations.evaluate, name="evaluate"),
    path("evaluations/", evaluations.evaluation_list, name="evaluations"),
    path("evaluations/mine/", evaluations.my_evaluations, name="my_evaluations"),
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/dispute/", evaluations.dispute_create, name="dispute_create"),
    path("sampling/", sampling.sampling, name="sampling"),
    path("calibrations/", calibration.calibration_list, name="calibrations"),
    path("calibrations/new/", calibration.calibration_create, name="calibration_create"),
    path("calibrations/<int:pk>/", calibration.calibration_detail, name="calibration"),
    path(
        "calibrations/<int:pk>/calibrate/", calibration.calibration_close, name="calibration_close"
    ),
    path("disputes/", evaluations.dispute_list, name="disputes"),
    path("disputes/<int:pk>/", evaluations.dispute_resolve, name="dispute_resolve"),
]
