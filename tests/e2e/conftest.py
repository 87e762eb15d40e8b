"""Browser journeys: Playwright's Python client driving Debian's chromium against a live server.

No browser is downloaded: ``/usr/bin/chromium`` comes from Debian (``.ci/run`` and
``make test`` install it when missing). ``Visit`` and the page checks are in tests/e2e/browser.py.
"""

import os
import shutil

import pytest

from tests.e2e.browser import CHROMIUM, VIEWPORTS, open_visit

# Playwright's sync API keeps an event loop running in the test thread, which makes
# Django refuse ORM calls there ("async context"). The tests themselves are synchronous,
# so this is the documented way to run Playwright with Django's test database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(transactional_db):
    """A fresh headless chromium per test, started only once the test database is ready.

    While Playwright's sync API runs, an event loop is running in this thread and
    Django's connection handler gives out another connection object; serialized
    rollback (the migration data: root page, roles, vocabularies) must be restored
    before that, so the browser is not shared across tests.
    """
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()
        # Connections opened while Playwright's loop ran belong to that context: close them
        # here, or the test database cannot be dropped at the end of the session.
        from django.db import connections

        connections.close_all()


@pytest.fixture(params=list(VIEWPORTS))
def visit(request, browser, live_server):
    with open_visit(browser, request.param, live_server.url) as tab:
        yield tab
