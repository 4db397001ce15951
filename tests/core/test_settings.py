import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from floorwalk.envparse import envbool, envint, envlist

PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "SECRET_KEY": "a-production-like-secret-key-with-enough-length-and-variety-8f3k2j9x",
    "ALLOWED_HOSTS": "floorwalk.example.com",
    "DATABASE_URL": "sqlite:////tmp/floorwalk-deploy-check.sqlite3",
}


def run_floorwalk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "floorwalk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_passes_with_production_settings():
    result = run_floorwalk("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_stops_the_start_with_a_clear_message():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}

    result = run_floorwalk("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        envbool("DEBUG", default=False)


def test_bad_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "ten")

    with pytest.raises(ImproperlyConfigured, match="CONN_MAX_AGE='ten' is not a whole number"):
        envint("CONN_MAX_AGE", default=0)


def test_parsers_read_values_and_defaults(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    monkeypatch.setenv("HOSTS", " a.example , b.example,,")
    monkeypatch.delenv("MISSING", raising=False)

    assert envbool("FLAG", default=False) is True
    assert envlist("HOSTS", default=[]) == ["a.example", "b.example"]
    assert envint("MISSING", default=7) == 7
