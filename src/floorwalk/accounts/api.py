from axes.handlers.proxy import AxesProxyHandler
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import roles_of
from floorwalk.accounts.services import LANGUAGE_CODES, token_issue, token_revoke, user_set_language


class TokenView(APIView):
    """Exchange a username and password for an API token, or revoke your token."""

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(
        request=AuthTokenSerializer,
        responses=inline_serializer("Token", {"token": serializers.CharField()}),
    )
    def post(self, request):
        # The same lockout as the login page: without it, a token request would be a way
        # round the limit on password guesses.
        if AxesProxyHandler.is_locked(request, {"username": request.data.get("username")}):
            return Response(
                {"detail": _("Too many failed logins. Try again in 15 minutes.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    display_name = serializers.CharField(source="person.display_name", read_only=True, default=None)
    employee_number = serializers.CharField(
        source="person.employee_number", read_only=True, default=None
    )
    person_id = serializers.IntegerField(read_only=True, allow_null=True)
    team_id = serializers.IntegerField(source="person.team_id", read_only=True, default=None)
    site_id = serializers.IntegerField(source="person.site_id", read_only=True, default=None)
    roles = serializers.SerializerMethodField()
    language = serializers.ChoiceField(
        choices=[("", ""), *sorted((code, code) for code in LANGUAGE_CODES)], allow_blank=True
    )

    def get_roles(self, user) -> list[str]:
        return sorted(role.value for role in roles_of(user))


class MeView(APIView):
    """The signed-in user: who they are, their roles, and their interface language."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer)
    def patch(self, request):
        serializer = MeSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "language" in serializer.validated_data:
            try:
                user_set_language(user=request.user, language=serializer.validated_data["language"])
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.message_dict) from None
        return Response(MeSerializer(request.user).data)
