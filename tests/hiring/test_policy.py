import pytest

from floorwalk.accounts.policy import (
    Feature,
    can_manage_candidate,
    candidates_for,
    has_feature,
    hiring_sites_for,
)
from tests.hiring.conftest import north_candidate, south_candidate


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("leader", {"Cleo Candidate"}),
        ("other_leader", {"Cleo Candidate"}),  # leads Beta, another team of North
        ("manager", {"Cleo Candidate"}),
        ("far_leader", {"Sol Southcandidate"}),
        ("admin", {"Cleo Candidate", "Sol Southcandidate"}),
        ("agent", set()),
        ("mentor", set()),
        ("qa", set()),
        ("planner", set()),
    ],
)
def test_candidates_are_seen_by_the_hiring_sites_leaders_and_manager_only(floor, username, sees):
    north_candidate(floor)
    south_candidate(floor)

    visible = {candidate.name for candidate in candidates_for(floor.user(username))}

    assert visible == sees


def test_leader_of_site_a_cannot_manage_site_b_candidates(floor):
    north, south = north_candidate(floor), south_candidate(floor)
    lena = floor.user("leader")

    assert (can_manage_candidate(lena, north), can_manage_candidate(lena, south)) == (True, False)
    assert list(hiring_sites_for(lena)) == [floor.north]


@pytest.mark.parametrize(
    ("username", "shown"),
    [
        ("leader", True),
        ("manager", True),
        ("admin", True),
        ("agent", False),
        ("mentor", False),
        ("qa", False),
        ("planner", False),
    ],
)
def test_the_hiring_feature_is_for_leaders_managers_and_admins(floor, username, shown):
    assert has_feature(floor.user(username), Feature.HIRING) is shown
