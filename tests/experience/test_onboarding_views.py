import csv
import io

from django.urls import reverse
from django.utils import timezone

from floorwalk.experience.models import OnboardingPlan, OwnerKind
from floorwalk.experience.onboarding_services import onboarding_task_complete
from floorwalk.hiring.models import CandidateStatus
from floorwalk.org.models import Mentorship
from tests.conftest import client_for
from tests.experience.onboarding_setup import (
    default_template,
    mentor_at_r2,
    new_hire,
    ninas_plan,
    north_preview,
    start_day,
)
from tests.hiring.conftest import north_candidate


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_leader_starts_a_new_hire_on_the_form(floor):
    template = default_template()
    nina = new_hire(floor)
    mentor_at_r2(floor)

    response = client_for("leader").post(
        reverse("experience:onboarding_start"),
        {
            "person": nina.pk,
            "template": template.pk,
            "start_date": start_day().isoformat(),
            "mentor": floor.mentor.pk,
            "support_person": floor.other_agent.pk,
        },
    )

    plan = OnboardingPlan.objects.get(person=nina)
    assert response.status_code == 302
    assert response["Location"] == reverse("experience:onboarding_plan", args=[plan.pk])
    assert plan.tasks.count() == 13


def test_the_form_shows_the_mentor_rule_and_creates_nothing(floor):
    template = default_template()
    nina = new_hire(floor)

    response = client_for("leader").post(
        reverse("experience:onboarding_start"),
        {
            "person": nina.pk,
            "template": template.pk,
            "start_date": start_day().isoformat(),
            "mentor": floor.mentor.pk,  # no stage yet
            "support_person": floor.other_agent.pk,
        },
    )

    assert response.status_code == 400
    assert (
        "Mira Mentor has no stage yet; mentors must be at R2 or above." in response.content.decode()
    )
    assert OnboardingPlan.objects.count() == 0
    assert not Mentorship.objects.filter(mentee=nina).exists()


def test_the_owner_ticks_a_task_done_with_htmx(floor):
    plan = ninas_plan(floor)
    task = plan.tasks.get(owner_kind=OwnerKind.SUPPORT)

    response = client_for("other_agent").post(
        reverse("experience:onboarding_task_done", args=[task.pk]),
        {"note": "All went fine"},
        headers={"HX-Request": "true"},
    )

    task.refresh_from_db()
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="task-{task.pk}"' in body
    assert "All went fine" in body
    assert "Mark done" not in body
    assert task.done_on == timezone.localdate()


def test_my_tasks_list_the_owners_open_tasks(floor):
    ninas_plan(floor)

    response = client_for("mentor").get(reverse("experience:onboarding_my_tasks"))

    body = response.content.decode()
    assert "The business and its customers" in body
    assert "Nesting: listen in beside the mentor" in body
    assert "Workstation ready" not in body


def test_the_new_hire_sees_their_plan_with_their_support_person(floor):
    ninas_plan(floor)

    response = client_for("newhire").get(reverse("experience:onboarding_mine"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "My onboarding" in body
    assert "Oskar Otheragent, at hand for your first solo contacts" in body
    assert "Before day one" in body
    assert "First solo contacts" in body


def test_someone_without_a_plan_is_told_what_happens(floor):
    response = client_for("agent").get(reverse("experience:onboarding_mine"))

    assert "You have no onboarding plan." in response.content.decode()


def test_the_plans_list_exports_progress_and_overdue_counts(floor):
    plan = ninas_plan(floor)
    onboarding_task_complete(actor=floor.user("leader"), task=plan.tasks.order_by("due_on").first())

    response = client_for("leader").get(reverse("experience:onboarding_plans"), {"format": "csv"})

    assert _csv(response) == [
        ["new hire", "team", "template", "start date", "tasks", "done", "overdue", "completed on"],
        [
            "Nina Newhire",
            "Alpha",
            "Contact-center agent onboarding",
            plan.start_date.isoformat(),
            "13",
            "1",
            "8",
            "",
        ],
    ]


def test_the_rollup_exports_csv(floor):
    plan = ninas_plan(floor)
    questions = list(plan.template.questions.order_by("position"))
    answers = {q.pk: 5 if q.kind == "scale" else "Good mentor" for q in questions}
    client_for("newhire").post(
        reverse("experience:onboarding_review", args=[plan.pk]),
        {f"q{pk}": value for pk, value in answers.items()},
    )

    response = client_for("manager").get(
        reverse("experience:onboarding_rollup", args=[plan.template_id]), {"format": "csv"}
    )

    rows = _csv(response)
    assert rows[0] == ["kind", "item", "respondent", "n", "value"]
    assert rows[1] == [
        "question",
        "The job turned out as the job preview and the interviews described it.",
        "new_hire",
        "1",
        "5.00",
    ]
    assert ["question", "What helped you most?", "new_hire", "1", "Good mentor"] in rows


def test_the_published_job_preview_is_public_and_escaped(floor):
    preview = north_preview(floor, published=True)
    preview.work = "Calls <b>and</b> chats"
    preview.save()

    response = client_for(None).get(reverse("experience:job_preview", args=[floor.north.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Calls &lt;b&gt;and&lt;/b&gt; chats" in body
    assert "Why everything is measured" in body


def test_the_job_preview_editor_saves_and_publishes(floor):
    data = {
        "work": "Calls",
        "typical_day": "Eight hours",
        "best_sides": "Thanks",
        "workload": "Busy Mondays",
        "measurement": "Availability",
        "published": "on",
    }

    response = client_for("manager").post(
        reverse("experience:job_preview_edit", args=[floor.north.pk]), data
    )

    assert response.status_code == 302
    public = client_for(None).get(reverse("experience:job_preview", args=[floor.north.pk]))
    assert public.status_code == 200


def test_the_hired_candidate_page_offers_to_start_onboarding(floor):
    candidate = north_candidate(floor)
    candidate.person = new_hire(floor)
    candidate.status = CandidateStatus.HIRED
    candidate.decided_by = floor.user("leader")
    candidate.decided_at = timezone.now()
    candidate.save()
    north_preview(floor, published=True)

    response = client_for("leader").get(reverse("hiring:candidate", args=[candidate.pk]))

    body = response.content.decode()
    start = reverse("experience:onboarding_start") + f"?person={candidate.person.pk}"
    assert f'href="{start}"' in body
    assert reverse("experience:job_preview", args=[floor.north.pk]) in body


def test_the_home_page_lists_the_owners_due_tasks(floor):
    ninas_plan(floor)

    response = client_for("leader").get(reverse("home"))

    body = response.content.decode()
    assert "Onboarding tasks due" in body
    assert "First one-to-one · Nina Newhire" in body


def test_the_template_editor_saves_a_template(floor):
    data = {
        "name": "North basics",
        "site": floor.north.pk,
        "description": "",
        "tasks-TOTAL_FORMS": "2",
        "tasks-INITIAL_FORMS": "0",
        "tasks-0-title": "Desk ready",
        "tasks-0-phase": "before_day_one",
        "tasks-0-owner_kind": "team_leader",
        "tasks-0-offset_days": "-1",
        "tasks-1-title": "",
        "tasks-1-phase": "before_day_one",
        "tasks-1-owner_kind": "team_leader",
        "tasks-1-offset_days": "",
        "ramp-TOTAL_FORMS": "1",
        "ramp-INITIAL_FORMS": "0",
        "ramp-0-metric": "qa_score",
        "ramp-0-target": "80",
        "ramp-0-weeks_after_start": "6",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-text": "Ready on day one?",
        "questions-0-kind": "scale",
    }

    response = client_for("manager").post(reverse("experience:onboarding_template_create"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    template = floor.north.onboarding_templates.get()
    assert [(t.title, t.offset_days) for t in template.tasks.all()] == [("Desk ready", -1)]
    assert [(g.metric, g.target, g.weeks_after_start) for g in template.ramp_goals.all()] == [
        ("qa_score", 80.0, 6)
    ]
    assert [q.text for q in template.questions.all()] == ["Ready on day one?"]


def test_a_support_person_of_another_team_sees_the_task_but_no_plan_link(floor):
    plan = ninas_plan(floor)

    response = client_for("other_agent").get(reverse("experience:onboarding_my_tasks"))

    body = response.content.decode()
    assert "Support at the first solo contacts" in body
    assert "For Nina Newhire" in body
    assert reverse("experience:onboarding_plan", args=[plan.pk]) not in body


def test_ticking_a_done_task_again_shows_why_in_the_row(floor):
    plan = ninas_plan(floor)
    task = plan.tasks.get(owner_kind=OwnerKind.SUPPORT)
    onboarding_task_complete(actor=floor.user("other_agent"), task=task)

    response = client_for("other_agent").post(
        reverse("experience:onboarding_task_done", args=[task.pk]),
        headers={"HX-Request": "true"},
    )

    assert f"This task was done on {timezone.localdate()} already." in response.content.decode()
