"""Browser journeys: Playwright's Python client driving Debian's chromium against a live server.

No browser is downloaded: ``/usr/bin/chromium`` comes from Debian (``.ci/run`` and
``make test`` install it when missing). Every page a journey visits can be checked
with ``assert_accessible`` (axe-core, WCAG 2.0/2.1 A and AA) and ``assert_light``
(first load under 150 KB without content images, no request to any other host).
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API keeps an event loop running in the test thread, which makes
# Django refuse ORM calls there ("async context"). The tests themselves are synchronous,
# so this is the documented way to run Playwright with Django's test database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CAS_CHROMIUM", "/usr/bin/chromium")
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_BUDGET_BYTES = 150 * 1024


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


class Visit:
    """One browser tab that records every request it makes (for the page budget)."""

    def __init__(self, context, base_url):
        self.context = context
        self.base_url = base_url
        self.page = context.new_page()
        self.page.set_default_timeout(15_000)
        self.requests = []
        self.page.on("requestfinished", self._record)

    def _record(self, request):
        sizes = request.sizes()
        self.requests.append(
            (request.url, request.resource_type, sizes["responseBodySize"] + sizes["responseHeadersSize"])
        )

    def goto(self, path):
        self.requests.clear()
        response = self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        return response


@pytest.fixture(params=list(VIEWPORTS))
def visit(request, browser, live_server):
    context = browser.new_context(
        viewport=VIEWPORTS[request.param], locale="pl-PL", bypass_csp=False, base_url=live_server.url
    )
    tab = Visit(context, live_server.url)
    tab.viewport = request.param
    yield tab
    context.close()


def assert_accessible(page):
    """Zero axe-core violations at WCAG 2.0/2.1 levels A and AA."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    assert violations == [], results.generate_report()


def assert_light(visit):
    """The first load stays under budget (content images excluded) and never leaves the site."""
    own_host = urlsplit(visit.base_url).netloc
    foreign = [url for url, _kind, _size in visit.requests if urlsplit(url).netloc not in {own_host, ""}
               and not url.startswith("data:")]
    assert foreign == [], foreign
    weight = sum(size for url, kind, size in visit.requests if kind != "image" or url.endswith(".svg"))
    assert weight < PAGE_BUDGET_BYTES, f"{weight} bytes transferred"
