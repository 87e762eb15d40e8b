"""The shared response cache: anonymous public reads rendered once per content generation.

A cached response is keyed by the *content generation* — one counter in the cache,
bumped whenever public content may have changed (a page published, unpublished, moved
or deleted, a snippet, setting, image, document, workshop session or booking saved or
deleted) — and by scheme, host, language and the full path with its query string.
Bumping orphans every older entry at once; they expire after ``CAS_RESPONSE_CACHE_SECONDS``.
The expiry also bounds content that changes with time alone (a session starting, a
campaign ending at midnight).

Only anonymous requests take part (no session, messages or ``Authorization``), and only
responses no cache may mind storing: 200, not streamed, no cookie set (a page with a
form sets the CSRF cookie, so pages with forms are never stored), nothing ``private``,
``no-store`` or ``no-cache``. API responses must also be marked ``public`` (``cacheable``).
"""

import hashlib
import logging
import time

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

from cas_site.routes import is_api

logger = logging.getLogger("cas.cache")

GENERATION_KEY = "cas:content-generation"
#: Responses larger than this are not worth the cache's memory.
MAX_CACHED_BYTES = 1024 * 1024
#: Never served from the cache: the admin, checked document downloads, the API docs.
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/api/v3/docs")
REFUSING_DIRECTIVES = ("private", "no-store", "no-cache")

#: Apps whose saved or deleted rows may show on a public page or API answer.
CONTENT_APPS = {"wagtailcore", "wagtailimages", "wagtaildocs", "wagtailredirects"}
#: Rows written while serving a read, or that no public page shows (sending an e-mail, issuing or
#: using an e-mailed link); bumping on them would empty the cache on every miss or every e-mail.
NEUTRAL_MODELS = {
    "wagtailimages.rendition",
    "home.outgoingemail",
    "home.emaillink",
    # The partner portal's accounts: never on a public page (an organisation's public profile is
    # its ``volunteers.Organisation`` snippet, which does bump).
    "partners.membership",
    "partners.invitation",
    "partners.joinrequest",
    "partners.personalaccesstoken",
}


def seconds() -> int:
    return int(getattr(settings, "CAS_RESPONSE_CACHE_SECONDS", 0))


def generation():
    """The current content generation; a fresh, never-used value when the counter is gone."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A clock value, not 1: entries of an evicted counter's generations must never revive.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def bump() -> None:
    """Public content changed: every cached response is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet (or evicted): any new value orphans the old entries
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:  # a cache outage must not fail the write that changed the content
        logger.exception("Could not bump the content generation")


def content_changed() -> None:
    """Bump now (this transaction's own reads) and after commit (reads that raced the commit
    and stored the old content under the new generation)."""
    bump()
    transaction.on_commit(bump)


def is_content_model(model) -> bool:
    meta = model._meta
    if meta.label_lower in NEUTRAL_MODELS:
        return False
    return meta.app_label in CONTENT_APPS or meta.app_label in cas_app_labels()


def cas_app_labels() -> set[str]:
    """Labels of the ``CAS_APPS`` (listed by module name: ``campaigns.workshops`` is ``workshops``)."""
    return {config.label for config in django_apps.get_app_configs() if config.name in settings.CAS_APPS}


def on_model_change(sender, **kwargs):
    if kwargs.get("raw"):  # fixtures loading
        return
    if is_content_model(sender):
        content_changed()


def on_page_event(sender=None, **kwargs):
    content_changed()


def connect_signals():
    """Called once from ``HomeConfig.ready``."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

    post_save.connect(on_model_change, dispatch_uid="cas-response-cache-save")
    post_delete.connect(on_model_change, dispatch_uid="cas-response-cache-delete")
    m2m_changed.connect(on_model_change, dispatch_uid="cas-response-cache-m2m")
    # Saves already cover these; moves rewrite tree paths with raw UPDATEs, without post_save.
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(on_page_event, dispatch_uid=f"cas-response-cache-{id(signal)}")


def accepts(request) -> bool:
    """May this request be answered from (and stored into) the shared cache?"""
    if request.method not in ("GET", "HEAD") or seconds() <= 0:
        return False
    if request.path_info.startswith(EXCLUDED_PREFIXES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False  # signed in, a pending message, a password-protected page passed…
    return "Authorization" not in request.headers


def address(request) -> str:
    """What a response depends on for an anonymous visitor: the URL and the language."""
    language = getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{language}"
    return hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()


def key(digest, current_generation) -> str:
    return f"cas:response:{current_generation}:{digest}"


def storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if getattr(response, "cas_shared_cache", True) is False:  # ``cacheable(shared=False)``
        return False
    if response.cookies:  # CSRF token of a form, a session, a consumed message: per person
        return False
    control = response.get("Cache-Control", "").lower()
    if any(directive in control for directive in REFUSING_DIRECTIVES):
        return False
    if is_api(request) and "public" not in control:
        return False  # only reads marked with ``cacheable``
    return len(response.content) <= MAX_CACHED_BYTES


def load(cache_key):
    try:
        stored = cache.get(cache_key)
    except Exception:
        logger.exception("Response cache unavailable")
        return None
    if stored is None:
        return None
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def store(cache_key, response) -> None:
    try:
        cache.set(cache_key, (response.status_code, list(response.items()), response.content), seconds())
    except Exception:
        logger.exception("Response cache unavailable")
