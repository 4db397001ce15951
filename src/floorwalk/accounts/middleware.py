import zoneinfo

from django.utils import timezone, translation

from floorwalk.org.selectors import time_zone_for_person


class UserPreferencesMiddleware:
    """Shows each user the product in their language and their site's time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            timezone.activate(zoneinfo.ZoneInfo(time_zone_for_person(user.person)))
        else:
            timezone.deactivate()
        response = self.get_response(request)
        if user.is_authenticated and user.language:
            response.headers.setdefault("Content-Language", user.language)
        return response
