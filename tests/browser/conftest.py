"""Browser tests: Debian's Chromium driven by Playwright's sync API against pytest-django's
live server.

Fixtures: ``browser`` (one Chromium per test process), ``browser_page`` (a fresh context —
no cookies — whose relative URLs go to the live server) and ``log_in`` (log a persona in
through the real login form). Without Chromium the tests are skipped, except on CI
(``CI=true``), where they fail: CI must skip nothing.
"""

import os
from pathlib import Path

import pytest

from pdms.core.testing import PASSWORD

# Playwright's sync API keeps an event loop on this thread, and Django refuses database
# access from a thread with a running loop; the tests themselves are synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
NOT_INSTALLED = "Chromium not installed (apt-get install chromium): browser tests skipped"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser(django_db_setup, live_server):
    # Chromium must close before the live server and the test database go away: each
    # connection it keeps open holds a server thread, and that thread a database session
    # that would stop PostgreSQL from dropping the test database.
    path = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
    if not (path.is_file() and os.access(path, os.X_OK)):
        if os.environ.get("CI") == "true":
            pytest.fail(f"No Chromium at {path}: CI must run the browser tests (apt-get install chromium, or set CHROMIUM_PATH)")
        pytest.skip(NOT_INSTALLED)
    from playwright.sync_api import sync_playwright

    # launch() gives every run its own temporary profile (user-data dir), removed on close.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(path), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser, live_server, transactional_db):
    """A page in a fresh browser context; ``page.goto("/login/")`` opens the live server.
    The test fails when the page raises a JavaScript error or the Content-Security-Policy
    refuses something the page holds."""
    # An English-speaking browser: the interface must still be Vietnamese.
    context = browser.new_context(base_url=live_server.url, locale="en-US", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def refused_by_the_policy(message):
        if "Content Security Policy" in message.text:
            errors.append(message.text)

    page.on("console", refused_by_the_policy)
    yield page
    context.close()
    if errors:
        pytest.fail("JavaScript or Content-Security-Policy errors on the page:\n" + "\n".join(errors))


@pytest.fixture
def log_in(browser_page):
    """``log_in(user)`` fills and sends the login form as that user and returns the page
    the browser lands on."""

    return lambda user, password=PASSWORD: log_in_page(browser_page, user, password)


def log_in_page(page, user, password: str = PASSWORD):
    """Fill and send the login form on ``page``; return the page the browser lands on."""
    page.goto("/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    return page
