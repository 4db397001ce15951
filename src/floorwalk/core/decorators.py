from functools import wraps

from django.core.exceptions import PermissionDenied

from floorwalk.accounts.policy import Feature, has_feature


def require_feature(feature: Feature):
    """Refuses (403) a page to users whose roles don't include this part of the product."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_feature(request.user, feature):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
