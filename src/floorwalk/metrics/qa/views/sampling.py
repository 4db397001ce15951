"""Planning the monthly QA sample and following its progress."""

from collections.abc import Callable
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from floorwalk.accounts.policy import (
    Feature,
    sites_for,
)
from floorwalk.core.decorators import require_feature
from floorwalk.core.exports import csv_response
from floorwalk.development.selectors import qa_sample_sizes
from floorwalk.metrics.qa import selectors, services
from floorwalk.metrics.qa.forms import (
    SamplePlanForm,
)
from floorwalk.metrics.qa.views.common import wants_csv
from floorwalk.org.models import Person

# ---- sampling -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require_feature(Feature.QA_DISPUTES)
def sampling(request):
    sites = sites_for(request.user)
    today = timezone.localdate()
    evaluators = selectors.site_qa_specialists(sites.values_list("pk", flat=True))
    form = SamplePlanForm(
        request.POST or None,
        sites=sites,
        evaluators=evaluators,
        initial={
            "site": sites.first(),
            "month": services.month_start(today),
            "evaluators": list(evaluators),
        },
    )
    if request.method == "POST" and form.is_valid():
        site = form.cleaned_data["site"]
        evaluators = [p for p in form.cleaned_data["evaluators"] if p.site_id == site.pk]
        month = form.cleaned_data["month"]
        agents = selectors.sample_agents(request.user, site)
        try:
            report = services.qa_sample_plan(
                actor=request.user,
                agents=agents,
                evaluators=evaluators,
                month=month,
                per_agent=_sample_size(form.cleaned_data, agents),
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _sample_message(report))
            return redirect(f"{reverse('qa:sampling')}?site={site.pk}&month={month:%Y-%m}")
    shown_site, shown_month = _shown_plan(request, sites, today)
    progress = (
        selectors.sample_progress(selectors.sample_agents(request.user, shown_site), shown_month)
        if shown_site
        else []
    )
    if wants_csv(request):
        return csv_response(
            f"qa-sample-{shown_month:%Y-%m}.csv",
            [_("Agent"), _("Planned"), _("Evaluated")],
            ([row.agent.display_name, row.planned, row.evaluated] for row in progress),
        )
    return render(
        request,
        "qa/sampling.html",
        {"form": form, "progress": progress, "shown_site": shown_site, "shown_month": shown_month},
    )


def _sample_size(cleaned: dict, agents) -> int | Callable[[Person], int]:
    """One number for everyone, or each agent's from their stage's playbook."""
    if not cleaned.get("by_stage"):
        return cleaned["per_agent"]
    sizes = qa_sample_sizes(agents.values_list("pk", flat=True), default=cleaned["per_agent"])
    return lambda agent: sizes[agent.pk]


def _shown_plan(request, sites, today):
    """The site and month whose progress the page shows: from the query, else the defaults."""
    site = sites.filter(pk=request.GET.get("site") or 0).first() or sites.first()
    try:
        month = datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()  # noqa: DTZ007
    except ValueError:
        month = services.month_start(today)
    return site, month


def _sample_message(report: services.SampleReport) -> str:
    text = _(
        "%(planned)d interactions put in the evaluators' queues for %(agents)d agents; "
        "%(complete)d already had their sample."
    ) % {"planned": report.planned, "agents": report.agents, "complete": report.complete}
    if report.short:
        text += " " + _(
            "%(short)d agents had fewer interactions than the sample asks; all of theirs were "
            "taken."
        ) % {"short": report.short}
    return text
