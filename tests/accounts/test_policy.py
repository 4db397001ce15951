import pytest

from floorwalk.accounts.policy import (
    Access,
    Aspect,
    Feature,
    can_access_person,
    features_for,
    people_for,
    sites_for,
    teams_for,
)
from floorwalk.org.models import Mentorship

READ, CHANGE = Access.READ, Access.CHANGE


def names(queryset):
    return sorted(person.display_name for person in queryset)


@pytest.mark.parametrize(
    ("username", "subject", "aspect", "access", "allowed"),
    [
        # an agent: themself, never anyone else, never private HR notes
        ("agent", "agent", Aspect.METRICS, READ, True),
        ("agent", "agent", Aspect.SCHEDULE, CHANGE, True),
        ("agent", "agent", Aspect.HR_NOTES, READ, False),
        ("agent", "agent", Aspect.DEVELOPMENT, CHANGE, False),
        ("agent", "mentor", Aspect.PROFILE, READ, False),
        ("agent", "other_agent", Aspect.METRICS, READ, False),
        # a mentor reads their mentee, changes nothing of theirs
        ("mentor", "agent", Aspect.METRICS, READ, True),
        ("mentor", "agent", Aspect.DEVELOPMENT, READ, True),
        ("mentor", "agent", Aspect.DEVELOPMENT, CHANGE, False),
        ("mentor", "agent", Aspect.HR_NOTES, READ, False),
        ("mentor", "other_agent", Aspect.PROFILE, READ, False),
        # a team leader: their team, everything; not another team
        ("leader", "agent", Aspect.HR_NOTES, READ, True),
        ("leader", "agent", Aspect.DEVELOPMENT, CHANGE, True),
        ("leader", "mentor", Aspect.METRICS, READ, True),
        ("leader", "other_agent", Aspect.PROFILE, READ, False),
        ("leader", "far_agent", Aspect.PROFILE, READ, False),
        # QA: QA and metrics of their site, not HR notes, not another site
        ("qa", "other_agent", Aspect.QA, CHANGE, True),
        ("qa", "agent", Aspect.METRICS, READ, True),
        ("qa", "agent", Aspect.HR_NOTES, READ, False),
        ("qa", "agent", Aspect.SCHEDULE, READ, False),
        ("qa", "far_agent", Aspect.QA, READ, False),
        # planner: schedules of their site, not HR notes or QA
        ("planner", "agent", Aspect.SCHEDULE, CHANGE, True),
        ("planner", "agent", Aspect.HR_NOTES, READ, False),
        ("planner", "agent", Aspect.QA, READ, False),
        ("planner", "far_agent", Aspect.SCHEDULE, READ, False),
        # site manager: their whole site
        ("manager", "other_agent", Aspect.HR_NOTES, CHANGE, True),
        ("manager", "leader", Aspect.DEVELOPMENT, READ, True),
        ("manager", "far_agent", Aspect.PROFILE, READ, False),
        # admin: everyone
        ("admin", "far_agent", Aspect.HR_NOTES, CHANGE, True),
    ],
)
def test_person_access_follows_the_role(floor, username, subject, aspect, access, allowed):
    user = floor.user(username)
    person = getattr(floor, subject)

    assert can_access_person(user, person, aspect, access) is allowed
    assert people_for(user, aspect, access).filter(pk=person.pk).exists() is allowed


def test_team_leader_lists_exactly_their_team(floor):
    people = people_for(floor.user("leader"))

    assert names(people) == ["Ada Agent", "Lena Leader", "Mira Mentor"]


def test_mentor_loses_access_when_the_mentorship_ends(floor):
    Mentorship.objects.filter(mentor=floor.mentor).update(ended_on="2025-06-30")

    assert not can_access_person(floor.user("mentor"), floor.agent, Aspect.METRICS)


def test_site_staff_list_their_site_only(floor):
    for username in ("qa", "planner", "manager"):
        visible = people_for(floor.user(username))
        assert floor.far_agent not in visible
        assert visible.count() == 9  # everyone at North


def test_teams_and_sites_visible_by_role(floor):
    assert list(teams_for(floor.user("agent"))) == []
    assert list(teams_for(floor.user("leader"))) == [floor.alpha]
    assert sorted(t.name for t in teams_for(floor.user("manager"))) == ["Alpha", "Beta"]
    assert list(teams_for(floor.user("qa"), CHANGE)) == []
    assert sorted(t.name for t in teams_for(floor.user("admin"))) == ["Alpha", "Beta", "Gamma"]
    assert list(sites_for(floor.user("leader"))) == []
    assert list(sites_for(floor.user("planner"))) == [floor.north]


def test_inactive_user_sees_nothing(floor):
    user = floor.user("leader")
    user.is_active = False
    user.save()

    assert people_for(user).count() == 0
    assert features_for(user) == frozenset()


@pytest.mark.parametrize(
    ("username", "features"),
    [
        ("agent", set()),
        ("mentor", set()),
        ("leader", {Feature.MY_TEAM, Feature.IMPORTS, Feature.QA_EVALUATE, Feature.HIRING}),
        (
            "qa",
            {
                Feature.SITE,
                Feature.IMPORTS,
                Feature.QA_FORMS,
                Feature.QA_EVALUATE,
                Feature.QA_DISPUTES,
            },
        ),
        ("planner", {Feature.SITE, Feature.IMPORTS}),
        ("manager", {Feature.SITE, Feature.HIRING, Feature.AUDIT}),
        (
            "admin",
            {
                Feature.SITE,
                Feature.ADMIN,
                Feature.IMPORTS,
                Feature.QA_FORMS,
                Feature.QA_EVALUATE,
                Feature.QA_DISPUTES,
                Feature.HIRING,
                Feature.AUDIT,
            },
        ),
    ],
)
def test_navigation_features_by_role(floor, username, features):
    assert features_for(floor.user(username)) == features
