"""Shift swaps and offers on a published schedule. An agent offers a future shift of theirs
(to anyone at the site or to a named colleague) or proposes to swap it for a colleague's; the
colleague takes or accepts. The change is then judged by the engine against the schedule's
current shifts (skills, labour rules and hard constraints, coverage): with nothing against it,
it is approved at once; otherwise it waits for a leader with the reasons. Approval moves the
shifts (their activities with them), makes a new published version and tells both agents.

Each write locks the schedule and then the request, so of two colleagues taking the same offer
exactly one wins; every state change is in the audit trail."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    can_decide_shift_trade,
    can_trade_shifts,
    shift_trade_colleagues,
)
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.engine.schedule.changes import GiveShift, SwapShifts, validate_change
from floorwalk.engine.schedule.problem import MINUTES_PER_DAY
from floorwalk.org.models import Person
from floorwalk.scheduling import selectors
from floorwalk.scheduling.models import (
    TRADE_UNDECIDED,
    Schedule,
    ScheduledShift,
    ScheduleStatus,
    ShiftTrade,
    TradeKind,
    TradeReason,
    TradeStatus,
)
from floorwalk.scheduling.services.published import adherence_rebuild_after_commit
from floorwalk.scheduling.services.schedules import notify_week_changed, version_published_change

TRADE_FIELDS = ("kind", "status", "shift", "colleague", "other_shift", "taker", "decision_reason")
SKILL, ALREADY_WORKING, NOT_WORKING, UNCHECKED = (
    TradeReason.SKILL,
    TradeReason.ALREADY_WORKING,
    TradeReason.NOT_WORKING,
    TradeReason.UNCHECKED,
)


def _future(shift: ScheduledShift, label: str, at: datetime | None) -> None:
    if shift.start <= (at or selectors.now()):
        raise ValidationError(
            {label: _("That shift has already started; only future shifts can be traded.")}
        )


def _published_shift(shift: ScheduledShift, label: str) -> Schedule:
    schedule = Schedule.objects.select_related("site").get(pk=shift.schedule_id)
    if schedule.status != ScheduleStatus.PUBLISHED:
        raise ValidationError({label: _("Only shifts of a published schedule can be traded.")})
    return schedule


def _not_already_traded(shift: ScheduledShift, label: str) -> None:
    busy = ShiftTrade.objects.filter(status__in=TRADE_UNDECIDED).filter(
        Q(shift_id=shift.pk) | Q(other_shift_id=shift.pk)
    )
    if busy.exists():
        raise ValidationError(
            {label: _("That shift is already in a swap or offer waiting for an answer.")}
        )


def _record(
    actor: User, trade: ShiftTrade, before: dict[str, Any] | None, reason: str = ""
) -> None:
    audit_record(
        actor=actor,
        instance=trade,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        before=before,
        after=snapshot(trade, TRADE_FIELDS),
        person=trade.person,
        reason=reason,
    )


@transaction.atomic
def shift_offer(
    *,
    actor: User,
    shift: ScheduledShift,
    colleague: Person | None = None,
    note: str = "",
    at: datetime | None = None,
) -> ShiftTrade:
    """The agent offers their future shift: to a named colleague, or (no colleague) on the
    site's board to anyone who can serve it. `at`: the moment of the request (now when
    not given; the demo acts as of its own day)."""
    if not can_trade_shifts(actor, shift.person):
        raise PermissionDenied
    schedule = _published_shift(shift, "shift")
    _future(shift, "shift", at)
    if (
        colleague is not None
        and not shift_trade_colleagues(shift.person).filter(pk=colleague.pk).exists()
    ):
        raise ValidationError({"colleague": _("Choose an agent of your site.")})
    _not_already_traded(shift, "shift")
    trade = ShiftTrade.objects.create(
        schedule=schedule,
        kind=TradeKind.OFFER,
        person=shift.person,
        shift=shift,
        shift_start=shift.start,
        shift_end=shift.end,
        colleague=colleague,
        note=note.strip()[:300],
    )
    _record(actor, trade, None)
    return trade


@transaction.atomic
def shift_swap_propose(
    *,
    actor: User,
    shift: ScheduledShift,
    other_shift: ScheduledShift,
    note: str = "",
    at: datetime | None = None,
) -> ShiftTrade:
    """The agent proposes their future shift for a colleague's future shift of the same
    schedule; the colleague accepts or declines."""
    if not can_trade_shifts(actor, shift.person):
        raise PermissionDenied
    schedule = _published_shift(shift, "shift")
    _future(shift, "shift", at)
    if (
        other_shift.schedule_id != shift.schedule_id
        or not shift_trade_colleagues(shift.person).filter(pk=other_shift.person_id).exists()
    ):
        raise ValidationError(
            {"other_shift": _("Choose a colleague's shift from the same schedule.")}
        )
    _future(other_shift, "other_shift", at)
    if (other_shift.start, other_shift.end) == (shift.start, shift.end):
        raise ValidationError(
            {"other_shift": _("That shift has the same times as yours; nothing would change.")}
        )
    _not_already_traded(shift, "shift")
    _not_already_traded(other_shift, "other_shift")
    trade = ShiftTrade.objects.create(
        schedule=schedule,
        kind=TradeKind.SWAP,
        person=shift.person,
        shift=shift,
        shift_start=shift.start,
        shift_end=shift.end,
        colleague=other_shift.person,
        other_shift=other_shift,
        other_start=other_shift.start,
        other_end=other_shift.end,
        note=note.strip()[:300],
    )
    _record(actor, trade, None)
    return trade


def _locked(trade: ShiftTrade) -> tuple[Schedule, ShiftTrade]:
    """The schedule, then the request, locked in that order by every writer."""
    schedule = Schedule.objects.select_for_update().select_related("site").get(pk=trade.schedule_id)
    locked = (
        ShiftTrade.objects.select_for_update(of=("self",))
        .select_related("person", "colleague", "taker")
        .get(pk=trade.pk)
    )
    return schedule, locked


def trade_stale_reason(trade: ShiftTrade) -> str:
    """Why the request no longer holds (a shift changed, moved or went since), or ''."""
    checks: list[tuple[int | None, int | None, datetime | None, datetime | None]] = [
        (trade.shift_id, trade.person_id, trade.shift_start, trade.shift_end)
    ]
    if trade.kind == TradeKind.SWAP:
        checks.append(
            (trade.other_shift_id, trade.colleague_id, trade.other_start, trade.other_end)
        )
    for pk, owner, start, end in checks:
        shift = ScheduledShift.objects.filter(pk=pk).first() if pk else None
        if shift is None or shift.person_id != owner or shift.start != start or shift.end != end:
            return _(
                "A shift in this request has changed since it was asked for; withdraw it and "
                "ask again."
            )
    return ""


def _still_valid(trade: ShiftTrade, at: datetime | None = None) -> None:
    stale = trade_stale_reason(trade)
    if stale:
        raise ValidationError(stale)
    if min(filter(None, (trade.shift_start, trade.other_start))) <= (at or selectors.now()):
        raise ValidationError(_("A shift in this request has already started; it cannot move."))


def _reason_row(kind: str, person: int | None, data: dict[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "person": person, "data": data}


def trade_reasons(schedule: Schedule, trade: ShiftTrade) -> list[dict[str, Any]]:
    """Why the engine would not approve the request by itself (empty: it may). Judged with
    the generator's own problem against the schedule's current shifts."""
    from floorwalk.scheduling.engine_input import (
        EngineInputError,
        build_input,
        current_shifts,
        key_pk,
        person_key,
        reason_spec,
    )

    taker, shift = trade.taker, trade.shift
    if taker is None or shift is None:
        raise ValidationError(_("Nobody has taken this yet."))
    try:
        data = build_input(schedule)
    except EngineInputError as error:
        return [_reason_row(UNCHECKED, None, {"text": str(error)})]
    for person in (trade.person, taker):
        if person_key(person.pk) not in data.people:
            return [
                _reason_row(
                    UNCHECKED,
                    person.pk,
                    {
                        "text": _(
                            "%(name)s has no contract or no forecast queue among their skills, "
                            "so the change cannot be checked automatically"
                        )
                        % {"name": person.display_name}
                    },
                )
            ]
    horizon = data.horizon
    day = horizon.to_minute(shift.start) // MINUTES_PER_DAY
    change: GiveShift | SwapShifts
    if trade.kind == TradeKind.SWAP and trade.other_shift is not None:
        change = SwapShifts(
            person_key(trade.person_id),
            day,
            person_key(taker.pk),
            horizon.to_minute(trade.other_shift.start) // MINUTES_PER_DAY,
        )
    else:
        change = GiveShift(person_key(trade.person_id), day, person_key(taker.pk))
    rows = []
    for reason in validate_change(data.problem, current_shifts(schedule, horizon=horizon), change):
        agent = reason.agent
        about = key_pk(agent) if agent else None
        when = horizon.day_date(reason.day).isoformat() if reason.day is not None else ""
        if reason.kind == SKILL:
            queue = data.queues.get(reason.queue or "")
            rows.append(
                _reason_row(SKILL, about, {"day": when, "queue": queue.name if queue else ""})
            )
        elif reason.kind in (ALREADY_WORKING, NOT_WORKING):
            rows.append(_reason_row(reason.kind, about, {"day": when}))
        else:
            kind, payload = reason_spec(data, reason, agent or "")
            rows.append(_reason_row(kind, about, payload))
    return rows


def _apply(actor: User, schedule: Schedule, trade: ShiftTrade) -> None:
    """Moves the shift(s), publishes the new version and tells both agents."""
    taker = trade.taker
    if taker is None:
        raise ValidationError(_("Nobody has taken this yet."))
    moves: list[tuple[int, Person]] = [(trade.shift_id or 0, taker)]
    if trade.kind == TradeKind.SWAP:
        moves.append((trade.other_shift_id or 0, trade.person))
    moved_ids = [pk for pk, _person in moves]
    shifts = {s.pk: s for s in ScheduledShift.objects.select_for_update().filter(pk__in=moved_ids)}
    for pk, receiver in moves:
        shift = shifts[pk]
        clash = (
            ScheduledShift.objects.filter(person=receiver, start__lt=shift.end, end__gt=shift.start)
            .exclude(pk__in=moved_ids)
            .exists()
        )
        if clash:
            raise ValidationError(
                _("%(name)s already works at that time; the shifts would overlap.")
                % {"name": receiver.display_name}
            )
    label = (
        _("Swap of %(a)s and %(b)s")
        if trade.kind == TradeKind.SWAP
        else _("Shift of %(a)s taken by %(b)s")
    ) % {"a": trade.person.display_name, "b": taker.display_name}
    for pk, receiver in moves:
        shift = shifts[pk]
        before = snapshot(shift, ("person",))
        shift.person = receiver
        shift.save(update_fields=["person", "updated_at"])
        audit_record(
            actor=actor,
            instance=shift,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(shift, ("person",)),
            person=receiver,
            reason=label,
        )
    version, diff = version_published_change(schedule, actor, reason=label)
    notify_week_changed(schedule, version, diff)
    adherence_rebuild_after_commit(schedule=schedule, diff=diff)
    trade.version = version
    trade.status = TradeStatus.APPROVED


@transaction.atomic
def shift_trade_accept(*, actor: User, trade: ShiftTrade, at: datetime | None = None) -> ShiftTrade:
    """A colleague takes an offer (or accepts a swap proposed to them). Approved and applied
    at once when the engine finds nothing against it; otherwise it waits for a leader with
    the reasons. Of colleagues taking the same offer at once exactly one wins."""
    schedule, locked = _locked(trade)
    me = actor.person
    if me is None or not can_trade_shifts(actor, me) or me.pk == locked.person_id:
        raise PermissionDenied
    if locked.colleague_id is not None and locked.colleague_id != me.pk:
        raise PermissionDenied
    if not shift_trade_colleagues(locked.person).filter(pk=me.pk).exists():
        raise PermissionDenied
    if locked.status != TradeStatus.OPEN:
        raise ValidationError(
            _("This is no longer open: %(status)s.") % {"status": locked.get_status_display()}
        )
    _still_valid(locked, at)
    before = snapshot(locked, TRADE_FIELDS)
    locked.taker = me
    locked.reasons = trade_reasons(schedule, locked)
    if locked.reasons:
        locked.status = TradeStatus.PENDING
    else:
        _apply(actor, schedule, locked)
        locked.decided_at = timezone.now()
    locked.save()
    _record(actor, locked, before, reason=_("Approved automatically") if not locked.reasons else "")
    return locked


@transaction.atomic
def shift_trade_decline(*, actor: User, trade: ShiftTrade, reason: str = "") -> ShiftTrade:
    """The named colleague says no to an offer or swap meant for them."""
    _schedule, locked = _locked(trade)
    if actor.person_id is None or locked.colleague_id != actor.person_id:
        raise PermissionDenied
    if locked.status != TradeStatus.OPEN:
        raise ValidationError(
            _("This is no longer open: %(status)s.") % {"status": locked.get_status_display()}
        )
    before = snapshot(locked, TRADE_FIELDS)
    locked.status = TradeStatus.DECLINED
    locked.decision_reason = reason.strip()[:300]
    locked.decided_at = timezone.now()
    locked.save()
    _record(actor, locked, before, reason=locked.decision_reason)
    return locked


@transaction.atomic
def shift_trade_withdraw(*, actor: User, trade: ShiftTrade) -> ShiftTrade:
    """The agent who asked takes it back while it is not decided."""
    _schedule, locked = _locked(trade)
    if actor.person_id != locked.person_id:
        raise PermissionDenied
    if locked.status not in TRADE_UNDECIDED:
        raise ValidationError(
            _("This was already decided: %(status)s.") % {"status": locked.get_status_display()}
        )
    before = snapshot(locked, TRADE_FIELDS)
    locked.status = TradeStatus.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save()
    _record(actor, locked, before)
    return locked


def _send_rejected_email(person: Person, trade: ShiftTrade) -> None:
    """Tells an agent, in their language, that a leader rejected the request and why."""
    login = User.objects.filter(person=person, is_active=True).first()
    address = person.email or (login.email if login else "")
    if not address:
        return
    language = (login.language if login else "") or settings.LANGUAGE_CODE
    context = {
        "person": person,
        "trade": trade,
        "url": settings.FLOORWALK_BASE_URL.rstrip("/") + "/schedule/swaps/",
    }
    with translation.override(language):
        subject = render_to_string("scheduling/email/trade_rejected_subject.txt", context)
        body = render_to_string("scheduling/email/trade_rejected.txt", context)
    EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={"Content-Language": language},
    ).send()


def trade_people(trade: ShiftTrade) -> list[Person]:
    return [person for person in (trade.person, trade.taker) if person is not None]


@transaction.atomic
def shift_trade_decide(
    *, actor: User, trade: ShiftTrade, approve: bool, reason: str = ""
) -> ShiftTrade:
    """A leader approves (the shifts move, as an automatic approval would) or rejects, with
    a reason, a request the engine sent to them."""
    schedule, locked = _locked(trade)
    if not can_decide_shift_trade(actor, trade_people(locked)):
        raise PermissionDenied
    if locked.status != TradeStatus.PENDING:
        raise ValidationError(
            _("This is not waiting for a decision: %(status)s.")
            % {"status": locked.get_status_display()}
        )
    reason = reason.strip()[:300]
    if not approve and not reason:
        raise ValidationError({"reason": _("Say why it is rejected; both agents will read it.")})
    before = snapshot(locked, TRADE_FIELDS)
    if approve:
        _still_valid(locked)
        _apply(actor, schedule, locked)
    else:
        locked.status = TradeStatus.REJECTED
        for person in trade_people(locked):
            transaction.on_commit(partial(_send_rejected_email, person, locked))
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_reason = reason
    locked.save()
    _record(actor, locked, before, reason=reason)
    return locked
