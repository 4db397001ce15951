from rest_framework.test import APIClient

from floorwalk.accounts.models import User
from tests.factories import PASSWORD


def token_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def issue_token(username: str) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_token_from_password_reads_me_with_roles_and_employee_number(floor):
    client = token_client(issue_token("mentor"))

    me = client.get("/api/v1/me/").json()

    assert me["username"] == "mentor"
    assert me["employee_number"] == floor.mentor.employee_number
    assert me["display_name"] == "Mira Mentor"
    assert me["roles"] == ["agent", "mentor"]
    assert me["team_id"] == floor.alpha.pk


def test_wrong_password_gets_a_field_error_and_no_token(floor):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "agent", "password": "nope"}, format="json"
    )

    assert response.status_code == 400
    assert "Unable to log in" in response.json()["non_field_errors"][0]


def test_missing_fields_are_named(floor):
    response = APIClient().post("/api/v1/auth/token/", {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_malformed_json_is_a_400_not_a_500(floor):
    response = APIClient().post("/api/v1/auth/token/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_revoked_token_no_longer_works(floor):
    token = issue_token("agent")
    client = token_client(token)

    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_people_list_is_filtered_by_the_policy(floor):
    client = token_client(issue_token("leader"))

    people = client.get("/api/v1/people/").json()["results"]

    assert sorted(person["display_name"] for person in people) == [
        "Ada Agent",
        "Lena Leader",
        "Mira Mentor",
    ]
    ada = next(person for person in people if person["display_name"] == "Ada Agent")
    assert ada["queues"] == ["Billing voice"]
    assert ada["roles"] == ["agent"]
    assert ada["team"] == floor.alpha.pk


def test_agent_gets_404_for_a_colleague_not_403(floor):
    client = token_client(issue_token("agent"))

    response = client.get(f"/api/v1/people/{floor.mentor.pk}/")

    assert response.status_code == 404


def test_unknown_person_is_404(floor):
    client = token_client(issue_token("admin"))

    assert client.get("/api/v1/people/999999/").status_code == 404


def test_language_change_through_the_api(floor):
    client = token_client(issue_token("agent"))

    response = client.patch("/api/v1/me/", {"language": "fi"}, format="json")

    assert response.status_code == 200
    assert response.json()["language"] == "fi"
    assert User.objects.get(username="agent").language == "fi"


def test_unknown_language_is_refused_and_nothing_changes(floor):
    client = token_client(issue_token("agent"))

    response = client.patch("/api/v1/me/", {"language": "xx"}, format="json")

    assert response.status_code == 400
    assert "language" in response.json()
    assert User.objects.get(username="agent").language == ""


def test_schema_is_openapi_3_and_lists_the_endpoints(floor):
    client = token_client(issue_token("agent"))

    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/me/", "/api/v1/people/", "/api/v1/teams/", "/api/v1/auth/token/"} <= set(
        schema["paths"]
    )


def test_anonymous_api_call_is_refused_with_401(floor):
    response = APIClient().get("/api/v1/people/")

    assert response.status_code == 401


def test_token_endpoint_is_rate_limited_like_the_login_page(floor, settings):
    client = APIClient()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/v1/auth/token/", {"username": "agent", "password": "guess"})

    response = client.post("/api/v1/auth/token/", {"username": "agent", "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed logins" in response.json()["detail"]
