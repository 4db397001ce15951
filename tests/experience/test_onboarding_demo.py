from datetime import timedelta

from django.utils import timezone

from floorwalk.accounts.models import Role, User
from floorwalk.development.models import Stage, StageAssignment
from floorwalk.development.services import competencies_create_defaults
from floorwalk.experience.models import JobPreview, OnboardingPlan, OnboardingTask
from floorwalk.experience.onboarding_demo import onboarding_demo_load
from floorwalk.experience.onboarding_selectors import template_rollup
from floorwalk.hiring.demo import hiring_demo_load
from floorwalk.org.models import Person


def _experienced_agents() -> None:
    """The demo confirms stages before onboarding; here every agent of the floor is at R3."""
    leader = User.objects.get(username="leader")
    for person in Person.objects.filter(role_assignments__role=Role.AGENT).distinct():
        StageAssignment.objects.create(
            person=person, stage=Stage.R3, set_by=leader, set_at=timezone.now()
        )


def test_the_demo_has_two_plans_in_progress_one_completed_with_its_review(loaded_tiny_floor):
    today = timezone.localdate()
    competencies_create_defaults()
    hiring_demo_load(today=today)
    _experienced_agents()

    result = onboarding_demo_load(today=today, seed=7)

    plans = {plan.start_date - today: plan for plan in OnboardingPlan.objects.all()}
    assert sorted(days.days for days in plans) == [-56, -10, 3]
    assert (result.plans, result.in_progress, result.completed) == (3, 2, 1)
    assert plans[timedelta(days=-56)].completed_on is not None
    assert plans[timedelta(days=3)].person.employee_number == "H0001"  # the hired candidate
    recent_open = OnboardingTask.objects.filter(
        plan=plans[timedelta(days=-10)], done_on__isnull=True, due_on__lt=today
    )
    assert [task.title for task in recent_open] == ["First one-to-one"]
    assert result.overdue == 1
    assert result.tasks_done == OnboardingTask.objects.filter(done_on__isnull=False).count()
    assert result.review_answers == 14  # seven questions, answered by the new hire and leader
    rollup = template_rollup(plans[timedelta(days=-56)].template, OnboardingPlan.objects.all())
    first = rollup.questions[0]
    assert (first.respondent, first.answers) == ("new_hire", 1)
    assert 1 <= first.average <= 5
    assert JobPreview.objects.get(published=True).site.name == result.preview_site
