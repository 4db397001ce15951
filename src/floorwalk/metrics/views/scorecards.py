"""Scorecards of agents, teams and sites: the pages and their CSV exports."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from floorwalk.accounts.policy import (
    Aspect,
    Feature,
    has_feature,
    people_for,
    person_for_user_or_404,
    queues_for,
    site_for_user_or_404,
    team_for_user_or_404,
    teams_for,
)
from floorwalk.core.exports import csv_response
from floorwalk.core.paging import query_without
from floorwalk.engine.metrics import METRICS
from floorwalk.engine.periods import Period, PeriodKind, next_period, previous_period
from floorwalk.engine.scorecards import MetricLine
from floorwalk.experience.boundary_selectors import incidents_beside_scorecard
from floorwalk.metrics import selectors
from floorwalk.metrics.formatting import format_metric_value, status_label
from floorwalk.metrics.forms import ScorecardForm
from floorwalk.org.models import Person, Site, Team


def _scorecard_form(request) -> ScorecardForm:
    return ScorecardForm(request.GET, queues=queues_for(request.user), today=timezone.localdate())


def _scope_or_none(form: ScorecardForm) -> selectors.ScorecardScope | None:
    return form.scope() if form.is_valid() else None


def _drill_down_url(scope: selectors.ScorecardScope, **who: object) -> str:
    query = {**who, "from": scope.period.start.isoformat(), "to": scope.period.end.isoformat()}
    if scope.queue is not None:
        query["queue"] = scope.queue.pk
    if scope.channel:
        query["channel"] = scope.channel
    return f"{reverse('metrics:interactions')}?{urlencode(query)}"


def _evaluations_url(user, agent: Person, scope: selectors.ScorecardScope) -> str:
    """Where the QA evaluations behind an agent's quality score are listed for this user."""
    if has_feature(user, Feature.QA_EVALUATE):
        query = {
            "q": agent.employee_number,
            "start": scope.period.start.isoformat(),
            "end": scope.period.end.isoformat(),
        }
        return f"{reverse('qa:evaluations')}?{urlencode(query)}"
    if agent.pk == user.person_id:
        return reverse("qa:my_evaluations")
    return ""


def _adherence_url(agent: Person, scope: selectors.ScorecardScope) -> str:
    """The agent's days behind the adherence and conformance values of the period."""
    query = {"from": scope.period.start.isoformat(), "to": scope.period.end.isoformat()}
    return f"{reverse('metrics:agent_adherence', args=[agent.pk])}?{urlencode(query)}"


def _trend_data(lines: tuple[MetricLine, ...]) -> dict[str, dict[str, object]]:
    """What the trend sparklines draw, with each value already formatted for the tooltip."""
    return {
        line.metric.code: {
            "labels": [point.period.label for point in line.trend],
            "values": [point.value for point in line.trend],
            "displays": [
                format_metric_value(point.value, line.metric.unit) for point in line.trend
            ],
            "target": line.threshold.target if line.threshold else None,
        }
        for line in lines
    }


def _period_query(request, period: Period) -> str:
    """The current query string, moved to another period of the same kind."""
    query = request.GET.copy()
    for name in ("date", "from", "to"):
        query.pop(name, None)
    query["period"] = period.kind.value
    if period.kind is PeriodKind.CUSTOM:
        query["from"], query["to"] = period.start.isoformat(), period.end.isoformat()
    else:
        query["date"] = period.start.isoformat()
    return query.urlencode()


def _neighbour_queries(request, scope) -> dict[str, str]:
    if scope is None:
        return {}
    return {
        "previous_query": _period_query(request, previous_period(scope.period)),
        "next_query": _period_query(request, next_period(scope.period)),
    }


def _render_scorecard(request, template: str, context: dict, form: ScorecardForm, scope):
    context = {
        **context,
        **_neighbour_queries(request, scope),
        "form": form,
        "scope": scope,
        "metrics": METRICS,
    }
    status = 200 if scope is not None else 400
    if request.htmx:
        template = f"{template}#scorecard"
    return render(request, template, context, status=status)


@require_GET
def my_scorecard(request):
    if request.user.person_id is None:
        raise Http404
    query = request.GET.urlencode()
    url = reverse("metrics:agent_scorecard", args=[request.user.person_id])
    return redirect(f"{url}?{query}" if query else url)


@require_GET
def agent_scorecard(request, pk: int):
    agent = person_for_user_or_404(request.user, pk, Aspect.METRICS)
    form = _scorecard_form(request)
    scope = _scope_or_none(form)
    context: dict[str, object] = {"agent": agent}
    if scope is not None:
        scorecard = selectors.scorecard_for_agent(agent, scope, today=timezone.localdate())
        context |= {
            "scorecard": scorecard,
            "trend_data": _trend_data(scorecard.lines),
            "drill_down_url": _drill_down_url(scope, agent=agent.employee_number),
            "qa_drill_down_url": _evaluations_url(request.user, agent, scope),
            "adherence_drill_down_url": _adherence_url(agent, scope),
            "can_see_team": agent.team_id is not None
            and teams_for(request.user).filter(pk=agent.team_id).exists(),
            # Flagged abusive contacts of the period, beside the numbers (L4).
            "boundary_incidents": incidents_beside_scorecard(
                request.user, agent, start=scope.period.start, end=scope.period.end
            ),
        }
    return _render_scorecard(request, "metrics/agent_scorecard.html", context, form, scope)


@require_GET
def agent_scorecard_csv(request, pk: int):
    agent = person_for_user_or_404(request.user, pk, Aspect.METRICS)
    form = _scorecard_form(request)
    scope = _scope_or_none(form)
    if scope is None:
        return _render_scorecard(
            request, "metrics/agent_scorecard.html", {"agent": agent}, form, scope
        )
    scorecard = selectors.scorecard_for_agent(agent, scope, today=timezone.localdate())
    periods = [point.period.label for point in scorecard.lines[0].trend]
    header = [
        _("Metric"),
        _("Value"),
        _("Sample"),
        _("Target"),
        _("Status"),
        _("Previous period"),
        _("Change"),
        _("Rank"),
        _("Of"),
        _("Percentile"),
        *periods,
    ]
    rows = [
        [
            _(line.metric.name),
            _csv_number(line.value),
            line.sample,
            _csv_number(line.threshold.target if line.threshold else None),
            status_label(line.status),
            _csv_number(line.previous),
            _csv_number(line.change),
            line.placing.rank if line.placing else "",
            line.placing.out_of if line.placing else "",
            _csv_number(line.placing.percentile if line.placing else None),
            *(_csv_number(point.value) for point in line.trend),
        ]
        for line in scorecard.lines
    ]
    filename = f"scorecard-{agent.employee_number}-{scope.period.label}.csv"
    return csv_response(filename.replace(" ", ""), header, rows)


def _csv_number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def _group_context(request, members: QuerySet[Person], scope, *, site, team=None) -> dict:
    scorecard = selectors.scorecard_for_group(
        members, scope, site=site, team=team, today=timezone.localdate()
    )
    sort = request.GET.get("sort", "name")
    descending = request.GET.get("order") == "desc"
    rows = _sorted_rows(scorecard.rows, sort, descending)
    return {
        "scorecard": scorecard,
        "rows": [(row.agent, _display_cells(row)) for row in rows],
        "sort": sort if sort in {"name", *(m.code for m in METRICS)} else "name",
        "order": "desc" if descending else "asc",
        "trend_data": _trend_data(scorecard.lines),
        "distribution_data": _distribution_data(scorecard),
        "query": query_without(request, "sort", "order"),
    }


@dataclass(frozen=True)
class DisplayCell:
    text: str
    status: str
    reliable: bool
    sample: int


def _display_cells(row: selectors.AgentRow) -> list[DisplayCell]:
    """An agent's values formatted once here: a site's table has thousands of cells."""
    return [
        DisplayCell(
            text=format_metric_value(cell.value, metric.unit),
            status=cell.status.value,
            reliable=cell.reliable,
            sample=cell.sample,
        )
        for metric in METRICS
        if (cell := row.cells[metric.code])
    ]


def _sorted_rows(rows: list[selectors.AgentRow], sort: str, descending: bool):
    """Rows sorted by name or by one metric's value; agents without a value always last."""
    if sort not in {metric.code for metric in METRICS}:
        return sorted(rows, key=lambda row: row.agent.display_name.casefold(), reverse=descending)
    with_value = [row for row in rows if row.cells[sort].value is not None]
    without = [row for row in rows if row.cells[sort].value is None]
    with_value.sort(key=lambda row: row.cells[sort].value or 0.0, reverse=descending)
    return with_value + without


def _distribution_data(scorecard: selectors.GroupScorecard) -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = {}
    for line in scorecard.lines:
        spread = scorecard.distributions[line.metric.code]
        unit = line.metric.unit
        data[line.metric.code] = {
            "name": _(line.metric.name),
            "labels": [
                f"{format_metric_value(low, unit)} – {format_metric_value(high, unit)}"
                for low, high in zip(spread.edges, spread.edges[1:], strict=False)
            ],
            "counts": list(spread.counts),
            "summary": ngettext(
                "%(count)d agent with enough data: median %(median)s, "
                "middle half from %(low)s to %(high)s.",
                "%(count)d agents with enough data: median %(median)s, "
                "middle half from %(low)s to %(high)s.",
                spread.size,
            )
            % {
                "count": spread.size,
                "median": format_metric_value(spread.median, unit),
                "low": format_metric_value(spread.lower_quartile, unit),
                "high": format_metric_value(spread.upper_quartile, unit),
            },
            "empty": _("No agent has enough data for this metric in this period."),
        }
    return data


@dataclass(frozen=True)
class GroupPage:
    """A team or a site as its scorecard page shows it."""

    name: str
    members: QuerySet[Person]
    site: Site
    team: Team | None
    page_url: str
    csv_url: str
    file_stem: str  # of the CSV export's name
    drill_down: dict[str, object]  # the interactions filter naming the group
    links: list[tuple[str, str]]  # (label, url) beside the heading


def _team_page(request, pk: int) -> GroupPage:
    team = team_for_user_or_404(request.user, pk)
    return GroupPage(
        name=team.name,
        members=selectors.team_members(team, people_for(request.user, Aspect.METRICS)),
        site=team.site,
        team=team,
        page_url=reverse("metrics:team_scorecard", args=[team.pk]),
        csv_url=reverse("metrics:team_scorecard_csv", args=[team.pk]),
        file_stem=f"team-{team.pk}",
        drill_down={"team": team.pk},
        links=[(_("Roster"), reverse("org:team", args=[team.pk]))],
    )


def _site_page(request, pk: int) -> GroupPage:
    site = site_for_user_or_404(request.user, pk)
    return GroupPage(
        name=site.name,
        members=people_for(request.user, Aspect.METRICS).filter(site=site),
        site=site,
        team=None,
        page_url=reverse("metrics:site_scorecard", args=[site.pk]),
        csv_url=reverse("metrics:site_scorecard_csv", args=[site.pk]),
        file_stem=f"site-{site.pk}",
        drill_down={"site": site.pk},
        links=[(_("Teams"), reverse("org:site", args=[site.pk]))],
    )


def _group_scorecard(request, group: GroupPage):
    form = _scorecard_form(request)
    scope = _scope_or_none(form)
    context: dict[str, object] = {"group": group}
    if scope is not None:
        context |= _group_context(request, group.members, scope, site=group.site, team=group.team)
        context["drill_down_url"] = _drill_down_url(scope, **group.drill_down)
    return _render_scorecard(request, "metrics/group_scorecard.html", context, form, scope)


def _group_scorecard_csv(request, group: GroupPage):
    form = _scorecard_form(request)
    scope = _scope_or_none(form)
    if scope is None:
        return _render_scorecard(
            request, "metrics/group_scorecard.html", {"group": group}, form, None
        )
    scorecard = selectors.scorecard_for_group(
        group.members, scope, site=group.site, team=group.team, today=timezone.localdate()
    )
    header = [_("Employee number"), _("Name")]
    for metric in METRICS:
        header += [_(metric.name), f"{_(metric.name)}: {_(metric.sample_label)}"]
    total_row: list[object] = ["", _("All agents")]
    for line in scorecard.lines:
        total_row += [_csv_number(line.value), line.sample]
    rows: list[list[object]] = [total_row]
    for row in _sorted_rows(scorecard.rows, "name", descending=False):
        cells: list[object] = [row.agent.employee_number, row.agent.display_name]
        for metric in METRICS:
            cells += [_csv_number(row.cells[metric.code].value), row.cells[metric.code].sample]
        rows.append(cells)
    filename = f"{group.file_stem}-{scope.period.label}.csv".replace(" ", "")
    return csv_response(filename, header, rows)


@require_GET
def team_scorecard(request, pk: int):
    return _group_scorecard(request, _team_page(request, pk))


@require_GET
def team_scorecard_csv(request, pk: int):
    return _group_scorecard_csv(request, _team_page(request, pk))


@require_GET
def site_scorecard(request, pk: int):
    return _group_scorecard(request, _site_page(request, pk))


@require_GET
def site_scorecard_csv(request, pk: int):
    return _group_scorecard_csv(request, _site_page(request, pk))
