"""The demo's activities: every agent of the demo leader's team, the `agent` login among them,
has one activity that is over and evaluated and one still running, each audited."""

from collections import Counter
from datetime import timedelta

from django.utils import timezone

from floorwalk.accounts.models import Role, User
from floorwalk.audit.models import AuditEvent
from floorwalk.development.activity_demo import activity_demo_load
from floorwalk.development.models import Activity
from floorwalk.org.models import Person, PersonStatus


def test_the_demo_gives_the_leaders_agents_evaluated_and_running_activities(loaded_tiny_floor):
    today = timezone.localdate()
    leader = User.objects.get(username="leader")
    team = list(
        Person.objects.filter(
            team__leader=leader.person,
            status=PersonStatus.ACTIVE,
            role_assignments__role=Role.AGENT,
        ).distinct()
    )

    result = activity_demo_load(today=today)

    assert len(team) > 1
    assert result.activities == Activity.objects.count() == 2 * len(team)
    assert result.evaluated == Activity.objects.filter(rating__isnull=False).count() == len(team)
    per_person = Counter(Activity.objects.values_list("person_id", flat=True))
    assert per_person == dict.fromkeys((person.pk for person in team), 2)
    for activity in Activity.objects.filter(rating__isnull=False):
        assert 1 <= activity.rating <= 5
        assert activity.evaluation
        assert activity.ends_on < today  # evaluated once over
    for activity in Activity.objects.filter(rating__isnull=True):
        assert activity.starts_on <= today <= activity.ends_on  # still running
        assert activity.evaluation == ""
    # The three kinds of finished work come round in turn, so several ratings show.
    assert len(set(Activity.objects.exclude(rating=None).values_list("rating", flat=True))) > 1
    agent = User.objects.get(username="agent").person
    adas = Activity.objects.filter(person=agent)
    assert adas.count() == 2
    assert adas.filter(rating__isnull=False).count() == 1
    assert all(activity.assigned_by == leader for activity in adas)
    # Assigning and evaluating go through the services: one audit event each.
    events = AuditEvent.objects.filter(object_type="development.activity")
    assert events.filter(action="create").count() == result.activities
    assert events.filter(action="update").count() == result.evaluated


def test_the_mentoring_activity_names_the_newest_colleague(loaded_tiny_floor):
    today = timezone.localdate()

    activity_demo_load(today=today)

    mentoring = Activity.objects.filter(kind="mentoring").select_related("person").first()
    assert mentoring is not None
    colleagues = Person.objects.filter(
        team=mentoring.person.team,
        status=PersonStatus.ACTIVE,
        role_assignments__role=Role.AGENT,
    ).exclude(pk=mentoring.person.pk)
    newest = max(colleagues, key=lambda person: (person.hire_date, person.pk))
    assert newest.display_name in mentoring.description
    assert mentoring.starts_on == today - timedelta(days=70)
