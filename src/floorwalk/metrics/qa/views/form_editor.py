"""QA form pages: the list of forms and the editor (a new version once a form is used)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from floorwalk.accounts.policy import (
    Feature,
)
from floorwalk.core.decorators import require_feature
from floorwalk.core.exports import csv_response
from floorwalk.metrics.models import QaForm
from floorwalk.metrics.qa import selectors, services
from floorwalk.metrics.qa.forms import (
    QaFormHeaderForm,
    QaItemFormSet,
    item_initial,
    item_specs,
)
from floorwalk.metrics.qa.views.common import wants_csv

# ---- forms ----------------------------------------------------------------------------------


@require_GET
@require_feature(Feature.QA_FORMS)
def form_list(request):
    rows = selectors.forms_with_current_version()
    if wants_csv(request):
        return csv_response(
            "qa-forms.csv",
            [_("Form"), _("Version"), _("Items"), _("Evaluations")],
            (
                [form.name, version.number, version.items.count(), used]
                for form, version, used in rows
            ),
        )
    return render(request, "qa/forms.html", {"rows": rows})


def _save_form(request, form: QaForm | None):
    version = selectors.form_version_current(form) if form else None
    header = QaFormHeaderForm(
        request.POST or None,
        initial={"name": form.name, "description": form.description} if form else None,
    )
    items = QaItemFormSet(
        request.POST or None,
        prefix="items",
        initial=item_initial(version) if version else [{"allows_na": True, "weight": 1}],
    )
    if request.method == "POST" and header.is_valid() and items.is_valid():
        fields = {
            "actor": request.user,
            "name": header.cleaned_data["name"],
            "description": header.cleaned_data["description"],
            "items": item_specs(items),
        }
        try:
            if form is None:
                form = services.qa_form_create(**fields)
                messages.success(request, _("The form is saved."))
            else:
                saved = services.qa_form_update(form=form, **fields)
                if saved.number != version.number:  # type: ignore[union-attr]
                    messages.success(
                        request,
                        _(
                            "Saved as version %(number)d; earlier evaluations keep the version "
                            "they were scored on."
                        )
                        % {"number": saved.number},
                    )
                else:
                    messages.success(request, _("The form is saved."))
            return redirect("qa:forms")
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                target = header if field in header.fields else None
                for problem in problems:
                    if target is not None:
                        target.add_error(field, problem)
                    else:
                        header.add_error(None, problem)
    return render(
        request,
        "qa/form_edit.html",
        {"form": form, "version": version, "header": header, "items": items},
    )


@require_http_methods(["GET", "POST"])
@require_feature(Feature.QA_FORMS)
def form_create(request):
    return _save_form(request, None)


@require_http_methods(["GET", "POST"])
@require_feature(Feature.QA_FORMS)
def form_edit(request, pk: int):
    return _save_form(request, get_object_or_404(QaForm, pk=pk))
