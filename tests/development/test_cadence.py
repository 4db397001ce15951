"""The cadence on the named floor: what was last done, the playbook's counts, re-planning when
a leader confirms another stage, and where leaders and mentors see it."""

from datetime import UTC, date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from floorwalk.development.cadence_selectors import cadence_for, due_and_overdue
from floorwalk.development.models import Observation, OneToOne, Stage
from floorwalk.development.services import stage_confirm
from floorwalk.engine.cadence import ActivityKind, CadenceStatus
from floorwalk.metrics.models import QaEvaluation
from tests.conftest import client_for, site_today
from tests.development.conftest import set_stage
from tests.metrics.qa.conftest import evaluated_interaction

QA, OBSERVATION, ONE_TO_ONE = (
    ActivityKind.QA_EVALUATION,
    ActivityKind.OBSERVATION,
    ActivityKind.ONE_TO_ONE,
)


def observe(floor, person, on: date) -> Observation:
    return Observation.objects.create(
        person=person, observer=floor.user("leader"), source="leader", observed_on=on, notes="ok"
    )


def talk(floor, person, on: date) -> OneToOne:
    return OneToOne.objects.create(person=person, held_by=floor.user("leader"), held_on=on)


def evaluate(floor, person, on: date) -> QaEvaluation:
    evaluation = evaluated_interaction(floor, person)
    QaEvaluation.objects.filter(pk=evaluation.pk).update(
        evaluated_at=datetime(on.year, on.month, on.day, 10, tzinfo=UTC)
    )
    return evaluation


def test_each_activity_is_planned_from_the_last_one_done_under_the_stage(floor, playbooks):
    today = date(2026, 11, 30)
    set_stage(floor, floor.agent, "R2", date(2026, 10, 1))  # 6 QA, 2 observations, 2 talks
    observe(floor, floor.agent, date(2026, 11, 2))
    observe(floor, floor.agent, date(2026, 11, 20))
    talk(floor, floor.agent, date(2026, 9, 15))  # before the stage: does not count
    evaluate(floor, floor.agent, date(2026, 11, 28))

    cadence = cadence_for([floor.agent], today)[floor.agent.pk]

    observation, one_to_one, qa = (cadence.item(k) for k in (OBSERVATION, ONE_TO_ONE, QA))
    assert (observation.last_done, observation.due_on) == (
        date(2026, 11, 20),
        date(2026, 11, 20) + timedelta(days=30 // 2),
    )
    assert observation.status is CadenceStatus.DUE  # 5 December is within a week
    assert one_to_one.due_on == date(2026, 10, 1) + timedelta(days=15)
    assert (one_to_one.status, one_to_one.days_late) == (CadenceStatus.OVERDUE, 15 + 30)
    assert qa.due_on == date(2026, 11, 28) + timedelta(days=30 // 6)
    assert [item.kind for item in cadence.items] == [ONE_TO_ONE, QA, OBSERVATION]


def test_calibration_copies_do_not_count_as_the_agents_evaluations(floor, playbooks):
    from tests.metrics.qa.conftest import calibration_of

    today = timezone.localdate()
    set_stage(floor, floor.agent, "R2", today - timedelta(days=40))
    calibration_of(floor)  # Lena and Quinn score one of Ada's interactions to calibrate

    qa = cadence_for([floor.agent], today)[floor.agent.pk].item(QA)

    assert qa.last_done is None
    assert qa.due_on == today - timedelta(days=40) + timedelta(days=5)


def test_no_stage_no_plan(floor, playbooks):
    cadence = cadence_for([floor.agent], date(2026, 11, 30))[floor.agent.pk]

    assert (cadence.stage, cadence.items) == (None, [])


def test_cadence_of_many_agents_takes_the_same_few_queries(
    floor, playbooks, django_assert_num_queries
):
    people = [floor.agent, floor.mentor, floor.other_agent]
    for person in people:
        set_stage(floor, person, "R3", date(2026, 10, 1))
        observe(floor, person, date(2026, 11, 1))
        talk(floor, person, date(2026, 11, 2))

    with django_assert_num_queries(5):
        cadences = cadence_for(people, date(2026, 11, 30))

    assert {
        pk: cadence.item(OBSERVATION).due_on for pk, cadence in cadences.items()
    } == dict.fromkeys((person.pk for person in people), date(2026, 12, 1))


def test_confirming_another_stage_replans_from_the_day_it_was_set(floor, playbooks):
    today = timezone.localdate()
    set_stage(floor, floor.agent, "R3", today - timedelta(days=60))
    observe(floor, floor.agent, today - timedelta(days=5))
    talk(floor, floor.agent, today - timedelta(days=5))
    before = cadence_for([floor.agent], today)[floor.agent.pk]
    assert before.item(OBSERVATION).due_on == today + timedelta(days=25)  # R3: 1 a month

    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R1)
    to_r1 = cadence_for([floor.agent], today)[floor.agent.pk]

    # R1 asks for 4 a month and starts counting today: the observation of five days ago was
    # under the old stage.
    assert to_r1.item(OBSERVATION).due_on == today + timedelta(days=30 // 4)
    assert to_r1.item(OBSERVATION).status is CadenceStatus.DUE
    assert to_r1.item(ONE_TO_ONE).due_on == today + timedelta(days=7)

    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R4, reason="Solid")
    to_r4 = cadence_for([floor.agent], today)[floor.agent.pk]

    assert to_r4.item(OBSERVATION).due_on is None  # R4 asks for no observations
    assert to_r4.item(ONE_TO_ONE).due_on == today + timedelta(days=30)
    assert to_r4.item(QA).due_on == today + timedelta(days=15)
    assert to_r4.item(QA).due_on > before.item(QA).due_on


def test_due_and_overdue_lists_overdue_first(floor, playbooks):
    today = date(2026, 11, 30)
    set_stage(floor, floor.agent, "R3", date(2026, 11, 27))  # QA due 4 Dec, the rest later
    set_stage(floor, floor.mentor, "R3", date(2026, 9, 1))  # all overdue
    set_stage(floor, floor.other_agent, "R4", date(2026, 11, 29))  # nothing within the week

    rows = due_and_overdue([floor.agent, floor.mentor, floor.other_agent], today)

    assert [(person.display_name, item.status) for person, item in rows] == [
        ("Mira Mentor", CadenceStatus.OVERDUE),
        ("Mira Mentor", CadenceStatus.OVERDUE),
        ("Mira Mentor", CadenceStatus.OVERDUE),
        ("Ada Agent", CadenceStatus.DUE),
    ]
    # Mira's QA (every 7 days) fell due before her observation and one-to-one (every 30).
    assert [item.kind for _person, item in rows[:3]] == [QA, OBSERVATION, ONE_TO_ONE]


def test_the_leaders_home_shows_due_and_overdue_for_their_teams_only(floor, playbooks):
    today = site_today(floor.north)
    set_stage(floor, floor.agent, "R3", today - timedelta(days=2))  # QA due in 5 days
    set_stage(floor, floor.mentor, "R3", today - timedelta(days=90))  # everything overdue
    set_stage(floor, floor.other_agent, "R3", today - timedelta(days=90))  # Beta: not Lena's

    body = client_for("leader").get(reverse("home")).content.decode()

    section = body[body.index("Due and overdue") :]
    assert section.index("Mira Mentor") < section.index("Ada Agent")
    assert "Oskar Otheragent" not in body
    assert reverse("development:person_stage", args=[floor.agent.pk]) in section
    assert "83 days late" in section  # QA every 7 days from 90 days ago


def test_the_stage_page_shows_next_due_with_links_to_do_it(floor, playbooks):
    today = timezone.localdate()
    set_stage(floor, floor.agent, "R2", today - timedelta(days=3))

    body = client_for("leader").get(reverse("development:person_stage", args=[floor.agent.pk]))

    text = body.content.decode()
    assert "Next due" in text
    assert reverse("qa:queue") in text
    assert reverse("development:observation_new", args=[floor.agent.pk]) in text
    assert reverse("development:one_to_one_new", args=[floor.agent.pk]) in text
    observation_due = today - timedelta(days=3) + timedelta(days=15)
    assert observation_due.strftime("%m/%d/%Y") in text


def test_mentors_see_their_mentees_with_scorecard_and_observation_links(floor):
    body = client_for("mentor").get(reverse("home")).content.decode()

    section = body[body.index("My mentees") :]
    assert "Ada Agent" in section
    assert reverse("metrics:agent_scorecard", args=[floor.agent.pk]) in section
    assert reverse("development:observation_new", args=[floor.agent.pk]) in section
