app_name = "experience"

urlpatterns: list = []

# Listening: pulse surveys, suggestions, attrition-risk signals.
from floorwalk.experience.listening_urls import urlpatterns as listening_urlpatterns  # noqa: E402

urlpatterns += listening_urlpatterns
