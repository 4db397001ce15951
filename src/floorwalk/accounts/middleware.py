import zoneinfo
from contextlib import ExitStack

from django.utils import timezone, translation

from floorwalk.org.selectors import organisation, time_zone_for_person


def user_language(user) -> str:
    return user.language or organisation().default_locale


def user_time_zone(user) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(time_zone_for_person(user.person))


def activate_preferences(user) -> None:
    """The user's language and their site's time zone for the rest of this request (the API
    calls it once it knows who a token belongs to; the middleware restores what was before)."""
    translation.activate(user_language(user))
    timezone.activate(user_time_zone(user))


class UserPreferencesMiddleware:
    """Shows each user the product in their language (or the organisation's) and in their
    site's time zone. Before login, the browser's language and UTC apply. Both hold for this
    request only: nothing carries over to the next request the thread serves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        with ExitStack() as preferences:
            language = None
            if user.is_authenticated:
                language = user_language(user)
                preferences.enter_context(translation.override(language))
                preferences.enter_context(timezone.override(user_time_zone(user)))
                request.LANGUAGE_CODE = language
            else:
                preferences.enter_context(translation.override(translation.get_language()))
                preferences.enter_context(timezone.override(None))
            response = self.get_response(request)
        if language:
            response.headers["Content-Language"] = language
        return response
