"""Writes for a site's shift set-up: shift templates with their breaks, labour rules and
agents' contracts (planners of the site and administrators)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    can_manage_schedule_setup,
)
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.org.models import Person, Queue, Site
from floorwalk.scheduling.models import (
    RULE_FIELDS,
    BreakKind,
    Contract,
    LabourRules,
    ShiftBreak,
    ShiftTemplate,
)

# ---- shift templates, labour rules, contracts -------------------------------------------------

TEMPLATE_FIELDS = (
    "name",
    "earliest_start",
    "latest_start",
    "start_step_minutes",
    "paid_minutes",
    "is_active",
)


@dataclass(frozen=True)
class BreakSpec:
    kind: str
    minutes: int
    paid: bool
    window_start: int  # minutes after the shift starts
    window_end: int


@dataclass(frozen=True)
class ShiftTemplateInput:
    name: str
    earliest_start: time
    latest_start: time
    start_step_minutes: int
    paid_minutes: int
    breaks: tuple[BreakSpec, ...] = ()
    queue_ids: tuple[int, ...] = ()
    is_active: bool = True


def _template_errors(site: Site, data: ShiftTemplateInput, *, pk: int | None) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if not data.name.strip():
        errors["name"] = _("Give the template a name.")
    elif (
        ShiftTemplate.objects.filter(site=site, name=data.name.strip()).exclude(pk=pk or 0).exists()
    ):
        errors["name"] = _("The site already has a template of this name.")
    if data.latest_start < data.earliest_start:
        errors["latest_start"] = _("The latest start cannot be before the earliest start.")
    if data.start_step_minutes < 5:
        errors["start_step_minutes"] = _("Starts are at least 5 minutes apart.")
    if not 30 <= data.paid_minutes <= 16 * 60:
        errors["paid_minutes"] = _("A shift pays between 30 minutes and 16 hours.")
    length = data.paid_minutes + sum(item.minutes for item in data.breaks if not item.paid)
    break_errors = []
    for number, item in enumerate(data.breaks, start=1):
        if item.kind not in BreakKind.values:
            break_errors.append(_("Break %(n)d: choose break or lunch.") % {"n": number})
        elif item.minutes < 5:
            break_errors.append(_("Break %(n)d: lasts at least 5 minutes.") % {"n": number})
        elif item.window_end < item.window_start + item.minutes:
            break_errors.append(
                _("Break %(n)d: its window is shorter than the break.") % {"n": number}
            )
        elif item.window_start < 0 or item.window_end > length:
            break_errors.append(
                _("Break %(n)d: its window must lie within the shift's %(length)d minutes.")
                % {"n": number, "length": length}
            )
    if break_errors:
        errors["breaks"] = break_errors
    site_queues = set(Queue.objects.filter(site=site).values_list("pk", flat=True))
    if set(data.queue_ids) - site_queues:
        errors["queues"] = _("Choose queues of the template's site.")
    return errors


def _store_template(template: ShiftTemplate, data: ShiftTemplateInput) -> None:
    template.name = data.name.strip()
    template.earliest_start, template.latest_start = data.earliest_start, data.latest_start
    template.start_step_minutes, template.paid_minutes = data.start_step_minutes, data.paid_minutes
    template.is_active = data.is_active
    template.save()
    template.breaks.all().delete()
    ShiftBreak.objects.bulk_create(
        ShiftBreak(
            template=template,
            kind=item.kind,
            minutes=item.minutes,
            paid=item.paid,
            window_start=item.window_start,
            window_end=item.window_end,
        )
        for item in data.breaks
    )
    template.queues.set(data.queue_ids)


def _template_snapshot(template: ShiftTemplate) -> dict[str, Any]:
    values = snapshot(template, TEMPLATE_FIELDS)
    values["breaks"] = [
        [item.kind, item.minutes, item.paid, item.window_start, item.window_end]
        for item in template.breaks.all()
    ]
    values["queues"] = sorted(template.queues.values_list("pk", flat=True))
    return values


@transaction.atomic
def shift_template_create(*, actor: User, site: Site, data: ShiftTemplateInput) -> ShiftTemplate:
    if not can_manage_schedule_setup(actor, site):
        raise PermissionDenied
    errors = _template_errors(site, data, pk=None)
    if errors:
        raise ValidationError(errors)
    template = ShiftTemplate(site=site)
    _store_template(template, data)
    audit_record(
        actor=actor,
        instance=template,
        action=AuditAction.CREATE,
        after=_template_snapshot(template),
    )
    return template


@transaction.atomic
def shift_template_update(
    *, actor: User, template: ShiftTemplate, data: ShiftTemplateInput
) -> ShiftTemplate:
    if not can_manage_schedule_setup(actor, template.site):
        raise PermissionDenied
    errors = _template_errors(template.site, data, pk=template.pk)
    if errors:
        raise ValidationError(errors)
    before = _template_snapshot(template)
    _store_template(template, data)
    audit_record(
        actor=actor,
        instance=template,
        action=AuditAction.UPDATE,
        before=before,
        after=_template_snapshot(template),
    )
    return template


RULE_LIMITS = {
    "max_minutes_per_day": (60, 24 * 60),
    "max_minutes_per_week": (60, 7 * 24 * 60),
    "min_rest_minutes": (0, 24 * 60),
    "max_consecutive_days": (1, 14),
    "min_days_off_per_week": (0, 7),
    "max_weekends_per_4_weeks": (0, 4),
}


def _rule_errors(values: Mapping[str, int | None], *, optional: bool) -> dict[str, str]:
    errors = {}
    for name in RULE_FIELDS:
        value = values.get(name)
        if value is None:
            if not optional:
                errors[name] = _("Give a value.")
            continue
        low, high = RULE_LIMITS[name]
        if not low <= value <= high:
            errors[name] = _("Give a value from %(low)d to %(high)d.") % {"low": low, "high": high}
    return errors


@transaction.atomic
def labour_rules_set(*, actor: User, site: Site, values: Mapping[str, int]) -> LabourRules:
    """The site's labour rules, every one of `RULE_FIELDS` given."""
    if not can_manage_schedule_setup(actor, site):
        raise PermissionDenied
    errors = _rule_errors(values, optional=False)
    if errors:
        raise ValidationError(errors)
    rules = LabourRules.objects.select_for_update().filter(site=site).first()
    before = snapshot(rules, RULE_FIELDS) if rules else None
    if rules is None:
        rules = LabourRules(site=site)
    for name in RULE_FIELDS:
        setattr(rules, name, values[name])
    rules.save()
    audit_record(
        actor=actor,
        instance=rules,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        before=before,
        after=snapshot(rules, RULE_FIELDS),
    )
    return rules


CONTRACT_OVERRIDES = tuple(name for name in RULE_FIELDS if name != "max_minutes_per_week")
CONTRACT_FIELDS = ("min_minutes_per_week", "max_minutes_per_week", *CONTRACT_OVERRIDES)


@dataclass(frozen=True)
class ContractInput:
    min_minutes_per_week: int
    max_minutes_per_week: int
    template_ids: tuple[int, ...] = ()
    overrides: Mapping[str, int | None] = field(default_factory=dict)


@transaction.atomic
def contract_set(*, actor: User, person: Person, data: ContractInput) -> Contract:
    """The agent's contract, created or replaced."""
    if not can_manage_schedule_setup(actor, person.site):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if not 0 <= data.min_minutes_per_week <= 7 * 24 * 60:
        errors["min_minutes_per_week"] = _("Give minutes from 0 to a week's.")
    if data.max_minutes_per_week < data.min_minutes_per_week:
        errors["max_minutes_per_week"] = _("The most minutes cannot be below the least.")
    elif data.max_minutes_per_week > 7 * 24 * 60:
        errors["max_minutes_per_week"] = _("Give minutes from 0 to a week's.")
    unknown = set(data.overrides) - set(CONTRACT_OVERRIDES)
    if unknown:
        errors["overrides"] = _("Unknown rules: %(names)s.") % {"names": ", ".join(sorted(unknown))}
    errors.update(_rule_errors(data.overrides, optional=True))
    site_templates = ShiftTemplate.objects.filter(site_id=person.site_id)
    if set(data.template_ids) - set(site_templates.values_list("pk", flat=True)):
        errors["allowed_templates"] = _("Choose templates of the agent's site.")
    if errors:
        raise ValidationError(errors)
    contract = Contract.objects.select_for_update().filter(person=person).first()
    before = None
    if contract is not None:
        before = snapshot(contract, CONTRACT_FIELDS)
        before["allowed_templates"] = sorted(
            contract.allowed_templates.values_list("pk", flat=True)
        )
    else:
        contract = Contract(person=person)
    contract.min_minutes_per_week = data.min_minutes_per_week
    contract.max_minutes_per_week = data.max_minutes_per_week
    for name in CONTRACT_OVERRIDES:
        setattr(contract, name, data.overrides.get(name))
    contract.save()
    contract.allowed_templates.set(data.template_ids)
    after = snapshot(contract, CONTRACT_FIELDS)
    after["allowed_templates"] = sorted(data.template_ids)
    audit_record(
        actor=actor,
        instance=contract,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        before=before,
        after=after,
        person=person,
    )
    return contract
