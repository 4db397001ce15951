"""QA fixtures on the named floor: a two-section form and interactions of Ada and Oskar."""

from datetime import UTC, date, datetime
from itertools import count

import pytest

from floorwalk.metrics.models import (
    Interaction,
    QaCalibrationSession,
    QaDispute,
    QaEvaluation,
    QaForm,
)
from floorwalk.metrics.qa.selectors import form_version_current
from floorwalk.metrics.qa.services import (
    Answer,
    ItemSpec,
    qa_calibration_create,
    qa_dispute_raise,
    qa_evaluation_record,
    qa_form_create,
)
from floorwalk.org.models import Person, Queue

_ids = count(1)

FORM_ITEMS = [
    ItemSpec("Opening", "greeting", "Greets the customer by name", 1.0),
    ItemSpec("Opening", "verification", "Verifies the customer's identity", 2.0, critical=True),
    ItemSpec("Resolution", "solution", "Solves the problem", 3.0, allows_na=False),
    ItemSpec("Resolution", "upsell", "Offers a fitting product", 1.0),
    ItemSpec("Resolution", "delight", "Goes the extra mile", 5.0, bonus=True),
]


def make_interaction(
    agent: Person,
    *,
    queue: Queue | None = None,
    day: date = date(2026, 10, 5),
    hour: int = 9,
    channel: str | None = None,
) -> Interaction:
    queue = queue or agent.queues.first() or _any_queue_of(agent)
    started = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return Interaction.objects.create(
        source="platform",
        external_id=f"I{next(_ids):06d}",
        agent=agent,
        queue=queue,
        channel=channel or queue.channel,
        started_at=started,
        local_date=day,
        talk_seconds=300,
        hold_seconds=10,
        acw_seconds=30,
        outcome="resolved",
    )


def _any_queue_of(agent: Person) -> Queue:
    queue = Queue.objects.filter(site=agent.site).first()
    if queue is None:
        queue = Queue.objects.create(
            name=f"{agent.site.name} voice", channel="voice", site=agent.site
        )
    return queue


def answers(**values) -> dict[str, Answer]:
    """Answers for FORM_ITEMS: every item met unless given; None means N/A."""
    full = {"greeting": 1.0, "verification": 1.0, "solution": 1.0, "upsell": 1.0, "delight": 0.0}
    full.update(values)
    return {key: Answer(value) for key, value in full.items()}


@pytest.fixture
def qa_form(floor) -> QaForm:
    return qa_form_of(floor)


@pytest.fixture
def ada_interaction(floor) -> Interaction:
    return make_interaction(floor.agent)


def qa_form_of(floor) -> QaForm:
    """The form every QA test scores with (created on first use)."""
    existing = QaForm.objects.filter(name="Voice quality").first()
    if existing:
        return existing
    return qa_form_create(
        actor=floor.user("qa"), name="Voice quality", description="", items=FORM_ITEMS
    )


def evaluated_interaction(floor, agent: Person | None = None, **values) -> QaEvaluation:
    """A new interaction of `agent` (Ada by default) evaluated by Quinn, the QA specialist."""
    agent = agent or floor.agent
    return qa_evaluation_record(
        actor=floor.user("qa"),
        interaction=make_interaction(agent),
        form_version=form_version_current(qa_form_of(floor)),
        evaluator=floor.qa,
        answers=answers(**values),
    )


def open_dispute(floor) -> QaDispute:
    evaluation = evaluated_interaction(floor, verification=0.0)
    return qa_dispute_raise(actor=floor.user("agent"), evaluation=evaluation, reason="I did")


def calibration_of(floor, *participants: Person) -> QaCalibrationSession:
    """A calibration of a new interaction of Ada's, run by Quinn (QA), scored by Lena and Quinn
    unless other participants are given."""
    return qa_calibration_create(
        actor=floor.user("qa"),
        title="October calibration",
        interaction=make_interaction(floor.agent),
        form_version=form_version_current(qa_form_of(floor)),
        participants=list(participants or (floor.leader, floor.qa)),
    )
