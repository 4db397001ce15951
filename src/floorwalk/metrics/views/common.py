"""What the metrics pages share."""


def query_without(request, *names: str) -> str:
    """The request's query string without the parameters `names`."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
