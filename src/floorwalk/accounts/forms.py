from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


def language_choices() -> list[tuple[str, str]]:
    """Each language in its own name, so a user can find theirs whatever is shown now."""
    return [
        (code, get_language_info(code)["name_local"].capitalize())
        for code, _name in settings.LANGUAGES
    ]


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Organisation default")), *language_choices()],
    )
