"""Every API operation that needs a token refuses every credential that is not its own.

The list of operations comes from the OpenAPI document, so a new operation is covered
the day it is added: it either declares a token (and is probed here with a made-up
bearer, a volunteer's self-service token, revoked and deactivated staff API tokens,
expired and superseded self-service tokens, a partner's personal access token, a revoked one
and a removed member's) or it is named in ``ANONYMOUS`` below with
the reason it is public. An operation in neither fails the suite.
"""

import functools
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import APIToken

from home.models import EmailLink
from tests.factories import make_partner, make_volunteer, partner_token, self_service_token

pytestmark = pytest.mark.django_db

#: Operations anyone may call without a token, and why.
ANONYMOUS = {
    # Published, public pages and the redirects a frontend must follow (Wagtail filters by privacy).
    "GET /api/v3/pages/": "public pages",
    "GET /api/v3/pages/find/": "public pages",
    "GET /api/v3/pages/{page_id}/": "public pages",
    "GET /api/v3/redirects/": "public redirects",
    "GET /api/v3/redirects/find/": "public redirects",
    "GET /api/v3/redirects/{redirect_id}/": "public redirects",
    # Campaign materials for schools; Wagtail hides documents of private collections.
    "GET /api/v3/documents/": "public documents",
    "GET /api/v3/documents/{document_id}/": "public documents",
    # Our public reads (API.md, "Reading").
    "GET /api/v3/settings/": "centre's public contact data",
    "GET /api/v3/districts/": "vocabulary",
    "GET /api/v3/skills/": "vocabulary",
    "GET /api/v3/areas/": "vocabulary",
    "GET /api/v3/organisations/": "partner directory",
    "GET /api/v3/organisations/{slug}/": "partner directory",
    "GET /api/v3/opportunities/": "open opportunities",
    "GET /api/v3/opportunities/{opportunity_id}/": "open opportunities",
    "GET /api/v3/campaigns/": "campaigns",
    "GET /api/v3/campaigns/{campaign_id}/materials/": "campaign materials",
    "GET /api/v3/workshops/": "workshop sessions",
    "GET /api/v3/stories/": "success stories",
    # The meeting place (API.md, "Added in the second round"): rooms, busy times without names,
    # open meetings their groups chose to publicise.
    "GET /api/v3/rooms/": "rooms lent to groups",
    "GET /api/v3/rooms/{room_id}/availability": "busy intervals only, never who",
    "GET /api/v3/meetings/": "open meetings",
    # Public writes (API.md, "Writing"): rate-limited; their tokens travel in the body.
    "POST /api/v3/volunteers/": "sign-up",
    "POST /api/v3/volunteers/confirm": "e-mailed link",
    "POST /api/v3/volunteers/guardian-confirm": "e-mailed link",
    "POST /api/v3/volunteers/access-link": "asks for an e-mailed link",
    "POST /api/v3/school-requests/": "school request",
    "POST /api/v3/bookings/": "workshop booking",
    "POST /api/v3/bookings/cancel": "e-mailed link",
    "POST /api/v3/bookings/confirm": "e-mailed link",
    "POST /api/v3/bookings/guardian-confirm": "e-mailed link",
    "POST /api/v3/ideas/": "idea submission",
    "POST /api/v3/ideas/guardian-confirm": "e-mailed link",
    "POST /api/v3/room-bookings/": "room booking request",
    "POST /api/v3/room-bookings/confirm": "e-mailed link",
    "POST /api/v3/room-bookings/cancel": "e-mailed link",
}

WAGTAIL_SCHEME = "BearerTokenAuth"
SELF_SERVICE_SCHEME = "SelfServiceToken"
PARTNER_SCHEME = "PartnerToken"


@functools.cache
def openapi_document():
    from django.test import Client

    return Client().get("/api/v3/openapi.json").json()


def schema_operations():
    schema = openapi_document()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation.get("security")


def needs_token(security) -> bool:
    return bool(security) and {} not in security


def token_operations():
    return {name: security for name, security in schema_operations() if needs_token(security)}


def concrete_path(path):
    """Any value passes the routing; authentication runs before parameters are read."""
    return re.sub(r"\{[^}]+\}", "1", path)


def send(client, operation, token):
    method, path = operation.split(" ", 1)
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if method in {"POST", "PUT", "PATCH"}:
        kwargs.update(data=json.dumps({}), content_type="application/json")
    return getattr(client, method.lower())(concrete_path(path), **kwargs)


@pytest.fixture
def credentials(django_user_model, client):
    """name → (raw bearer, the scheme it is valid for or None, what a dead own token may answer)."""
    staff = django_user_model.objects.create_superuser("api", "api@example.org", "haslo-testowe-123")
    _token, staff_raw = APIToken.create_token(user=staff, name="frontend")
    revoked, revoked_raw = APIToken.create_token(user=staff, name="old frontend")
    revoked.revoke()
    gone = django_user_model.objects.create_superuser("byla", "byla@example.org", "haslo-testowe-123")
    _token, gone_raw = APIToken.create_token(user=gone, name="frontend")
    gone.is_active = False
    gone.save()

    volunteer = make_volunteer()
    expired_raw = self_service_token(volunteer)
    EmailLink.objects.filter(object_id=volunteer.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    other = make_volunteer()
    superseded_raw = self_service_token(other)
    newer_raw = self_service_token(other)
    assert send(client, "GET /api/v3/volunteers/me", newer_raw).status_code == 200  # the newer one in use

    # The partner API's personal access tokens (volunteers.partners).
    from volunteers.partners import services as partners

    member = make_partner(role="manager")
    partner_raw = partner_token(member)
    revoked_partner_raw = partner_token(member)
    from volunteers.partners.models import PersonalAccessToken
    from volunteers.partners.tokens import hash_token

    partners.revoke_token(PersonalAccessToken.objects.get(token_hash=hash_token(revoked_partner_raw)))
    removed = make_partner(member.organisation, role="member")
    removed_raw = partner_token(removed)
    partners.remove_member(removed)
    return {
        "made-up bearer": ("x" * 43, None),
        "made-up Wagtail-looking bearer": (f"{staff_raw[:12]}{'0' * (len(staff_raw) - 12)}", None),
        "revoked staff API token": (revoked_raw, None),
        "API token of a deactivated user": (gone_raw, None),
        "valid staff API token": (staff_raw, WAGTAIL_SCHEME),
        "volunteer's self-service token": (newer_raw, SELF_SERVICE_SCHEME),
        "expired self-service token": (expired_raw, "dead " + SELF_SERVICE_SCHEME),
        "self-service token superseded by a newer one": (superseded_raw, "dead " + SELF_SERVICE_SCHEME),
        "partner API token": (partner_raw, PARTNER_SCHEME),
        "revoked partner API token": (revoked_partner_raw, None),
        "partner API token of a removed member": (removed_raw, None),
        "made-up partner-looking bearer": (partner_raw[:12] + "0" * (len(partner_raw) - 12), None),
    }, newer_raw


def test_every_operation_is_either_token_only_or_named_anonymous(client):
    operations = dict(schema_operations())
    unknown = {name for name, security in operations.items() if not needs_token(security)} - set(ANONYMOUS)
    assert not unknown, (
        f"public operations nobody decided on (require a token or list them): {sorted(unknown)}"
    )
    stale = {name for name in ANONYMOUS if name not in operations or needs_token(operations[name])}
    assert not stale, f"listed as anonymous but gone or token-only now: {sorted(stale)}"
    tokens = token_operations()
    # The holes of the review, so this guard can never silently test nothing.
    assert "GET /api/v3/images/" in tokens and "GET /api/v3/images/{image_id}/" in tokens
    assert "GET /api/v3/volunteers/me" in tokens and "GET /api/v3/whoami/" in tokens
    assert "GET /api/v3/partner/me" in tokens
    # The applications inbox and youth projects of the partner API (personal data: token only).
    for operation in (
        "GET /api/v3/partner/applications",
        "GET /api/v3/partner/applications/{application_id}",
        "POST /api/v3/partner/applications/{application_id}/status",
        "GET /api/v3/partner/projects",
        "POST /api/v3/partner/projects",
        "GET /api/v3/partner/projects/{project_id}",
        "POST /api/v3/partner/projects/{project_id}/comments",
    ):
        assert operation in tokens, operation
    assert {
        "GET /api/v3/partner/organisation",
        "POST /api/v3/partner/organisation/changes",
        "GET /api/v3/partner/opportunities",
        "POST /api/v3/partner/opportunities",
        "POST /api/v3/partner/opportunities/{opportunity_id}/changes",
        "POST /api/v3/partner/opportunities/{opportunity_id}/close",
        "POST /api/v3/partner/opportunities/{opportunity_id}/duplicate",
        "GET /api/v3/partner/changes",
    } <= set(tokens)


@pytest.mark.parametrize("operation", sorted(token_operations()))
def test_token_operation_refuses_every_foreign_or_dead_credential(operation, client, credentials):
    security = token_operations()[operation]
    schemes = {name for requirement in security for name in requirement}
    table, _valid_self_service = credentials
    probed = 0
    for name, (raw, valid_for) in table.items():
        if valid_for in schemes:
            continue  # a good credential for this operation: not what this test is about
        response = send(client, operation, raw)
        allowed = {401}
        if valid_for == "dead " + SELF_SERVICE_SCHEME and SELF_SERVICE_SCHEME in schemes:
            allowed = {401, 410}  # a known, used-up link says how to get a new one (API.md)
        assert response.status_code in allowed, (name, response.status_code, response.content[:300])
        assert response["Content-Type"] == "application/problem+json", name
        body = response.content.decode()
        assert "download_url" not in body and "@example.org" not in body, name
        probed += 1
    assert probed >= 6


def test_control_the_right_tokens_still_open_their_operations(client, credentials):
    table, self_service = credentials
    staff_raw = table["valid staff API token"][0]
    assert send(client, "GET /api/v3/images/", staff_raw).status_code == 200
    assert send(client, "GET /api/v3/whoami/", staff_raw).status_code == 200
    assert send(client, "GET /api/v3/volunteers/me", self_service).status_code == 200
    partner_raw = table["partner API token"][0]
    assert send(client, "GET /api/v3/partner/me", partner_raw).status_code == 200
    assert send(client, "GET /api/v3/partner/me", staff_raw).status_code == 401  # never a staff token
    assert send(client, "GET /api/v3/partner/applications", partner_raw).status_code == 200
    assert send(client, "GET /api/v3/partner/projects", staff_raw).status_code == 401
    assert send(client, "GET /api/v3/partner/organisation", partner_raw).status_code == 200
    assert send(client, "GET /api/v3/partner/opportunities", self_service).status_code == 401


def test_image_library_refuses_a_made_up_bearer_with_a_polish_problem(client):
    for path in ("/api/v3/images/", "/api/v3/images/1/"):
        response = client.get(path, HTTP_AUTHORIZATION="Bearer x")
        assert response.status_code == 401, response.content[:300]
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == "Wymagane uwierzytelnienie."
