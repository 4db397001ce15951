import random
from collections import defaultdict
from datetime import date, timedelta

from floorwalk.engine.metrics import Totals
from floorwalk.engine.qa import qa_score
from floorwalk.metrics.models import QaCalibrationSession
from floorwalk.metrics.qa.selectors import (
    engine_items,
    form_version_current,
    qa_totals_by_agent_day,
)
from floorwalk.metrics.qa.services import (
    qa_dispute_accept,
    qa_dispute_raise,
    qa_evaluation_record,
)
from floorwalk.org.models import Queue
from tests.factories import QueueFactory
from tests.metrics.qa.conftest import answers, make_interaction

START = date(2026, 10, 1)
END = date(2026, 10, 31)


def _random_answers(rng):
    return answers(
        greeting=rng.choice([0.0, 0.5, 1.0, None]),
        verification=rng.choice([1.0, 1.0, 1.0, 0.0]),
        solution=rng.choice([0.0, 0.5, 1.0]),
        upsell=rng.choice([0.0, 1.0, None]),
        delight=rng.choice([0.0, 1.0]),
    )


def test_totals_match_a_sum_computed_from_the_answers(floor, qa_form, django_assert_num_queries):
    """Given evaluations spread over agents, days, queues and channels, including ones that must
    not count (a calibration copy, out of the period), and a dispute that changed a score."""
    rng = random.Random(7)
    version = form_version_current(qa_form)
    items = engine_items(version)
    chat = QueueFactory(name="Billing chat", site=floor.north, channel="chat")
    voice = Queue.objects.get(name="Billing voice")
    qa_user = floor.user("qa")
    expected: dict[tuple[int, date, str], list[float]] = defaultdict(list)
    evaluations = []
    for number in range(60):
        agent = rng.choice([floor.agent, floor.other_agent, floor.mentor])
        day = START + timedelta(days=rng.randrange(-3, 34))
        queue = rng.choice([voice, chat])
        interaction = make_interaction(agent, queue=queue, day=day, hour=number % 24)
        given = _random_answers(rng)
        evaluation = qa_evaluation_record(
            actor=qa_user,
            interaction=interaction,
            form_version=version,
            evaluator=floor.qa,
            answers=given,
        )
        evaluations.append((evaluation, agent, day, queue.channel, given))
    # The agent disputes their first evaluation; QA accepts and re-scores it to a perfect score.
    disputed, agent, day, channel, _given = next(e for e in evaluations if e[1] == floor.agent)
    dispute = qa_dispute_raise(actor=floor.user("agent"), evaluation=disputed, reason="I did")
    perfect = answers(delight=1.0)
    qa_dispute_accept(actor=qa_user, dispute=dispute, resolution="Right", answers=perfect)
    # A calibration copy of an evaluated interaction never counts.
    session = QaCalibrationSession.objects.create(
        title="October",
        site=floor.north,
        interaction=disputed.interaction,
        form_version=version,
        created_by=qa_user,
    )
    qa_evaluation_record(
        actor=qa_user,
        interaction=disputed.interaction,
        form_version=version,
        evaluator=floor.leader,
        answers=answers(solution=0.0),
        calibration_session=session,
    )
    for evaluation, agent, day, channel, given in evaluations:
        final = perfect if evaluation.pk == disputed.pk else given
        score = qa_score(items, {key: answer.value for key, answer in final.items()}).score
        if START <= day <= END and score is not None:
            expected[(agent.pk, day, channel)].append(score)

    def expected_totals(channel=None):
        result: dict[tuple[int, date], list[float]] = defaultdict(list)
        for (agent_id, day, row_channel), scores in expected.items():
            if channel in (None, row_channel):
                result[(agent_id, day)].extend(scores)
        return {key: (len(scores), sum(scores)) for key, scores in result.items()}

    agent_ids = [floor.agent.pk, floor.other_agent.pk, floor.mentor.pk]
    with django_assert_num_queries(1):
        totals = qa_totals_by_agent_day(agent_ids=agent_ids, start=START, end=END)
    by_chat_queue = qa_totals_by_agent_day(
        agent_ids=agent_ids, start=START, end=END, queue_id=chat.pk
    )
    by_voice_channel = qa_totals_by_agent_day(
        agent_ids=agent_ids, start=START, end=END, channel="voice"
    )

    assert {key: (t.qa_evaluations, round(t.qa_score_sum, 9)) for key, t in totals.items()} == {
        key: (n, round(s, 9)) for key, (n, s) in expected_totals().items()
    }
    assert {key: t.qa_evaluations for key, t in by_chat_queue.items()} == {
        key: n for key, (n, _s) in expected_totals("chat").items()
    }
    assert {key: t.qa_evaluations for key, t in by_voice_channel.items()} == {
        key: n for key, (n, _s) in expected_totals("voice").items()
    }
    assert all(t.contacts == 0 and t.handled == 0 for t in totals.values())


def test_totals_of_the_disputed_evaluation_use_the_score_after_the_dispute(floor, qa_form):
    version = form_version_current(qa_form)
    interaction = make_interaction(floor.agent, day=date(2026, 10, 5))
    evaluation = qa_evaluation_record(
        actor=floor.user("qa"),
        interaction=interaction,
        form_version=version,
        evaluator=floor.qa,
        answers=answers(solution=0.0),  # 1 + 2 + 0 + 1 of 7 → 57.14…
    )
    dispute = qa_dispute_raise(actor=floor.user("agent"), evaluation=evaluation, reason="Solved")
    qa_dispute_accept(
        actor=floor.user("qa"), dispute=dispute, resolution="Yes", answers=answers(solution=0.5)
    )

    totals = qa_totals_by_agent_day(agent_ids=[floor.agent.pk], start=START, end=END)

    assert totals == {
        (floor.agent.pk, date(2026, 10, 5)): Totals(qa_evaluations=1, qa_score_sum=100 * 5.5 / 7)
    }


def test_totals_accept_a_queryset_of_agents_and_leave_out_others(floor, qa_form):
    version = form_version_current(qa_form)
    for agent in (floor.agent, floor.far_agent):
        qa_evaluation_record(
            actor=floor.user("admin"),
            interaction=make_interaction(agent, day=date(2026, 10, 6)),
            form_version=version,
            evaluator=floor.admin,
            answers=answers(),
        )

    totals = qa_totals_by_agent_day(
        agent_ids=type(floor.agent).objects.filter(site=floor.north), start=START, end=END
    )

    assert totals == {
        (floor.agent.pk, date(2026, 10, 6)): Totals(qa_evaluations=1, qa_score_sum=100.0)
    }
