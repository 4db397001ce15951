"""Auto-assign rules: N consecutive fails of a QA item enrol the agent, once per cool-down,
with the evaluations as evidence; run after each recorded evaluation and by the command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from floorwalk.audit.models import AuditEvent
from floorwalk.learning.models import AutoAssignRule, Enrolment
from floorwalk.learning.training_services import is_fail, rule_save, rules_apply
from tests.learning.training.conftest import session_of
from tests.metrics.qa.conftest import evaluated_interaction

pytestmark = pytest.mark.django_db


def rule_of(floor, course, fails=3, cooldown=30) -> AutoAssignRule:
    return rule_save(
        actor=floor.user("leader"),
        course=course,
        qa_item_key="upsell",
        consecutive_fails=fails,
        cooldown_days=cooldown,
    )


def evaluations(floor, *upsell_answers, agent=None):
    return [evaluated_interaction(floor, agent, upsell=value) for value in upsell_answers]


def test_fail_is_an_answer_below_fully_met_and_na_is_neither():
    assert (is_fail(0.0), is_fail(0.5), is_fail(0.99), is_fail(1.0), is_fail(None)) == (
        True,
        True,
        True,
        False,
        None,
    )


def test_rule_on_an_unknown_item_is_refused(floor, course):
    with pytest.raises(ValidationError) as error:
        rule_save(
            actor=floor.user("leader"),
            course=course,
            qa_item_key="nothing",
            consecutive_fails=3,
            cooldown_days=30,
        )
    assert error.value.message_dict == {"qa_item_key": ["No QA form has an item with this key."]}
    assert not AutoAssignRule.objects.exists()


def test_three_fails_in_a_row_enrol_in_the_next_open_session_with_the_evidence(
    floor, course, django_capture_on_commit_callbacks
):
    full = session_of(floor, course, days_from_today=7, capacity=1)
    Enrolment.objects.create(course=course, session=full, person=floor.other_agent)
    open_session = session_of(floor, course, days_from_today=21)
    rule = rule_of(floor, course)
    with django_capture_on_commit_callbacks(execute=True):
        made = evaluations(floor, 1.0, 0.0, 0.5, None, 0.0)  # the N/A is skipped
    enrolment = Enrolment.objects.get(person=floor.agent)
    assert (enrolment.session, enrolment.assigned_by, enrolment.rule) == (
        open_session,
        "rule",
        rule,
    )
    assert [row["evaluation"] for row in enrolment.evidence] == [
        made[1].pk,
        made[2].pk,
        made[4].pk,
    ]
    assert [row["answer"] for row in enrolment.evidence] == [0.0, 0.5, 0.0]
    event = AuditEvent.objects.get(object_type="learning.enrolment")
    assert (event.actor, event.person, event.reason) == (
        None,
        floor.agent,
        "3 consecutive fails of QA item upsell",
    )


def test_a_pass_among_the_last_n_assigns_nothing(floor, course, django_capture_on_commit_callbacks):
    rule_of(floor, course)
    with django_capture_on_commit_callbacks(execute=True):
        evaluations(floor, 0.0, 0.0, 1.0, 0.0, 0.0)
    assert not Enrolment.objects.exists()


def test_without_an_open_session_the_agent_waits_and_is_not_assigned_twice(floor, course):
    rule_of(floor, course)
    evaluations(floor, 0.0, 0.0, 0.0)
    today = timezone.localdate()
    first = rules_apply(today=today)
    assert [(e.person, e.session) for e in first] == [(floor.agent, None)]
    evaluations(floor, 0.0, 0.0, 0.0)
    assert rules_apply(today=today) == []  # waiting already
    assert Enrolment.objects.count() == 1


def test_cool_down_then_fresh_fails_assign_again(floor, course):
    rule_of(floor, course, cooldown=30)
    evaluations(floor, 0.0, 0.0, 0.0)
    today = timezone.localdate()
    (first,) = rules_apply(today=today)
    first.status = "cancelled"
    first.save()
    assert rules_apply(today=today + timedelta(days=29)) == []  # within the cool-down
    assert rules_apply(today=today + timedelta(days=30)) == []  # old fails are used up
    evaluations(floor, 0.0, 0.0, 0.0)
    (second,) = rules_apply(today=today + timedelta(days=30))
    assert second.person == floor.agent
    assert Enrolment.objects.count() == 2


def test_inactive_rule_assigns_nothing(floor, course):
    rule = rule_of(floor, course)
    rule.active = False
    rule.save()
    evaluations(floor, 0.0, 0.0, 0.0)
    assert rules_apply(today=timezone.localdate()) == []


def test_command_applies_the_rules_and_says_what_it_did(floor, course):
    session = session_of(floor, course, days_from_today=10)
    rule_of(floor, course)
    evaluations(floor, 0.0, 0.0, 0.0)
    evaluations(floor, 0.0, 0.0, 0.0, agent=floor.other_agent)
    out = StringIO()
    call_command("training", "apply-rules", stdout=out)
    assert out.getvalue().splitlines() == [
        f"Ada Agent: Empathy and ownership, session of {session.starts_on} "
        "(rule: upsell failed 3 times in a row)",
        f"Oskar Otheragent: Empathy and ownership, session of {session.starts_on} "
        "(rule: upsell failed 3 times in a row)",
        "2 enrolments made by the rules.",
    ]
    out = StringIO()
    call_command("training", "apply-rules", stdout=out)
    assert out.getvalue() == "0 enrolments made by the rules.\n"
