"""Upload pages: the list of imports, an upload form per kind of file, and each run's page."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from floorwalk.accounts.policy import (
    Feature,
    can_start_import,
    import_kinds_for,
    import_run_for_user_or_404,
    import_runs_for,
    is_admin,
)
from floorwalk.core import selectors
from floorwalk.core.decorators import require_feature
from floorwalk.core.exports import csv_response
from floorwalk.core.forms import ImportUploadForm
from floorwalk.core.models import ImportKind, ImportRun
from floorwalk.core.paging import query_without
from floorwalk.core.services import (
    COLUMNS,
    SUFFIXES,
    import_run_path,
    import_run_rejected_path,
    import_run_start,
)

RUNS_PER_PAGE = 50
ERRORS_PER_PAGE = 100


def _listed_runs(request):
    sort = request.GET.get("sort", "")
    if sort not in selectors.RUN_SORTS:
        sort = "created_at"
    descending = request.GET.get("order", "desc" if sort == "created_at" else "asc") == "desc"
    runs = selectors.import_runs_listed(
        import_runs_for(request.user), sort=sort, descending=descending
    )
    return runs, sort, descending


@require_GET
@require_feature(Feature.IMPORTS)
def import_list(request):
    runs, sort, descending = _listed_runs(request)
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/imports/list.html",
        {
            "page": page,
            "kinds": import_kinds_for(request.user),
            "sort": sort,
            "order": "desc" if descending else "asc",
            "query": query_without(request, "page"),
            "sees_everyone": is_admin(request.user),
        },
    )


@require_GET
@require_feature(Feature.IMPORTS)
def import_list_csv(request):
    runs, _sort, _descending = _listed_runs(request)
    return csv_response(
        "imports.csv",
        [
            _("Uploaded at"),
            _("Kind"),
            _("File"),
            _("Started by"),
            _("Status"),
            _("Rows read"),
            _("Invalid rows"),
            _("Created"),
            _("Updated"),
            _("Unchanged"),
        ],
        (
            [
                run.created_at.isoformat(),
                run.get_kind_display(),
                Path(run.file_name).name,
                _started_by(run),
                run.get_status_display(),
                run.rows_read,
                run.rows_invalid,
                run.rows_created,
                run.rows_updated,
                run.rows_unchanged,
            ]
            for run in runs
        ),
    )


def _started_by(run: ImportRun) -> str:
    user = run.created_by
    if user is None:
        return ""
    return user.person.display_name if user.person else user.username


def _kind_or_404(kind: str) -> ImportKind:
    if kind not in SUFFIXES:
        raise Http404
    return ImportKind(kind)


@require_http_methods(["GET", "POST"])
def import_new(request, kind: str):
    import_kind = _kind_or_404(kind)
    if not can_start_import(request.user, import_kind):
        raise PermissionDenied
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, kind=import_kind)
        if form.is_valid():
            run = import_run_start(
                actor=request.user,
                kind=import_kind,
                upload=form.cleaned_data["file"],
                source=form.cleaned_data.get("source", ""),
                dry_run=form.cleaned_data["dry_run"],
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
            return redirect("imports:run", pk=run.pk)
    else:
        form = ImportUploadForm(kind=import_kind)
    return render(
        request,
        "core/imports/new.html",
        {
            "form": form,
            "kind": import_kind,
            "columns": COLUMNS[import_kind],
            "suffixes": SUFFIXES[import_kind],
        },
    )


@require_GET
def import_run(request, pk: int):
    """The run's page; htmx polls its status part while the run is queued or running."""
    run = import_run_for_user_or_404(request.user, pk)
    context = {
        "run": run,
        "started_by": _started_by(run),
        "progress": selectors.import_run_progress(run),
        "errors": Paginator(run.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page")),
        "query": query_without(request, "page"),
    }
    template = "core/imports/run.html#status" if request.htmx else "core/imports/run.html"
    return render(request, template, context)


def _download(path: Path | None) -> FileResponse:
    if path is None or not path.is_file():
        raise Http404
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)


@require_GET
def import_run_file(request, pk: int):
    return _download(import_run_path(import_run_for_user_or_404(request.user, pk)))


@require_GET
def import_run_rejected(request, pk: int):
    return _download(import_run_rejected_path(import_run_for_user_or_404(request.user, pk)))


@require_GET
def import_run_errors_csv(request, pk: int):
    run = import_run_for_user_or_404(request.user, pk)
    return csv_response(
        f"import-{run.pk}-errors.csv",
        [_("Row"), _("Column"), _("Value"), _("Reason")],
        ([error["row"], error["column"], error["value"], error["reason"]] for error in run.errors),
    )
