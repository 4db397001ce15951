from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.core.models import ImportKind
from floorwalk.core.services import KINDS_WITH_SOURCE, upload_problem
from floorwalk.metrics.ingest import DEFAULT_SOURCE


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    source = forms.CharField(
        label=_("Source"),
        max_length=100,
        required=False,
        help_text=_(
            "The platform the interaction ids come from; ids are unique per source. "
            "Leave it empty for “%(default)s”."
        )
        % {"default": DEFAULT_SOURCE},
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"),
        required=False,
        help_text=_("Check every row and count what would change, then change nothing."),
    )
    skip_invalid = forms.BooleanField(
        label=_("Skip invalid rows"),
        required=False,
        help_text=_(
            "Apply the valid rows and list the rejected ones. Without it, a file with any "
            "bad row applies nothing."
        ),
    )

    def __init__(self, *args, kind: ImportKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind not in KINDS_WITH_SOURCE:
            del self.fields["source"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = upload_problem(kind=self.kind, upload=upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload
