"""Writes of the competency framework and of competency assessments (C1, C2).

Results-derived (KPI) assessments look at the last four whole ISO weeks before the day they
are made for, against the standard in force on the window's last day, for every active agent
and every active competency with linked metrics (see engine/competencies.py for the mapping).
They are one per agent, competency and day: deriving again for the same day replaces that
day's assessment with what the data says now, so running it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import Role, User
from floorwalk.accounts.policy import assessment_source_for, can_edit_framework
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.development.models import (
    LEVELS,
    Assessment,
    AssessmentSource,
    Competency,
    CompetencyIndicator,
)
from floorwalk.development.services import day_error
from floorwalk.engine.competencies import DerivedLevel, MetricReading, derive_level
from floorwalk.engine.metrics import Totals, metric
from floorwalk.engine.periods import Period, PeriodKind, period_containing, recent_periods
from floorwalk.engine.standards import Threshold
from floorwalk.metrics.selectors import thresholds_for, totals_by_agent_and_period
from floorwalk.org.models import Person, PersonStatus

KPI_WINDOW_WEEKS = 4
AUDITED_FIELDS = ("competency", "level", "source", "assessed_on")
COMPETENCY_FIELDS = (
    "name",
    "definition",
    "benefit",
    "assessment_methods",
    "development_tools",
    "use",
    "target_level",
)


# ---- The framework ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator as entered: a catalog metric code or an observable behaviour."""

    metric: str = ""
    behaviour: str = ""


def _check_editor(actor: User) -> None:
    if not can_edit_framework(actor):
        raise PermissionDenied


def _check_indicators(indicators: Sequence[IndicatorSpec]) -> None:
    for indicator in indicators:
        if bool(indicator.metric) == bool(indicator.behaviour.strip()):
            raise ValidationError(
                {"indicators": _("Each indicator is a metric or a behaviour, not both.")}
            )


@transaction.atomic
def competency_save(
    *,
    actor: User,
    competency: Competency | None,
    fields: dict[str, object],
    indicators: Sequence[IndicatorSpec],
) -> Competency:
    """Creates a competency or edits one, with its indicators replaced by `indicators`. Its
    assessments stay as they are: they name the competency, not its wording."""
    _check_editor(actor)
    _check_indicators(indicators)
    target = competency or Competency()
    for name in COMPETENCY_FIELDS:
        if name in fields:
            setattr(target, name, fields[name])
    target.full_clean()
    target.save()
    target.indicators.all().delete()
    CompetencyIndicator.objects.bulk_create(
        [
            CompetencyIndicator(
                competency=target, metric=item.metric, behaviour=item.behaviour.strip()
            )
            for item in indicators
        ]
    )
    return target


@transaction.atomic
def competency_set_active(*, actor: User, competency: Competency, active: bool) -> Competency:
    """Retires a competency (it leaves profiles and new assessments, its assessments stay)
    or brings it back. Competencies are never deleted."""
    _check_editor(actor)
    competency.is_active = active
    competency.save(update_fields=["is_active", "updated_at"])
    return competency


# ---- Direct assessments ----------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    person: Person,
    competency: Competency,
    level: int,
    evidence: str,
    assessed_on: date | None = None,
) -> Assessment:
    """A team leader's review or a QA specialist's judgement of an agent's competency, with
    the evidence. The source follows from who the actor is to the agent (the policy)."""
    source = assessment_source_for(actor, person)
    if source is None:
        raise PermissionDenied
    today = timezone.localdate()
    assessed_on = assessed_on or today
    errors: dict[str, str] = {}
    if not competency.is_active:
        errors["competency"] = _("This competency is retired; choose one in use.")
    if isinstance(level, bool) or not LEVELS[0] <= level <= LEVELS[1]:
        errors["level"] = _("The level is a whole number from 1 to 5.")
    if not evidence.strip():
        errors["evidence"] = _("Say what you saw: the evidence is required.")
    if day_problem := day_error(assessed_on, person):
        errors["assessed_on"] = day_problem
    if errors:
        raise ValidationError(errors)
    assessment = Assessment.objects.create(
        person=person,
        competency=competency,
        level=level,
        source=source,
        evidence=evidence.strip(),
        assessed_by=actor,
        assessed_on=assessed_on,
    )
    audit_record(
        actor=actor,
        instance=assessment,
        action=AuditAction.CREATE,
        after=snapshot(assessment, AUDITED_FIELDS),
        person=person,
    )
    return assessment


# ---- Results-derived assessments -------------------------------------------------------------


@dataclass(frozen=True)
class DeriveResult:
    created: int = 0
    updated: int = 0
    removed: int = 0


def kpi_window(on: date) -> list[Period]:
    """The last KPI_WINDOW_WEEKS whole ISO weeks before the week of `on`."""
    this_week = period_containing(PeriodKind.WEEK, on)
    last_whole = period_containing(PeriodKind.WEEK, this_week.start - timedelta(days=1))
    return recent_periods(last_whole, KPI_WINDOW_WEEKS)


def derived_level(
    codes: Sequence[str], totals: Totals, thresholds: dict[str, Threshold | None]
) -> DerivedLevel:
    """The engine's level from the competency's metrics over `totals`."""
    readings = []
    for code in codes:
        item = metric(code)
        readings.append(
            MetricReading(
                code=code,
                value=item.value(totals),
                sample=item.sample(totals),
                min_sample=item.min_sample,
                threshold=thresholds.get(code),
            )
        )
    return derive_level(readings)


def _evidence_text(derived: DerivedLevel, first: date, last: date) -> str:
    return _("Derived from %(used)d of %(linked)d linked metrics over %(first)s – %(last)s.") % {
        "used": len(derived.used),
        "linked": len(derived.judgements),
        "first": first.isoformat(),
        "last": last.isoformat(),
    }


def _audit_derived(
    assessment: Assessment,
    action: AuditAction,
    before: dict[str, object] | None,
    after: dict[str, object] | None,
) -> None:
    """A derivation that changes or removes an existing level is in the trail, by nobody (the
    system); a first derivation is not: its explanation is stored with it."""
    audit_record(
        actor=None,
        instance=assessment,
        action=action,
        before=before,
        after=after,
        person=assessment.person,
        reason=_("Derived again from the results."),
    )


def active_agents() -> list[Person]:
    return list(
        Person.objects.filter(status=PersonStatus.ACTIVE, role_assignments__role=Role.AGENT)
        .select_related("site", "team")
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def assessments_derive(*, on: date, people: Sequence[Person] | None = None) -> DeriveResult:
    """Results-derived assessments dated `on` for every active agent (or `people`) and every
    active competency with linked metrics. Idempotent per agent, competency and day."""
    agents = list(people) if people is not None else active_agents()
    competencies = [
        (competency, [i.metric for i in competency.indicators.all() if i.metric])
        for competency in Competency.objects.filter(is_active=True).prefetch_related("indicators")
    ]
    competencies = [(competency, codes) for competency, codes in competencies if codes]
    weeks = kpi_window(on)
    first, last = weeks[0].start, weeks[-1].end
    series = totals_by_agent_and_period([agent.pk for agent in agents], weeks) if agents else {}
    standards: dict[tuple[int, int | None], dict[str, Threshold | None]] = {}
    created = updated = removed = 0
    for agent in agents:
        key = (agent.site_id, agent.team_id)
        if key not in standards:
            standards[key] = thresholds_for(on=last, site=agent.site, team=agent.team)
        totals = Totals.sum(series.get(agent.pk, []))
        for competency, codes in competencies:
            derived = derived_level(codes, totals, standards[key])
            same_day = Assessment.objects.filter(
                person=agent, competency=competency, source=AssessmentSource.KPI, assessed_on=on
            ).first()
            before = snapshot(same_day, AUDITED_FIELDS) if same_day else None
            if derived.level is None:
                if same_day is not None:
                    _audit_derived(same_day, AuditAction.DELETE, before, None)
                    same_day.delete()
                    removed += 1
                continue
            details = derived.explanation() | {
                "window": {"first": first.isoformat(), "last": last.isoformat()}
            }
            assessment, is_new = Assessment.objects.update_or_create(
                person=agent,
                competency=competency,
                source=AssessmentSource.KPI,
                assessed_on=on,
                defaults={
                    "level": derived.level,
                    "details": details,
                    "evidence": _evidence_text(derived, first, last),
                    "assessed_by": None,
                },
            )
            if not is_new:
                _audit_derived(
                    assessment, AuditAction.UPDATE, before, snapshot(assessment, AUDITED_FIELDS)
                )
            created += is_new
            updated += not is_new
    return DeriveResult(created=created, updated=updated, removed=removed)
