"""What paginated pages share: the query string their page links keep."""

from django.http import HttpRequest


def query_without(request: HttpRequest, *names: str) -> str:
    """The request's query string without the parameters `names` (e.g. "page")."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
