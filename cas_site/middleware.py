"""Response headers: caching, API language, security headers and content security policy;
the shared response cache; a clean 503 while the database is unreachable."""

import logging

from csp.middleware import CSPMiddleware
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from cas_site import response_cache

logger = logging.getLogger("cas")

#: Raised when PostgreSQL is down, restarting or drops the connection (also by the connect attempt).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
#: Seconds a client should wait before retrying while the database is unreachable.
DATABASE_RETRY_AFTER = 10


def database_unavailable_response(request):
    """503 with ``Retry-After``: problem+json on the API, a standalone page on the site.

    Rendered without the database: no site settings, menus, session or user.
    """
    from django.conf import settings
    from django.http import HttpResponse
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.translation import gettext as _
    from wagtail.api.v3.errors import problem_response

    is_api = request.path_info.startswith("/api/")
    if is_api:
        language = translation.get_language_from_request(request, check_path=False)
    else:
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        if is_api:
            response = problem_response(
                status=503, detail=_("Serwis jest chwilowo niedostępny. Spróbuj ponownie za chwilę.")
            )
        else:
            home = "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
            html = render_to_string("503.html", {"LANGUAGE_CODE": language, "home_url": home})
            response = HttpResponse(html, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Any request that meets an unreachable database answers 503 with ``Retry-After``.

    Placed outside everything that touches the database (sessions, authentication,
    django-axes). Errors in views and templates arrive in ``process_exception``; errors
    in other middleware (a session saved on the way out) reach ``handler500``, which
    calls ``database_unavailable_response`` too. Writes run in ``transaction.atomic``,
    so a connection lost mid-write leaves nothing half-stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except DATABASE_UNAVAILABLE as error:  # escaped Django's own conversion to a response
            return self.unavailable(request, error)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return self.unavailable(request, exception)
        return None

    @staticmethod
    def unavailable(request, error):
        logger.error("Database unavailable: %s %s", request.method, request.path, exc_info=error)
        return database_unavailable_response(request)


class ResponseCacheMiddleware:
    """Anonymous public reads answered from the shared cache (see ``cas_site.response_cache``).

    Placed after the language is chosen (the language is part of the key) and before
    anything that renders per person; a hit costs two cache reads and no SQL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not response_cache.accepts(request):
            return self.get_response(request)
        digest = response_cache.address(request)
        try:
            # Read before rendering: a bump during rendering must orphan what is stored below.
            cache_key = response_cache.key(digest, response_cache.generation())
        except Exception:
            logger.exception("Response cache unavailable")
            return self.get_response(request)
        cached = response_cache.load(cache_key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if response_cache.storable(request, response):
            response_cache.store(cache_key, response)
        return response


class CacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "cas_no_store", False):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        elif getattr(request, "cas_cache_max_age", None) and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=request.cas_cache_max_age)
            patch_vary_headers(response, ["Accept-Language"])
        return response


class RequestSizeMiddleware:
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused before anything reads it: 413 with a
    problem (API) or a Polish page (site), instead of Django's bare English 400.

    Multipart bodies pass: their files have no such limit (admin uploads) and an
    over-large text field among them still gets the 400 of ``home.views.bad_request``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        if limit is not None and length > limit and not multipart:
            return self.too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def too_large(request, limit):
        from django.template.loader import render_to_string
        from django.utils.translation import gettext as _
        from wagtail.api.v3.errors import problem_response

        detail = _("Przesłane dane są za duże (najwięcej %(size)s kB).") % {"size": limit // 1024}
        if request.path_info.startswith("/api/"):
            return problem_response(status=413, detail=detail)
        # No context processors: sessions and users are not loaded yet.
        return HttpResponse(render_to_string("413.html", {"detail": detail}), status=413)


class ApiLanguageMiddleware:
    """The API speaks the language of ``Accept-Language`` (Polish by default).

    ``LocaleMiddleware`` pins every unprefixed path to Polish because the website's
    Polish pages have no prefix; the API has no prefixes at all, so it negotiates.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Accept-Language"])
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set itself; admin pages are never stored by any cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path_info.startswith("/admin/"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


ADMIN_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": [
        "'self'",
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
    ],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
API_DOCS_POLICY = {
    # Swagger UI (dev, or when API_DOCS_ENABLED) loads its assets from a CDN.
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "https://cdn.jsdelivr.net"],
    "style-src": ["'self'", "'unsafe-inline'", "https://cdn.jsdelivr.net"],
    "img-src": ["'self'", "data:", "https://django-ninja.dev"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with the site's strict policy, the admin's own and the API docs' own.

    The admin (Wagtail) uses inline scripts and styles and previews pages in frames
    of its own origin; its policy still forbids plugins and foreign origins.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        path = request.path_info
        if path.startswith("/admin/"):
            parts.config = ADMIN_POLICY
        elif path.startswith("/api/v3/docs"):
            parts.config = API_DOCS_POLICY
        return parts


#: The largest ``offset`` any list accepts (PostgreSQL's OFFSET is a bigint; nobody pages further).
MAX_API_OFFSET = 1_000_000
#: The largest id any table holds (a signed 64-bit ``bigint``); SQLite and PostgreSQL refuse more.
MAX_ID = 2**63 - 1


class ApiInputGuardMiddleware:
    """Input no API operation can use is refused before it reaches a database: NUL
    characters (PostgreSQL rejects them in text), offsets past ``MAX_API_OFFSET``
    (past bigint they crash the query) and integer path ids past ``MAX_ID`` (no such
    row can exist: 404). The schema documents the first two limits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            problem = self.check(request)
            if problem is not None:
                return problem
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.utils.translation import gettext as _
        from wagtail.api.v3.errors import problem_response

        if not request.path_info.startswith("/api/"):
            return None
        # Path converters hand over ids of any length; the lookup would overflow the column.
        if any(self.beyond_any_id(name, value) for name, value in view_kwargs.items()):
            return problem_response(status=404, detail=_("Nie znaleziono."))
        return None

    @staticmethod
    def beyond_any_id(name, value) -> bool:
        if isinstance(value, int):
            return value > MAX_ID
        named_id = name == "pk" or name.endswith("id")
        if named_id and isinstance(value, str) and value.isascii() and value.isdigit():
            digits = value.lstrip("0")
            return len(digits) > len(str(MAX_ID)) or int(digits or "0") > MAX_ID
        return False

    def check(self, request):
        from django.utils.translation import gettext as _
        from wagtail.api.v3.errors import problem_response

        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return problem_response(
                    status=422,
                    detail=_("Sprawdź poprawność danych."),
                    errors=[
                        {
                            "type": "nul_character",
                            "loc": ["query", name],
                            "msg": _("Niedozwolony znak w wartości."),
                        }
                    ],
                )
        offset = request.GET.get("offset", "")
        if offset.isdigit() and int(offset) > MAX_API_OFFSET:
            return problem_response(
                status=422,
                detail=_("Sprawdź poprawność danych."),
                errors=[
                    {
                        "type": "less_than_equal",
                        "loc": ["query", "offset"],
                        "msg": _("Wartość jest za duża (najwięcej %(limit)s).") % {"limit": MAX_API_OFFSET},
                    }
                ],
            )
        is_json = request.content_type == "application/json"  # never read uploads into memory here
        if request.method in {"POST", "PUT", "PATCH"} and is_json and b"\\u0000" in request.body:
            return problem_response(
                status=422,
                detail=_("Sprawdź poprawność danych."),
                errors=[
                    {"type": "nul_character", "loc": ["body"], "msg": _("Niedozwolony znak w wartości.")}
                ],
            )
        return None
