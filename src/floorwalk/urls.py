from django.contrib import admin
from django.urls import include, path

from floorwalk.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("", include("floorwalk.accounts.urls")),
    path("", include("floorwalk.org.urls")),
    path("", include("floorwalk.metrics.urls")),
    path("", include("floorwalk.development.urls")),
    path("", include("floorwalk.coaching.urls")),
    path("", include("floorwalk.goals.urls")),
    path("imports/", include("floorwalk.core.urls")),
    path("qa/", include("floorwalk.metrics.qa.urls")),
    path("hiring/", include("floorwalk.hiring.urls")),
    path("audit/", include("floorwalk.audit.urls")),
    path("reviews/", include("floorwalk.reviews.urls")),
    path("digest/", include("floorwalk.digest.urls")),
    path("", include("floorwalk.wfm.urls")),
    path("schedule/", include("floorwalk.scheduling.urls")),
    path("", include("floorwalk.learning.urls")),
    path("", include("floorwalk.experience.urls")),
    path("api/", include("floorwalk.api_urls")),
    path("admin/", admin.site.urls),
]
