from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from floorwalk.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.health, name="health"),
    path(
        "favicon.ico",
        login_not_required(RedirectView.as_view(url=static("floorwalk/favicon.svg"))),
        name="favicon",
    ),
    path("", include("floorwalk.accounts.urls")),
    path("", include("floorwalk.org.urls")),
    path("api/", include("floorwalk.api_urls")),
    path("admin/", admin.site.urls),
]
