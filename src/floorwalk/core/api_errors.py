"""The one translation of a service's errors for the API: its refusal is a 403, its rule
errors a 400 naming the field (a service's field name mapped to the API's where they differ;
an error about no field in particular under `non_field_key`)."""

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.settings import api_settings

Result = TypeVar("Result")


def service_call(
    call: Callable[[], Result],
    *,
    renamed: Mapping[str, str] | None = None,
    non_field_key: str = api_settings.NON_FIELD_ERRORS_KEY,
) -> Result:
    try:
        return call()
    except DjangoPermissionDenied:
        raise PermissionDenied from None
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise serializers.ValidationError({non_field_key: error.messages}) from None
        names = renamed or {}
        raise serializers.ValidationError(
            {names.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from None
