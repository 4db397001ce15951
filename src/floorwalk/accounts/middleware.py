import zoneinfo

from django.utils import timezone, translation

from floorwalk.org.selectors import organisation, time_zone_for_person


class UserPreferencesMiddleware:
    """Shows each user the product in their language (or the organisation's) and in their
    site's time zone. Before login, the browser's language applies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        language = None
        if user.is_authenticated:
            language = user.language or organisation().default_locale
            translation.activate(language)
            request.LANGUAGE_CODE = language
            timezone.activate(zoneinfo.ZoneInfo(time_zone_for_person(user.person)))
        else:
            timezone.deactivate()
        response = self.get_response(request)
        if language:
            response.headers["Content-Language"] = language
        return response
