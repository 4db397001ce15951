import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from floorwalk.org.models import PersonStatus
from tests.conftest import client_for
from tests.factories import make_person


def north_today() -> date:
    """Today where the North site is: pages count tenure in the site's time zone."""
    return datetime.now(ZoneInfo("Europe/Warsaw")).date()


def test_my_team_takes_the_leader_to_their_team(floor):
    response = client_for("leader").get("/my-team/")

    assert response.status_code == 302
    assert response["Location"] == f"/teams/{floor.alpha.pk}/"


def test_team_page_lists_members_with_tenure_queues_and_status(floor):
    response = client_for("leader").get(f"/teams/{floor.alpha.pk}/")

    rows = response.context["rows"]
    assert [row.person.display_name for row in rows] == ["Ada Agent", "Mira Mentor"]
    ada = rows[0]
    assert [queue.name for queue in ada.queues] == ["Billing voice"]
    assert ada.tenure_days == (north_today() - date(2024, 1, 15)).days
    body = response.content.decode()
    assert "Billing voice" in body
    assert "Not set" in body  # the stage column, until the leader sets a stage


def test_team_roster_filters_and_sorts(floor):
    floor.mentor.status = PersonStatus.ON_LEAVE
    floor.mentor.save()
    client = client_for("leader")

    on_leave = client.get(f"/teams/{floor.alpha.pk}/", {"status": "on_leave"}).context["rows"]
    searched = client.get(f"/teams/{floor.alpha.pk}/", {"q": "ada"}).context["rows"]
    descending = client.get(f"/teams/{floor.alpha.pk}/", {"sort": "name", "order": "desc"})

    assert [row.person.display_name for row in on_leave] == ["Mira Mentor"]
    assert [row.person.display_name for row in searched] == ["Ada Agent"]
    assert [row.person.display_name for row in descending.context["rows"]] == [
        "Mira Mentor",
        "Ada Agent",
    ]


def test_roster_shows_the_current_team_without_its_leader(floor):
    floor.leader.team = floor.alpha
    floor.leader.save()
    floor.mentor.status = PersonStatus.LEFT
    floor.mentor.leaving_date = date(2025, 6, 30)
    floor.mentor.save()
    client = client_for("leader")

    current = client.get(f"/teams/{floor.alpha.pk}/").context["rows"]
    everyone = client.get(f"/teams/{floor.alpha.pk}/", {"status": "all"}).context["rows"]
    site = client_for("manager").get(f"/sites/{floor.north.pk}/").context["teams"]

    assert [row.person.display_name for row in current] == ["Ada Agent"]
    assert [row.person.display_name for row in everyone] == ["Ada Agent", "Mira Mentor"]
    assert [(s.team.name, s.active) for s in site] == [("Alpha", 1), ("Beta", 1)]


def test_htmx_request_gets_only_the_roster_fragment(floor):
    response = client_for("leader").get(f"/teams/{floor.alpha.pk}/", HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="roster">')
    assert "<html" not in body


def test_roster_csv_matches_the_page(floor):
    response = client_for("leader").get(f"/teams/{floor.alpha.pk}/roster.csv", {"q": "ada"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Employee number", "Name"]
    assert rows[1][:5] == [
        floor.agent.employee_number,
        "Ada Agent",
        "2024-01-15",
        str((north_today() - date(2024, 1, 15)).days),
        "Billing voice",
    ]
    assert len(rows) == 2


def test_person_page_shows_team_leader_mentor_and_queues(floor):
    body = client_for("leader").get(f"/people/{floor.agent.pk}/").content.decode()

    assert "Ada Agent" in body
    assert "Lena Leader" in body
    assert "Mira Mentor" in body
    assert "Billing voice" in body


def test_site_page_counts_heads_per_team(floor):
    make_person("newbie", site=floor.north, team=floor.beta, hire_date=north_today())
    make_person(
        "gone",
        site=floor.north,
        team=floor.beta,
        status=PersonStatus.LEFT,
        leaving_date=date(2025, 1, 31),
    )

    response = client_for("manager").get(f"/sites/{floor.north.pk}/")

    summaries = {summary.team.name: summary for summary in response.context["teams"]}
    assert (summaries["Alpha"].active, summaries["Alpha"].new_hires) == (2, 0)
    assert (summaries["Beta"].active, summaries["Beta"].new_hires) == (2, 1)
    assert summaries["Beta"].team.leader.display_name == "Otto Otherleader"
    assert "Gamma" not in summaries


def test_leader_home_shows_what_needs_them_today(floor):
    make_person(
        "newbie",
        "agent",
        site=floor.north,
        team=floor.alpha,
        display_name="Nina New",
        hire_date=north_today(),
    )

    response = client_for("leader").get("/")

    attention = response.context["team_attention"]
    assert [person.display_name for person in attention["new_hires"]] == ["Nina New"]
    assert [person.display_name for person in attention["without_queues"]] == ["Nina New"]
    assert "Today in your team" in response.content.decode()


def test_mentor_home_lists_mentees(floor):
    response = client_for("mentor").get("/")

    assert [m.mentee.display_name for m in response.context["mentees"]] == ["Ada Agent"]


def navigation_of(username) -> dict[str, list[str]]:
    """The labels of the top links, and of each menu's links under the menu's label."""
    context = client_for(username).get("/").context
    entries = [*context["nav"], context["nav_mine"]]
    shown = {"top": [str(entry.label) for entry in entries if not entry.links]}
    for menu in (entry for entry in entries if entry.links):
        shown[str(menu.label)] = [str(link.label) for link in menu.links]
    return shown


def test_navigation_shows_only_what_the_role_may_use(floor):
    mine = [
        "My profile",
        "My constraints and preferences",
        "Preferences",
        "My skills",
        "My trainings",
        "My recognition",
        "My surveys",
    ]
    leading = [
        "Feedback",
        "Competencies",
        "Coaching",
        "Digest",
        "Hiring",
        "Training",
        "Skills matrix",
        "Onboarding",
    ]
    experience = [
        "Recognition walls",
        "Customer compliments",
        "Suggestions",
        "Pulse surveys",
        "Boundary incidents",
        "Grants to customers",
    ]
    assert navigation_of("agent") == {
        "top": [
            "Home",
            "My scorecard",
            "My evaluations",
            "My goals",
            "Reviews",
            "Forecast",
            "My schedule",
        ],
        "Development": ["Feedback", "Competencies"],
        "Experience": [entry for entry in experience if entry != "Pulse surveys"],
        "Tools": ["API"],
        "Ada Agent": mine,
    }
    assert navigation_of("leader") == {
        "top": [
            "Home",
            "My scorecard",
            "My team",
            "Quality",
            "Goals",
            "Reviews",
            "Forecast",
            "My schedule",
        ],
        "Scheduling": ["Schedules", "Approvals", "Shift set-up", "Shift bidding"],
        "Development": leading,
        "Experience": experience,
        "Tools": ["Imports", "API"],
        "Lena Leader": mine,
    }
    assert navigation_of("manager") == {
        "top": ["Home", "My scorecard", "Site", "Goals", "Reviews", "Forecast", "My schedule"],
        "Scheduling": [
            "Schedules",
            "Approvals",
            "Shift set-up",
            "Fairness ledger",
            "Shift bidding",
        ],
        "Development": leading,
        "Experience": experience,
        "Tools": ["Audit trail", "API"],
        "Max Manager": mine,
    }
    assert navigation_of("admin") == {
        "top": [
            "Home",
            "My scorecard",
            "Site",
            "Quality",
            "Goals",
            "Reviews",
            "Forecast",
            "My schedule",
        ],
        "Scheduling": [
            "Schedules",
            "Approvals",
            "Shift set-up",
            "Fairness ledger",
            "Shift bidding",
        ],
        "Development": leading,
        "Experience": experience,
        "Tools": ["Imports", "Audit trail", "Administration", "API"],
        "Alex Admin": mine,
    }


def test_onboarding_links_show_for_the_new_hire_and_the_task_owners_only(floor):
    from floorwalk.experience.models import OnboardingPlan, OnboardingTask, OnboardingTemplate

    template = OnboardingTemplate.objects.create(name="Front line")
    plan = OnboardingPlan.objects.create(
        person=floor.agent, template=template, start_date="2026-11-02"
    )
    OnboardingTask.objects.create(
        plan=plan,
        title="Workstation ready",
        phase="before_day_one",
        owner_kind="team_leader",
        owner=floor.leader,
        due_on="2026-10-30",
    )

    agents_own = navigation_of("agent")["Ada Agent"]
    leaders_own = navigation_of("leader")["Lena Leader"]
    managers_own = navigation_of("manager")["Max Manager"]
    assert "My onboarding" in agents_own
    assert "My onboarding tasks" not in agents_own
    assert "My onboarding tasks" in leaders_own
    assert "My onboarding" not in leaders_own
    assert not {"My onboarding", "My onboarding tasks"} & set(managers_own)


def test_the_menu_holding_the_current_page_is_marked_active(floor):
    context = client_for("manager").get(reverse("development:competencies")).context

    active = [str(entry.label) for entry in context["nav"] if entry.active]
    assert active == ["Development"]


def test_wrong_login_says_so_and_keeps_the_username(floor):
    response = client_for(None).post("/login/", {"username": "agent", "password": "wrong"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct username and password" in body
    assert 'value="agent"' in body


def test_unknown_person_is_a_friendly_404(floor):
    response = client_for("admin").get("/people/999999/")

    assert response.status_code == 404
    assert "Nothing here" in response.content.decode()
