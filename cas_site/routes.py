"""Per-route policy: decorators that ``cas_site/urls.py`` puts on whole groups of URL patterns
(``decorate_urlpatterns``, as wagtail.org does) instead of middleware testing URL prefixes.

- ``api_route``: the API's input guard (NUL characters, offsets and ids no table can hold);
  its language comes from ``Accept-Language`` (``ApiLanguageMiddleware``, before the cache).
- ``admin_route``: the admin's content security policy; never stored by any cache.
- ``api_docs_route``: the interactive docs' policy (Swagger UI loads from a CDN).
- ``private_route``: pages of a signed-in person's or organisation's own data (the partner
  portal): never stored by any cache, and their addresses never leave the site in a Referer.

Middleware that runs before the URL is resolved (request size, database outage, response
cache, the API's language as part of the cache key) and the error handlers ask
``is_api(request)``: the one place that knows where the API is mounted.
"""

from functools import wraps

from csp.decorators import csp
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404
from django.views.decorators.cache import never_cache

#: Where the API is mounted (``cas_site/urls.py``).
API_ROOT = "/api/v3/"
#: The largest ``offset`` any list accepts (PostgreSQL's OFFSET is a bigint; nobody pages further).
MAX_API_OFFSET = 1_000_000
#: The largest id any table holds (a signed 64-bit ``bigint``); SQLite and PostgreSQL refuse more.
MAX_ID = 2**63 - 1


def is_api(request) -> bool:
    """Is this request for the API? For what runs before (or without) URL resolution: middleware,
    the 404/400/500 handlers. Unknown API addresses resolve to Wagtail's page serving, so the
    mount point decides, here and nowhere else."""
    return request.path_info.startswith(API_ROOT)


def api_language(request) -> str:
    """The API speaks the language of ``Accept-Language`` (Polish by default): it has no prefixes."""
    from django.utils import translation

    return translation.get_language_from_request(request, check_path=False)


def api_route(view):
    """The API's own guards around one API view (every operation of the NinjaAPI)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        problem = refused_input(request, kwargs)
        return problem if problem is not None else view(request, *args, **kwargs)

    return guarded


def admin_route(view):
    """The admin (Wagtail) uses inline scripts and styles and previews pages in frames of its own
    origin; its policy still forbids plugins and foreign origins. Nothing of it is cached."""
    return never_cache(csp(settings.CAS_ADMIN_CSP)(view))


def api_docs_route(view):
    return csp(settings.CAS_API_DOCS_CSP)(view)


def private_route(view):
    """A page for one signed-in person (the partner portal, issue 16): ``Cache-Control: no-store``
    (with Django's ``never_cache``: no browser, proxy or the shared response cache keeps it) and
    ``Referrer-Policy: same-origin`` (its addresses, with ids and one-time links, stay on the site).
    A refusal the view raises (404 for another organisation's id, 403 for a missing role) is turned
    into its page here, so it carries the same headers: no answer of a private route is stored."""

    @wraps(view)
    def private(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except (Http404, PermissionDenied) as refusal:
            response = response_for_exception(request, refusal)
        response["Referrer-Policy"] = "same-origin"
        return response

    return never_cache(private)


def refused_input(request, view_kwargs):
    """Input no API operation can use, refused before it reaches a database: NUL characters
    (PostgreSQL rejects them in text), offsets past ``MAX_API_OFFSET`` (past bigint they crash
    the query) and integer path ids past ``MAX_ID`` (no such row can exist: 404). The schema
    documents the first two limits."""
    from django.utils.translation import gettext as _
    from wagtail.api.v3.errors import problem_response

    def invalid(kind, loc, msg):
        errors = [{"type": kind, "loc": loc, "msg": msg}]
        return problem_response(status=422, detail=_("Sprawdź poprawność danych."), errors=errors)

    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return invalid("nul_character", ["query", name], _("Niedozwolony znak w wartości."))
    offset = request.GET.get("offset", "")
    if offset.isdigit() and int(offset) > MAX_API_OFFSET:
        message = _("Wartość jest za duża (najwięcej %(limit)s).") % {"limit": MAX_API_OFFSET}
        return invalid("less_than_equal", ["query", "offset"], message)
    is_json = request.content_type == "application/json"  # never read uploads into memory here
    if request.method in {"POST", "PUT", "PATCH"} and is_json and b"\\u0000" in request.body:
        return invalid("nul_character", ["body"], _("Niedozwolony znak w wartości."))
    # Path converters hand over ids of any length; the lookup would overflow the column.
    if any(beyond_any_id(name, value) for name, value in view_kwargs.items()):
        return problem_response(status=404, detail=_("Nie znaleziono."))
    return None


def beyond_any_id(name, value) -> bool:
    if isinstance(value, int):
        return value > MAX_ID
    named_id = name == "pk" or name.endswith("id")
    if named_id and isinstance(value, str) and value.isascii() and value.isdigit():
        digits = value.lstrip("0")
        return len(digits) > len(str(MAX_ID)) or int(digits or "0") > MAX_ID
    return False
