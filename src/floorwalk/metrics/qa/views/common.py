"""Small helpers the QA pages share."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def wants_csv(request) -> bool:
    """Every QA table exports to CSV through the same URL with `?format=csv`."""
    return request.GET.get("format") == "csv"


def paged(request, queryset) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
