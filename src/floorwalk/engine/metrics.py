"""Contact-center metrics: additive totals and the formulas computed from them.

Every metric is a ratio (or a count) of sums, so the database only has to roll interactions
and QA evaluations up into `Totals`; totals of any set of agents, days or queues are the
field-by-field sum of the parts, and the metric is computed once, at the end, from the sum.
Averaging averages would weigh a quiet day like a busy one; summing totals does not.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter

from floorwalk.engine.text import gettext_noop

OUTCOMES = ("resolved", "transferred", "escalated", "abandoned", "other")
ABANDONED = "abandoned"
CSAT_RATINGS = range(1, 6)
CSAT_SATISFIED = range(4, 6)
NPS_ANSWERS = range(11)
NPS_PROMOTERS = range(9, 11)
NPS_DETRACTORS = range(7)
QA_SCORE_RANGE = (0.0, 100.0)


class Direction(StrEnum):
    """Which way a metric is better."""

    HIGHER = "higher"
    LOWER = "lower"


class Unit(StrEnum):
    """What a metric's value measures, for formatting."""

    COUNT = "count"
    SECONDS = "seconds"
    PERCENT = "percent"
    SCORE = "score"  # mean CSAT rating, 1–5
    POINTS = "points"  # tNPS, −100..100


# --------------------------------------------------------------------------------------------
# Totals
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """Additive sums over a set of interactions and QA evaluations.

    `contacts` counts every interaction, abandoned ones included; `handled` those whose
    outcome is not abandoned. Durations, first-contact resolution, transfers and escalations
    are summed over handled contacts only. Survey answers are counted wherever one exists.
    The adherence sums count the days an agent had a published schedule.
    """

    contacts: int = 0
    handled: int = 0
    talk_seconds: int = 0
    hold_seconds: int = 0
    acw_seconds: int = 0
    fcr_known: int = 0
    fcr_resolved: int = 0
    csat_responses: int = 0
    csat_satisfied: int = 0
    csat_sum: int = 0
    nps_responses: int = 0
    nps_promoters: int = 0
    nps_detractors: int = 0
    transferred: int = 0
    escalated: int = 0
    qa_evaluations: int = 0
    qa_score_sum: float = 0.0
    # Schedule adherence, from the daily adherence rollups (see engine/adherence.py).
    scheduled_seconds: int = 0
    adherent_seconds: int = 0
    scheduled_work_seconds: int = 0
    worked_seconds: int = 0

    def __add__(self, other: object) -> Totals:
        if not isinstance(other, Totals):
            return NotImplemented
        return Totals(
            **{name: getattr(self, name) + getattr(other, name) for name in TOTALS_FIELDS}
        )

    @classmethod
    def sum(cls, parts: Iterable[Totals]) -> Totals:
        """The totals of the union of `parts` (empty totals when there are none)."""
        columns = zip(*map(_totals_values, parts), strict=True)
        return cls(*(sum(column) for column in columns))  # no parts: no columns, all zero


TOTALS_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Totals))
ADHERENCE_FIELDS: tuple[str, ...] = (
    "scheduled_seconds",
    "adherent_seconds",
    "scheduled_work_seconds",
    "worked_seconds",
)
_totals_values = attrgetter(*TOTALS_FIELDS)


@dataclass(frozen=True)
class InteractionRecord:
    """One interaction as the platform reports it, without agent, queue or time."""

    talk_seconds: int
    hold_seconds: int
    acw_seconds: int
    outcome: str
    first_contact_resolution: bool | None = None
    csat: int | None = None
    nps: int | None = None

    def __post_init__(self) -> None:
        if min(self.talk_seconds, self.hold_seconds, self.acw_seconds) < 0:
            raise ValueError("talk, hold and after-contact work seconds cannot be negative")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"outcome {self.outcome!r} is not one of {', '.join(OUTCOMES)}")
        if self.csat is not None and self.csat not in CSAT_RATINGS:
            raise ValueError(f"CSAT rating {self.csat} is outside 1–5")
        if self.nps is not None and self.nps not in NPS_ANSWERS:
            raise ValueError(f"NPS answer {self.nps} is outside 0–10")

    @property
    def handled(self) -> bool:
        return self.outcome != ABANDONED


def totals_from_record(record: InteractionRecord) -> Totals:
    """The totals of a single interaction."""
    handled = record.handled
    return Totals(
        contacts=1,
        handled=int(handled),
        talk_seconds=record.talk_seconds if handled else 0,
        hold_seconds=record.hold_seconds if handled else 0,
        acw_seconds=record.acw_seconds if handled else 0,
        fcr_known=int(handled and record.first_contact_resolution is not None),
        fcr_resolved=int(handled and record.first_contact_resolution is True),
        csat_responses=int(record.csat is not None),
        csat_satisfied=int(record.csat in CSAT_SATISFIED),
        csat_sum=record.csat or 0,
        nps_responses=int(record.nps is not None),
        nps_promoters=int(record.nps in NPS_PROMOTERS),
        nps_detractors=int(record.nps in NPS_DETRACTORS),
        transferred=int(record.outcome == "transferred"),
        escalated=int(record.outcome == "escalated"),
    )


def totals_from_records(records: Iterable[InteractionRecord]) -> Totals:
    """The reference aggregation; the database rollup computes the same sums in SQL."""
    return Totals.sum(totals_from_record(record) for record in records)


def totals_from_qa_scores(scores: Iterable[float]) -> Totals:
    """The totals of QA evaluations with the given total scores (each 0–100)."""
    low, high = QA_SCORE_RANGE
    score_list = list(scores)
    for score in score_list:
        if not low <= score <= high:
            raise ValueError(f"QA score {score} is outside 0–100")
    return Totals(qa_evaluations=len(score_list), qa_score_sum=math.fsum(score_list))


# --------------------------------------------------------------------------------------------
# Formulas
# --------------------------------------------------------------------------------------------


def _ratio(numerator: float, denominator: int, scale: float = 1.0) -> float | None:
    if denominator == 0:
        return None
    return scale * numerator / denominator


def contacts_handled(totals: Totals) -> float | None:
    return float(totals.handled)


def average_handle_time(totals: Totals) -> float | None:
    handle_seconds = totals.talk_seconds + totals.hold_seconds + totals.acw_seconds
    return _ratio(handle_seconds, totals.handled)


def average_talk_time(totals: Totals) -> float | None:
    return _ratio(totals.talk_seconds, totals.handled)


def average_hold_time(totals: Totals) -> float | None:
    return _ratio(totals.hold_seconds, totals.handled)


def average_after_contact_work(totals: Totals) -> float | None:
    return _ratio(totals.acw_seconds, totals.handled)


def first_contact_resolution(totals: Totals) -> float | None:
    return _ratio(totals.fcr_resolved, totals.fcr_known, scale=100.0)


def csat_satisfied_share(totals: Totals) -> float | None:
    return _ratio(totals.csat_satisfied, totals.csat_responses, scale=100.0)


def csat_mean_rating(totals: Totals) -> float | None:
    return _ratio(totals.csat_sum, totals.csat_responses)


def transactional_nps(totals: Totals) -> float | None:
    net_promoters = totals.nps_promoters - totals.nps_detractors
    return _ratio(net_promoters, totals.nps_responses, scale=100.0)


def mean_qa_score(totals: Totals) -> float | None:
    return _ratio(totals.qa_score_sum, totals.qa_evaluations)


def transfer_rate(totals: Totals) -> float | None:
    return _ratio(totals.transferred, totals.handled, scale=100.0)


def escalation_rate(totals: Totals) -> float | None:
    return _ratio(totals.escalated, totals.handled, scale=100.0)


def schedule_adherence(totals: Totals) -> float | None:
    return _ratio(totals.adherent_seconds, totals.scheduled_seconds, scale=100.0)


def schedule_conformance(totals: Totals) -> float | None:
    return _ratio(totals.worked_seconds, totals.scheduled_work_seconds, scale=100.0)


def handled_count(totals: Totals) -> int:
    return totals.handled


def fcr_known_count(totals: Totals) -> int:
    return totals.fcr_known


def csat_response_count(totals: Totals) -> int:
    return totals.csat_responses


def nps_response_count(totals: Totals) -> int:
    return totals.nps_responses


def qa_evaluation_count(totals: Totals) -> int:
    return totals.qa_evaluations


def scheduled_hours(totals: Totals) -> int:
    return totals.scheduled_seconds // 3600


def scheduled_work_hours(totals: Totals) -> int:
    return totals.scheduled_work_seconds // 3600


# --------------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """A metric's meaning, how to compute it and how much data it needs to be trusted.

    `sample` is the count the value rests on (its denominator); below `min_sample` the value
    is shown but not trusted for judging anyone.
    """

    code: str
    name: str
    abbreviation: str
    definition: str
    formula: str
    unit: Unit
    direction: Direction
    min_sample: int
    sample_label: str
    value_of: Callable[[Totals], float | None] = field(repr=False)
    sample_of: Callable[[Totals], int] = field(repr=False)

    def value(self, totals: Totals) -> float | None:
        """The metric over `totals`; None when its denominator is 0."""
        return self.value_of(totals)

    def sample(self, totals: Totals) -> int:
        """How many contacts, surveys or evaluations the value rests on."""
        return self.sample_of(totals)


_HANDLED_CONTACTS = gettext_noop("handled contacts")
_SURVEYS = gettext_noop("surveys")
_RELIABLE_HANDLED = 20
_RELIABLE_SURVEYS = 10
_RELIABLE_SCHEDULED_HOURS = 4  # half a shift

METRICS: tuple[Metric, ...] = (
    Metric(
        code="contacts_handled",
        name=gettext_noop("Contacts handled"),
        abbreviation=gettext_noop("Handled"),
        definition=gettext_noop(
            "The number of contacts handled to an outcome other than abandoned."
        ),
        formula=gettext_noop("count of contacts that were not abandoned"),
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        min_sample=1,
        sample_label=_HANDLED_CONTACTS,
        value_of=contacts_handled,
        sample_of=handled_count,
    ),
    Metric(
        code="aht",
        name=gettext_noop("Average handle time"),
        abbreviation=gettext_noop("AHT"),
        definition=gettext_noop(
            "The average time a handled contact takes, counting talk, hold and after-contact work."
        ),
        formula=gettext_noop("(talk + hold + after-contact work) ÷ handled contacts"),
        unit=Unit.SECONDS,
        direction=Direction.LOWER,
        min_sample=_RELIABLE_HANDLED,
        sample_label=_HANDLED_CONTACTS,
        value_of=average_handle_time,
        sample_of=handled_count,
    ),
    Metric(
        code="avg_talk",
        name=gettext_noop("Average talk time"),
        abbreviation=gettext_noop("Talk"),
        definition=gettext_noop(
            "The average time spent talking with the customer per handled contact."
        ),
        formula=gettext_noop("talk ÷ handled contacts"),
        unit=Unit.SECONDS,
        direction=Direction.LOWER,
        min_sample=_RELIABLE_HANDLED,
        sample_label=_HANDLED_CONTACTS,
        value_of=average_talk_time,
        sample_of=handled_count,
    ),
    Metric(
        code="avg_hold",
        name=gettext_noop("Average hold time"),
        abbreviation=gettext_noop("Hold"),
        definition=gettext_noop("The average time the customer spent on hold per handled contact."),
        formula=gettext_noop("hold ÷ handled contacts"),
        unit=Unit.SECONDS,
        direction=Direction.LOWER,
        min_sample=_RELIABLE_HANDLED,
        sample_label=_HANDLED_CONTACTS,
        value_of=average_hold_time,
        sample_of=handled_count,
    ),
    Metric(
        code="avg_acw",
        name=gettext_noop("Average after-contact work"),
        abbreviation=gettext_noop("ACW"),
        definition=gettext_noop("The average time spent wrapping up after each handled contact."),
        formula=gettext_noop("after-contact work ÷ handled contacts"),
        unit=Unit.SECONDS,
        direction=Direction.LOWER,
        min_sample=_RELIABLE_HANDLED,
        sample_label=_HANDLED_CONTACTS,
        value_of=average_after_contact_work,
        sample_of=handled_count,
    ),
    Metric(
        code="fcr",
        name=gettext_noop("First-contact resolution"),
        abbreviation=gettext_noop("FCR"),
        definition=gettext_noop(
            "The share of handled contacts resolved on the first contact, "
            "among those where it is known."
        ),
        formula=gettext_noop(
            "100 × resolved on first contact ÷ handled contacts with resolution known"
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        min_sample=_RELIABLE_HANDLED,
        sample_label=gettext_noop("contacts with resolution known"),
        value_of=first_contact_resolution,
        sample_of=fcr_known_count,
    ),
    Metric(
        code="csat",
        name=gettext_noop("Customer satisfaction (CSAT)"),
        abbreviation=gettext_noop("CSAT"),
        definition=gettext_noop("The share of survey ratings that are 4 or 5 on the 1–5 scale."),
        formula=gettext_noop("100 × ratings of 4 or 5 ÷ survey responses"),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        min_sample=_RELIABLE_SURVEYS,
        sample_label=_SURVEYS,
        value_of=csat_satisfied_share,
        sample_of=csat_response_count,
    ),
    Metric(
        code="csat_mean",
        name=gettext_noop("Average CSAT rating"),
        abbreviation=gettext_noop("CSAT mean"),
        definition=gettext_noop("The mean survey rating on the 1–5 scale."),
        formula=gettext_noop("sum of ratings ÷ survey responses"),
        unit=Unit.SCORE,
        direction=Direction.HIGHER,
        min_sample=_RELIABLE_SURVEYS,
        sample_label=_SURVEYS,
        value_of=csat_mean_rating,
        sample_of=csat_response_count,
    ),
    Metric(
        code="tnps",
        name=gettext_noop("Transactional NPS (tNPS)"),
        abbreviation=gettext_noop("tNPS"),
        definition=gettext_noop(
            "The percentage of promoters (9–10) minus the percentage of detractors (0–6) "
            "among survey answers."
        ),
        formula=gettext_noop("100 × (promoters − detractors) ÷ survey responses"),
        unit=Unit.POINTS,
        direction=Direction.HIGHER,
        min_sample=_RELIABLE_SURVEYS,
        sample_label=_SURVEYS,
        value_of=transactional_nps,
        sample_of=nps_response_count,
    ),
    Metric(
        code="qa_score",
        name=gettext_noop("Quality score"),
        abbreviation=gettext_noop("QA"),
        definition=gettext_noop("The mean total score of the quality evaluations, each 0–100."),
        formula=gettext_noop("sum of evaluation scores ÷ evaluations"),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        min_sample=1,
        sample_label=gettext_noop("evaluations"),
        value_of=mean_qa_score,
        sample_of=qa_evaluation_count,
    ),
    Metric(
        code="transfer_rate",
        name=gettext_noop("Transfer rate"),
        abbreviation=gettext_noop("Transfers"),
        definition=gettext_noop("The share of handled contacts that were transferred."),
        formula=gettext_noop("100 × transferred contacts ÷ handled contacts"),
        unit=Unit.PERCENT,
        direction=Direction.LOWER,
        min_sample=_RELIABLE_HANDLED,
        sample_label=_HANDLED_CONTACTS,
        value_of=transfer_rate,
        sample_of=handled_count,
    ),
    Metric(
        code="escalation_rate",
        name=gettext_noop("Escalation rate"),
        abbreviation=gettext_noop("Escalations"),
        definition=gettext_noop("The share of handled contacts that were escalated."),
        formula=gettext_noop("100 × escalated contacts ÷ handled contacts"),
        unit=Unit.PERCENT,
        direction=Direction.LOWER,
        min_sample=_RELIABLE_HANDLED,
        sample_label=_HANDLED_CONTACTS,
        value_of=escalation_rate,
        sample_of=handled_count,
    ),
    Metric(
        code="adherence",
        name=gettext_noop("Schedule adherence"),
        abbreviation=gettext_noop("Adherence"),
        definition=gettext_noop(
            "The share of the scheduled time spent doing what the published schedule asked "
            "for: working when scheduled to work, on break when scheduled a break, and so on."
        ),
        formula=gettext_noop("100 × seconds in the scheduled activity ÷ scheduled seconds"),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        min_sample=_RELIABLE_SCHEDULED_HOURS,
        sample_label=gettext_noop("scheduled hours"),
        value_of=schedule_adherence,
        sample_of=scheduled_hours,
    ),
    Metric(
        code="conformance",
        name=gettext_noop("Schedule conformance"),
        abbreviation=gettext_noop("Conformance"),
        definition=gettext_noop(
            "The time worked (available, on contact or in after-contact work) over the time "
            "scheduled to work, on days with scheduled work; over 100 % means overtime."
        ),
        formula=gettext_noop("100 × seconds worked ÷ seconds scheduled to work"),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        min_sample=_RELIABLE_SCHEDULED_HOURS,
        sample_label=gettext_noop("scheduled work hours"),
        value_of=schedule_conformance,
        sample_of=scheduled_work_hours,
    ),
)

METRICS_BY_CODE: dict[str, Metric] = {m.code: m for m in METRICS}


def metric(code: str) -> Metric:
    """The metric with `code`; KeyError naming the known codes otherwise."""
    try:
        return METRICS_BY_CODE[code]
    except KeyError:
        known = ", ".join(METRICS_BY_CODE)
        raise KeyError(f"unknown metric code {code!r}; known codes: {known}") from None


def is_reliable(metric: Metric, totals: Totals) -> bool:
    """Whether `totals` hold enough data for `metric` to be trusted."""
    return metric.sample(totals) >= metric.min_sample
