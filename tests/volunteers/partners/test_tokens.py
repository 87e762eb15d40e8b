"""Personal access tokens of the partner API: a member makes one in the portal (shown once, only
its hash stored), revokes it, and ``GET /api/v3/partner/me`` answers for it alone; nothing of the
partner API is mounted while ``CAS_PARTNERS_PUBLIC`` is off."""

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.factories import make_partner, partner_login, partner_token
from volunteers.partners import services
from volunteers.partners.api import public_router
from volunteers.partners.models import PersonalAccessToken
from volunteers.partners.tokens import hash_token

pytestmark = pytest.mark.django_db

ME = "/api/v3/partner/me"


def tokens_url(membership):
    return f"/partnerzy/{membership.organisation_id}/tokeny/"


def me(client, raw):
    return client.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_member_creates_a_token_in_the_portal_and_it_is_shown_once(home_page, client, manager):
    partner_login(client, manager)
    page = client.get(tokens_url(manager))
    assert page.status_code == 200 and "Nie masz jeszcze tokenów." in page.content.decode()
    response = client.post(tokens_url(manager), {"name": "Strona fundacji", "role": "member", "days": "30"})
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    raw = re.search(r'<code class="token-value">(cas_pat_[A-Za-z0-9_-]+)</code>', html).group(1)
    token = PersonalAccessToken.objects.get()
    assert token.token_hash == hash_token(raw) and raw not in {token.hint, token.name}
    assert (token.role, token.membership, (token.expires_at - token.created_at).days) == (
        "member",
        manager,
        30,
    )
    assert raw not in client.get(tokens_url(manager)).content.decode()  # never again

    answer = me(client.__class__(), raw)
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    body = answer.json()
    assert body["member"]["email"] == manager.user.email
    assert body["organisation"] == {
        "id": manager.organisation_id,
        "name": "Fundacja Zielony Sosnowiec",
        "slug": manager.organisation.slug,
    }
    assert body["role"] == "member" and body["token"]["name"] == "Strona fundacji"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_stops_working(home_page, client, manager):
    raw = partner_token(manager)
    assert me(client, raw).status_code == 200
    partner_login(client, manager)
    token = PersonalAccessToken.objects.get()
    response = client.post(f"{tokens_url(manager)}{token.pk}/uniewaznij/")
    assert response.status_code == 302
    answer = me(client.__class__(), raw)
    assert answer.status_code == 401 and answer["Content-Type"] == "application/problem+json"
    assert answer.json()["detail"] == "Wymagane uwierzytelnienie."


def test_dead_and_foreign_credentials_are_refused(home_page, client, manager):
    expired = partner_token(manager)
    PersonalAccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    for raw in (expired, "cas_pat_" + "x" * 43, "x" * 43, "cas_pat_" + "x" * 400, ""):
        assert me(client, raw).status_code == 401, raw
    assert client.get(ME).status_code == 401
    manager.user.is_active = False
    manager.user.save()
    assert me(client, partner_token(manager)).status_code == 401


def test_a_member_cannot_make_a_manager_token_and_a_demoted_manager_s_token_shrinks(
    home_page, client, manager
):
    member = make_partner(manager.organisation, role="member")
    with pytest.raises(services.RoleTooHigh):
        services.create_token(member, name="x", role="manager")
    partner_login(client, member)
    page = client.get(tokens_url(member)).content.decode()
    assert 'value="manager"' not in page
    response = client.post(tokens_url(member), {"name": "x", "role": "manager", "days": "30"})
    assert response.status_code == 422 and not PersonalAccessToken.objects.exists()

    raw = partner_token(manager, role="manager")
    assert me(client, raw).json()["role"] == "manager"
    services.change_role(member, "manager")
    services.change_role(manager, "member")
    assert me(client, raw).json()["role"] == "member"


def test_tokens_of_another_member_cannot_be_revoked(home_page, client, manager):
    other = make_partner(manager.organisation, role="manager")
    raw = partner_token(other)
    partner_login(client, manager)
    token = PersonalAccessToken.objects.get()
    assert client.post(f"{tokens_url(manager)}{token.pk}/uniewaznij/").status_code == 404
    assert me(client, raw).status_code == 200


def test_a_member_holds_at_most_ten_live_tokens(manager):
    for n in range(services.MAX_TOKENS_PER_MEMBER):
        services.create_token(manager, name=f"t{n}")
    with pytest.raises(services.TooManyTokens):
        services.create_token(manager, name="one too many")


def test_using_a_token_does_not_empty_the_public_response_cache(home_page, client, manager):
    from cas_site import response_cache

    raw = partner_token(manager)
    before = response_cache.generation()
    assert me(client, raw).status_code == 200
    assert response_cache.generation() == before


# --- Only while the portal is on ------------------------------------------------------------------


def test_nothing_is_mounted_while_the_portal_is_off():
    with override_settings(CAS_PARTNERS_PUBLIC=False):
        assert public_router().path_operations == {}
    mounted = set(public_router().path_operations)
    assert {
        "partner/me",
        "partner/applications",
        "partner/projects",
        "partner/organisation",
        "partner/opportunities",
    } <= mounted
    assert all(path.startswith("partner/") for path in mounted)


OFF_SWITCH = """
import json
import django
from django.conf import settings
settings.CAS_PARTNERS_PUBLIC = {flag}
django.setup()
from django.test import Client
schema = Client().get("/api/v3/openapi.json").json()
print(json.dumps(sorted(p for p in schema["paths"] if p.startswith("/api/v3/partner/"))))
"""


@pytest.mark.parametrize("flag", [False, True])
def test_the_schema_shows_the_partner_api_only_when_the_flag_is_on(flag):
    """The real URLconf in a fresh process (routers are mounted once, at start-up)."""
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cas_site.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", OFF_SWITCH.format(flag=flag)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    paths = json.loads(result.stdout.strip().splitlines()[-1])
    if flag:
        assert {
            "/api/v3/partner/me",
            "/api/v3/partner/applications",
            "/api/v3/partner/projects",
            "/api/v3/partner/organisation",
            "/api/v3/partner/changes",
        } <= set(paths)
    else:
        assert paths == []


def test_the_operation_is_documented_with_its_token(client):
    schema = client.get("/api/v3/openapi.json").json()
    operation = schema["paths"]["/api/v3/partner/me"]["get"]
    assert operation["security"] == [{"PartnerToken": []}]
    assert schema["components"]["securitySchemes"]["PartnerToken"] == {"type": "http", "scheme": "bearer"}
