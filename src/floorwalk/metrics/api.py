"""The metrics API: queues, the interactions behind a value, and scorecards.

Scorecards answer with the numbers the pages show, computed by the same selectors from the
query string read by the same form.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import Aspect, people_for, queues_for, team_for_user_or_404
from floorwalk.engine.periods import Period
from floorwalk.engine.scorecards import MetricLine
from floorwalk.metrics import selectors
from floorwalk.metrics.forms import InteractionFilterForm, ScorecardForm
from floorwalk.metrics.models import Interaction
from floorwalk.org.models import Queue


class QueueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Queue
        fields = ["id", "name", "channel", "site"]


@extend_schema(summary="Queues of the caller's site (every site's for administrators)")
class QueueList(ListAPIView):
    serializer_class = QueueSerializer

    def get_queryset(self):
        return queues_for(self.request.user).order_by("name", "pk")


class InteractionSerializer(serializers.ModelSerializer):
    interaction_id = serializers.CharField(source="external_id")
    agent = serializers.CharField(source="agent.employee_number")
    queue = serializers.CharField(source="queue.name")

    class Meta:
        model = Interaction
        fields = [
            "interaction_id",
            "source",
            "agent",
            "queue",
            "channel",
            "started_at",
            "local_date",
            "talk_seconds",
            "hold_seconds",
            "acw_seconds",
            "outcome",
            "first_contact_resolution",
            "csat",
            "nps",
        ]


def _valid(form):
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form


INTERACTION_FILTERS = [
    OpenApiParameter("agent", str, description="employee number"),
    OpenApiParameter("team", int, description="team id"),
    OpenApiParameter("site", int, description="site id"),
    OpenApiParameter("from", OpenApiTypes.DATE, description="first local day, included"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="last local day, included"),
    OpenApiParameter("queue", int, description="queue id"),
    OpenApiParameter("channel", str),
    OpenApiParameter("outcome", str),
]


@extend_schema(
    summary="Interactions of the people the caller may see, newest first",
    parameters=INTERACTION_FILTERS,
)
class InteractionList(ListAPIView):
    serializer_class = InteractionSerializer

    def get_queryset(self):
        form = InteractionFilterForm(
            self.request.query_params, queues=queues_for(self.request.user)
        )
        return selectors.interactions_for(self.request.user, _valid(form).cleaned_data)


def _period_data(period: Period) -> dict[str, object]:
    return {
        "kind": period.kind.value,
        "label": period.label,
        "start": period.start,
        "end": period.end,
    }


def _line_data(line: MetricLine) -> dict[str, object]:
    return {
        "metric": line.metric.code,
        "unit": line.metric.unit.value,
        "direction": line.metric.direction.value,
        "value": line.value,
        "sample": line.sample,
        "reliable": line.reliable,
        "target": line.threshold.target if line.threshold else None,
        "amber_band": line.threshold.amber_band if line.threshold else None,
        "status": line.status.value,
        "previous": line.previous,
        "change": line.change,
        "rank": line.placing.rank if line.placing else None,
        "ranked_out_of": line.placing.out_of if line.placing else None,
        "percentile": line.placing.percentile if line.placing else None,
        "trend": [
            {"period": point.period.label, "value": point.value, "sample": point.sample}
            for point in line.trend
        ],
    }


def _scope_from(request) -> selectors.ScorecardScope:
    form = ScorecardForm(
        request.query_params, queues=queues_for(request.user), today=timezone.localdate()
    )
    return _valid(form).scope()


def _scope_data(scope: selectors.ScorecardScope) -> dict[str, object]:
    return {
        "period": _period_data(scope.period),
        "queue": scope.queue.pk if scope.queue else None,
        "channel": scope.channel or None,
    }


SCORECARD_PARAMETERS = [
    OpenApiParameter(
        "period", str, enum=["day", "week", "month", "quarter", "year", "custom"], default="month"
    ),
    OpenApiParameter("date", OpenApiTypes.DATE, description="a day in the period (default today)"),
    OpenApiParameter("from", OpenApiTypes.DATE, description="first day of a custom period"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="last day of a custom period"),
    OpenApiParameter("queue", int, description="only this queue"),
    OpenApiParameter("channel", str, description="only this channel"),
]
SCORECARD_RESPONSE = inline_serializer(
    "Scorecard",
    {
        "scope": serializers.DictField(),
        "lines": serializers.ListField(child=serializers.DictField()),
    },
)


@extend_schema(
    summary="An agent's scorecard, by employee number",
    parameters=SCORECARD_PARAMETERS,
    responses=SCORECARD_RESPONSE,
)
class AgentScorecardView(APIView):
    def get(self, request, employee_number: str):
        agent = (
            people_for(request.user, Aspect.METRICS)
            .select_related("team", "site")
            .filter(employee_number=employee_number)
            .first()
        )
        if agent is None:
            raise NotFound
        scope = _scope_from(request)
        scorecard = selectors.scorecard_for_agent(agent, scope, today=timezone.localdate())
        return Response(
            {
                "agent": agent.employee_number,
                "name": agent.display_name,
                "scope": _scope_data(scope),
                "ranked_among": scorecard.ranked_among,
                "lines": [_line_data(line) for line in scorecard.lines],
            }
        )


@extend_schema(
    summary="A team's scorecard, with a row per agent",
    parameters=SCORECARD_PARAMETERS,
    responses=SCORECARD_RESPONSE,
)
class TeamScorecardView(APIView):
    def get(self, request, pk: int):
        team = team_for_user_or_404(request.user, pk)
        scope = _scope_from(request)
        members = selectors.team_members(team, people_for(request.user, Aspect.METRICS))
        scorecard = selectors.scorecard_for_group(
            members, scope, site=team.site, team=team, today=timezone.localdate()
        )
        return Response(
            {
                "team": team.pk,
                "name": team.name,
                "scope": _scope_data(scope),
                "lines": [_line_data(line) for line in scorecard.lines],
                "agents": [
                    {
                        "agent": row.agent.employee_number,
                        "name": row.agent.display_name,
                        "values": {
                            code: {
                                "value": cell.value,
                                "sample": cell.sample,
                                "reliable": cell.reliable,
                                "status": cell.status.value,
                            }
                            for code, cell in row.cells.items()
                        },
                    }
                    for row in scorecard.rows
                ],
            }
        )
