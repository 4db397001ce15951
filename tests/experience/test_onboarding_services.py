import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from floorwalk.accounts.models import Role
from floorwalk.audit.models import AuditEvent
from floorwalk.development.models import StageAssignment
from floorwalk.experience.models import (
    JobPreview,
    OnboardingPlan,
    OnboardingReviewAnswer,
    OnboardingTask,
    OnboardingTemplate,
    OwnerKind,
)
from floorwalk.experience.onboarding_selectors import plans_progress, template_rollup
from floorwalk.experience.onboarding_services import (
    NewPersonInput,
    ReviewQuestionInput,
    TemplateInput,
    TemplateTaskInput,
    job_preview_save,
    onboarding_defaults_create,
    onboarding_plan_start,
    onboarding_review_submit,
    onboarding_task_complete,
    onboarding_template_save,
)
from floorwalk.goals.models import Goal
from floorwalk.org.models import Mentorship, Person
from tests.experience.onboarding_setup import (
    default_template,
    mentor_at_r2,
    new_hire,
    ninas_plan,
    start_day,
)
from tests.factories import make_person


def test_leader_starts_a_new_hire_with_owned_dated_tasks_mentor_stage_and_ramp_goals(floor):
    start = start_day()

    plan = ninas_plan(floor, start)

    nina = new_hire(floor)
    owners = {}
    for task in plan.tasks.all():
        owners.setdefault(task.owner.display_name, []).append(task.due_on - start)
    day = timedelta(days=1)
    assert owners == {
        "Max Manager": [-5 * day, -3 * day],
        "Lena Leader": [-2 * day, -1 * day, 0 * day, 7 * day, 21 * day, 42 * day],
        "Mira Mentor": [1 * day, 4 * day],
        "Nina Newhire": [2 * day, 42 * day],
        "Oskar Otheragent": [14 * day],
    }
    assert (plan.leader, plan.mentor, plan.support_person) == (
        floor.leader,
        floor.mentor,
        floor.other_agent,
    )
    assert Mentorship.objects.filter(mentee=nina, mentor=floor.mentor, ended_on=None).count() == 1
    assert list(StageAssignment.objects.filter(person=nina).values_list("stage", flat=True)) == [
        "R1"
    ]
    goals = Goal.objects.filter(person=nina).order_by("period_start")
    assert [(g.metric, g.target, g.period_start, g.period_end) for g in goals] == [
        ("qa_score", 75.0, start + 21 * day, start + 27 * day),
        ("qa_score", 85.0, start + 49 * day, start + 55 * day),
    ]
    assert AuditEvent.objects.filter(
        object_type="experience.onboardingplan", object_id=str(plan.pk), person=nina
    ).exists()


def test_a_refused_mentor_leaves_nothing_behind(floor):
    template = default_template()
    nina = new_hire(floor)

    with pytest.raises(ValidationError) as refused:
        onboarding_plan_start(
            actor=floor.user("leader"),
            template=template,
            start_date=start_day(),
            person=nina,
            mentor=floor.agent,  # Ada has no stage: mentors must be at R2 or above
            support_person=floor.other_agent,
        )

    assert refused.value.message_dict == {
        "mentor": ["Ada Agent has no stage yet; mentors must be at R2 or above."]
    }
    assert OnboardingPlan.objects.count() == OnboardingTask.objects.count() == 0
    assert not Mentorship.objects.filter(mentee=nina).exists()
    assert not StageAssignment.objects.filter(person=nina).exists()
    assert not Goal.objects.filter(person=nina).exists()


def test_a_template_needing_a_support_person_is_refused_without_one(floor):
    with pytest.raises(ValidationError) as refused:
        onboarding_plan_start(
            actor=floor.user("leader"),
            template=default_template(),
            start_date=start_day(),
            person=new_hire(floor),
            mentor=mentor_at_r2(floor),
        )

    assert refused.value.message_dict == {
        "support_person": ["The template gives tasks to a support person; choose one."]
    }
    assert OnboardingPlan.objects.count() == 0


def test_the_new_person_is_created_on_the_same_form(floor):
    start = timezone.localdate() + timedelta(days=3)

    plan = onboarding_plan_start(
        actor=floor.user("leader"),
        template=default_template(),
        start_date=start,
        new_person=NewPersonInput(
            display_name="Paula Present", employee_number="N-777", team=floor.alpha
        ),
        mentor=mentor_at_r2(floor),
        support_person=floor.other_agent,
    )

    person = plan.person
    assert (person.display_name, person.team, person.site, person.hire_date) == (
        "Paula Present",
        floor.alpha,
        floor.north,
        start,
    )
    assert list(person.role_assignments.values_list("role", flat=True)) == ["agent"]


def test_a_taken_employee_number_creates_nobody(floor):
    taken = floor.agent.employee_number

    with pytest.raises(ValidationError) as refused:
        onboarding_plan_start(
            actor=floor.user("leader"),
            template=default_template(),
            start_date=start_day(),
            new_person=NewPersonInput(
                display_name="Dup Licate", employee_number=taken, team=floor.alpha
            ),
            mentor=mentor_at_r2(floor),
            support_person=floor.other_agent,
        )

    assert refused.value.message_dict == {
        "new_employee_number": [f"Employee number {taken} belongs to someone else already."]
    }
    assert not Person.objects.filter(display_name="Dup Licate").exists()


def test_an_agent_cannot_start_an_onboarding_and_nothing_changes(floor):
    with pytest.raises(PermissionDenied):
        onboarding_plan_start(
            actor=floor.user("agent"),
            template=default_template(),
            start_date=start_day(),
            person=new_hire(floor),
            mentor=mentor_at_r2(floor),
            support_person=floor.other_agent,
        )

    assert OnboardingPlan.objects.count() == 0


def test_a_leader_cannot_start_someone_of_another_team(floor):
    with pytest.raises(ValidationError) as refused:
        onboarding_plan_start(
            actor=floor.user("leader"),
            template=default_template(),
            start_date=start_day(),
            person=floor.other_agent,
            mentor=mentor_at_r2(floor),
            support_person=floor.agent,
        )

    assert refused.value.message_dict == {
        "person": ["You cannot start an onboarding for Oskar Otheragent."]
    }
    assert OnboardingPlan.objects.count() == 0


def test_the_owner_ticks_a_task_done_with_a_note(floor):
    plan = ninas_plan(floor)
    task = plan.tasks.get(owner_kind=OwnerKind.SUPPORT)

    onboarding_task_complete(actor=floor.user("other_agent"), task=task, note="Sat beside her")

    task.refresh_from_db()
    assert (task.done_on, task.note, task.done_by) == (
        timezone.localdate(),
        "Sat beside her",
        floor.user("other_agent"),
    )


def test_someone_else_cannot_tick_a_task_and_it_stays_open(floor):
    plan = ninas_plan(floor)
    task = plan.tasks.get(owner_kind=OwnerKind.SUPPORT)

    with pytest.raises(PermissionDenied):
        onboarding_task_complete(actor=floor.user("agent"), task=task)

    task.refresh_from_db()
    assert task.done_on is None


def test_the_plan_completes_with_its_last_task(floor):
    plan = ninas_plan(floor)
    leader = floor.user("leader")
    tasks = list(plan.tasks.order_by("due_on", "pk"))
    last_day = timezone.localdate()
    for task in tasks[:-1]:
        onboarding_task_complete(actor=leader, task=task, today=last_day - timedelta(days=1))
    plan.refresh_from_db()
    assert plan.completed_on is None

    onboarding_task_complete(actor=leader, task=tasks[-1], today=last_day)

    plan.refresh_from_db()
    assert plan.completed_on == last_day
    with pytest.raises(ValidationError):
        onboarding_task_complete(actor=leader, task=tasks[-1])


def test_progress_counts_done_and_overdue_tasks(floor):
    plan = ninas_plan(floor)  # started ten days ago: tasks at -5 … 7 days are due by now
    today = timezone.localdate()
    first = plan.tasks.order_by("due_on", "pk").first()
    onboarding_task_complete(actor=floor.user("leader"), task=first)

    [row] = plans_progress(OnboardingPlan.objects.all(), today)

    # Due before today (start + offset < start + 10): offsets -5, -3, -2, -1, 0, 1, 2, 4, 7.
    assert (row.tasks, row.done, row.overdue, row.percent) == (13, 1, 8, 8)


def _small_template(floor) -> OnboardingTemplate:
    return onboarding_template_save(
        actor=floor.user("manager"),
        template=None,
        data=TemplateInput(
            name="Short",
            site=floor.north,
            tasks=[
                TemplateTaskInput("Welcome", "first_days", "team_leader", 0),
                TemplateTaskInput("Read the guide", "first_days", "new_hire", 1),
            ],
            questions=[
                ReviewQuestionInput("Were you ready?", "scale"),
                ReviewQuestionInput("What to change?", "text"),
            ],
        ),
    )


def test_the_rollup_averages_ratings_lists_texts_and_rates_tasks_on_time(floor):
    template = _small_template(floor)
    leader = floor.user("leader")
    start = timezone.localdate() - timedelta(days=20)
    nina = new_hire(floor)
    paul = make_person(
        "paul", Role.AGENT, site=floor.north, team=floor.alpha, display_name="Paul P"
    )
    plans = {
        person.pk: onboarding_plan_start(
            actor=leader, template=template, start_date=start, person=person
        )
        for person in (nina, paul)
    }
    for person, late_days in ((nina, 0), (paul, 2)):
        welcome = plans[person.pk].tasks.get(title="Welcome")
        onboarding_task_complete(actor=leader, task=welcome, today=start + timedelta(late_days))
    guide = plans[nina.pk].tasks.get(title="Read the guide")
    onboarding_task_complete(actor=leader, task=guide, today=start + timedelta(days=1))
    ready, change = template.questions.order_by("position")
    onboarding_review_submit(
        actor=floor.user("newhire"),
        plan=plans[nina.pk],
        answers={ready.pk: 4, change.pk: "More practice"},
    )
    onboarding_review_submit(
        actor=floor.user("paul"), plan=plans[paul.pk], answers={ready.pk: 5, change.pk: ""}
    )
    onboarding_review_submit(actor=leader, plan=plans[nina.pk], answers={ready.pk: 3})

    rollup = template_rollup(template, OnboardingPlan.objects.all())

    assert (rollup.plans, rollup.completed, rollup.reviews) == (2, 1, 2)
    assert [(q.text, q.respondent, q.answers, q.average, q.texts) for q in rollup.questions] == [
        ("Were you ready?", "new_hire", 2, 4.5, []),
        ("Were you ready?", "leader", 1, 3.0, []),
        ("What to change?", "new_hire", 1, None, ["More practice"]),
        ("What to change?", "leader", 0, None, []),
    ]
    assert [(t.title, t.done, t.on_time, t.on_time_rate) for t in rollup.tasks] == [
        ("Welcome", 2, 1, 0.5),
        ("Read the guide", 1, 1, 1.0),
    ]


def test_a_review_needs_every_rating_and_is_answered_once(floor):
    plan = ninas_plan(floor)
    questions = list(plan.template.questions.order_by("position"))
    nina_user = floor.user("newhire")

    with pytest.raises(ValidationError) as refused:
        onboarding_review_submit(actor=nina_user, plan=plan, answers={questions[0].pk: 6})
    assert refused.value.message_dict[f"q{questions[0].pk}"] == [
        "A rating is a whole number from 1 to 5."
    ]
    assert f"q{questions[1].pk}" in refused.value.message_dict
    assert OnboardingReviewAnswer.objects.count() == 0

    onboarding_review_submit(
        actor=nina_user, plan=plan, answers={q.pk: 4 for q in questions if q.kind == "scale"}
    )
    assert OnboardingReviewAnswer.objects.filter(respondent="new_hire").count() == len(questions)
    with pytest.raises(ValidationError):
        onboarding_review_submit(
            actor=nina_user, plan=plan, answers={q.pk: 4 for q in questions if q.kind == "scale"}
        )


def test_only_the_new_hire_and_their_leader_answer_the_review(floor):
    plan = ninas_plan(floor)

    with pytest.raises(PermissionDenied):
        onboarding_review_submit(actor=floor.user("manager"), plan=plan, answers={})

    assert OnboardingReviewAnswer.objects.count() == 0


def test_a_template_rejects_bad_rows_with_their_number(floor):
    with pytest.raises(ValidationError) as refused:
        onboarding_template_save(
            actor=floor.user("manager"),
            template=None,
            data=TemplateInput(
                name="Broken",
                site=floor.north,
                tasks=[
                    TemplateTaskInput("Desk", "before_day_one", "team_leader", 2),
                    TemplateTaskInput("Coffee", "first_days", "named", 0),
                ],
            ),
        )

    assert refused.value.message_dict == {
        "tasks": [
            "Task 1: a task before day one is due on the start date or before (0 or less).",
            "Task 2: name the person who does it.",
        ]
    }
    assert OnboardingTemplate.objects.count() == 0


def test_a_site_manager_cannot_write_a_template_for_every_site(floor):
    with pytest.raises(ValidationError) as refused:
        onboarding_template_save(
            actor=floor.user("manager"),
            template=None,
            data=TemplateInput(
                name="Everywhere",
                site=None,
                tasks=[TemplateTaskInput("Desk", "before_day_one", "team_leader", -1)],
            ),
        )

    assert refused.value.message_dict == {
        "site": ["Only administrators write templates for every site."]
    }


def test_the_defaults_are_added_once(db):
    first, created = onboarding_defaults_create()
    again, created_again = onboarding_defaults_create()

    assert (created, created_again, first) == (True, False, again)
    assert (first.tasks.count(), first.ramp_goals.count(), first.questions.count()) == (13, 2, 7)


def test_the_job_preview_keeps_plain_text_paragraphs_and_is_audited(floor):
    sections = dict.fromkeys(JobPreview.SECTIONS, "Text")
    sections["work"] = "<script>alert(1)</script>Calls <b>and</b> chats\r\n\r\n\r\nAll day"

    preview = job_preview_save(
        actor=floor.user("manager"), site=floor.north, sections=sections, published=True
    )

    assert preview.work == "alert(1)Calls and chats\n\nAll day"
    assert AuditEvent.objects.filter(object_type="experience.jobpreview").count() == 1


def test_a_job_preview_is_published_only_complete(floor):
    with pytest.raises(ValidationError) as refused:
        job_preview_save(
            actor=floor.user("manager"),
            site=floor.north,
            sections={"work": "Calls"},
            published=True,
        )

    assert sorted(refused.value.message_dict) == [
        "best_sides",
        "measurement",
        "typical_day",
        "workload",
    ]
    assert JobPreview.objects.count() == 0


def test_a_leader_cannot_edit_the_job_preview(floor):
    with pytest.raises(PermissionDenied):
        job_preview_save(actor=floor.user("leader"), site=floor.north, sections={}, published=False)

    assert JobPreview.objects.count() == 0


def test_without_a_mentor_the_team_leader_owns_the_mentors_tasks(floor):
    plan = onboarding_plan_start(
        actor=floor.user("leader"),
        template=default_template(),
        start_date=start_day(),
        person=new_hire(floor),
        support_person=floor.other_agent,
    )

    mentor_tasks = plan.tasks.filter(owner_kind=OwnerKind.MENTOR)
    assert [task.owner for task in mentor_tasks] == [floor.leader, floor.leader]
    assert plan.mentor is None
    assert not Mentorship.objects.filter(mentee=plan.person).exists()


def test_the_defaults_command_adds_the_template_once(db):
    first, again = io.StringIO(), io.StringIO()

    call_command("onboarding_defaults", stdout=first)
    call_command("onboarding_defaults", stdout=again)

    assert first.getvalue() == (
        "Added the template “Contact-center agent onboarding”: 13 tasks, 2 ramp goals, "
        "7 review questions.\n"
    )
    assert again.getvalue() == (
        "The template “Contact-center agent onboarding” exists already; kept as it is.\n"
    )
    assert OnboardingTemplate.objects.count() == 1
