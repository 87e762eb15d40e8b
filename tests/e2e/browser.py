"""The browser side of the journeys: a ``Visit`` (one tab that scans every page it loads) and
the checks each page passes; the fixtures that start chromium are in conftest.py.

Every page a journey loads is checked
with ``Visit.scan()``: ``assert_accessible`` (axe-core, WCAG 2.0/2.1 A and AA) and ``assert_light``
(first load under 150 KB without content images, no request to any other host).
"""

import os
from contextlib import contextmanager
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

CHROMIUM = os.environ.get("CAS_CHROMIUM", "/usr/bin/chromium")
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_BUDGET_BYTES = 150 * 1024


class Visit:
    """One browser tab that records each document it loads and the requests made for it.

    Every document load (``goto``, a clicked link, a submitted form, a redirect) must be
    checked with ``scan()`` — the page budget and axe — before the journey moves on; the
    ``visit`` fixture fails a test that left a loaded page unscanned. ``goto`` scans by itself.
    """

    def __init__(self, context, base_url):
        self.context = context
        self.base_url = base_url
        self.page = context.new_page()
        self.page.set_default_timeout(15_000)
        self.requests = []
        #: [url, scanned] for every document loaded in the main frame, in order.
        self.loads = []
        self.others = []
        self.viewport = None
        self.options = {}
        self.mirror = None
        self.page.on("request", self._navigation_started)
        self.page.on("requestfinished", self._record)
        self.page.on("load", self._loaded)

    def _navigation_started(self, request):
        # A new document: the budget counts only what this one loads.
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.requests.clear()

    def _record(self, request):
        # Only remember the request here: asking for its sizes is a round trip, and inside an
        # event handler it would let the test run on before the request is on the list.
        self.requests.append(request)

    def weighed_requests(self):
        """(url, resource type, bytes transferred) of every finished request of the document."""
        weighed = []
        for request in self.requests:
            sizes = request.sizes()
            weighed.append((request.url, request.resource_type,
                            sizes["responseBodySize"] + sizes["responseHeadersSize"]))
        return weighed

    def _loaded(self, page):
        self.loads.append([page.url, False])

    def goto(self, path, scan=True):
        response = self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        if scan:
            self.scan()
        return response

    def scan(self):
        """Check the document now shown: first load within budget, no foreign host, zero axe violations."""
        self.page.wait_for_load_state("load")
        pending = [url for url, scanned in self.loads if not scanned]
        assert len(pending) <= 1, f"pages loaded without a scan: {pending[:-1]}"
        assert_light(self)
        assert_accessible(self._scriptable_copy())
        if pending:
            self.loads[-1][1] = True

    def _scriptable_copy(self):
        """The page itself, or — when its scripts are off, where axe cannot run — the same HTML
        at the same address in a tab with scripts on (styles still come from the server)."""
        if self.options.get("java_script_enabled", True):
            return self.page
        html, url = self.page.content(), self.page.url
        if self.mirror is None:
            self.mirror = new_context(self.context.browser, self.viewport, self.base_url).new_page()
        self.mirror.route(lambda address: address == url,
                          lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
        self.mirror.goto(url)
        self.mirror.unroute_all()
        return self.mirror

    def unscanned(self):
        return [url for url, scanned in self.loads if not scanned]

    def another_person(self):
        """A second person on the same site (own browser, no shared session), e.g. a guardian."""
        context = new_context(self.context.browser, self.viewport, self.base_url, **self.options)
        other = Visit(context, self.base_url)
        other.viewport, other.options = self.viewport, self.options
        self.others.append(other)
        return other


def new_context(browser, viewport, base_url, **options):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], locale="pl-PL", bypass_csp=False, base_url=base_url, **options
    )
    # A late favicon request would reach the server after the test database was flushed
    # (and make Wagtail recreate content types there), so the browser never asks for it.
    context.route("**/favicon.ico", lambda route: route.abort())
    return context


@contextmanager
def open_visit(browser, viewport, base_url, **options):
    """A ``Visit`` in a fresh context; on leaving, every page it (or ``another_person``) loaded
    must have been scanned."""
    tab = Visit(new_context(browser, viewport, base_url, **options), base_url)
    tab.viewport, tab.options = viewport, options
    unscanned = []
    try:
        yield tab
        for each in [tab, *tab.others]:
            each.page.wait_for_load_state("networkidle")
            unscanned += each.unscanned()
    finally:
        for each in [tab, *tab.others]:
            each.context.close()
            if each.mirror is not None:
                each.mirror.context.close()
    assert unscanned == [], f"pages this journey loaded but never checked with visit.scan(): {unscanned}"


def assert_accessible(page):
    """Zero axe-core violations at WCAG 2.0/2.1 levels A and AA."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    assert violations == [], results.generate_report()


def assert_light(visit):
    """The first load stays under budget (content images excluded) and never leaves the site."""
    own_host = urlsplit(visit.base_url).netloc
    requests = visit.weighed_requests()
    assert any(kind == "document" for _url, kind, _size in requests), "no document load was recorded"
    foreign = [url for url, _kind, _size in requests if urlsplit(url).netloc not in {own_host, ""}
               and not url.startswith("data:")]
    assert foreign == [], foreign
    weight = sum(size for url, kind, size in requests if kind != "image" or url.endswith(".svg"))
    assert weight < PAGE_BUDGET_BYTES, f"{weight} bytes transferred"
