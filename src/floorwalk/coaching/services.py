"""Writes of coaching: a coach records a session and moves its topic along; the agent confirms
and rates it, and asks for coaching. Each checks the policy itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import can_coach, can_request_coaching
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.coaching.models import (
    USEFULNESS_RANGE,
    CoachingRequest,
    CoachingSession,
    RequestStatus,
    TopicState,
)
from floorwalk.development.models import Competency
from floorwalk.development.services import check_day
from floorwalk.engine.metrics import METRICS
from floorwalk.metrics.models.interactions import Interaction
from floorwalk.org.models import Person

METRIC_CODES = frozenset(m.code for m in METRICS)
SESSION_AUDIT_FIELDS = (
    "kind",
    "held_on",
    "focus_metric",
    "focus_competency",
    "follow_up_on",
    "topic_state",
    "usefulness",
)


def _check_focus(focus_metric: str, focus_competency: Competency | None) -> None:
    if bool(focus_metric) == (focus_competency is not None):
        raise ValidationError(
            {"focus_metric": _("Choose one focus: either a metric or a competency.")}
        )
    if focus_metric and focus_metric not in METRIC_CODES:
        raise ValidationError({"focus_metric": _("This metric is not in the catalogue.")})


def _check_follow_up(held_on: date, follow_up_on: date | None) -> None:
    if follow_up_on is not None and follow_up_on < held_on:
        raise ValidationError(
            {"follow_up_on": _("The follow-up date cannot be before the session.")}
        )


@transaction.atomic
def session_record(
    *,
    actor: User,
    agent: Person,
    kind: str,
    held_on: date,
    keep_doing: str,
    to_change: str,
    focus_metric: str = "",
    focus_competency: Competency | None = None,
    observations: str = "",
    agreed_behaviours: str = "",
    follow_up_on: date | None = None,
    topic_state: str = TopicState.INITIAL_FEEDBACK,
    window_weeks: int | None = None,
    interactions: Iterable[Interaction] = (),
) -> CoachingSession:
    """Records a session the actor held with the agent, with what to keep doing and what to
    change; linked interactions must be the agent's own."""
    if not can_coach(actor, agent):
        raise PermissionDenied
    check_day("held_on", held_on, agent)
    _check_focus(focus_metric, focus_competency)
    _check_follow_up(held_on, follow_up_on)
    linked = list(interactions)
    if any(interaction.agent_id != agent.pk for interaction in linked):
        raise ValidationError({"interactions": _("Link only the agent's own interactions.")})
    if not keep_doing.strip() or not to_change.strip():
        raise ValidationError(
            {
                "keep_doing" if not keep_doing.strip() else "to_change": _(
                    "Say what to keep doing and what to change."
                )
            }
        )
    session = CoachingSession(
        agent=agent,
        coach=actor,
        kind=kind,
        held_on=held_on,
        focus_metric=focus_metric,
        focus_competency=focus_competency,
        observations=observations.strip(),
        keep_doing=keep_doing.strip(),
        to_change=to_change.strip(),
        agreed_behaviours=agreed_behaviours.strip(),
        follow_up_on=follow_up_on,
        topic_state=topic_state,
    )
    if window_weeks is not None:
        session.window_weeks = window_weeks
    session.full_clean(exclude=["coach", "agent"])
    session.save()
    session.interactions.set(linked)
    audit_record(
        actor=actor,
        instance=session,
        action=AuditAction.CREATE,
        after=snapshot(session, SESSION_AUDIT_FIELDS),
        person=agent,
    )
    return session


@transaction.atomic
def session_set_state(*, actor: User, session: CoachingSession, state: str) -> CoachingSession:
    """Moves the session's topic on the board; the coaches of the agent decide."""
    if not can_coach(actor, session.agent):
        raise PermissionDenied
    if state not in TopicState.values:
        raise ValidationError({"topic_state": _("Choose one of the listed states.")})
    before = snapshot(session, SESSION_AUDIT_FIELDS)
    session.topic_state = state
    session.save(update_fields=["topic_state", "updated_at"])
    _audit_change(actor, session, before)
    return session


@transaction.atomic
def session_confirm(*, actor: User, session: CoachingSession, usefulness: int) -> CoachingSession:
    """The agent confirms the session took place and says how useful it was (1–5); they may
    change the rating later, the first confirmation time stays."""
    if actor.person_id != session.agent_id:
        raise PermissionDenied
    low, high = USEFULNESS_RANGE
    if not low <= usefulness <= high:
        raise ValidationError(
            {
                "usefulness": _("Rate the usefulness from %(low)d to %(high)d.")
                % {"low": low, "high": high}
            }
        )
    before = snapshot(session, SESSION_AUDIT_FIELDS)
    session.usefulness = usefulness
    if session.confirmed_at is None:
        session.confirmed_at = timezone.now()
    session.save(update_fields=["usefulness", "confirmed_at", "updated_at"])
    _audit_change(actor, session, before)
    return session


def _audit_change(actor: User, session: CoachingSession, before: dict[str, object]) -> None:
    audit_record(
        actor=actor,
        instance=session,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(session, SESSION_AUDIT_FIELDS),
        person=session.agent,
    )


@transaction.atomic
def request_create(*, actor: User, agent: Person, topic: str, details: str = "") -> CoachingRequest:
    """The agent asks for coaching on a topic."""
    if not can_request_coaching(actor, agent):
        raise PermissionDenied
    if not topic.strip():
        raise ValidationError({"topic": _("Name the topic you would like coaching on.")})
    return CoachingRequest.objects.create(agent=agent, topic=topic.strip(), details=details.strip())


@transaction.atomic
def request_set_status(
    *, actor: User, coaching_request: CoachingRequest, status: str
) -> CoachingRequest:
    if not can_coach(actor, coaching_request.agent):
        raise PermissionDenied
    if status not in RequestStatus.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")})
    coaching_request.status = status
    coaching_request.save(update_fields=["status", "updated_at"])
    return coaching_request
