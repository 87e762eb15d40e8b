"""What must happen before a URL is resolved: the body's size, a clean 503 while the database is
unreachable, the shared response cache and the API's language (part of the cache key), and the
Permissions-Policy header every answer carries. Everything that depends on the route is a
decorator on its URL patterns (``cas_site.routes``)."""

import logging

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from cas_site import response_cache
from cas_site.routes import api_language, is_api

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

    api = is_api(request)
    if api:
        language = api_language(request)
    else:
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        if api:
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
        if is_api(request):
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

        if not is_api(request):
            return self.get_response(request)
        language = api_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Accept-Language"])
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
