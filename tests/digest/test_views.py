import pytest
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

OCTOBER = {"granularity": "monthly", "on": "2026-10-15"}


def test_the_team_digest_lists_each_section_with_links(digest_floor):
    floor = digest_floor.floor

    response = client_for("leader").get(reverse("digest:team", args=[floor.alpha.pk]), OCTOBER)

    assert response.status_code == 200
    body = response.content.decode()
    digest = response.context["digest"]
    assert (
        len(digest.standards),
        len(digest.goals),
        len(digest.overdue),
        len(digest.coaching),
    ) == (
        1,
        1,
        3,
        2,
    )
    assert "2026-10" in body
    assert f'href="/goals/{digest_floor.ada_goal.pk}/"' in body
    assert "Listen to two calls" in body
    assert f'href="/coaching/sessions/{digest_floor.follow_up.pk}/"' in body
    assert "Oskar" not in body
    # Previous and next months.
    assert "?granularity=monthly&amp;on=2026-09-01" in body
    assert "?granularity=monthly&amp;on=2026-11-01" in body


def test_empty_sections_say_so(digest_floor):
    response = client_for("admin").get(
        reverse("digest:team", args=[digest_floor.floor.gamma.pk]), OCTOBER
    )

    body = response.content.decode()
    assert "Nothing overdue." in body
    assert "No goal at risk." in body
    assert "No coaching due." in body
    assert "No interactions in this period." in body


def test_the_site_roll_up_counts_each_team(digest_floor):
    floor = digest_floor.floor

    response = client_for("manager").get(reverse("digest:home"), OCTOBER)

    assert response.status_code == 200
    [(site, digests)] = response.context["sites"]
    assert site == floor.north
    counts = {
        digest.team.name: (
            len(digest.standards),
            digest.agents_off_standard,
            len(digest.goals),
            len(digest.overdue),
            len(digest.coaching),
        )
        for digest in digests
    }
    assert counts == {"Alpha": (1, 1, 1, 3, 2), "Beta": (1, 1, 1, 1, 0)}
    assert f"/digest/teams/{floor.beta.pk}/?granularity=monthly" in response.content.decode()


def test_a_leader_sees_only_the_teams_they_lead(digest_floor):
    response = client_for("leader").get(reverse("digest:home"), OCTOBER)

    assert [digest.team.name for _, digests in response.context["sites"] for digest in digests] == [
        "Alpha"
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"granularity": "weekly"}, "granularity"),
        ({"on": "not-a-day"}, "on"),
        ({"on": "2999-01-01"}, "on"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(floor, query, field):
    for url in (reverse("digest:home"), reverse("digest:team", args=[floor.alpha.pk])):
        response = client_for("leader").get(url, query)

        assert response.status_code == 400
        assert f"<strong>{field}</strong>" in response.content.decode()


def test_the_navigation_and_the_home_page_link_to_the_digest(floor):
    leader_home = client_for("leader").get(reverse("home")).content.decode()
    agent_home = client_for("agent").get(reverse("home")).content.decode()
    qa_home = client_for("qa").get(reverse("home")).content.decode()

    assert leader_home.count('href="/digest/"') == 2  # the navigation and the home page
    assert 'href="/digest/"' not in agent_home
    assert 'href="/digest/"' not in qa_home
