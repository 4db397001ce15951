from floorwalk.accounts.models import User
from floorwalk.org.models import Organisation
from tests.conftest import client_for


def test_user_picks_polish_and_dates_follow(floor):
    client = client_for("agent")

    response = client.post("/preferences/", {"language": "pl"}, follow=True)

    assert User.objects.get(username="agent").language == "pl"
    assert response.context["LANGUAGE_CODE"] == "pl"
    person_page = client.get(f"/people/{floor.agent.pk}/").content.decode()
    assert "15 stycznia 2024" in person_page  # the hire date in Polish


def test_unknown_language_is_refused_inline(floor):
    response = client_for("agent").post("/preferences/", {"language": "xx"})

    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    assert User.objects.get(username="agent").language == ""


def test_pages_use_the_site_time_zone(floor):
    response = client_for("far_agent").get("/")

    assert response.context["TIME_ZONE"] == "Europe/Helsinki"


def test_without_a_choice_the_organisation_language_applies(floor):
    Organisation.objects.create(pk=1, name="Acme", default_locale="fi")

    response = client_for("agent").get(f"/people/{floor.agent.pk}/")

    assert response["Content-Language"] == "fi"
    assert "15. tammikuuta 2024" in response.content.decode()
