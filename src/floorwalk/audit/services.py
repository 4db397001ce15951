"""Writing the audit trail. Services that change audited records call `audit_record` in the
same transaction as the change, so a change and its trail land together or not at all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from floorwalk.accounts.models import User
from floorwalk.audit.models import AuditAction, AuditEvent
from floorwalk.org.models import Person

JSON = DjangoJSONEncoder()


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields' values as JSON-ready values (foreign keys as their ids)."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)  # type: ignore[union-attr]
        values[name] = _json_ready(value)
    return values


def changes_between(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value differs; a missing side is None."""
    before, after = before or {}, after or {}
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def audit_record(
    *,
    actor: User | None,
    instance: models.Model,
    action: AuditAction,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    person: Person | None = None,
    reason: str = "",
) -> AuditEvent | None:
    """Adds one event for a change of `instance`; an update that changed nothing adds none."""
    changes = changes_between(before, after)
    if action is AuditAction.UPDATE and not changes:
        return None
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        person=person,
        changes=changes,
        reason=reason,
    )


def _json_ready(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return JSON.default(value)


def audit_clear() -> None:
    """Empties the trail, for the demo's --replace only: a real trail is never deleted."""
    AuditEvent.objects.all().delete()
