"""The audit trail page, for managers."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from floorwalk.accounts.policy import Feature
from floorwalk.audit.models import record_type_label
from floorwalk.audit.selectors import audit_events_for
from floorwalk.core.decorators import require_feature
from floorwalk.core.paging import query_without

EVENTS_PER_PAGE = 50


@require_GET
@require_feature(Feature.AUDIT)
def audit_list(request):
    """Every change the manager may read, newest first; filtered by record type or person."""
    events = audit_events_for(request.user)
    types = sorted(
        (
            (record_type_label(value), value)
            for value in set(events.values_list("object_type", flat=True))
        ),
    )
    chosen_type = request.GET.get("type", "")
    if chosen_type:
        events = events.filter(object_type=chosen_type)
    person = request.GET.get("person", "")
    if person.isdigit():
        events = events.filter(person_id=int(person))
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "types": types,
            "chosen_type": chosen_type,
            "query": query_without(request, "page"),
        },
    )
