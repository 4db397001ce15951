from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from floorwalk.accounts.models import Role
from floorwalk.metrics.models import Interaction, QaAssignment, QaEvent, QaEventAction
from floorwalk.metrics.qa.selectors import form_version_current, sample_agents, sample_progress
from floorwalk.metrics.qa.services import qa_evaluation_record, qa_sample_plan
from tests.conftest import client_for
from tests.factories import make_person
from tests.metrics.qa.conftest import answers, evaluated_interaction, make_interaction, qa_form_of

OCTOBER = date(2026, 10, 1)


def _month_of_interactions(agent, days=range(1, 31)):
    return [make_interaction(agent, day=date(2026, 10, day)) for day in days]


def _plan(floor, per_agent=4, evaluators=None):
    return qa_sample_plan(
        actor=floor.user("qa"),
        agents=sample_agents(floor.user("qa"), floor.north),
        evaluators=evaluators or [floor.qa],
        month=OCTOBER,
        per_agent=per_agent,
    )


def test_sample_is_spread_over_the_month_and_balanced_between_evaluators(floor):
    second_qa = make_person("qa2", Role.QA_SPECIALIST, site=floor.north, display_name="Quill")
    for agent in (floor.agent, floor.other_agent):
        _month_of_interactions(agent)

    report = _plan(floor, evaluators=[floor.qa, second_qa])

    days = sorted(
        a.interaction.local_date.day
        for a in QaAssignment.objects.filter(agent=floor.agent).select_related("interaction")
    )
    # 30 daily contacts span 29 days: 4 parts of 7¼ days, the contact nearest each centre
    assert days == [5, 12, 19, 26]
    assert (report.agents, report.planned, report.complete, report.short) == (3, 8, 0, 1)
    per_evaluator = list(QaAssignment.objects.values_list("evaluator_id", flat=True))
    assert per_evaluator.count(floor.qa.pk) == per_evaluator.count(second_qa.pk) == 4


def test_planning_again_changes_nothing_and_a_bigger_sample_adds_the_difference(floor):
    _month_of_interactions(floor.agent)
    _plan(floor)

    again = _plan(floor)
    bigger = _plan(floor, per_agent=6)

    assert again.planned == 0
    assert bigger.planned == 2
    assert QaAssignment.objects.filter(agent=floor.agent).count() == 6
    assert QaEvent.objects.filter(action=QaEventAction.SAMPLE_PLANNED).count() == 3


def test_evaluated_interactions_count_and_abandoned_ones_are_never_picked(floor):
    interactions = _month_of_interactions(floor.agent, days=range(1, 6))
    Interaction.objects.filter(pk=interactions[0].pk).update(outcome="abandoned")
    evaluated_interaction(floor)  # one more interaction of Ada's, evaluated already

    report = _plan(floor, per_agent=4)

    picked = set(QaAssignment.objects.values_list("interaction_id", flat=True))
    assert report.planned == 3
    assert interactions[0].pk not in picked


def test_only_people_with_the_agent_role_of_the_site_are_sampled(floor):
    agents = sample_agents(floor.user("qa"), floor.north)

    assert sorted(agent.display_name for agent in agents) == [
        "Ada Agent",
        "Mira Mentor",
        "Oskar Otheragent",
    ]


def test_a_plan_needs_an_evaluator(floor):
    with pytest.raises(ValidationError) as refused:
        qa_sample_plan(
            actor=floor.user("qa"),
            agents=sample_agents(floor.user("qa"), floor.north),
            evaluators=[],
            month=OCTOBER,
            per_agent=4,
        )

    assert refused.value.message_dict == {"evaluators": ["Choose at least one evaluator."]}


def test_planning_page_fills_the_evaluators_queue(floor):
    _month_of_interactions(floor.agent, days=range(1, 4))
    client = client_for("qa")

    response = client.post(
        reverse("qa:sampling"),
        {"site": floor.north.pk, "month": "2026-10", "per_agent": "2", "evaluators": [floor.qa.pk]},
        follow=True,
    )
    queue = client.get(reverse("qa:queue"))

    assert (
        "2 interactions put in the evaluators&#x27; queues for 3 agents"
        in response.content.decode()
    )
    assert [row.planned for row in response.context["progress"]] == [2, 0, 0]
    assert [row.assignment.agent for row in queue.context["assignments"]] == [floor.agent] * 2


def test_planning_page_keeps_what_was_typed_on_an_error(floor):
    response = client_for("qa").post(
        reverse("qa:sampling"), {"site": floor.north.pk, "month": "2026-10", "per_agent": "0"}
    )

    body = response.content.decode()
    assert "Ensure this value is greater than or equal to 1." in body
    assert "Choose at least one evaluator." in body
    assert 'value="2026-10"' in body
    assert QaAssignment.objects.count() == 0


def test_progress_counts_evaluated_assignments(floor):
    _month_of_interactions(floor.agent, days=range(1, 3))
    _plan(floor, per_agent=2)
    first = QaAssignment.objects.order_by("pk").first()
    qa_evaluation_record(
        actor=floor.user("qa"),
        interaction=first.interaction,
        form_version=form_version_current(qa_form_of(floor)),
        evaluator=floor.qa,
        answers=answers(),
    )

    progress = sample_progress(sample_agents(floor.user("qa"), floor.north), OCTOBER)

    assert [(row.agent.display_name, row.planned, row.evaluated) for row in progress] == [
        ("Ada Agent", 2, 1),
        ("Mira Mentor", 0, 0),
        ("Oskar Otheragent", 0, 0),
    ]


def test_sample_size_can_differ_per_agent(floor):
    for agent in (floor.agent, floor.other_agent):
        _month_of_interactions(agent, days=range(1, 11))
    sizes = {floor.agent.pk: 5, floor.other_agent.pk: 1}

    report = _plan(floor, per_agent=lambda agent: sizes.get(agent.pk, 0))

    planned = {
        name: QaAssignment.objects.filter(agent__display_name=name).count()
        for name in ("Ada Agent", "Oskar Otheragent", "Mira Mentor")
    }
    assert planned == {"Ada Agent": 5, "Oskar Otheragent": 1, "Mira Mentor": 0}
    assert report.planned == 6
