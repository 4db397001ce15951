"""Generating a draft schedule with the engine, in the background; the fairness ledger moved
on publish; adherence rebuilt after a publish or a published change.

`schedule_generate_start` queues a run (the planner's Generate button, the API);
`generation_run_execute` does the work (the background task, and `schedule_generate` for the
command line and the demo). A run reads the approved wishes, contracts, rules, templates and
the forecast (`engine_input`), solves within its time limit, and replaces the draft's shifts,
report and unmet preferences at once; a failure leaves the draft as it was and says why.
Published schedules are never touched: only a draft is generated.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import can_generate_schedule
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record
from floorwalk.engine.schedule.check import check_schedule
from floorwalk.engine.schedule.solve import SolveOptions, solve
from floorwalk.org.models import Person
from floorwalk.scheduling.models import (
    FairnessLedger,
    GenerationRun,
    GenerationStatus,
    Schedule,
    ScheduleStatus,
)
from floorwalk.scheduling.services.schedules import (
    schedule_draft_replace_shifts,
    schedule_report_store,
)

TIME_LIMITS = (10, 30, 60, 120, 300, 600)  # seconds a planner may choose
MAX_TIME_LIMIT = 3600


def _check_start(actor: User, schedule: Schedule, time_limit: int) -> None:
    if not can_generate_schedule(actor, schedule.site):
        raise PermissionDenied
    errors = {}
    if schedule.status != ScheduleStatus.DRAFT:
        errors["schedule"] = _(
            "Only a draft is generated; this schedule is published. Start a new draft."
        )
    if not 1 <= time_limit <= MAX_TIME_LIMIT:
        errors["time_limit"] = _("Choose a time limit of 1 to %(most)d seconds.") % {
            "most": MAX_TIME_LIMIT
        }
    if errors:
        raise ValidationError(errors)


def schedule_generate_start(*, actor: User, schedule: Schedule, time_limit: int) -> GenerationRun:
    """Queues a generation of the draft; the background worker runs it after commit."""
    _check_start(actor, schedule, time_limit)
    from floorwalk.scheduling.tasks import generation_run_task  # the task imports this module

    with transaction.atomic():
        run = GenerationRun.objects.create(
            schedule=schedule, time_limit_seconds=time_limit, created_by=actor
        )
        transaction.on_commit(partial(generation_run_task.enqueue, run_id=run.pk))
    return run


def schedule_generate(*, actor: User, schedule: Schedule, time_limit: int) -> GenerationRun:
    """Generates the draft now (the command line, the demo): the same run as the button's."""
    _check_start(actor, schedule, time_limit)
    run = GenerationRun.objects.create(
        schedule=schedule, time_limit_seconds=time_limit, created_by=actor
    )
    return generation_run_execute(run_id=run.pk)


def ledger_balances(people: Iterable[int]) -> dict[int, float]:
    return dict(
        FairnessLedger.objects.filter(person_id__in=list(people)).values_list(
            "person_id", "balance"
        )
    )


def _fail(run: GenerationRun, message: str) -> GenerationRun:
    run.status, run.message, run.finished_at = GenerationStatus.FAILED, message, timezone.now()
    run.save(update_fields=["status", "message", "finished_at", "updated_at"])
    return run


def generation_run_execute(*, run_id: int) -> GenerationRun:
    """Runs one queued generation; the run's record says how it went (never raises for bad
    set-up: the message names what to fix)."""
    from floorwalk.scheduling.engine_input import (
        EngineInputError,
        build_input,
        report_json,
        shift_specs,
        unmet_specs,
    )

    run = GenerationRun.objects.select_related("schedule__site", "created_by").get(pk=run_id)
    if run.status != GenerationStatus.QUEUED:
        return run
    run.status, run.started_at = GenerationStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at", "updated_at"])
    schedule, actor = run.schedule, run.created_by
    if actor is None:
        return _fail(run, _("The person who started this generation no longer has a login."))
    if schedule.status != ScheduleStatus.DRAFT:
        return _fail(run, _("The schedule was published meanwhile; only a draft is generated."))
    site_people = Person.objects.filter(site=schedule.site).values_list("pk", flat=True)
    try:
        data = build_input(schedule, ledger=ledger_balances(site_people))
    except EngineInputError as error:
        return _fail(run, str(error))
    result = solve(data.problem, SolveOptions(time_limit=float(run.time_limit_seconds)))
    if result.status in ("infeasible", "unknown", "invalid"):
        text = {
            "infeasible": _(
                "The hard rules cannot all hold: check the contracts' least minutes against "
                "the templates, the labour rules and the agents' constraints."
            ),
            "unknown": _("No schedule was found within %(seconds)d seconds; allow more time.")
            % {"seconds": run.time_limit_seconds},
        }.get(result.status, _("The generator could not build a schedule."))
        return _fail(run, text)
    violations = check_schedule(data.problem, result.shifts)
    report = report_json(data, result)
    report["summary"]["rule_violations"] = len(violations)
    try:
        with transaction.atomic():
            schedule_draft_replace_shifts(
                actor=actor, schedule=schedule, shifts=shift_specs(data, result.shifts)
            )
            schedule_report_store(
                actor=actor, schedule=schedule, report=report, unmet=unmet_specs(data, result.unmet)
            )
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else ""
        return _fail(run, text or _("You may no longer change this schedule."))
    run.status, run.finished_at = GenerationStatus.DONE, timezone.now()
    run.summary = report["summary"]
    run.save(update_fields=["status", "finished_at", "summary", "updated_at"])
    audit_record(
        actor=actor,
        instance=schedule,
        action=AuditAction.UPDATE,
        after={"generated": run.pk, "shifts": len(result.shifts)},
        reason=_("Generated"),
    )
    return run
