import os

import pytest
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in the test's thread; the ORM calls that set up
# data for the page are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def live_server():
    """The live server serving static files through WhiteNoise, as in production.

    pytest-django's own server serves them with Django's finders, which don't know the
    hashed names that the production manifest gives every asset.
    """
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def console_errors(page):
    """Errors the page logged, such as a Content-Security-Policy violation."""
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    return errors


@pytest.fixture
def log_in(page, live_server):
    def log_in_as(username: str, password: str) -> None:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()

    return log_in_as
