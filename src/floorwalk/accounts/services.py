"""Writes about user accounts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from floorwalk.accounts.models import User

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """Sets the interface language; an empty value follows the browser's."""
    if language and language not in LANGUAGE_CODES:
        raise ValidationError({"language": _("Choose one of the offered languages.")})
    user.language = language
    user.save(update_fields=["language"])
    return user


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """The user's API token, created on first use."""
    token, _created = Token.objects.get_or_create(user=user)
    return token


@transaction.atomic
def token_revoke(*, user: User) -> bool:
    """Revokes the user's API token; requests carrying it are refused from now on."""
    deleted: int = Token.objects.filter(user=user).delete()[0]
    return deleted > 0
