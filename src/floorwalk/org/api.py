from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from floorwalk.accounts.policy import people_for, sites_for, teams_for
from floorwalk.org.models import Person, Site, Team


class PersonSerializer(serializers.ModelSerializer):
    team = serializers.PrimaryKeyRelatedField(read_only=True)
    site = serializers.PrimaryKeyRelatedField(read_only=True)
    queues = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    languages = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    roles = serializers.SlugRelatedField(
        source="role_assignments", many=True, read_only=True, slug_field="role"
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "employee_number",
            "display_name",
            "email",
            "hire_date",
            "leaving_date",
            "status",
            "site",
            "team",
            "queues",
            "languages",
            "roles",
        ]


class TeamSerializer(serializers.ModelSerializer):
    leader = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "site", "leader"]


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "name", "time_zone"]


class PersonQuerysetMixin:
    serializer_class = PersonSerializer

    def get_queryset(self):
        return (
            people_for(self.request.user)
            .select_related("team", "site")
            .prefetch_related("queues", "languages", "role_assignments")
            .order_by("display_name", "pk")
        )


@extend_schema(summary="People the caller may see")
class PersonList(PersonQuerysetMixin, ListAPIView):
    pass


class PersonDetail(PersonQuerysetMixin, RetrieveAPIView):
    pass


class TeamQuerysetMixin:
    serializer_class = TeamSerializer

    def get_queryset(self):
        return teams_for(self.request.user).order_by("name", "pk")


class TeamList(TeamQuerysetMixin, ListAPIView):
    pass


class TeamDetail(TeamQuerysetMixin, RetrieveAPIView):
    pass


class SiteQuerysetMixin:
    serializer_class = SiteSerializer

    def get_queryset(self):
        return sites_for(self.request.user).order_by("name", "pk")


class SiteList(SiteQuerysetMixin, ListAPIView):
    pass


class SiteDetail(SiteQuerysetMixin, RetrieveAPIView):
    pass
