from django.utils import timezone, translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIRequestFactory

from floorwalk.accounts.authentication import PreferencesTokenAuthentication
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


def test_a_request_leaves_no_time_zone_or_language_behind_for_the_next(floor):
    User.objects.filter(username="far_agent").update(language="fi")

    client_for("far_agent").get("/")

    # The thread's next request (anyone's) starts from the defaults, not from Faro's.
    assert timezone.get_current_timezone_name() == "UTC"
    assert translation.get_language() != "fi"


def test_the_api_answers_a_token_in_the_callers_site_time_zone_and_language(floor):
    faro = User.objects.get(username="far_agent")
    faro.language = "fi"
    faro.save()
    request = APIRequestFactory().get(
        "/api/v1/me/", HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=faro).key}"
    )

    with timezone.override(None), translation.override("en"):
        user, _token = PreferencesTokenAuthentication().authenticate(request)
        zone, language = timezone.get_current_timezone_name(), translation.get_language()

    assert (user, zone, language) == (faro, "Europe/Helsinki", "fi")
