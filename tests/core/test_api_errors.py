"""The API's one translation of service errors."""

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from floorwalk.core.api_errors import service_call


def fail(error):
    def call():
        raise error

    return call


def test_a_field_error_names_the_field_the_api_calls_it():
    with pytest.raises(serializers.ValidationError) as raised:
        service_call(
            fail(ValidationError({"evaluation": "Say why."})), renamed={"evaluation": "comment"}
        )

    assert raised.value.detail == {"comment": ["Say why."]}


def test_an_error_about_no_field_is_a_400_not_a_500():
    with pytest.raises(serializers.ValidationError) as raised:
        service_call(fail(ValidationError("Already decided.")), non_field_key="status")

    assert raised.value.detail == {"status": ["Already decided."]}


def test_a_refusal_is_a_403_and_a_result_passes_through():
    with pytest.raises(PermissionDenied):
        service_call(fail(DjangoPermissionDenied()))
    assert service_call(lambda: 42) == 42
