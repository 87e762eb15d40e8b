"""One guard for every public write: each API write carries it, services never see the request,
and a bot's honeypot answer counts against the same allowance as a person's write."""

import importlib
import inspect
import json
import pkgutil

import pytest
from ninja.utils import normalize_path

from campaigns.workshops.models import Booking
from cas_site.api import API_ROOT, install
from initiatives.models import IdeaSubmission
from tests.factories import idea_payload
from tests.security.test_rate_limits import API_EXEMPT, api_writes

pytestmark = pytest.mark.django_db

SERVICE_MODULES = [
    "campaigns.services",
    "campaigns.workshops.services",
    "initiatives.services",
    "volunteers.services",
    "volunteers.people.services",
    "home.services",
]


def guarded_api_writes():
    """``METHOD /api/v3/path`` of every operation whose view carries ``@public_write``."""
    found = set()
    for bound_router in install()._get_bound_routers():
        for path, path_view in bound_router.path_operations.items():
            route = API_ROOT + normalize_path("/".join([bound_router.prefix, path])).lstrip("/")
            for operation in path_view.operations:
                if getattr(operation.view_func, "public_write", None) is not None:
                    found.update(f"{method} {route}" for method in operation.methods)
    return found


def test_every_limited_api_write_goes_through_the_one_guard():
    assert guarded_api_writes() == set(api_writes())
    assert not guarded_api_writes() & API_EXEMPT


def service_functions():
    for name in SERVICE_MODULES:
        module = importlib.import_module(name)
        modules = [module]
        if hasattr(module, "__path__"):  # a services package: every module in it
            modules += [
                importlib.import_module(f"{name}.{m.name}") for m in pkgutil.iter_modules(module.__path__)
            ]
        for mod in modules:
            for attribute, value in vars(mod).items():
                if inspect.isfunction(value) and value.__module__ == mod.__name__:
                    yield f"{mod.__name__}.{attribute}", value


def test_services_never_receive_the_request():
    """The guard (views and API) reads the request; services get plain values (address, language)."""
    taking_request = [
        name for name, function in service_functions() if "request" in inspect.signature(function).parameters
    ]
    assert taking_request == []


def test_a_filled_honeypot_counts_against_the_allowance_like_any_write(client, settings):
    """A bot must not tell the honeypot from a real write by never meeting the limit."""
    settings.CAS_RATE_LIMIT = "1/h"

    def post(**overrides):
        body = json.dumps(idea_payload(**overrides))
        return client.post("/api/v3/ideas/", data=body, content_type="application/json")

    assert post(website="http://spam.example").status_code == 201
    refused = post()
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert not IdeaSubmission.objects.exists()


def test_the_website_honeypot_counts_too(client, settings, make_session):
    settings.CAS_RATE_LIMIT = "1/h"
    session = make_session(capacity=5)
    form = {
        "session": session.pk,
        "name": "Ola",
        "email": "ola@example.org",
        "birth_year": "1998",
        "terms": "on",
    }
    assert client.post(session.page.url, {**form, "website": "spam"}).status_code == 302
    refused = client.post(session.page.url, {**form, "website": ""})
    assert refused.status_code == 429
    assert "Zbyt wiele prób. Spróbuj ponownie za chwilę." in refused.content.decode()
    assert not Booking.objects.exists()
