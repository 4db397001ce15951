"""API authentication that, like the pages, answers in the caller's language and time zone
(the middleware cannot: it runs before the API knows who a token belongs to)."""

from rest_framework.authentication import TokenAuthentication

from floorwalk.accounts.middleware import activate_preferences


class PreferencesTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            activate_preferences(result[0])
        return result
