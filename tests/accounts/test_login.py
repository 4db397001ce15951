from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD


def test_login_lands_on_home_and_logout_ends_the_session(floor):
    client = Client()

    response = client.post("/login/", {"username": "leader", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200

    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_repeated_wrong_passwords_lock_the_account_out_even_for_the_right_one(floor):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "agent", "password": "guess"})

    response = client.post("/login/", {"username": "agent", "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert client.get("/").status_code == 302  # still not logged in


def test_login_redirects_back_to_the_page_asked_for(floor):
    client = Client()
    target = f"/people/{floor.agent.pk}/"

    first = client.get(target)
    assert first["Location"] == f"/login/?next={target}"
    response = client.post("/login/", {"username": "leader", "password": PASSWORD, "next": target})

    assert response["Location"] == target
