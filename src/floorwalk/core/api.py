"""The import API: upload an interactions file, then follow its run until it is done."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import RetrieveAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from floorwalk.accounts.policy import can_start_import, import_runs_for
from floorwalk.core.models import ImportKind, ImportRun
from floorwalk.core.selectors import import_run_progress
from floorwalk.core.services import import_run_start, upload_problem


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV, or JSON Lines (.jsonl, .ndjson)")
    source = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="The platform the interaction ids come from (default: 'default')",
    )
    dry_run = serializers.BooleanField(default=False, help_text="check and count; change nothing")
    skip_invalid = serializers.BooleanField(
        default=False, help_text="apply the valid rows and list the rejected ones"
    )

    def validate_file(self, upload):
        problem = upload_problem(kind=ImportKind.INTERACTIONS, upload=upload)
        if problem:
            raise serializers.ValidationError(problem)
        return upload


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    value = serializers.CharField()
    reason = serializers.CharField()


class ImportRunSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    rows_read = serializers.SerializerMethodField()
    rows_valid = serializers.IntegerField(read_only=True)
    errors = RowErrorSerializer(many=True, read_only=True)
    rejected_rows_url = serializers.SerializerMethodField()

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "url",
            "kind",
            "status",
            "message",
            "source",
            "dry_run",
            "skip_invalid",
            "created_at",
            "started_at",
            "finished_at",
            "rows_expected",
            "rows_read",
            "rows_valid",
            "rows_invalid",
            "rows_created",
            "rows_updated",
            "rows_unchanged",
            "errors",
            "rejected_rows_url",
        ]

    def get_url(self, run: ImportRun) -> str:
        return reverse("api-import", kwargs={"pk": run.pk}, request=self.context.get("request"))

    def get_rows_read(self, run: ImportRun) -> int:
        return import_run_progress(run).rows_read

    def get_rejected_rows_url(self, run: ImportRun) -> str | None:
        if not run.rejected_file:
            return None
        return reverse(
            "imports:run_rejected", kwargs={"pk": run.pk}, request=self.context.get("request")
        )


class InteractionImportCreate(APIView):
    """Upload an interactions file; it is imported in the background."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Import an interactions file",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            202: OpenApiResponse(
                ImportRunSerializer,
                description="Queued; follow the run at the Location header's address.",
            ),
            400: OpenApiResponse(description="The upload is not an interactions file."),
            403: OpenApiResponse(description="Your roles may not import interactions."),
        },
    )
    def post(self, request):
        if not can_start_import(request.user, ImportKind.INTERACTIONS):
            raise PermissionDenied
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        run = import_run_start(
            actor=request.user,
            kind=ImportKind.INTERACTIONS,
            upload=upload.validated_data["file"],
            source=upload.validated_data.get("source", ""),
            dry_run=upload.validated_data["dry_run"],
            skip_invalid=upload.validated_data["skip_invalid"],
        )
        body = ImportRunSerializer(run, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


@extend_schema(summary="An import's status and counts")
class ImportRunDetail(RetrieveAPIView):
    serializer_class = ImportRunSerializer

    def get_queryset(self):
        return import_runs_for(self.request.user)
