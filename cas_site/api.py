"""The one public API: Wagtail's v3 NinjaAPI at /api/v3/, plus each CAS app's router.

Errors are RFC 7807 problem+json with a ``detail`` (and per-field ``msg``) in the
request's language — Polish unless ``Accept-Language`` asks for en or uk.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.utils import normalize_path
from pydantic import ValidationError as PydanticValidationError
from wagtail.api.v3.api import api
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import problem_response

from cas_site import openapi
from cas_site.errors import DomainError
from cas_site.public_writes import problem
from cas_site.routes import API_ROOT
from home.registry import app_modules

_installed = False


def field_message(error: dict) -> str:
    """A Polish (or active-language) message for one pydantic/ninja validation error."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("To pole jest wymagane.")
    if kind == "extra_forbidden":
        return _("Nieznane pole.")
    if kind in {"string_too_long", "too_long"}:
        return _("Za długi tekst (najwyżej %(max)s znaków).") % {"max": ctx.get("max_length", "?")}
    if kind in {"string_too_short", "too_short"}:
        return _("Za krótki tekst (co najmniej %(min)s znaków).") % {"min": ctx.get("min_length", "?")}
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Podaj liczbę całkowitą.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Wartość jest za mała (najmniej %(limit)s).") % {"limit": ctx.get("ge", ctx.get("gt", "?"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Wartość jest za duża (najwięcej %(limit)s).") % {"limit": ctx.get("le", ctx.get("lt", "?"))}
    if kind in {"bool_parsing", "bool_type"}:
        return _("Podaj wartość tak/nie (true albo false).")
    if kind.startswith(("date", "datetime")):
        return _("Podaj poprawną datę w formacie RRRR-MM-DD.")
    if kind in {"string_type", "list_type", "dict_type", "model_type", "model_attributes_type"}:
        return _("Nieprawidłowy typ wartości.")
    if kind in {"enum", "literal_error"}:
        return _("Niedozwolona wartość.")
    if kind == "value_error":
        message = str(error.get("msg", ""))
        return message.removeprefix("Value error, ") or _("Nieprawidłowa wartość.")
    if kind in {"json_invalid", "json_type"}:
        return _("Treść żądania nie jest poprawnym JSON-em.")
    return _("Nieprawidłowa wartość.")


def validation_problem(errors):
    cleaned = [
        {"type": e.get("type", "invalid"), "loc": list(e.get("loc", [])), "msg": field_message(e)}
        for e in errors
    ]
    malformed = any(e["type"] in {"json_invalid", "json_type"} for e in cleaned)
    return problem_response(
        status=400 if malformed else 422,
        detail=_("Żądanie jest nieprawidłowe.") if malformed else _("Sprawdź poprawność danych."),
        errors=cleaned,
    )


def register_localised_handlers(ninja_api):
    """Replace Wagtail's English problem details with translated ones (same shapes)."""

    @ninja_api.exception_handler(NinjaValidationError)
    def ninja_validation(request, exc):
        return validation_problem(exc.errors)

    @ninja_api.exception_handler(PydanticValidationError)
    def pydantic_validation(request, exc):
        return validation_problem(exc.errors(include_input=False))

    @ninja_api.exception_handler(DjangoValidationError)
    def django_validation(request, exc):
        if hasattr(exc, "loc_errors"):  # Wagtail's FormValidationError from write actions
            errors = [
                {"type": code, "loc": list(path), "msg": str(message)}
                for path, coded in exc.loc_errors
                for message, code in coded
            ]
        elif hasattr(exc, "error_dict"):
            errors = [
                {"type": "invalid", "loc": ["body", name], "msg": str(message)}
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            errors = [{"type": "invalid", "loc": [], "msg": str(m)} for m in exc.messages]
        return problem_response(status=422, detail=_("Sprawdź poprawność danych."), errors=errors)

    @ninja_api.exception_handler(DomainError)
    def domain_error(request, exc):
        return problem(exc)

    @ninja_api.exception_handler(Http404)
    def not_found(request, exc):
        return problem_response(status=404, detail=_("Nie znaleziono."))

    @ninja_api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        if not request.user.is_authenticated:
            return problem_response(status=401, detail=_("Wymagane uwierzytelnienie."))
        return problem_response(status=403, detail=_("Brak uprawnień."))

    @ninja_api.exception_handler(HttpError)
    def http_error(request, exc):
        if isinstance(exc, AuthenticationError):  # no credential, or none that resolved
            return problem_response(status=401, detail=_("Wymagane uwierzytelnienie."))
        detail = str(exc)
        if exc.status_code == 400 and detail.startswith("limit cannot be higher"):
            detail = _("Parametr limit może wynosić najwyżej %(max)s.") % {"max": detail.rsplit(" ", 1)[-1]}
        return problem_response(status=exc.status_code, detail=detail)


def require_tokens(ninja_api, prefixes):
    """Operations under ``prefixes`` answer only a valid API token.

    Wagtail's reads take ``[BearerTokenAuth(), AllowAnonymous()]``: a token that does not
    resolve (made up, revoked, a deactivated user's, a volunteer's self-service token)
    falls through to anonymous access. Dropping ``AllowAnonymous`` makes Wagtail's own
    token check the only way in, and the OpenAPI document says so.
    """
    prefixes = tuple(prefixes)
    if not prefixes:
        return
    for bound_router in ninja_api._get_bound_routers():
        for path, path_view in bound_router.path_operations.items():
            route = API_ROOT + normalize_path("/".join([bound_router.prefix, path])).lstrip("/")
            if not route.startswith(prefixes):
                continue
            for operation in path_view.operations:
                callbacks = [cb for cb in operation.auth_callbacks if not isinstance(cb, AllowAnonymous)]
                operation.auth_callbacks = callbacks or [BearerTokenAuth()]  # never no check at all


def install():
    """Mount every CAS app's router on the v3 API (once, before ``api.urls`` is read)."""
    global _installed
    if _installed:
        return api
    register_localised_handlers(api)
    openapi.install(api)
    for _config, module in app_modules("api"):
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router("/", router)
    require_tokens(api, settings.CAS_API_TOKEN_ONLY_PREFIXES)  # last: no router may be added after
    _installed = True
    return api
