"""Every route — site, API, admin login — answers with the security headers."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from home.models import StandardPage

pytestmark = pytest.mark.django_db

REQUIRED_CSP = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "script-src 'self'",
]


def static_routes(patterns=None, prefix=""):
    """Paths of every URL pattern that needs no arguments (the rest are reached via pages)."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        route = str(pattern.pattern)
        parameterised = "<" in route or "(?P" in route or route.startswith("^")
        if parameterised and not (isinstance(pattern, URLResolver) and route in {"^", ""}):
            continue
        if isinstance(pattern, URLResolver):
            nested_prefix = prefix + ("" if route in {"^", ""} else route)
            if nested_prefix.startswith(("admin/", "documents/")):
                continue  # the admin is covered by its login page below
            yield from static_routes(pattern.url_patterns, nested_prefix)
        elif isinstance(pattern, URLPattern):
            yield "/" + prefix + route.lstrip("^").rstrip("$")


def site_urls():
    urls = {path for path in static_routes() if "i18n/" not in path}
    urls.update(page.url for page in Page.objects.live().specific() if page.url)
    return sorted(urls)


def assert_common_headers(response, url):
    assert response["X-Content-Type-Options"] == "nosniff", url
    # Pages reached through e-mailed token links may be stricter still (no-referrer).
    allowed = {"strict-origin-when-cross-origin", "same-origin", "no-referrer"}
    assert response["Referrer-Policy"] in allowed, url
    assert "camera=()" in response["Permissions-Policy"], url


def test_every_site_and_api_route_sends_security_headers(client, home_page):
    home_page.add_child(instance=StandardPage(title="Kontakt", slug="kontakt"))
    urls = site_urls()
    assert "/" in urls and "/kontakt/" in urls and "/api/v3/settings/" in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert_common_headers(response, url)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and not url.startswith("/api/v3/docs"):
            csp = response["Content-Security-Policy"]
            for directive in REQUIRED_CSP:
                assert directive in csp, (url, directive)
            assert response["X-Frame-Options"] == "DENY", url


def test_site_pages_carry_no_inline_script_or_style(client, home_page):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


def test_admin_login_is_never_cached(client):
    response = client.get("/admin/login/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "object-src 'none'" in response["Content-Security-Policy"]
    assert_common_headers(response, "/admin/login/")


def test_public_api_reads_are_cacheable(client):
    response = client.get("/api/v3/districts/")
    assert "public" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]
