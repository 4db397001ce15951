from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from floorwalk.accounts.forms import PreferencesForm
from floorwalk.accounts.policy import can_read_digests
from floorwalk.accounts.services import user_set_language


@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        try:
            user_set_language(user=request.user, language=form.cleaned_data["language"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your preferences are saved."))
            return redirect("preferences")
    return render(
        request,
        "accounts/preferences.html",
        {"form": form, "can_read_digests": can_read_digests(request.user)},
    )
