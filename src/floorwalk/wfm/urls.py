from django.urls import path

from floorwalk.wfm import views

app_name = "wfm"

urlpatterns = [
    path("forecast/", views.wfm_home, name="home"),
    path("forecast/queues/<int:pk>/", views.queue_forecast, name="forecast"),
    path("forecast/queues/<int:pk>/run/", views.forecast_run, name="run"),
    path("forecast/queues/<int:pk>/days/<str:day>/", views.forecast_day, name="day"),
    path("forecast/queues/<int:pk>/days/<str:day>.csv", views.forecast_day_csv, name="day_csv"),
    path("forecast/queues/<int:pk>/adjustments/", views.adjustment_create, name="adjust"),
    path(
        "forecast/adjustments/<int:pk>/remove/",
        views.adjustment_remove,
        name="adjustment_remove",
    ),
    path("forecast/queues/<int:pk>/target/", views.target_edit, name="target"),
    path("forecast/queues/<int:pk>/history/", views.history, name="history"),
    path("forecast/queues/<int:pk>/history.csv", views.history_csv, name="history_csv"),
    path(
        "forecast/queues/<int:pk>/history/rebuild/", views.history_rebuild, name="history_rebuild"
    ),
    path("forecast/sites/<int:pk>/special-days/", views.special_days, name="special_days"),
    path(
        "forecast/special-days/<int:pk>/remove/",
        views.special_day_remove,
        name="special_day_remove",
    ),
]
